"""A number on a link is the number of things the link's list shows (DESIGN.md, "Truth and
language"). Every public page of the demo site reachable from /sv/ and /en/ is crawled;
each link whose text or aria-label holds a count is followed, and the count is compared
with what the page it opens counts: the element its #fragment names (data-count), else the
page's one result count (data-result-count)."""

import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation

from partners.figures import key_figures
from tests.helpers import DATABASE, HOME, PROGRAMME, soup

# Words that make a number on a link a count of something a list shows.
COUNTED = re.compile(
    r"partnerskap|partnerships?|länder|land\b|countr(?:y|ies)|organisation(?:er|s)?|"
    r"kommuner|municipalit(?:y|ies)",
    re.IGNORECASE,
)
# A whole number that is not part of a date, a time or a range of years.
NUMBER = re.compile(r"(?<![\d:./–-])\d+(?![\d:./–-])")
# Not pages to read: the admin, files, feeds, exports, the API and the calendar.
SKIPPED = re.compile(
    r"^/(?:admin|documents|media|static)/|/feeds/|/export/|/api/|/kalender/|\.(?:ics|xml|txt)$"
)
# Pages alike (one partnership, organisation, country or article each) are many, and lists
# lead to them: of the pages list items lead to, the first of each folder are read, enough
# for every kind of page of the demo site.
PER_FOLDER = 20
# A runaway crawl stops.
MAX_PAGES = 800


def internal(base, href):
    """The site-relative address `href` leads to from `base`, or None when it leaves the
    public HTML pages."""
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith(("/sv/", "/en/")) or SKIPPED.search(parts.path):
        return None
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def count_on(link):
    """The count a link states in its text or aria-label, or None."""
    for label in (link.get("aria-label", ""), link.get_text(" ", strip=True)):
        numbers = [int(n) for n in NUMBER.findall(label) if not 1900 <= int(n) <= 2100]
        if COUNTED.search(label) and len(numbers) == 1:
            return numbers[0]
    return None


class Crawl:
    """The public HTML pages reachable from `starts`, following query variants one level
    (a link with a query is followed from a page without one) and reading PER_FOLDER pages
    of a folder that list items lead to."""

    def __init__(self, client):
        self.client = client
        self.pages = {}

    def page(self, url):
        if url not in self.pages:
            response = self.client.get(url)
            is_html = response.get("Content-Type", "").startswith("text/html")
            self.pages[url] = soup(response) if response.status_code == 200 and is_html else None
        return self.pages[url]

    def run(self, starts):
        queue, queued, folders = deque(starts), set(starts), Counter()
        while queue:
            assert len(self.pages) < MAX_PAGES, "the crawl does not end"
            url = queue.popleft()
            html = self.page(url)
            if html is None:
                continue
            for link in html.select("a[href]"):
                target = internal(url, link["href"])
                if target is None:
                    continue
                target = target.split("#")[0]
                path, query = urlsplit(target)[2:4]
                if target in queued or (query and urlsplit(url).query):
                    continue
                folder = path.rstrip("/").rsplit("/", 1)[0]
                if not query and link.find_parent("li"):
                    if folders[folder] >= PER_FOLDER:
                        continue
                    folders[folder] += 1
                queued.add(target)
                queue.append(target)

    def count_links(self):
        """(page, link text, href, count) of every link that states a count, on every page
        read, those with a query too (the database's filtered views have the map's links)."""
        found = []
        for url, html in list(self.pages.items()):
            if html is None:
                continue
            for link in html.select("a[href]"):
                count = count_on(link)
                target = internal(url, link["href"])
                if count is not None and target is not None:
                    label = link.get("aria-label") or link.get_text(" ", strip=True)
                    found.append((url, label, target, count))
        return found

    def counted_by(self, target):
        """What the page `target` opens counts: its fragment's data-count, else its one
        data-result-count; None when it states no count."""
        address, _, fragment = target.partition("#")
        html = self.page(address)
        if html is None:
            return None
        if fragment:
            element = html.find(id=fragment)
            if element is not None and element.has_attr("data-count"):
                return int(element["data-count"])
        results = html.select("[data-result-count]")
        if len(results) != 1:
            return None
        return int(results[0]["data-result-count"])

    def mismatches(self, links):
        return [
            f"{page}: “{label}” ({count}) → {target} counts {self.counted_by(target)}"
            for page, label, target, count in links
            if self.counted_by(target) != count
        ]


@pytest.fixture(scope="module")
def crawl(django_db_setup, django_db_blocker):
    """The demo site crawled once for the module (read only), with the content cache on
    as in production."""
    cache.clear()
    with django_db_blocker.unblock(), override_settings(CONTENT_CACHE_SECONDS=300):
        crawl = Crawl(Client())
        crawl.run([HOME["sv"], HOME["en"]])
        yield crawl
    cache.clear()


@pytest.mark.django_db
def test_the_crawl_reaches_every_kind_of_page_in_both_languages(crawl):
    for language in ("sv", "en"):
        for url in (HOME[language], PROGRAMME[language], DATABASE[language]):
            assert crawl.pages.get(url) is not None, url
        read = [url for url, html in crawl.pages.items() if html and url[1:3] == language]
        for kind in (
            "article.partnership",
            "article.organisation",
            "article.country",
            "article.organisations",
            "article.about-data",
            "article.news-article",
        ):
            assert any(crawl.pages[url].select_one(kind) for url in read), (language, kind)


@pytest.mark.django_db
def test_every_count_on_a_link_is_the_count_of_the_list_it_opens(crawl):
    links = crawl.count_links()
    assert not crawl.mismatches(links), "\n".join(crawl.mismatches(links))
    # The links the issue is about are among those checked, in both languages.
    checked = {(page, label) for page, label, _target, _count in links}
    for language in ("sv", "en"):
        with translation.override(language):
            figures = key_figures()
        on_home = [label for page, label in checked if page == HOME[language]]
        assert len(on_home) == 3, on_home
        assert any(str(figures.swedish_organisation_count) in label for label in on_home)
        on_programme = [label for page, label in checked if page == PROGRAMME[language]]
        assert any(label.startswith("Kenya (") for label in on_programme), on_programme
        # Every country with active partnerships, the organisations and the countries.
        assert len(on_programme) == figures.country_count + 2, on_programme
        on_database = [label for page, label in checked if page == DATABASE[language]]
        assert any(label.startswith("Kenya: ") for label in on_database), on_database


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_link_without_its_filter_is_caught(crawl, language):
    """The check fails on the programme page's old Kenya link (the country without the
    status) and on a key figure of the home page that lost its filter."""
    kenya = next(
        link
        for link in crawl.page(PROGRAMME[language]).select("#var a")
        if link.get_text(strip=True).startswith("Kenya")
    )
    figure = crawl.page(HOME[language]).select_one(".key-figure a")
    for link in (kenya, figure):
        label, count = link.get_text(" ", strip=True), count_on(link)
        target = internal(PROGRAMME[language], link["href"])
        assert not crawl.mismatches([("", label, target, count)])
        without_status = target.replace("status=active", "").replace("?&", "?").rstrip("?&")
        assert target != without_status
        assert crawl.mismatches([("", label, without_status, count)]), without_status
