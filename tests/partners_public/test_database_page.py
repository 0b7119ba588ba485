from urllib.parse import urlencode

import pytest
from django.utils import translation

from partners.database.facets import PartnershipSearch
from partners.models import Status, ThematicArea
from tests.factories import (
    PartnerOrganisationFactory,
    PartnershipFactory,
    SwedishOrganisationFactory,
)
from tests.helpers import DATABASE, facet_counts, get_soup, soup

URL = DATABASE["sv"]


def get(client, params=None, language="sv"):
    return get_soup(client, DATABASE[language], params)


def result_titles(soup):
    return [h.get_text(strip=True) for h in soup.select(".partnership-list h3")]


def result_slugs(soup):
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".partnership-list h3 a")]


def status_text(soup):
    return soup.select_one("[role=status]").get_text(" ", strip=True)


def slugs(*partnerships):
    return [p.slug for p in partnerships]


def test_lists_every_partnership_newest_first(client, data):
    soup = get(client)
    assert result_slugs(soup) == slugs(
        data["seeking"],
        data["malmo_pune"],
        data["malmo_kisumu"],
        data["borlange_chisinau"],
        data["dalarna_kisumu"],
    )
    assert status_text(soup) == "5 partnerskap"
    assert soup.select_one("[role=status]")["data-result-count"] == "5"
    assert "Borlänge kommun – Chisinau, Moldavien" in result_titles(soup)


@pytest.mark.parametrize(
    ("params", "keys"),
    [
        ({"country": "KE"}, ["malmo_kisumu", "dalarna_kisumu"]),
        ({"country": "ke"}, ["malmo_kisumu", "dalarna_kisumu"]),
        ({"region": "asia"}, ["malmo_pune"]),
        ({"region": "eastern-europe"}, ["seeking", "borlange_chisinau"]),
        ({"area": "climate"}, ["malmo_pune", "malmo_kisumu"]),
        ({"status": "finished"}, ["dalarna_kisumu"]),
        ({"status": "seeking-partner"}, ["seeking"]),
        ({"county": "W"}, ["borlange_chisinau", "dalarna_kisumu"]),
        ({"county": "m"}, ["malmo_pune", "malmo_kisumu"]),
        ({"type": "region"}, ["dalarna_kisumu"]),
        (
            {"type": "local-government"},
            ["seeking", "malmo_pune", "malmo_kisumu", "borlange_chisinau", "dalarna_kisumu"],
        ),
        ({"q": "Malmö", "country": "KE"}, ["malmo_kisumu"]),
        ({"area": "dialogue", "county": "W", "status": "active"}, ["borlange_chisinau"]),
        ({"q": "Malmö", "region": "eastern-europe"}, []),
    ],
)
def test_each_filter_and_combinations(client, data, params, keys):
    assert result_slugs(get(client, params)) == [data[key].slug for key in keys]


def test_facet_counts_equal_the_true_counts(client, data):
    for params in [{}, {"q": "Malmö"}, {"country": "KE"}, {"area": "dialogue", "status": "active"}]:
        soup = get(client, params)
        for facet in ["country", "region", "area", "status", "county", "type"]:
            shown = facet_counts(soup, facet)
            for value, count in shown.items():
                truth = len(result_slugs(get(client, {**params, facet: value})))
                assert count == truth, (params, facet, value)
            # Every value that has matches is offered.
            other = {k: v for k, v in params.items() if k != facet}
            search = PartnershipSearch(_querydict(other))
            assert sum(shown.values()) >= (1 if search.queryset().exists() else 0)


def test_a_partnership_is_counted_once_per_county_and_type(client, data):
    # Two municipalities of one county and two partner local governments in one partnership.
    kenya = data["countries"]["KE"]
    PartnershipFactory(
        swedish_organisations=[
            data["organisations"]["borlange"],
            SwedishOrganisationFactory(name="Falu kommun", county="W"),
        ],
        partner_organisations=PartnerOrganisationFactory.create_batch(2, country=kenya),
        country=kenya,
        thematic_areas=[data["areas"]["climate"]],
    )
    soup = get(client)
    for facet, value in [("county", "W"), ("type", "municipality"), ("type", "local-government")]:
        truth = len(result_slugs(get(client, {facet: value})))
        assert facet_counts(soup, facet)[value] == truth, (facet, value)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "Malmö"},
        {"country": "KE"},
        {"area": "dialogue", "status": "active"},
        {"county": "W", "type": "region"},
        {"q": "kommun", "area": "climate", "region": "africa"},
    ],
)
def test_search_figures_equal_the_figures_of_its_matches(data, params):
    from partners.database.statistics import database_statistics

    search = PartnershipSearch(_querydict(params))
    search.facets()  # the figures reuse the facets' counts
    assert search.count() == search.queryset().count()
    assert search.statistics() == database_statistics(search.queryset())


def _querydict(params):
    from django.http import QueryDict

    return QueryDict(urlencode(params))


def test_facet_counts_example(client, data):
    soup = get(client, {"q": "Malmö"})
    assert facet_counts(soup, "country") == {"IN": 1, "KE": 1}
    assert facet_counts(soup, "area") == {"climate": 2, "equality": 1}
    assert facet_counts(soup, "status") == {"active": 2}
    # The selected country's own facet still offers the other countries.
    soup = get(client, {"country": "KE"})
    assert facet_counts(soup, "country") == {"IN": 1, "KE": 2, "MD": 2}
    assert soup.select_one("#f-country-KE").has_attr("checked")


@pytest.mark.parametrize(
    ("sort", "keys"),
    [
        ("start", ["dalarna_kisumu", "borlange_chisinau", "malmo_kisumu", "malmo_pune", "seeking"]),
        (
            "-start",
            ["seeking", "malmo_pune", "malmo_kisumu", "borlange_chisinau", "dalarna_kisumu"],
        ),
        # A partnership without a Swedish side sorts by its partner ("Chisinau").
        ("name", ["borlange_chisinau", "seeking", "malmo_kisumu", "malmo_pune", "dalarna_kisumu"]),
    ],
)
def test_sort(client, data, sort, keys):
    assert result_slugs(get(client, {"sort": sort})) == [data[key].slug for key in keys]


def test_sort_by_country_uses_the_active_language(client, data):
    sv = result_slugs(get(client, {"sort": "country", "status": "active"}))
    en = result_slugs(get(client, {"sort": "country", "status": "active"}, language="en"))
    # Indien < Kenya < Moldavien; India < Kenya < Moldova.
    assert sv == en == slugs(data["malmo_pune"], data["malmo_kisumu"], data["borlange_chisinau"])


def test_pagination(client, many_in_kenya):
    soup = get(client, {"country": "KE"})
    assert len(result_slugs(soup)) == 20
    assert status_text(soup) == "27 partnerskap i Kenya"
    current = soup.select_one(".pagination [aria-current=page]")
    assert current.text == "1"
    next_link = soup.select_one(".pagination a[rel=next]")["href"]
    assert next_link == URL + "?country=KE&page=2"
    second = get_soup(client, next_link)
    assert len(result_slugs(second)) == 7
    assert second.select_one(".pagination [aria-current=page]").text == "2"
    assert second.select_one(".pagination a[rel=prev]")["href"] == URL + "?country=KE"
    assert set(result_slugs(soup)).isdisjoint(result_slugs(second))


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999999999999999999", "\x00"])
def test_bad_page_numbers_are_404(client, data, page):
    assert client.get(URL, {"page": page}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"country": "Kenya"},
        {"area": "no-such-area"},
        {"area": "<script>"},
        {"status": "sleeping"},
        {"county": "XX"},
        {"type": "kingdom"},
        {"region": "antarctica"},
        {"sort": "random"},
    ],
)
def test_unknown_values_are_ignored_with_a_message(client, data, params):
    soup = get(client, params)
    assert "ignorerades" in soup.select_one(".notice").text
    assert len(result_slugs(soup)) == 5


@pytest.mark.parametrize(
    "query",
    ["\x00", "%00", "Malmö\x00", "🙂 Malmö", "\"'<>&;", "a" * 10_000, "Malm%C3%B6", "\\"],
)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_odd_queries_never_fail(client, data, query, language):
    response = client.get(DATABASE[language] + "?" + urlencode({"q": query}))
    assert response.status_code == 200


def test_raw_nul_invalid_utf8_and_repeated_parameters(client, data):
    assert client.get(URL + "?q=%00&country=%00&area=%00").status_code == 200
    assert client.get(URL + "?q=%ED%A0%80%FF&country=%C3").status_code == 200
    # A repeated parameter counts once, with its last value.
    response = client.get(URL + "?country=MD&country=KE&status=x&status=finished")
    assert result_slugs(soup(response)) == slugs(data["dalarna_kisumu"])


def test_overlong_query_is_shortened_with_a_message(client, data):
    soup = get(client, {"q": "Malmö " + "x" * 500})
    assert any("200" in notice.text for notice in soup.select(".notice"))
    assert len(soup.select_one("#id_q")["value"]) == 200


def test_current_filters_can_each_be_removed(client, data):
    soup = get(client, {"q": "Malmö", "country": "KE", "sort": "start"})
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".active-filters .tags a")}
    assert links == {
        "Sök: “Malmö” × (ta bort filtret)": URL + "?country=KE&sort=start",
        "Land: Kenya × (ta bort filtret)": URL + "?q=Malm%C3%B6&sort=start",
    }
    assert get(client, {}).select_one(".active-filters") is None


def test_export_links_carry_the_filters(client, data):
    soup = get(client, {"q": "Malmö", "status": Status.ACTIVE})
    hrefs = [a["href"] for a in soup.select(".exports a")]
    assert hrefs == [
        URL + "export/csv/?q=Malm%C3%B6&status=active",
        URL + "export/xlsx/?q=Malm%C3%B6&status=active",
        URL + "export/json/?q=Malm%C3%B6&status=active",
    ]


def test_no_matches_message(client, data):
    soup = get(client, {"q": "ingenting-sådant-finns"})
    assert status_text(soup) == "0 partnerskap som matchar sökningen"
    assert "Inga partnerskap" in soup.select(".notice")[-1].text


def test_works_without_javascript_and_is_labelled(client, data):
    soup = get(client)
    form = soup.select_one("form.database-filters")
    assert form["method"] == "get"
    assert form.select_one("button[type=submit]")
    for field in form.select("input, select"):
        assert soup.select_one(f"label[for={field['id']}]"), field
    legends = [f.legend.text for f in form.select("fieldset")]
    assert legends == ["Land", "Region", "Tematiskt område", "Status", "Län", "Typ av organisation"]
    assert len(soup.select("h1")) == 1
    script = soup.select_one("script[src$='js/filters.js']")
    assert script.has_attr("defer")
    # No inline code; a JSON-LD data block is not executed.
    assert not [
        s
        for s in soup.select("script")
        if not s.get("src") and s.get("type") != "application/ld+json"
    ]


def test_english_labels(client, data):
    soup = get(client, {"country": "KE"}, language="en")
    assert status_text(soup) == "2 partnerships in Kenya"
    legends = [f.legend.text for f in soup.select("form fieldset")]
    assert legends[:3] == ["Country", "Region", "Thematic area"]
    assert soup.select_one("label[for=f-country-MD]").text.startswith("Moldova")
    assert soup.h1.text == "Partnership database"


def cards(soup):
    """{slug: (heading, title, status · phase · years, [areas])} of each card listed."""
    return {
        card.h3.a["href"].rstrip("/").rsplit("/", 1)[-1]: (
            card.h3.get_text(strip=True),
            card.p.get_text(strip=True),
            " ".join(card.select_one(".meta").get_text().split()),
            [tag.get_text(strip=True) for tag in card.select(".tags li")],
        )
        for card in soup.select(".partnership-list > li")
    }


def expected_card(partnership):
    areas = set(partnership.thematic_areas.all())
    return (
        partnership.public_title,
        partnership.title,
        f"{partnership.get_status_display()} · {partnership.get_phase_display()} · "
        f"{partnership.years}",
        [area.name for area in ThematicArea.objects.in_order() if area in areas],
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_card_shows_its_own_partnership_and_follows_its_areas(
    client, data, committed, language
):
    from partners.models import Country, Partnership

    def expected(shown):
        with translation.override(language):
            return {p.slug: expected_card(p) for p in Partnership.objects.filter(slug__in=shown)}

    # A country without a name in English is named in Swedish, as everywhere else.
    Country.objects.filter(partnerships__slug=data["seeking"].slug).update(name_en="")
    shown = cards(get(client, language=language))
    assert len(shown) > 3
    assert any(card[3] for card in shown.values())
    assert shown == expected(shown)
    partnership = Partnership.objects.get(slug=next(iter(shown)))
    with committed():
        partnership.thematic_areas.set(ThematicArea.objects.exclude(partnerships=partnership)[:2])
        partnership.save()
    shown = cards(get(client, language=language))
    assert shown[partnership.slug][3]
    assert shown == expected(shown)


def test_a_status_outside_the_choices_is_listed_as_it_is(client, data):
    """A value written past the model (an old import, the shell) shows as stored, as
    get_status_display() would show it, rather than breaking the list."""
    from partners.models import Partnership

    Partnership.objects.filter(slug=data["seeking"].slug).update(status="paused", phase="x")
    shown = cards(get(client))
    assert shown[data["seeking"].slug][2].startswith("paused · x · ")
