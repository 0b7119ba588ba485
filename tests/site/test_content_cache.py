"""Figures shared by many pages are cached per content generation (page cache off)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import NewsArticlePage, NewsCategory, NewsIndexPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache_on")]
PROGRAMME = {"sv": "/sv/kommunalt-partnerskap/", "en": "/en/municipal-partnership/"}


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


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
    from partners.models import Partnership

    figure = soup(client, PROGRAMME["sv"]).select_one("#varfor .highlight").get_text(strip=True)
    assert not figure.startswith("Cirka 70")
    with committed():
        Partnership.objects.all().delete()
    figure = soup(client, PROGRAMME["sv"]).select_one("#varfor .highlight").get_text(strip=True)
    assert figure.startswith("Cirka 70")


def test_a_new_article_appears_in_the_latest_news(client, committed):
    assert "Nyhet från i dag" not in soup(client, PROGRAMME["sv"]).get_text()
    article = NewsArticlePage(
        title_sv="Nyhet från i dag",
        title_en="News of today",
        slug="nyhet-fran-i-dag",
        slug_sv="nyhet-fran-i-dag",
        slug_en="news-of-today",
        teaser_sv="Ingress.",
        teaser_en="Teaser.",
        date=timezone.localdate(),
        categories=[NewsCategory.objects.get(slug_sv="kommunalt-partnerskap")],
    )
    with committed():
        NewsIndexPage.objects.get().add_child(instance=article)
        article.save_revision().publish()
    assert "Nyhet från i dag" in soup(client, PROGRAMME["sv"]).get_text()


def test_each_language_keeps_its_own_country_names(client):
    swedish = soup(client, PROGRAMME["sv"]).select_one("#var").get_text(" ")
    english = soup(client, PROGRAMME["en"]).select_one("#var").get_text(" ")
    assert "Moldavien" in swedish and "Moldova" not in swedish
    assert "Moldova" in english and "Moldavien" not in english


def test_the_whole_database_counts_follow_an_edit(client, committed):
    from partners.models import Partnership, Status
    from tests.partners_public.test_database_page import facet_counts

    url = "/sv/kommunalt-partnerskap/databas/"
    before = facet_counts(soup(client, url), "status")
    partnership = Partnership.objects.filter(status=Status.ACTIVE).first()
    partnership.status = Status.FINISHED
    with committed():
        partnership.save()
    after = facet_counts(soup(client, url), "status")
    assert after["active"] == before["active"] - 1
    assert after["finished"] == before.get("finished", 0) + 1


def test_a_preview_shows_its_own_choice_of_countries():
    from partners.models import Country
    from programmes.models import ProgrammePage

    page = ProgrammePage.objects.get()
    assert len([c for group in page.country_groups() for c in group["countries"]]) > 1
    # An unsaved change, as the admin's preview renders it.
    page.countries.set([Country.objects.get(code="KE")])
    assert [c.code for group in page.country_groups() for c in group["countries"]] == ["KE"]
