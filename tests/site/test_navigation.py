"""Every feature is reachable from the home page: the menu, the home page's entry points,
the programme page's links into the database, breadcrumbs and document links."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation
from wagtail.documents import get_document_model

from news.models import NewsArticlePage
from partners.figures import key_figures
from partners.models import Partnership
from partners.pages import PartnershipDatabasePage
from programmes.models import ProgrammePage
from tests.helpers import (
    CONTENT,
    DATABASE,
    HOME,
    LANGUAGES,
    NEWS,
    PROGRAMME,
    SEARCH,
    STATEMENT,
    get_soup,
)

pytestmark = pytest.mark.django_db

MENU = {
    "sv": ["Om programmet", "Partnerskapsdatabas", "Aktuellt"],
    "en": ["About the programme", "Partnership database", "News"],
}
HOME_LABEL = {"sv": "Startsida", "en": "Home"}


def routes(language):
    """Addresses of one partnership, organisation and country page and one article."""
    partnership = Partnership.objects.order_by("pk").first()
    organisation = partnership.swedish_organisations.first()
    article = NewsArticlePage.objects.live().order_by("pk").first()
    with translation.override(language):
        return {
            "partnership": (
                partnership.get_absolute_url(),
                partnership.public_title,
            ),
            "organisation": (
                organisation.get_absolute_url(),
                organisation.name,
            ),
            "country": (
                partnership.country.get_absolute_url(),
                partnership.country.name,
            ),
            "article": (article.get_url(), article.title),
        }


def menu(html):
    return [
        (link.get_text(strip=True), link["href"], link.get("aria-current"))
        for link in html.select(".main-nav a")
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_labels_say_where_they_lead_and_are_unique_on_every_page_type(client, language):
    urls = [HOME, PROGRAMME, DATABASE, NEWS, CONTENT, STATEMENT, SEARCH]
    pages = [url[language] for url in urls]
    pages += [url for url, _title in routes(language).values()]
    for url in pages:
        items = menu(get_soup(client, url))
        labels = [label for label, _href, _current in items]
        assert labels == MENU[language], url
        assert [href for _label, href, _current in items] == [
            PROGRAMME[language],
            DATABASE[language],
            NEWS[language],
        ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_marks_the_current_section(client, language):
    found = routes(language)
    # (address, the menu item that is current, how)
    expected = [
        (HOME[language], None, None),
        (PROGRAMME[language], 0, "page"),
        (CONTENT[language], 0, "true"),
        (DATABASE[language], 1, "page"),
        (DATABASE[language] + "?country=KE", 1, "page"),
        (found["partnership"][0], 1, "true"),
        (NEWS[language], 2, "page"),
        (found["article"][0], 2, "true"),
        (STATEMENT[language], None, None),
    ]
    for url, index, how in expected:
        marks = [current for _label, _href, current in menu(get_soup(client, url))]
        assert marks == [how if i == index else None for i in range(3)], url


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_leads_to_programme_database_and_news(client, language):
    html = get_soup(client, HOME[language])
    programme_link = html.select_one(".programme-card h2 a")
    assert programme_link["href"] == PROGRAMME[language]
    assert programme_link.get_text(strip=True) == MENU[language][0]

    form = html.select_one(".database-card form[role=search]")
    assert form["action"] == DATABASE[language]
    assert form["method"] == "get"
    field = form.select_one("input[type=search]")
    assert field["name"] == "q"
    assert form.select_one(f"label[for={field['id']}]").get_text(strip=True)

    with translation.override(language):
        statistics = key_figures()
    figures = {
        link.select_one(".key-figure-value").get_text(strip=True): link["href"]
        for link in html.select(".database-card .key-figure a")
    }
    assert figures == {
        str(statistics.partnership_count): DATABASE[language] + "?status=active",
        str(statistics.country_count): DATABASE[language] + "?status=active#partnership-countries",
        str(statistics.swedish_organisation_count): DATABASE[language]
        + {"sv": "organisationer/", "en": "organisations/"}[language]
        + "?status=active",
    }
    for href in figures.values():
        assert client.get(href).status_code == 200

    assert html.select(".latest-news li a")
    assert html.find("a", href=NEWS[language])


def test_home_search_box_finds_partnerships(client):
    html = get_soup(client, HOME["sv"])
    form = html.select_one(".database-card form")
    results = get_soup(client, form["action"] + "?q=Malmö")
    assert results.select_one("#id_q")["value"] == "Malmö"
    assert results.select(".database-results li")


def test_home_page_without_a_published_database_has_no_database_card(client):
    PartnershipDatabasePage.objects.get().unpublish()
    html = get_soup(client, HOME["sv"])
    assert html.select_one(".database-card") is None
    assert DATABASE["sv"] not in [link["href"] for link in html.select(".main-nav a")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_programme_country_links_to_the_database_filtered_by_it(client, language):
    html = get_soup(client, PROGRAMME[language])
    programme = ProgrammePage.objects.get()
    codes = sorted(country.code for country in programme.countries.all())
    links = html.select("#var .country-group li a")
    assert sorted(parse_qs(urlsplit(link["href"]).query)["country"][0] for link in links) == codes
    assert all(link["href"].startswith(DATABASE[language] + "?country=") for link in links)

    # A country with active partnerships leads to them, as its number says; one without
    # to all its partnerships.
    kenya = next(link for link in links if "country=KE" in link["href"])
    assert kenya["href"].endswith("?country=KE&status=active")
    filtered = get_soup(client, kenya["href"])
    checked = filtered.select_one("input[name=country][checked]")
    assert checked["value"] == "KE"
    assert filtered.select(".database-results li")
    belarus = next(link for link in links if "country=BY" in link["href"])
    assert belarus["href"].endswith("?country=BY")
    assert belarus.get_text(strip=True) == "Belarus"


@pytest.mark.parametrize("language", LANGUAGES)
def test_who_can_apply_and_the_active_figure_link_to_the_database(client, language):
    html = get_soup(client, PROGRAMME[language])
    assert html.select_one(f'#vem a[href="{DATABASE[language]}"]')
    figure = html.select_one("#varfor .highlight a")
    organisations = {"sv": "organisationer/", "en": "organisations/"}[language]
    assert figure["href"] == DATABASE[language] + organisations + "?status=active"
    assert figure.get_text(strip=True)[0].isdigit()


def breadcrumbs(html):
    nav = html.select_one("nav.breadcrumbs")
    if nav is None:
        return None
    return [
        (item.get_text(strip=True), link["href"] if (link := item.find("a")) else None)
        for item in nav.select("li")
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_breadcrumbs_lead_home_from_every_page_below_it(client, language):
    home = (HOME_LABEL[language], HOME[language])
    programme_title = {"sv": "Kommunalt Partnerskap", "en": "Municipal Partnership"}[language]
    programme = (programme_title, PROGRAMME[language])
    database_title = {"sv": "Partnerskapsdatabas", "en": "Partnership database"}[language]
    database = (database_title, DATABASE[language])
    news = ({"sv": "Aktuellt", "en": "News"}[language], NEWS[language])
    found = routes(language)
    expected = {
        PROGRAMME[language]: [home, (programme_title, None)],
        CONTENT[language]: [
            home,
            programme,
            ({"sv": "Så ansöker du", "en": "How to apply"}[language], None),
        ],
        DATABASE[language]: [home, programme, (database_title, None)],
        found["partnership"][0]: [home, programme, database, (found["partnership"][1], None)],
        found["organisation"][0]: [home, programme, database, (found["organisation"][1], None)],
        found["country"][0]: [home, programme, database, (found["country"][1], None)],
        NEWS[language]: [home, (news[0], None)],
        found["article"][0]: [home, news, (found["article"][1], None)],
        SEARCH[language]: [home, ({"sv": "Sök", "en": "Search"}[language], None)],
    }
    for url, trail in expected.items():
        html = get_soup(client, url)
        assert breadcrumbs(html) == trail, url
        nav = html.select_one("nav.breadcrumbs")
        assert nav["aria-label"]
        assert nav.select_one("li:last-child [aria-current=page]")

        data = json.loads(html.find("script", type="application/ld+json").string)
        assert data["@type"] == "BreadcrumbList"
        items = data["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(trail) + 1))
        assert [item["name"] for item in items] == [label for label, _href in trail]
        assert items[0]["item"] == "http://testserver" + HOME[language]
        assert items[-1]["item"] == "http://testserver" + url.split("?")[0]

    assert breadcrumbs(get_soup(client, HOME[language])) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_documents_name_their_type_once(client, language):
    programme = ProgrammePage.objects.get()
    item = programme.documents.first()
    # Editors often write the type into the link text themselves.
    item.title_sv = "Riktlinjer (PDF)"
    item.title_en = "Guidelines (pdf)"
    item.save()
    html = get_soup(client, PROGRAMME[language])
    document = get_document_model().objects.get(pk=item.document_id)
    line = html.select_one(f'#hur a[href="{document.url}"]').find_parent("li")
    text = line.get_text(" ", strip=True)
    assert text.upper().count("PDF") == 1, text
    assert text.startswith({"sv": "Riktlinjer (PDF", "en": "Guidelines (PDF"}[language])
