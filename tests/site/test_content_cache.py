"""Figures shared by many pages are cached per content generation (page cache off)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import NewsCategory
from partners.models import Country, Partnership, Status
from programmes.models import ProgrammePage
from tests.factories import NewsArticlePageFactory
from tests.helpers import PROGRAMME, facet_counts, get_soup

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


def test_a_preview_shows_its_own_choice_of_countries():
    page = ProgrammePage.objects.get()
    assert len([c for group in page.country_groups() for c in group["countries"]]) > 1
    # An unsaved change, as the admin's preview renders it.
    page.countries.set([Country.objects.get(code="KE")])
    assert [c.code for group in page.country_groups() for c in group["countries"]] == ["KE"]
