import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from partners.exports import CSV_COLUMNS
from tests.partners_public.conftest import DATABASE_URL

URL = DATABASE_URL["sv"]
API = "/sv/api/v1/partnerships/"
SEARCHES = [{}, {"q": "Malmö"}, {"country": "KE"}, {"area": "dialogue", "sort": "start"}]


def screen_slugs(client, params):
    soup = BeautifulSoup(client.get(URL, params).content, "html.parser")
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".partnership-list h3 a")]


def streamed(response):
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client, params):
    response = client.get(URL + "export/csv/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="partnerships-')
    assert response.streaming
    text = streamed(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("params", SEARCHES)
def test_csv_export_matches_the_screen(client, data, params):
    rows = csv_rows(client, params)
    assert [row["slug"] for row in rows] == screen_slugs(client, params)


def test_csv_columns_and_values(client, data):
    rows = csv_rows(client, {"q": "Chisinau jämställd"})
    assert list(rows[0]) == CSV_COLUMNS
    row = rows[0]
    partnership = data["borlange_chisinau"]
    assert row["id"] == str(partnership.pk)
    assert row["title_sv"] == "Jämställd service"
    assert row["title_en"] == "Gender-equal services"
    assert row["country_code"] == "MD"
    assert (row["country_name_sv"], row["country_name_en"]) == ("Moldavien", "Moldova")
    assert row["swedish_organisations"] == "Borlänge kommun"
    assert (
        row["thematic_areas"] == "equality; dialogue"
        or row["thematic_areas"] == "dialogue; equality"
    )
    assert row["contacts"] == "Anna Andersson <anna@borlange.se>"
    assert row["url"] == f"http://testserver{URL}{partnership.slug}/"


def json_export(client, params):
    response = client.get(URL + "export/json/", params)
    assert response.status_code == 200
    assert response.streaming
    return json.loads(streamed(response))


@pytest.mark.parametrize("params", SEARCHES)
def test_json_export_matches_the_screen(client, data, params):
    export = json_export(client, params)
    slugs = screen_slugs(client, params)
    assert [item["slug"] for item in export["results"]] == slugs
    assert export["count"] == len(slugs)


@pytest.mark.parametrize("params", SEARCHES)
def test_api_matches_the_screen(client, data, params):
    response = client.get(API, params)
    assert response.status_code == 200
    body = response.json()
    assert [item["slug"] for item in body["results"]] == screen_slugs(client, params)
    assert body["count"] == len(body["results"])
    assert body["next"] is None and body["previous"] is None


def test_api_record(client, data):
    body = client.get(API, {"q": "klimatanpassning"}).json()
    (item,) = body["results"]
    partnership = data["malmo_kisumu"]
    assert item["id"] == partnership.pk
    assert item["title"] == {
        "sv": "Samarbeten om klimatanpassning",
        "en": "Cooperation on climate adaptation",
    }
    assert item["country"] == {
        "code": "KE",
        "name": {"sv": "Kenya", "en": "Kenya"},
        "region": "africa",
    }
    assert item["swedish_organisations"] == [
        {"slug": "malmo-stad", "name": "Malmö stad", "type": "municipality", "county": "M"}
    ]
    assert item["partner_organisations"][0]["country"] == "KE"
    assert item["thematic_areas"] == [
        {"slug": "climate", "name": {"sv": "Miljö och klimat", "en": "Environment and climate"}}
    ]
    assert (item["status"], item["phase"], item["start_year"], item["end_year"]) == (
        "active",
        "project",
        2021,
        2023,
    )
    assert item["url"] == f"http://testserver{URL}{partnership.slug}/"
    english = client.get("/en/api/v1/partnerships/", {"q": "klimatanpassning"}).json()
    assert english["results"][0]["url"].endswith(
        f"/en/municipal-partnership/database/{partnership.slug}/"
    )
    detail = client.get(f"{API}{partnership.pk}/").json()
    assert detail == item


def test_api_pagination(client, data):
    from tests.partners_public.conftest import make_partnership, partner, swedish

    country = data["countries"]["KE"]
    org, other = swedish("Pagineringskommun"), partner("Nairobi", country)
    for year in range(1995, 2020):
        make_partnership([org], [other], country, start_year=year)
    first = client.get(API, {"country": "KE"}).json()
    assert first["count"] == 27 and len(first["results"]) == 20
    assert first["next"] == "http://testserver/sv/api/v1/partnerships/?country=KE&page=2"
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 7 and second["next"] is None
    assert second["previous"] == "http://testserver/sv/api/v1/partnerships/?country=KE"
    assert client.get(API, {"country": "KE", "page": 3}).status_code == 404
    assert client.get(API, {"page": "x"}).status_code == 400


@pytest.mark.parametrize(
    "params", [{"country": "ZZ"}, {"area": "nope"}, {"sort": "x"}, {"status": "\x00x"}]
)
def test_api_rejects_unknown_values(client, data, params):
    response = client.get(API, params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


def test_api_survives_odd_input(client, data):
    for query in ["%00", "a" * 10_000, "🙂", '"', "%ED%A0%80"]:
        assert client.get(API + "?q=" + query).status_code == 200
    assert client.get(API + "999999/").status_code == 404
    assert client.post(API).status_code == 405


def test_exports_survive_odd_input(client, data):
    for suffix in ["export/csv/", "export/json/"]:
        response = client.get(URL + suffix + "?q=%00&country=ZZ&page=abc")
        assert response.status_code == 200
        streamed(response)


def test_unpublished_contacts_never_in_exports_or_api(client, data):
    outputs = [
        streamed(client.get(URL + "export/csv/")),
        streamed(client.get(URL + "export/json/")),
        client.get(API).content.decode(),
        client.get(f"{API}{data['borlange_chisinau'].pk}/").content.decode(),
    ]
    for output in outputs:
        assert "anna@borlange.se" in output
        assert "Hemlig" not in output and "hemlig@borlange.se" not in output
