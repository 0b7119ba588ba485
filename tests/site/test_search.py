import pytest

from tests.helpers import soup

pytestmark = pytest.mark.django_db


def groups(response):
    html = soup(response)
    return {
        section.h2["id"].removeprefix("results-"): [
            a.get_text(strip=True) for a in section.select("li a")
        ]
        for section in html.select(".search-group")
    }


def test_header_search_form_is_labelled_and_points_to_the_search_page(client):
    html = soup(client.get("/en/"))
    form = html.select_one("header form[role=search]")
    assert form["action"] == "/en/search/"
    assert html.find("label", attrs={"for": "header-search-q"}).get_text(strip=True)
    html = soup(client.get("/sv/"))
    assert html.select_one("header form[role=search]")["action"] == "/sv/sok/"


def test_results_are_grouped_by_kind(client):
    response = client.get("/sv/sok/", {"q": "Almedalen"})
    assert response.status_code == 200
    found = groups(response)
    assert set(found) == {"pages", "news", "partnerships"}
    assert any("Almedalsvecka" in title for title in found["news"])


def test_search_in_english_finds_english_pages(client):
    found = groups(client.get("/en/search/", {"q": "guidelines"}))
    assert "Guidelines and history" in found["pages"]


def test_partnerships_are_found_by_municipality(client):
    from partners.models import Organisation

    name = Organisation.objects.swedish().with_active_partnerships().first().name
    found = groups(client.get("/sv/sok/", {"q": name}))
    assert found["partnerships"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 10_000},
        {"q": "a\x00b"},
        {"q": "<script>alert(1)</script>"},
        {"q": ["kommun", "region"]},
        {"q": "'\"%_\\"},
        {"q": "😀 ünïcödé"},
    ],
)
def test_odd_queries_never_fail(client, params):
    response = client.get("/sv/sok/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_overlong_query_is_shortened_with_a_notice(client):
    response = client.get("/en/search/", {"q": "kommun " * 100})
    assert "shortened to its first 200 characters" in response.content.decode()
