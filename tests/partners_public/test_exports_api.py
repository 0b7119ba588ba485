import csv
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partners.database import exports
from partners.database.exports import CSV_COLUMNS, partnership_records
from partners.models import Partnership
from tests.helpers import DATABASE, soup

URL = DATABASE["sv"]
API = "/sv/api/v1/partnerships/"
SEARCHES = [{}, {"q": "Malmö"}, {"country": "KE"}, {"area": "dialogue", "sort": "start"}]


def screen_slugs(client, params):
    links = soup(client.get(URL, params)).select(".partnership-list h3 a")
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in links]


def streamed(response):
    """The body of an export, streamed or not."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8")


def csv_rows(client, params):
    response = client.get(URL + "export/csv/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="partnerships-')
    assert not response.streaming  # small: one response the page cache can keep
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
    assert not response.streaming  # small: one response the page cache can keep
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


def test_api_pagination(client, many_in_kenya):
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


def record_from_models(partnership, url_prefix):
    """What a record says, read from model instances loaded with_related()."""
    country = partnership.country
    return {
        "id": partnership.pk,
        "slug": partnership.slug,
        "url": f"{url_prefix}{partnership.slug}/",
        "title": {"sv": partnership.title_sv or "", "en": partnership.title_en or ""},
        "description": {
            "sv": partnership.description_sv or "",
            "en": partnership.description_en or "",
        },
        "country": {
            "code": country.code,
            "name": {"sv": country.name_sv or "", "en": country.name_en or ""},
            "region": country.region,
        },
        "swedish_organisations": [
            {"slug": o.slug, "name": o.name, "type": o.organisation_type, "county": o.county}
            for o in partnership.swedish_organisations.all()
        ],
        "partner_organisations": [
            {
                "slug": o.slug,
                "name": o.name,
                "type": o.organisation_type,
                "country": o.country.code if o.country else None,
            }
            for o in partnership.partner_organisations.all()
        ],
        "thematic_areas": [
            {"slug": a.slug, "name": {"sv": a.name_sv or "", "en": a.name_en or ""}}
            for a in partnership.thematic_areas.all()
        ],
        "phase": partnership.phase,
        "status": partnership.status,
        "start_year": partnership.start_year,
        "end_year": partnership.end_year,
        "contacts": [
            {
                "name": c.name,
                "role": {"sv": c.role_sv or "", "en": c.role_en or ""},
                "organisation": c.organisation.name,
                "email": c.email,
                "phone": c.phone,
                "last_verified": c.last_verified.isoformat() if c.last_verified else None,
            }
            for c in partnership.public_contacts
        ],
        "wanted_countries": sorted(c.code for c in partnership.wanted_countries.all()),
        "seeking_until": (
            partnership.seeking_until.isoformat() if partnership.seeking_until else None
        ),
        "updated_at": partnership.updated_at.isoformat(),
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_records_say_what_the_models_say(data, language):
    # Thematic areas are listed by name in the language shown: the order differs by language.
    prefix = "https://example.org/partnerships/"
    with translation.override(language):
        partnerships = Partnership.objects.order_by("-start_year", "pk")
        expected = [record_from_models(p, prefix) for p in partnerships.with_related()]
        records = partnership_records(partnerships, lambda slug: f"{prefix}{slug}/")
        assert list(records) == expected
    areas = {r["slug"]: r["thematic_areas"] for r in expected}
    assert [a["slug"] for a in areas[data["borlange_chisinau"].slug]] == (
        ["equality", "dialogue"] if language == "sv" else ["dialogue", "equality"]
    )


@pytest.mark.parametrize("suffix", ["export/csv/", "export/json/"])
def test_a_small_export_is_served_from_the_page_cache(client, data, page_cache_on, suffix):
    first = client.get(URL + suffix, {"country": "KE"})
    second = client.get(URL + suffix, {"country": "KE"})
    assert not first.streaming
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]


@pytest.mark.parametrize("suffix", ["export/csv/", "export/json/"])
def test_an_export_above_the_bound_streams_the_same_bytes(
    client, data, page_cache_on, monkeypatch, suffix
):
    whole = client.get(URL + suffix)
    assert not whole.streaming
    cache.clear()
    monkeypatch.setattr(exports, "CACHEABLE_EXPORT_ROWS", 4)  # the data has five
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    response = client.get(URL + suffix)
    assert response.streaming
    assert "X-Page-Cache" not in response
    assert response["Content-Disposition"] == whole["Content-Disposition"]
    assert streamed(response) == streamed(whole)
    assert client.get(URL + suffix).streaming  # never cached


def export_queries(client, url):
    streamed(client.get(url))  # warm caches (site root paths) the way a running site has them
    with CaptureQueriesContext(connection) as queries:
        streamed(client.get(url))
    return len(queries)


@pytest.mark.parametrize("suffix", ["export/csv/", "export/json/"])
def test_an_export_costs_five_queries_per_chunk(client, data, monkeypatch, suffix):
    one_chunk = export_queries(client, URL + suffix)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    three_chunks = export_queries(client, URL + suffix)  # five partnerships
    assert three_chunks == one_chunk + 2 * 5


@pytest.mark.parametrize(
    ("language", "missing", "invalid"),
    [
        ("sv", "Partnerskapet finns inte.", "Ogiltiga parametrar."),
        ("en", "No such partnership.", "Invalid parameters."),
    ],
)
def test_api_errors_speak_the_language_of_the_url(client, data, language, missing, invalid):
    base = f"/{language}/api/v1/partnerships/"
    response = client.get(f"{base}99999999/")
    assert response.status_code == 404
    assert response.json()["detail"] == missing
    response = client.get(base, {"status": "nonsense"})
    assert response.status_code == 400
    assert response.json()["detail"] == invalid
