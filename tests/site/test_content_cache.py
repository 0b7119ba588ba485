"""Figures shared by many pages are cached per content generation (page cache off)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import NewsCategory, NewsIndexPage
from partners.models import Country, Partnership, Status
from programmes.models import ContentPage, HomePage, ProgrammePage
from tests.factories import NewsArticlePageFactory
from tests.helpers import (
    ARTICLE,
    CONTENT,
    DATABASE,
    HOME,
    NEWS,
    PROGRAMME,
    STATEMENT,
    facet_counts,
    get_soup,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache_on")]


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url", ["/sv/", PROGRAMME["sv"], "/en/news/", "/sv/kommunalt-partnerskap/databas/"]
)
def test_a_warm_visit_needs_fewer_queries_with_the_cache(client, url):
    # Warm visits only: the first one also fills Wagtail's own caches.
    cached = [queries(client, url) for _ in range(3)][1:]
    with override_settings(CONTENT_CACHE_SECONDS=0):
        uncached = [queries(client, url) for _ in range(2)][1:]
    assert cached[0] == cached[1] < uncached[0]


def test_a_content_change_shows_at_once(client, committed):
    figure = get_soup(client, PROGRAMME["sv"]).select_one("#varfor .highlight").get_text(strip=True)
    assert not figure.startswith("Cirka 70")
    with committed():
        Partnership.objects.all().delete()
    figure = get_soup(client, PROGRAMME["sv"]).select_one("#varfor .highlight").get_text(strip=True)
    assert figure.startswith("Cirka 70")


def test_a_new_article_appears_in_the_latest_news(client, committed):
    assert "Nyhet från i dag" not in get_soup(client, PROGRAMME["sv"]).get_text()
    with committed():
        NewsArticlePageFactory(
            title_sv="Nyhet från i dag",
            date=timezone.localdate(),
            # The programme page shows the latest news of its own category.
            categories=[NewsCategory.objects.get(slug_sv="kommunalt-partnerskap")],
        )
    assert "Nyhet från i dag" in get_soup(client, PROGRAMME["sv"]).get_text()


def test_each_language_keeps_its_own_country_names(client):
    swedish = get_soup(client, PROGRAMME["sv"]).select_one("#var").get_text(" ")
    english = get_soup(client, PROGRAMME["en"]).select_one("#var").get_text(" ")
    assert "Moldavien" in swedish and "Moldova" not in swedish
    assert "Moldova" in english and "Moldavien" not in english


def test_the_whole_database_counts_follow_an_edit(client, committed):
    url = "/sv/kommunalt-partnerskap/databas/"
    before = facet_counts(get_soup(client, url), "status")
    partnership = Partnership.objects.filter(status=Status.ACTIVE).first()
    partnership.status = Status.FINISHED
    with committed():
        partnership.save()
    after = facet_counts(get_soup(client, url), "status")
    assert after["active"] == before["active"] - 1
    assert after["finished"] == before.get("finished", 0) + 1


def test_a_preview_shows_its_own_choice_of_countries(client):
    def countries(html):
        soup = BeautifulSoup(html, "html.parser")
        return [
            link.find(string=True, recursive=False).strip()
            for link in soup.select("#var .country-group a")
        ]

    live = countries(client.get(PROGRAMME["sv"]).content)
    assert len(live) > 1
    page = ProgrammePage.objects.get()
    # An unsaved change, as the admin's preview renders it, after the live page was cached.
    page.countries.set([Country.objects.get(code="KE")])
    assert countries(page.make_preview_request().content) == ["Kenya"]
    assert countries(client.get(PROGRAMME["sv"]).content) == live


CHROME = (
    ".site-header, .breadcrumbs, script[type='application/ld+json'], .site-footer, "
    "link[rel=alternate]"
)
CHROME_URLS = [
    *HOME.values(),
    *PROGRAMME.values(),
    *CONTENT.values(),
    *NEWS.values(),
    *ARTICLE.values(),
    *DATABASE.values(),
    DATABASE["sv"] + "?country=KE",
    DATABASE["en"] + "?q=water",
    DATABASE["sv"] + "land/KE/",
    DATABASE["en"] + "country/KE/",
    *STATEMENT.values(),
]


def chrome(client, url):
    return [str(element) for element in get_soup(client, url).select(CHROME)]


def test_the_shared_chrome_from_the_cache_is_each_page_s_own(client):
    """Menu, breadcrumbs, footer and language links come from the content cache once
    rendered: each page, visited after all the others, still shows its own current section,
    trail and language links."""
    with override_settings(CONTENT_CACHE_SECONDS=0):
        expected = {url: chrome(client, url) for url in CHROME_URLS}
    assert len({tuple(shown) for shown in expected.values()}) == len(CHROME_URLS)
    for _round in range(2):
        for url in CHROME_URLS:
            assert chrome(client, url) == expected[url], url


def test_the_chrome_and_the_routes_follow_a_content_change(client, committed):
    """The footer's address, a page's language link and the address of a section, once
    cached, change with the content."""
    from icld_site.models import SiteSettings

    assert "team@example.org" not in str(get_soup(client, NEWS["sv"]).select_one(".site-footer"))
    assert client.get(NEWS["en"]).status_code == 200
    settings = SiteSettings.objects.get()
    settings.contact_email = "team@example.org"
    news = NewsIndexPage.objects.get()
    news.slug_en = "latest"
    with committed():
        settings.save()
        news.save_revision().publish()
    page = get_soup(client, NEWS["sv"])
    assert "team@example.org" in str(page.select_one(".site-footer"))
    assert page.select_one(".language-switcher a[hreflang=en]")["href"] == "/en/latest/"
    # The sections below the home page are routed from the cache: the new address answers,
    # and the old one leads to it (Wagtail's redirect made when a slug changes).
    assert client.get("/en/latest/").status_code == 200
    assert client.get(NEWS["en"])["Location"] == "/en/latest/"


def test_the_site_and_its_home_page_come_from_the_cache(client, committed):
    client.get(HOME["sv"])
    with CaptureQueriesContext(connection) as context:
        assert client.get(NEWS["sv"]).status_code == 200
    assert not [q for q in context.captured_queries if "wagtailcore_site" in q["sql"]]
    home = get_soup(client, HOME["sv"]).h1.get_text(strip=True)
    page = HomePage.objects.get()
    page.title_sv = "Ny rubrik för startsidan"
    with committed():
        page.save_revision().publish()
    assert home != "Ny rubrik för startsidan"
    assert get_soup(client, HOME["sv"]).h1.get_text(strip=True) == "Ny rubrik för startsidan"


@pytest.mark.parametrize("restriction_type", ["password", "login"])
def test_a_new_view_restriction_takes_effect_at_once(client, committed, restriction_type):
    """Which pages carry view restrictions comes from the content cache: a restriction added
    later protects the page and its descendants, and keeps its articles out of the lists."""
    article = get_soup(client, NEWS["sv"]).select_one(".news-list h2 a")["href"]
    assert client.get(article).status_code == 200
    with committed():
        PageViewRestriction.objects.create(
            page=NewsIndexPage.objects.get(), restriction_type=restriction_type, password="hemligt"
        )
    for url in (NEWS["sv"], article):
        response = client.get(url)
        if restriction_type == "login":
            assert response.status_code == 302
        else:
            assert 'name="password"' in response.content.decode()
            assert "news-list" not in response.content.decode()
    latest = get_soup(client, HOME["sv"]).select(".latest-news a")
    assert article not in [a["href"] for a in latest]


@pytest.mark.parametrize("url", [HOME["en"], PROGRAMME["sv"], NEWS["sv"], DATABASE["en"]])
def test_a_warm_visit_reads_the_cache_once(client, monkeypatch, url):
    """Within a visit the generation is read once; entries this process has already read
    under it cost no further round trip to the cache."""
    from django.core.cache import cache

    reads = []

    def counted(method):
        def read(*args, **kwargs):
            # Only the outermost read: the local-memory cache's get_many calls get.
            outermost = not getattr(cache, "_reading", False)
            reads.extend([args] if outermost else [])
            cache._reading = True
            try:
                return method(*args, **kwargs)
            finally:
                cache._reading = not outermost

        return read

    for name in ("get", "get_many"):
        monkeypatch.setattr(cache, name, counted(getattr(cache, name)))
    client.get(url)
    reads.clear()
    assert client.get(url).status_code == 200
    assert len(reads) == 1


def test_entries_kept_by_the_process_are_copies_and_follow_the_generation(committed):
    from icld_site.cache import content_cached, content_generation_scope

    computed = []

    def compute():
        computed.append(1)
        return {"figures": [len(computed)]}

    with content_generation_scope():
        content_cached("test-entry", compute)["figures"].append("changed")
    with content_generation_scope():
        assert content_cached("test-entry", compute) == {"figures": [1]}
    with committed():
        Country.objects.first().save()
    with content_generation_scope():
        assert content_cached("test-entry", compute) == {"figures": [2]}


# With the content cache warm, what a fresh render still asks the database: the rows of a
# list and the article routed to. The chrome, the pages that routing keeps (with a programme
# page's rounds, types, documents and team), counts and categories come from the cache.
WARM_BUDGETS = {
    HOME["sv"]: 0,
    PROGRAMME["sv"]: 0,
    NEWS["en"]: 2,
    ARTICLE["sv"]: 2,
    DATABASE["sv"]: 4,
}


@pytest.mark.parametrize("url", WARM_BUDGETS)
def test_a_warm_render_asks_the_database_only_for_the_page_s_own_content(
    client, url, django_assert_max_num_queries
):
    client.get(url)
    with django_assert_max_num_queries(WARM_BUDGETS[url]):
        assert client.get(url).status_code == 200


def test_the_programme_page_s_inline_content_follows_a_publication(client, committed):
    """The programme page is kept with its rounds, organisation types and team: a published
    change to them shows at once, and a draft only in its preview."""
    from programmes.models import EligibleOrganisationType

    assert "Regionala kommunförbund i Norrland" not in get_soup(client, PROGRAMME["sv"]).get_text()
    page = ProgrammePage.objects.get()
    page.eligible_types.add(EligibleOrganisationType(name="Regionala kommunförbund i Norrland"))
    assert "Regionala kommunförbund i Norrland" in page.make_preview_request().content.decode()
    page.save_revision()
    assert "Regionala kommunförbund i Norrland" not in get_soup(client, PROGRAMME["sv"]).get_text()
    with committed():
        page.get_latest_revision().publish()
    assert "Regionala kommunförbund i Norrland" in get_soup(client, PROGRAMME["sv"]).get_text()


# The database page before a search: its facets, map and figures are the whole database's,
# the same for everyone, and kept rendered; any search or filter renders its own.
DATABASE_PARTS = ".database-filters fieldset, .partnership-map, .database-statistics"
DATABASE_URLS = [
    *DATABASE.values(),
    DATABASE["sv"] + "?sort=name",
    DATABASE["sv"] + "?country=KE",
    DATABASE["en"] + "?q=water",
    DATABASE["en"] + "?status=finished",
]


def database_parts(client, url):
    return [str(element) for element in get_soup(client, url).select(DATABASE_PARTS)]


def test_the_database_page_s_kept_parts_are_the_whole_database_s_only(client):
    with override_settings(CONTENT_CACHE_SECONDS=0):
        expected = {url: database_parts(client, url) for url in DATABASE_URLS}
    # Each search shows figures and facets of its own, and each language its own words.
    assert len({tuple(parts) for parts in expected.values()}) == len(DATABASE_URLS) - 1
    assert expected[DATABASE["sv"]] == expected[DATABASE["sv"] + "?sort=name"]
    for _round in range(2):
        for url in DATABASE_URLS:
            assert database_parts(client, url) == expected[url], url


def test_a_new_search_costs_no_form_rendering(client, monkeypatch):
    """The sign-up form of the database page is rendered once per language; each search's
    own query string goes into its hidden field, escaped."""
    from django.template.base import Template

    rendered = []
    render = Template.render

    def counted(template, context):
        if template.origin.template_name == "includes/subscribe_form.html":
            rendered.append(template)
        return render(template, context)

    monkeypatch.setattr(Template, "render", counted)
    searches = ["water", 'skola "<&>"', "avfall"]
    for words in searches:
        page = get_soup(client, DATABASE["sv"], {"q": words})
        params = page.select_one("form.subscribe-form input[name=params]")["value"]
        assert QueryDict(params)["q"] == words
    assert len(rendered) == 1
    assert (
        get_soup(client, NEWS["sv"])
        .select_one("form.subscribe-form input[name=params]")
        .get("value", "")
        == ""
    )


def test_a_visit_loads_only_the_section_it_passes_through(client, monkeypatch):
    """Below the home page, routing reads which sections there are, then only the one the
    address leads to: a visit to the news is not slowed by loading the programme page."""
    from icld_site import routing

    loaded = []
    load = routing._specific_child
    monkeypatch.setattr(routing, "_specific_child", lambda pk: loaded.append(pk) or load(pk))
    assert client.get(NEWS["sv"]).status_code == 200
    assert loaded == [NewsIndexPage.objects.get().pk]
    assert client.get(NEWS["en"]).status_code == 200
    assert client.get(NEWS["sv"]).status_code == 200
    assert loaded == [NewsIndexPage.objects.get().pk] * 2  # once per language


def test_a_draft_section_deleted_after_the_sections_were_read_is_not_found(client):
    """Deleting a draft retires nothing: the sections read before still name it, and its
    address answers 404, not an error."""
    home = HomePage.objects.get()
    draft = ContentPage(title="Utkast", slug="utkast", slug_sv="utkast", live=False)
    home.add_child(instance=draft)
    assert client.get(NEWS["sv"]).status_code == 200
    draft.delete()
    assert client.get("/sv/utkast/").status_code == 404
    assert client.get(NEWS["sv"]).status_code == 200


def test_a_preview_s_trail_is_its_own_and_never_kept_for_the_public_page(client):
    """The breadcrumbs are kept per address, but a preview of a new title shows it in its
    trail, and the public page, visited before and after, keeps the published one."""

    def trail(html):
        soup = BeautifulSoup(html, "html.parser")
        return [item.get_text(strip=True) for item in soup.select(".breadcrumbs li")]

    published = trail(client.get(CONTENT["sv"]).content)
    page = ContentPage.objects.get(slug_sv="sa-ansoker-du")
    page.title_sv = "Så ansöker du, nytt utkast"
    assert trail(page.make_preview_request().content)[-1] == "Så ansöker du, nytt utkast"
    assert trail(client.get(CONTENT["sv"]).content) == published
    ContentPage.objects.filter(pk=page.pk).update(title_sv="Något annat")  # not retired
    page = ContentPage.objects.get(pk=page.pk)
    assert trail(page.make_preview_request().content)[-1] == "Något annat"
    assert trail(client.get(CONTENT["sv"]).content) == published
