"""Each list of the database says what it counts (partners.database.summary), in both
languages: the partnerships found, the countries of the map's table, the numbers beside the
filters, and the Swedish organisations of a search."""

import pytest
from django.utils import translation

from partners.database.facets import PartnershipSearch
from tests.helpers import DATABASE, get_soup, text

ORGANISATIONS = {
    "sv": DATABASE["sv"] + "organisationer/",
    "en": DATABASE["en"] + "organisations/",
}


@pytest.mark.parametrize(
    "params, swedish, english",
    [
        ({}, "5 partnerskap", "5 partnerships"),
        ({"status": "active"}, "3 aktiva partnerskap", "3 active partnerships"),
        (
            {"country": "KE", "status": "active"},
            "1 aktivt partnerskap i Kenya",
            "1 active partnership in Kenya",
        ),
        (
            {"country": "KE", "status": "finished"},
            "1 avslutat partnerskap i Kenya",
            "1 finished partnership in Kenya",
        ),
        (
            {"status": "seeking-partner"},
            "1 partnerskap som söker partner",
            "1 partnership seeking a partner",
        ),
        (
            {"region": "africa", "status": "active"},
            "1 aktivt partnerskap i Afrika",
            "1 active partnership in Africa",
        ),
        (
            {"status": "active", "area": "climate"},
            "2 aktiva partnerskap som matchar sökningen",
            "2 active partnerships matching the search",
        ),
        (
            {"q": "Malmö", "country": "KE"},
            "1 partnerskap i Kenya som matchar sökningen",
            "1 partnership in Kenya matching the search",
        ),
    ],
)
def test_the_result_count_says_what_it_counts(client, data, params, swedish, english):
    for language, expected in (("sv", swedish), ("en", english)):
        html = get_soup(client, DATABASE[language], params)
        status = html.select_one("[role=status]")
        assert text(status) == expected
        assert status["data-result-count"] == expected.split()[0]
        assert len(html.select(".partnership-list > li")) == int(expected.split()[0])


@pytest.mark.parametrize(
    "params, swedish, english",
    [
        (
            {},
            "Siffrorna inom parentes räknar partnerskap med alla statusar: aktiva, avslutade "
            "och sådana som söker partner.",
            "The numbers in brackets count partnerships of every status: active, finished "
            "and seeking a partner.",
        ),
        (
            {"status": "active", "country": "KE"},
            "Siffrorna inom parentes räknar bara aktiva partnerskap (utom under Status).",
            "The numbers in brackets count only active partnerships (except under Status).",
        ),
    ],
)
def test_the_facets_say_what_they_count(client, data, params, swedish, english):
    for language, expected in (("sv", swedish), ("en", english)):
        html = get_soup(client, DATABASE[language], params)
        assert text(html.select_one(".database-filters .facet-note")) == expected


def test_the_map_counts_the_results_and_keeps_the_filters(client, data):
    whole = get_soup(client, DATABASE["sv"])
    kenya = whole.select_one(".partnership-map-table a[href*='country=KE']")
    assert kenya["href"] == DATABASE["sv"] + "?country=KE"
    assert kenya.find_parent("tr").td.get_text() == "2"  # one active, one finished
    assert text(whole.select_one("#database-statistics-heading")) == "Databasen i siffror"

    for language, caption, heading in (
        ("sv", "Aktiva partnerskap i 3 länder", "Din sökning i siffror"),
        ("en", "Active partnerships in 3 countries", "Your search in figures"),
    ):
        html = get_soup(client, DATABASE[language], {"status": "active", "sort": "name"})
        table = html.select_one("#partnership-countries")
        assert table["data-count"] == "3"
        assert text(table.caption) == caption
        assert text(html.select_one("#database-statistics-heading")) == heading
        links = {a["href"] for a in html.select(".world-map a")}
        assert DATABASE[language] + "?status=active&country=KE" in links
        assert len(links) == 3


@pytest.mark.parametrize(
    "params, names, swedish, english",
    [
        (
            {"status": "active"},
            ["Borlänge kommun", "Malmö stad"],
            "2 svenska organisationer i aktiva partnerskap",
            "2 Swedish organisations in active partnerships",
        ),
        (
            {"country": "KE"},
            ["Malmö stad", "Region Dalarna"],
            "2 svenska organisationer i partnerskap i Kenya",
            "2 Swedish organisations in partnerships in Kenya",
        ),
        (
            {},
            ["Borlänge kommun", "Malmö stad", "Region Dalarna"],
            "3 svenska organisationer i partnerskap",
            "3 Swedish organisations in partnerships",
        ),
        (
            {"status": "seeking-partner"},
            [],
            "0 svenska organisationer i partnerskap som söker partner",
            "0 Swedish organisations in partnerships seeking a partner",
        ),
    ],
)
def test_the_organisations_of_a_search_are_the_figure_it_shows(
    client, data, params, names, swedish, english
):
    for language, expected in (("sv", swedish), ("en", english)):
        html = get_soup(client, ORGANISATIONS[language], params)
        summary = html.select_one("[data-result-count]")
        assert text(summary) == expected
        assert summary["data-result-count"] == str(len(names))
        assert [text(a) for a in html.select(".organisation-list a")] == names
        # The database page's figure of the same search links here and says the same.
        database = get_soup(client, DATABASE[language], params)
        figure = database.select_one(".database-statistics a")
        assert figure["href"].startswith(ORGANISATIONS[language])
        assert text(figure) == str(len(names))
        with translation.override(language):
            search = PartnershipSearch(params)
            assert search.statistics().swedish_organisation_count == len(names)


def test_the_organisations_list_switches_language_with_its_filters(client, data):
    html = get_soup(client, ORGANISATIONS["sv"], {"status": "active", "country": "KE"})
    english = html.select_one(".language-switcher a[hreflang=en]")
    assert english["href"] == ORGANISATIONS["en"] + "?status=active&country=KE"
    assert html.select_one(f"a[href='{DATABASE['sv']}?country=KE&status=active']")


@pytest.mark.parametrize(
    "query", ["?status=bogus", "?country=XX", "?q=%00", "?area=none&page=abc", "?q=" + "x" * 300]
)
def test_the_organisations_list_never_fails_on_bad_input(client, data, query):
    assert client.get(ORGANISATIONS["sv"] + query).status_code == 200
