import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import NewsArticlePageFactory
from tests.helpers import soup

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    return channel, [
        (item.findtext("title"), item.findtext("link"), [c.text for c in item.findall("category")])
        for item in channel.findall("item")
    ]


def atom_entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return feed, [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_swedish_rss_lists_all_news_newest_first_with_absolute_links(client):
    channel, items = rss_items(client.get("/sv/feeds/news/rss/"))
    assert channel.findtext("language") == "sv"
    assert channel.findtext("title") == "Nyheter – Kommunalt Partnerskap"
    assert channel.findtext("link") == "http://testserver/sv/aktuellt/"
    assert len(items) == 6
    title, link, categories = items[1]
    assert title == "Sju samarbeten för kommuner och regioner i Sverige och Ryssland"
    assert link == (
        "http://testserver/sv/aktuellt/"
        "sju-samarbeten-for-kommuner-och-regioner-i-sverige-och-ryssland/"
    )
    assert "Kommunalt partnerskap" in categories
    assert all(link.startswith("http://testserver/sv/aktuellt/") for _, link, _ in items)


@pytest.mark.parametrize("url", ["/sv/feeds/news/rss/", "/en/feeds/news/atom/"])
def test_feed_is_sent_in_one_piece(client, url):
    # Hundreds of small pieces would each go out as a network packet of their own.
    response = client.get(url)
    assert response.status_code == 200
    assert len(list(response)) == 1


def test_english_atom_feed(client):
    feed, entries = atom_entries(client.get("/en/feeds/news/atom/"))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{ATOM}title") == "News – Municipal Partnership"
    assert len(entries) == 6
    assert entries[1] == (
        "Seven partnerships for municipalities and regions in Sweden and Russia",
        "http://testserver/en/news/"
        "seven-partnerships-for-municipalities-and-regions-in-sweden-and-russia/",
    )
    # A Swedish-only article is in the English feed, with its Swedish title.
    assert ("Sketchnotes från ICLD Almedalen 2016") in [title for title, _ in entries]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/sv/feeds/news/kunskapscentrum/rss/", 3),
        ("/en/feeds/news/knowledge-centre/rss/", 3),
        ("/sv/feeds/news/kommunalt-partnerskap/rss/", 6),
    ],
)
def test_category_rss(client, url, expected):
    channel, items = rss_items(client.get(url))
    assert len(items) == expected
    assert "?category=" in channel.findtext("link")


def test_category_atom_only_has_that_category(client):
    feed, entries = atom_entries(client.get("/sv/feeds/news/kunskapscentrum/atom/"))
    assert [title for title, _ in entries] == [
        "Invitation to a round table meeting of researchers Malmö, Sweden 12 – 13 December 2016",
        "Sketchnotes från ICLD Almedalen 2016",
        "Tack för en mycket lyckad Almedalsvecka hos oss på ICLD",
    ]
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://testserver/sv/feeds/news/kunskapscentrum/atom/"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_unknown_category_feed_is_404(client, kind):
    assert client.get(f"/sv/feeds/news/finns-inte/{kind}/").status_code == 404


def test_unpublished_articles_are_not_in_feeds(client):
    NewsArticlePageFactory(live=False, title_sv="Utkast")
    _channel, items = rss_items(client.get("/sv/feeds/news/rss/"))
    assert "Utkast" not in [title for title, _, _ in items]


def test_feed_url_names():
    with translation.override("en"):
        assert reverse("news_feed_rss") == "/en/feeds/news/rss/"
        assert reverse("news_feed_atom_category", kwargs={"category": "icld"}) == (
            "/en/feeds/news/icld/atom/"
        )


@pytest.mark.parametrize(
    ("path", "language"), [("/sv/aktuellt/", "sv"), ("/en/news/requirements-for-reporting/", "en")]
)
def test_pages_announce_feeds(client, path, language):
    html = soup(client.get(path))
    feeds = {
        link["type"]: link["href"] for link in html.find_all("link", rel="alternate", type=True)
    }
    assert feeds == {
        "application/rss+xml": f"http://testserver/{language}/feeds/news/rss/",
        "application/atom+xml": f"http://testserver/{language}/feeds/news/atom/",
    }


def test_filtered_index_announces_category_feed_and_links_it(client):
    html = soup(client.get("/en/news/?category=knowledge-centre"))
    hrefs = [link["href"] for link in html.find_all("link", type="application/rss+xml")]
    assert "http://testserver/en/feeds/news/knowledge-centre/rss/" in hrefs
    visible = [a["href"] for a in html.select(".news-feeds a")]
    assert "/en/feeds/news/rss/" in visible
    assert "/en/feeds/news/knowledge-centre/rss/" in visible
