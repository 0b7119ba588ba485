import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NewsArticlePageFactory
from tests.helpers import soup

pytestmark = pytest.mark.django_db

SEED_TITLES_SV = [
    "Invitation to a round table meeting of researchers Malmö, Sweden 12 – 13 December 2016",
    "Sju samarbeten för kommuner och regioner i Sverige och Ryssland",
    "Nya insikter när samarbetsparter går KP-utbildning tillsammans",
    "Requirements for reporting",
    "Sketchnotes från ICLD Almedalen 2016",
    "Tack för en mycket lyckad Almedalsvecka hos oss på ICLD",
]


def titles(response):
    return [h2.get_text(strip=True) for h2 in soup(response).select(".news-list h2")]


def test_index_lists_seed_articles_newest_first_with_swedish_dates(client):
    response = client.get("/sv/aktuellt/")
    assert response.status_code == 200
    assert titles(response) == SEED_TITLES_SV
    first = soup(response).select_one(".news-item")
    time = first.find("time")
    assert time["datetime"] == "2016-10-14"
    assert time.get_text(strip=True) == "2016-10-14"
    tags = [a.get_text(strip=True) for a in first.select(".tags a")]
    assert tags == ["ICLD", "Kommunalt partnerskap", "Kunskapscentrum", "Utbildningsprogram"]
    assert (
        first.select_one("p:not(.meta):not(.notice)")
        .get_text(strip=True)
        .startswith("Invitation to Russian and Swedish researchers")
    )


def test_index_in_english_has_english_dates_and_read_more_links(client):
    response = client.get("/en/news/")
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.get_text(strip=True) == "News"
    seven = "Seven partnerships for municipalities and regions in Sweden and Russia"
    assert titles(response)[1] == seven
    assert html.select_one(".news-item time").get_text(strip=True) == "14 October 2016"
    read_more = [a for a in html.select(".news-item a") if "Read more" in a.get_text()]
    assert len(read_more) == 6
    # Each "Read more" names its article, so the links are distinguishable.
    assert len({a.get_text(" ", strip=True) for a in read_more}) == 6
    assert read_more[3]["href"] == "/en/news/requirements-for-reporting/"


def test_read_more_is_swedish_on_swedish_site(client):
    html = soup(client.get("/sv/aktuellt/"))
    assert "Läs mer" in html.select_one(".news-item").get_text()


def test_pagination_ten_per_page(client, only_new_articles):
    for day in range(1, 13):
        NewsArticlePageFactory(date=datetime.date(2024, 1, day), title_sv=f"Dag {day:02d}")
    first = client.get("/sv/aktuellt/")
    assert titles(first) == [f"Dag {day:02d}" for day in range(12, 2, -1)]
    nav = soup(first).find("nav", class_="pagination")
    assert nav["aria-label"]
    assert nav.find(attrs={"aria-current": "page"}).get_text(strip=True).endswith("1")
    assert nav.find("a", rel="next")["href"] == "?page=2"
    assert nav.find("a", rel="prev") is None

    second = client.get("/sv/aktuellt/?page=2")
    assert titles(second) == ["Dag 02", "Dag 01"]
    nav = soup(second).find("nav", class_="pagination")
    assert nav.find(attrs={"aria-current": "page"}).get_text(strip=True).endswith("2")
    assert nav.find("a", rel="prev")["href"] == "?page=1"
    assert nav.find("a", rel="next") is None


def test_no_pagination_with_one_page(client):
    assert soup(client.get("/sv/aktuellt/")).find("nav", class_="pagination") is None


@pytest.mark.parametrize(
    ("language", "path", "slug", "expected"),
    [
        ("sv", "/sv/aktuellt/", "kunskapscentrum", 3),
        ("sv", "/sv/aktuellt/", "kommunalt-partnerskap", 6),
        ("en", "/en/news/", "knowledge-centre", 3),
        # The language switcher keeps the query string, so the other language's slug works.
        ("en", "/en/news/", "kunskapscentrum", 3),
    ],
)
def test_category_filter(client, language, path, slug, expected):
    response = client.get(path, {"category": slug})
    assert response.status_code == 200
    html = soup(response)
    assert len(html.select(".news-item")) == expected
    active = html.select(".news-list .tags a[aria-current=true]")
    assert len(active) == expected
    clear = html.select_one(".news-filter a")
    assert clear["href"] == path


def test_filter_shows_active_category_in_both_languages(client):
    sv = soup(client.get("/sv/aktuellt/?category=kunskapscentrum"))
    assert "Kunskapscentrum" in sv.select_one(".news-filter").get_text()
    en = soup(client.get("/en/news/?category=knowledge-centre"))
    assert "Knowledge centre" in en.select_one(".news-filter").get_text()
    assert "Knowledge centre" in en.title.get_text()


def test_filter_keeps_category_in_pagination(client, only_new_articles, category):
    for day in range(1, 12):
        NewsArticlePageFactory(date=datetime.date(2024, 1, day), categories=[category])
    NewsArticlePageFactory(date=datetime.date(2024, 2, 1))
    response = client.get("/sv/aktuellt/?category=kommunalt-partnerskap")
    assert len(soup(response).select(".news-item")) == 10
    next_link = soup(response).find("a", rel="next")["href"]
    assert next_link == "?category=kommunalt-partnerskap&page=2"
    assert len(soup(client.get("/sv/aktuellt/" + next_link)).select(".news-item")) == 1


def test_category_without_articles_says_so(client, only_new_articles, category):
    NewsArticlePageFactory(categories=[category], title_en="Elsewhere")
    assert titles(client.get("/en/news/")) == ["Elsewhere"]
    response = client.get("/en/news/?category=icld")
    assert response.status_code == 200
    assert titles(response) == []
    assert "There is no news in this category yet." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "category=finns-inte",
        "category=",
        "category=%00",
        "category=%C3%A5%27%3B--",
        "category=icld&category=kunskapscentrum",
        "page=abc",
        "page=999",
        "page=-1",
        "page=0",
        "page=1.5",
        "page=",
        "page=1&page=2",
        "category=icld&page=99",
    ],
)
@pytest.mark.parametrize("path", ["/sv/aktuellt/", "/en/news/"])
def test_bad_parameters_give_404(client, path, query):
    assert client.get(f"{path}?{query}").status_code == 404


def test_unknown_parameters_are_ignored(client):
    response = client.get("/sv/aktuellt/?utm_source=x")
    assert response.status_code == 200
    assert titles(response) == SEED_TITLES_SV


def _index_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sv/aktuellt/").status_code == 200
    return len(queries)


def test_index_query_count_does_not_grow_with_articles(
    client, only_new_articles, category, django_assert_max_num_queries
):
    for _ in range(2):
        NewsArticlePageFactory(categories=[category])
    with django_assert_max_num_queries(25):
        few = _index_queries(client)
    for _ in range(8):
        NewsArticlePageFactory(categories=[category])
    with django_assert_max_num_queries(25):
        many = _index_queries(client)
    assert len(titles(client.get("/sv/aktuellt/"))) == 10
    assert many == few


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/sv/aktuellt/", "Alla nyheter"),
        ("/sv/aktuellt/?category=utbildningsprogram", "Utbildningsprogram"),
        ("/en/news/?category=training-programmes", "Training programmes"),
    ],
)
def test_category_navigation_marks_current_filter(client, path, current):
    nav = soup(client.get(path)).find("nav", class_="news-categories")
    assert nav["aria-label"]
    links = nav.find_all("a")
    assert len(links) == 5
    assert [a.get_text(strip=True) for a in links if a.get("aria-current")] == [current]
