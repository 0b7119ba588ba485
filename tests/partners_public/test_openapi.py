"""The API's OpenAPI schema, at a stable URL, checked against the API's real answers with a
small JSON Schema validator (the subset the schema uses)."""

import datetime
import json

import pytest

from partners.database.openapi import EXAMPLE_QUERY
from partners.models import Country, DataLicence, Status
from tests.helpers import LANGUAGES, get_soup, text

SCHEMA = {"sv": "/sv/api/v1/openapi.json", "en": "/en/api/v1/openapi.json"}
API = "/sv/api/v1/partnerships/"
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "null": type(None),
}
FORMATS = {
    "uri": lambda value: value.startswith(("http://", "https://")),
    "date": datetime.date.fromisoformat,
    "date-time": datetime.datetime.fromisoformat,
}


def problems(value, schema, document, where="$"):
    """Every way `value` breaks `schema` (refs resolved in `document`), as messages."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return problems(value, document["components"]["schemas"][name], document, where)
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else types
    if types and not any(
        isinstance(value, TYPES[kind]) and not (kind == "integer" and isinstance(value, bool))
        for kind in types
    ):
        return [f"{where}: {value!r} is not {types}"]
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        found.append(f"{where}: {value} < {schema['minimum']}")
    if isinstance(value, str) and "format" in schema:
        try:
            assert FORMATS[schema["format"]](value) is not False
        except (AssertionError, ValueError):
            found.append(f"{where}: {value!r} is not a {schema['format']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [
            f"{where}: {key} missing" for key in schema.get("required", ()) if key not in value
        ]
        for key, item in value.items():
            if key in properties:
                found += problems(item, properties[key], document, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: {key} is not in the schema")
            elif isinstance(schema.get("additionalProperties"), dict):
                found += problems(item, schema["additionalProperties"], document, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], document, f"{where}[{index}]")
    return found


def response_schema(document, path, status):
    operation = document["paths"][path]["get"]
    return operation["responses"][str(status)]["content"]["application/json"]["schema"]


@pytest.fixture
def document(client, db):
    response = client.get(SCHEMA["sv"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def check(document, path, response):
    schema = response_schema(document, path, response.status_code)
    assert problems(response.json(), schema, document) == []


@pytest.mark.parametrize(
    "params", [{}, {"q": "Malmö"}, {"country": "KE", "sort": "name"}, {"status": "finished"}]
)
def test_list_answers_match_the_schema(client, data, document, params):
    response = client.get(API, params)
    assert response.status_code == 200
    check(document, "/partnerships/", response)


def test_every_answer_matches_the_schema(client, many_in_kenya, document):
    first = client.get(API, {"country": "KE"})
    assert first.json()["next"]
    check(document, "/partnerships/", first)
    check(document, "/partnerships/", client.get(first.json()["next"]))
    check(document, "/partnerships/", client.get(API, {"status": "nonsense"}))
    check(document, "/partnerships/", client.get(API, {"page": 99}))
    pk = first.json()["results"][0]["id"]
    detail = client.get(f"{API}{pk}/")
    check(document, "/partnerships/{id}/", detail)
    missing = client.get(f"{API}999999999/")
    assert missing.status_code == 404
    check(document, "/partnerships/{id}/", missing)


def test_the_validator_catches_a_record_that_drifts(client, data, document):
    record = client.get(API).json()["results"][0]
    schema = {"$ref": "#/components/schemas/Partnership"}
    assert problems(record, schema, document) == []
    assert problems({**record, "extra": 1}, schema, document) == ["$: extra is not in the schema"]
    del record["status"]
    record["country"]["region"] = "mars"
    assert len(problems(record, schema, document)) == 2


def test_parameters_are_the_filters(client, db, document):
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/partnerships/"]["get"]["parameters"]
    }
    assert list(parameters) == [
        "q",
        "country",
        "region",
        "area",
        "status",
        "county",
        "type",
        "sort",
        "page",
    ]
    assert parameters["status"]["schema"]["enum"] == list(Status.values)
    assert parameters["sort"]["schema"]["enum"] == ["-start", "start", "name", "country"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_schema_in_each_language_with_the_licence(client, db, language):
    document = client.get(SCHEMA[language]).json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": f"http://testserver/{language}/api/v1"}]
    assert document["info"]["license"] == {"name": "CC-BY-4.0", "url": DataLicence.CC_BY.url}
    title = {"sv": "Partnerskapsdatabasens API", "en": "Partnership database API"}
    assert document["info"]["title"] == title[language]


ABOUT_API = {
    "sv": "/sv/kommunalt-partnerskap/databas/om-datan/api/",
    "en": "/en/municipal-partnership/database/about-the-data/api/",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_human_readable_page_is_linked_from_about_the_data(client, data, language):
    about = get_soup(client, ABOUT_API[language].removesuffix("api/"))
    links = [a["href"] for a in about.select("#download-heading ~ ul a")]
    assert ABOUT_API[language] in links and SCHEMA[language] in links
    page = get_soup(client, ABOUT_API[language])
    document = client.get(SCHEMA[language]).json()
    assert text(page.h1) == document["info"]["title"]
    assert page.select_one(f'a[href="{SCHEMA[language]}"]')
    names = [text(row.th) for row in page.select("#listPartnerships ~ div tbody tr")]
    assert names == [p["name"] for p in document["paths"]["/partnerships/"]["get"]["parameters"]]
    assert f"GET http://testserver/{language}/api/v1/partnerships/" in text(page)


def test_codes_are_listed_as_the_filters_read_them(client, data, document):
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/partnerships/"]["get"]["parameters"]
    }
    codes = sorted(Country.objects.values_list("code", flat=True))
    assert parameters["country"]["schema"]["enum"] == codes
    assert "climate" in parameters["area"]["schema"]["enum"]
    # A country's name is not a code: refused, as the schema says.
    assert client.get(API, {"country": "Kenya"}).status_code == 400


def test_every_documented_parameter_example_answers(client, data, document):
    for parameter in document["paths"]["/partnerships/"]["get"]["parameters"]:
        response = client.get(API, {parameter["name"]: parameter["example"]})
        assert response.status_code == 200, parameter["name"]
        check(document, "/partnerships/", response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_example_is_the_apis_real_answer(client, data, language):
    page = get_soup(client, ABOUT_API[language])
    request = text(page.select_one(".example-request")).removeprefix("GET ")
    shown = json.loads(page.select_one(".example-answer").get_text())

    answer = client.get(request).json()

    assert answer["count"] == shown["count"] > 0
    assert answer["results"][:1] == shown["results"]
    assert f"{shown['count']} " in text(page.select_one("#example-heading ~ p:not(:has(code))"))
    allowed = {text(row.th): text(row.select("td")[1]) for row in page.select("tbody tr")}
    assert "KE" in allowed["country"] and "MD" in allowed["country"]


def test_the_api_page_leaves_out_an_example_it_cannot_run(client, data, monkeypatch):
    # A database without the example's country.
    monkeypatch.setitem(EXAMPLE_QUERY, "country", "QQ")

    page = get_soup(client, ABOUT_API["en"])

    assert page.select_one(".example-request") is None
    assert page.select_one("#listPartnerships")
