"""The "about the data" page: licence, maintainer, last change, citation, and a field guide
generated from the definitions the exports and the API are written from."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from partners.models import DataLicence, Partnership
from partners.pages import PartnershipDatabasePage
from tests.helpers import DATABASE, LANGUAGES, OTHER, get_soup, text

ABOUT = {"sv": DATABASE["sv"] + "om-datan/", "en": DATABASE["en"] + "about-the-data/"}
HEADINGS = {"sv": "Om datan", "en": "About the data"}


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def record_paths(value, prefix=""):
    """Every path of the field guide's notation in a JSON value: a.b, a[].b."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from record_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from record_paths(item, f"{prefix}[]")


def guide(page, table_id):
    """{field name: (meaning, allowed values)} from one table of the field guide."""
    rows = page.select(f"#{table_id} tbody tr")
    return {text(row.th): (text(row.select("td")[0]), text(row.select("td")[1])) for row in rows}


def publish_licence(licence):
    page = PartnershipDatabasePage.objects.get()
    page.data_licence = licence
    page.save_revision().publish()


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_page_in_both_languages(client, data, language):
    page = get_soup(client, ABOUT[language])
    assert text(page.h1) == HEADINGS[language]
    assert page.find("html")["lang"] == language
    licence = page.select_one('a[rel="license"]')
    assert licence["href"] == DataLicence.CC_BY.url
    maintainer = {"sv": "Programmet Kommunalt Partnerskap vid ICLD", "en": "The Municipal"}
    assert maintainer[language] in text(page.select_one("#maintenance-heading").parent)
    switch = {a["hreflang"]: a["href"] for a in page.select("a[hreflang]")}
    assert switch[OTHER[language]] == ABOUT[OTHER[language]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_database_page_links_the_about_page(client, data, language):
    page = get_soup(client, DATABASE[language])
    assert page.select_one(".about-data-link a")["href"] == ABOUT[language]


def test_last_change_and_citation_come_from_the_data(client, data):
    changed = timezone.make_aware(datetime.datetime(2026, 3, 15, 12))
    Partnership.objects.update(updated_at=changed - datetime.timedelta(days=30))
    Partnership.objects.filter(pk=data["malmo_kisumu"].pk).update(updated_at=changed)
    swedish = text(get_soup(client, ABOUT["sv"]))
    assert "Datan ändrades senast 15 mars 2026." in swedish
    assert "(version från 2026-03-15)" in swedish
    assert "Licens: CC-BY-4.0." in swedish
    english = text(get_soup(client, ABOUT["en"]))
    assert "The data was last changed on 15 March 2026." in english
    citation = text(get_soup(client, ABOUT["en"]).select_one(".citation"))
    assert citation == (
        "The Municipal Partnership programme at ICLD. Partnership database (version of "
        "2026-03-15). http://testserver/en/municipal-partnership/database/. Licence: CC-BY-4.0."
    )


def test_every_export_column_is_documented(client, data):
    response = client.get(DATABASE["sv"] + "export/csv/")
    header = next(csv.reader(io.StringIO(body(response).decode().removeprefix("\ufeff"))))
    for language in LANGUAGES:
        columns = guide(get_soup(client, ABOUT[language]), "export-columns")
        assert list(columns) == header
        assert all(meaning for meaning, _allowed in columns.values())
    columns = guide(get_soup(client, ABOUT["en"]), "export-columns")
    assert "active (Active)" in columns["status"][1]
    assert "africa (Africa)" in columns["region"][1]


def test_every_api_and_json_field_is_documented(client, data):
    records = client.get("/sv/api/v1/partnerships/").json()["results"]
    paths = set(record_paths(records))
    paths = {path.removeprefix("[].") for path in paths if path != "[]"}
    assert "contacts[].email" in paths and "country.name.sv" in paths
    for language in LANGUAGES:
        fields = guide(get_soup(client, ABOUT[language]), "record-fields")
        assert set(fields) == paths
        assert all(meaning for meaning, _allowed in fields.values())


def test_licence_is_in_the_exports_and_the_api(client, data):
    publish_licence(DataLicence.CC0)
    url = DataLicence.CC0.url
    about = get_soup(client, ABOUT["en"])
    assert about.select_one('a[rel="license"]')["href"] == url
    export = json.loads(body(client.get(DATABASE["sv"] + "export/json/")))
    assert export["licence"] == {"id": "CC0-1.0", "url": url}
    xlsx = client.get(DATABASE["sv"] + "export/xlsx/")
    properties = load_workbook(io.BytesIO(body(xlsx))).properties
    assert url in properties.description and properties.keywords == "CC0-1.0"
    api = client.get("/sv/api/v1/partnerships/")
    detail = client.get(f"/sv/api/v1/partnerships/{data['malmo_kisumu'].pk}/")
    for response in (xlsx, api, detail, client.get(DATABASE["sv"] + "export/csv/")):
        assert response["Link"] == f'<{url}>; rel="license"'
    assert set(api.json()) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_names_objects_and_lists_as_what_they_are(client, data, language):
    fields = guide(get_soup(client, ABOUT[language]), "record-fields")
    any_text = {"sv": "valfri text", "en": "any text"}[language]
    for path in ("country", "swedish_organisations", "contacts"):
        assert fields[path][1] != any_text, path
    assert fields["title.sv"][1] == any_text
