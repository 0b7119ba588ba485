import csv
import io

import pytest
from django.http import QueryDict

from partners.database.facets import PartnershipSearch
from partners.models import Country, County, OrganisationType, Partnership, Status
from tests.factories import (
    ContactPersonFactory,
    CountryFactory,
    PartnerOrganisationFactory,
    PartnershipFactory,
    SwedishOrganisationFactory,
    ThematicAreaFactory,
)
from tests.helpers import partnership_form_data, soup, text

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/partners/partnership/"


def exported_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_editor_sees_the_partnership_database_menu(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "Partnerskapsdatabas" in html or "Partnership database" in html
    assert "/admin/partners/import/" in html


@pytest.fixture
def three_partnerships(db):
    """The only partnerships in the database (the demo's are removed inside the test)."""
    Partnership.objects.all().delete()
    kenya, moldova = CountryFactory(code="KE"), CountryFactory(code="MD")
    climate, equality = ThematicAreaFactory(), ThematicAreaFactory()
    kisumu = PartnerOrganisationFactory(name="Kisumu County", country=kenya)
    chisinau = PartnerOrganisationFactory(name="Chisinau", country=moldova)
    malmo = SwedishOrganisationFactory(name="Malmö stad", county=County.SKANE)
    borlange = SwedishOrganisationFactory(name="Borlänge kommun", county=County.DALARNA)
    dalarna = SwedishOrganisationFactory(
        name="Region Dalarna", county=County.DALARNA, organisation_type=OrganisationType.REGION
    )
    return {
        "kenya": kenya,
        "climate": climate,
        "climate_kisumu": PartnershipFactory(
            title_sv="Klimat i Kisumu",
            country=kenya,
            swedish_organisations=[malmo],
            partner_organisations=[kisumu],
            thematic_areas=[climate],
        ),
        "equal_services": PartnershipFactory(
            title_sv="Jämställd service",
            country=moldova,
            status=Status.FINISHED,
            swedish_organisations=[borlange],
            partner_organisations=[chisinau],
            thematic_areas=[equality],
        ),
        "budgeting": PartnershipFactory(
            title_sv="Medborgarbudget",
            country=kenya,
            status=Status.FINISHED,
            swedish_organisations=[dalarna],
            partner_organisations=[kisumu],
            thematic_areas=[equality],
        ),
    }


def listed_titles(response):
    assert response.status_code == 200
    return {cell.a.get_text(strip=True) for cell in soup(response).select("tbody td.title")}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"climate_kisumu", "equal_services", "budgeting"}),
        ({"status": "finished"}, {"equal_services", "budgeting"}),
        ({"country": "kenya"}, {"climate_kisumu", "budgeting"}),
        ({"area": "climate"}, {"climate_kisumu"}),
        ({"type": "region"}, {"budgeting"}),
        ({"county": "W"}, {"equal_services", "budgeting"}),
        (
            {"county": "W", "status": "finished", "type": "municipality"},
            {"equal_services"},
        ),
        ({"q": "Malm"}, {"climate_kisumu"}),
        ({"q": "Kisumu", "status": "finished"}, {"budgeting"}),
    ],
)
def test_editor_lists_and_filters_partnerships(editor_client, three_partnerships, query, expected):
    # Filters that choose an object name it by its key in `three_partnerships`; the
    # parameters take a country's code and a thematic area's slug, as on the public page.
    key_field = {"country": "code", "area": "slug"}
    params = {
        name: getattr(three_partnerships[value], key_field[name])
        if value in three_partnerships
        else value
        for name, value in query.items()
    }
    titles = listed_titles(editor_client.get(LIST, params))
    assert titles == {three_partnerships[key].title_sv for key in expected}


def test_the_admin_filters_with_the_public_database_parameters(editor_client):
    query = "area=miljo-och-klimat&type=municipality&region=africa"
    rows = exported_rows(editor_client.get(f"{LIST}?{query}&export=csv"))[1:]
    public = PartnershipSearch(QueryDict(query)).queryset()
    assert rows
    assert sorted(r[0] for r in rows) == sorted(public.values_list("title_sv", flat=True))


def test_listing_ignores_unknown_filter_values(editor_client, three_partnerships):
    titles = listed_titles(editor_client.get(LIST, {"status": "nonsense", "county": "QQ"}))
    assert titles == {
        three_partnerships[key].title_sv
        for key in ("climate_kisumu", "equal_services", "budgeting")
    }


def test_filters_narrow_the_list_and_export_matches(editor_client):
    response = editor_client.get(LIST + "?status=finished&county=W")
    expected = set(Partnership.objects.finished().in_county("W").values_list("title_sv", flat=True))
    assert expected
    rows = exported_rows(editor_client.get(LIST + "?status=finished&county=W&export=csv"))
    header, body = rows[0], rows[1:]
    titles = {r[0] for r in body}
    assert titles == expected
    assert len(body) == Partnership.objects.finished().in_county("W").count()
    html = response.content.decode()
    for title in expected:
        assert title in html
    assert len(header) == 11


def test_export_follows_the_search(editor_client):
    rows = exported_rows(editor_client.get(LIST + "?q=Kisumu&export=csv"))[1:]
    assert rows
    assert all("Kisumu" in ",".join(r) for r in rows)


def test_editor_edits_a_partnership_and_history_is_kept(editor_client):
    partnership = Partnership.objects.active().first()
    edit = f"{LIST}edit/{partnership.pk}/"
    assert editor_client.get(edit).status_code == 200
    data = partnership_form_data(
        partnership,
        title_sv="Ändrad titel",
        title_en="Changed title",
        status=Status.ACTIVE,
        end_year="",
        contacts=[],
    )
    response = editor_client.post(edit, data)
    assert response.status_code == 302, response.content[:2000]
    partnership.refresh_from_db()
    assert partnership.title_sv == "Ändrad titel"
    assert partnership.revisions.count() == 1
    history = editor_client.get(f"{LIST}history/{partnership.pk}/")
    assert history.status_code == 200


def test_admin_form_requires_both_sides_for_active(editor_client):
    partnership = Partnership.objects.active().first()
    response = editor_client.post(
        f"{LIST}edit/{partnership.pk}/",
        {
            "title_sv": "X",
            "slug": partnership.slug,
            "country": partnership.country_id,
            "status": Status.ACTIVE,
            "phase": "project",
            "start_year": 2020,
            "end_year": "2019",
        },
    )
    assert response.status_code == 200
    errors = text(response)
    assert "Swedish organisation" in errors or "svensk organisation" in errors
    partnership.refresh_from_db()
    assert partnership.title_sv != "X"


def test_editor_cannot_reach_users_groups_or_settings(editor_client):
    for url in ("/admin/users/", "/admin/groups/", "/admin/sites/"):
        response = editor_client.get(url)
        assert response.status_code in (302, 403), url


@pytest.mark.parametrize(
    ("model", "make", "fields"),
    [
        (
            "organisation",
            lambda: SwedishOrganisationFactory(name="Sökbar kommun"),
            ["name", "organisation_type", "county", "country"],
        ),
        (
            "contactperson",
            lambda: ContactPersonFactory(name="Sökbar Person"),
            ["name", "role_sv", "role_en", "organisation", "is_published", "consent_date"],
        ),
        (
            "thematicarea",
            lambda: ThematicAreaFactory(name_sv="Sökbart område", name_en="Searchable area"),
            ["name_sv", "name_en", "slug"],
        ),
        ("country", lambda: Country.objects.get(code="KE"), ["code", "name_sv", "name_en"]),
    ],
)
def test_editor_manages_other_partnership_data(editor_client, model, make, fields):
    """Each listing finds the record by its name, and its forms edit the model's fields."""
    record = make()
    listing = f"/admin/snippets/partners/{model}/"
    name = record.name
    found = listed_titles(editor_client.get(listing, {"q": name}))
    assert any(title.startswith(name) for title in found), found
    for form_url in (f"{listing}add/", f"{listing}edit/{record.pk}/"):
        page = soup(editor_client.get(form_url))
        named = {field["name"] for field in page.select("form [name]")}
        assert set(fields) <= named, form_url
    edit = soup(editor_client.get(f"{listing}edit/{record.pk}/"))
    assert edit.select_one(f"[name={fields[0]}]")["value"] == getattr(record, fields[0])
