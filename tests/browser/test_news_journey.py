"""A visitor reads the news by category, opens an article and finds the feed."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import HOME, LANGUAGES, NEWS, OTHER

CATEGORY = {"sv": "Kommunalt partnerskap", "en": "Municipal partnership"}
CATEGORY_SLUG = {"sv": "kommunalt-partnerskap", "en": "municipal-partnership"}
ONE_LANGUAGE_ARTICLE = {
    # Written in the other language only: still listed, opened with a notice.
    "sv": ("Requirements for reporting", "Artikeln finns bara på engelska."),
    "en": ("Sketchnotes från ICLD Almedalen 2016", "This article is only available in Swedish."),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_filters_news_opens_an_article_and_finds_the_feed(new_page, language):
    page = new_page(language)
    page.goto(HOME[language])
    news_title = {"sv": "Aktuellt", "en": "News"}[language]
    page.locator(".main-nav").get_by_role("link", name=news_title).click()
    expect(page).to_have_url(re.compile(f"{NEWS[language]}$"))

    categories = page.get_by_role("navigation", name=re.compile("Nyhetskategorier|News categories"))
    categories.get_by_role("link", name=CATEGORY[language], exact=True).click()
    expect(page).to_have_url(re.compile(rf"\?category={CATEGORY_SLUG[language]}$"))
    expect(categories.get_by_role("link", name=CATEGORY[language], exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    articles = page.locator(".news-item")
    assert articles.count() >= 1

    title = articles.first.get_by_role("heading", level=2).inner_text()
    articles.first.get_by_role("heading", level=2).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    feed = page.locator("link[rel=alternate][type='application/rss+xml']").first
    feed_url = feed.get_attribute("href")
    assert f"/{language}/feeds/news/" in feed_url
    response = page.request.get(feed_url)
    assert response.ok
    assert title in response.text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_in_one_language_is_reachable_from_the_other(new_page, language):
    page = new_page(language)
    title, notice = ONE_LANGUAGE_ARTICLE[language]
    page.goto(NEWS[language])
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".news-language-notice")).to_have_text(notice)
    switch = page.get_by_role("navigation", name=re.compile("Språk|Language")).get_by_role("link")
    switch.click()
    assert page.url.split("/")[3] == OTHER[language]
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
