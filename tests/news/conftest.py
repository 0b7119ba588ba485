import datetime
import itertools

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from news.models import NewsArticlePage, NewsCategory, NewsIndexPage

_numbers = itertools.count(1)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def news_index(db):
    return NewsIndexPage.objects.get()


@pytest.fixture
def category(db):
    return NewsCategory.objects.get(slug_sv="kommunalt-partnerskap")


@pytest.fixture
def make_article(news_index):
    """A published article under the news index; keyword arguments override the defaults."""

    def make(publish=True, categories=(), **values):
        number = next(_numbers)
        defaults = {
            "title_sv": f"Testnyhet {number}",
            "title_en": f"Test news {number}",
            "slug_sv": f"testnyhet-{number}",
            "slug_en": f"test-news-{number}",
            "teaser_sv": f"Ingress {number}",
            "teaser_en": f"Teaser {number}",
            "body_sv": [("paragraph", RichText("<p>Brödtext.</p>"))],
            "body_en": [("paragraph", RichText("<p>Body text.</p>"))],
            "date": datetime.date(2024, 1, 1),
        }
        defaults.update(values)
        article = NewsArticlePage(slug=defaults["slug_sv"], live=publish, **defaults)
        article.categories = list(categories)
        news_index.add_child(instance=article)
        revision = article.save_revision()
        if publish:
            revision.publish()
        return article

    return make


@pytest.fixture
def only_new_articles(news_index):
    """Removes the demo articles, for tests that count articles."""
    for article in NewsArticlePage.objects.child_of(news_index):
        article.delete()
