"""Every public page type needs a fixed number of SQL queries, whatever the amount of data.

Each page is rendered once to warm Wagtail's per-process caches (site root paths), then
measured with a small and with a large data set under the same budget."""

import pytest
from django.core.management import call_command

from news.models import NewsArticlePage

# The most queries each page type may make; measured with room for one or two more. With the
# content cache off, as here, the main menu costs four queries (one per page type in it) and
# the home page's database figures four more; with the cache on they cost none.
BUDGETS = {
    "home": 24,
    "programme": 32,
    "news index": 18,
    "news article": 20,
    "feed": 6,
}
PARTNERSHIP_PAGES = {"home": "/sv/", "programme": "/sv/kommunalt-partnerskap/"}


def warm_get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def newest_article_url():
    return NewsArticlePage.objects.live().newest().first().get_url()


@pytest.mark.django_db
@pytest.mark.parametrize("partnerships", [10, 1000])
@pytest.mark.parametrize("page", sorted(PARTNERSHIP_PAGES))
def test_partnership_pages_have_a_fixed_query_budget(
    client, page, partnerships, django_assert_max_num_queries
):
    call_command("generate_partnerships", count=partnerships, organisations=10, stdout=None)
    url = PARTNERSHIP_PAGES[page]
    warm_get(client, url)
    with django_assert_max_num_queries(BUDGETS[page]):
        warm_get(client, url)


@pytest.mark.django_db
@pytest.mark.parametrize("articles", [2, 30])
@pytest.mark.parametrize("page", ["home", "news index", "news article", "feed"])
def test_news_pages_have_a_fixed_query_budget(
    client, page, articles, django_assert_max_num_queries
):
    call_command("generate_news", count=articles, stdout=None)
    url = {
        "home": "/sv/",
        "news index": "/sv/aktuellt/",
        "feed": "/sv/feeds/news/rss/",
    }.get(page) or newest_article_url()
    warm_get(client, url)
    with django_assert_max_num_queries(BUDGETS[page]):
        response = warm_get(client, url)
    if page in ("news index", "feed"):
        # The large set really is listed: a full page of articles.
        assert response.content.count(b"Syntetisk nyhet") >= min(articles, 10)


@pytest.mark.django_db
def test_an_article_is_routed_in_sql_not_by_loading_every_sibling(client):
    from icld_site import routing
    from news.models import NewsIndexPage
    from programmes.models import ContentPage, HomePage

    # wagtail-modeltranslation's route() would iterate over every article in Python.
    for model in (NewsIndexPage, HomePage, ContentPage, NewsArticlePage):
        assert model.route is routing.route
    call_command("generate_news", count=5, stdout=None)
    article = NewsArticlePage.objects.live().newest().first()
    assert client.get(f"/sv/aktuellt/{article.slug_sv}/").status_code == 200
    assert client.get(f"/en/news/{article.slug_en}/").status_code == 200
    assert client.get("/sv/aktuellt/no-such-article/").status_code == 404
    # An English-only demo article has no Swedish slug of its own: the English one answers.
    english_only = NewsArticlePage.objects.filter(languages="en").first()
    assert client.get(f"/sv/aktuellt/{english_only.slug}/").status_code == 200
