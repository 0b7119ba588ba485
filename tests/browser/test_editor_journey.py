"""An editor publishes a bilingual news article in the Wagtail admin and sees it on the site."""

import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from tests.factories import EditorFactory

from .helpers import DATABASE, NEWS, click_publish, sign_in

USERNAME = "redaktor"
PASSWORD = "browser-test-password-1"
ARTICLE = {
    "title_sv": "Ny omgång av Kommunalt Partnerskap",
    "title_en": "New round of Municipal Partnership",
    "teaser_sv": "Kommuner och regioner kan nu söka till nästa omgång.",
    "teaser_en": "Municipalities and regions can now apply for the next round.",
}


@pytest.fixture
def editor():
    """A member of the editors' group, removed again with everything the journey made."""
    from news.models import NewsArticlePage

    user = EditorFactory(username=USERNAME, password=PASSWORD)
    yield user
    for article in NewsArticlePage.objects.filter(title_sv=ARTICLE["title_sv"]):
        article.delete()
    user.delete()


def test_editor_publishes_a_news_article_in_both_languages(new_page, editor):
    from news.models import NewsIndexPage

    news_index = NewsIndexPage.objects.get()
    page = new_page("sv")
    sign_in(page, USERNAME, PASSWORD)

    page.goto(f"/admin/pages/add/news/newsarticlepage/{news_index.pk}/")
    for name, value in ARTICLE.items():
        page.locator(f"[name={name}]").fill(value)
    page.get_by_label("Kommunalt partnerskap", exact=True).check()
    click_publish(page)
    expect(page.locator(".messages")).to_contain_text(ARTICLE["title_sv"])

    for language in ("sv", "en"):
        title = ARTICLE[f"title_{language}"]
        page.goto(NEWS[language])
        first = page.locator(".news-item").first
        expect(first.get_by_role("heading", level=2)).to_have_text(title)
        expect(first).to_contain_text(ARTICLE[f"teaser_{language}"])

        feed = page.request.get(f"/{language}/feeds/news/rss/")
        assert feed.ok
        items = ET.fromstring(feed.body()).findall("./channel/item")  # noqa: S314
        assert items[0].findtext("title") == title


@pytest.fixture
def partnership():
    """A demo partnership whose titles the editor changes; put back afterwards."""
    from partners.models import Partnership

    partnership = Partnership.objects.order_by("pk").first()
    original = (partnership.title_sv, partnership.title_en)
    yield partnership
    Partnership.objects.filter(pk=partnership.pk).update(title_sv=original[0], title_en=original[1])


def test_editor_changes_a_partnership_and_sees_it_on_its_public_page(new_page, editor, partnership):
    page = new_page("sv")
    sign_in(page, USERNAME, PASSWORD)
    page.goto(f"/admin/snippets/partners/partnership/edit/{partnership.pk}/")
    new_titles = {
        "sv": "Gemensam klimatplanering för kommunerna",
        "en": "Joint climate planning for the municipalities",
    }
    for language, title in new_titles.items():
        page.locator(f"[name=title_{language}]").fill(title)
    page.locator("footer button[type=submit]").first.click()
    expect(page.locator(".messages")).to_be_visible()

    for language, title in new_titles.items():
        page.goto(f"{DATABASE[language]}{partnership.slug}/")
        expect(page.get_by_role("main")).to_contain_text(title)
