import pytest

from news.models import NewsArticlePage, NewsCategory, NewsIndexPage


@pytest.fixture
def news_index(db):
    return NewsIndexPage.objects.get()


@pytest.fixture
def category(db):
    return NewsCategory.objects.get(slug_sv="kommunalt-partnerskap")


@pytest.fixture
def only_new_articles(news_index):
    """Removes the demo articles, for tests that count articles."""
    for article in NewsArticlePage.objects.child_of(news_index):
        article.delete()
