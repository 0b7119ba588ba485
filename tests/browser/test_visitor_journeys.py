"""A visitor reaches every feature from the home page by clicking only, in both languages,
at desktop width and at 320 px, with and without JavaScript.

Each journey opens the home page and from there only clicks: no address is typed after the
start. On every page it passes, no menu may offer two links with the same visible text.
"""

import re

import pytest
from playwright.sync_api import expect

from .helpers import DATABASE, DESKTOP, HOME, LANGUAGES, MOBILE, NEWS, OTHER, PROGRAMME, STATEMENT

MENU = {
    "sv": {"programme": "Om programmet", "database": "Partnerskapsdatabas", "news": "Aktuellt"},
    "en": {
        "programme": "About the programme",
        "database": "Partnership database",
        "news": "News",
    },
}

CATEGORY = {
    "sv": ("Utbildningsprogram", "utbildningsprogram"),
    "en": ("Training programmes", "training-programmes"),
}
STATEMENT_LINK = {"sv": "Tillgänglighetsredogörelse", "en": "Accessibility statement"}
BREADCRUMBS = re.compile("Du är här|You are here")

WAYS = [
    pytest.param(DESKTOP, True, id="desktop"),
    pytest.param(MOBILE, True, id="320px"),
    pytest.param(MOBILE, False, id="320px-no-js"),
]


def menu_texts_are_unique(page):
    """Every navigation landmark's links, by visible text: none may appear twice."""
    for nav in page.get_by_role("navigation").all():
        texts = [" ".join(text.split()) for text in nav.get_by_role("link").all_inner_texts()]
        repeated = {text for text in texts if texts.count(text) > 1}
        name = nav.get_attribute("aria-label") or nav.get_attribute("aria-labelledby")
        assert not repeated, f"{page.url}: the menu {name!r} repeats {sorted(repeated)}"


def click_menu(page, language, item):
    menu = page.get_by_role("navigation", name=re.compile("Huvudmeny|Main menu"))
    link = menu.get_by_role("link", name=MENU[language][item], exact=True)
    expect(link).to_be_visible()
    link.click()
    menu_texts_are_unique(page)


def start(new_page, language, viewport, javascript):
    page = new_page(language, viewport, javascript=javascript)
    page.goto(HOME[language])
    menu_texts_are_unique(page)
    return page


@pytest.mark.parametrize(("viewport", "javascript"), WAYS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_from_home_to_the_database_in_one_click(new_page, language, viewport, javascript):
    page = start(new_page, language, viewport, javascript)
    click_menu(page, language, "database")
    expect(page).to_have_url(re.compile(f"{DATABASE[language]}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(MENU[language]["database"])
    current = page.locator(".main-nav a[aria-current]")
    expect(current).to_have_text(MENU[language]["database"])

    # The home page's own search box leads there too, with the words kept.
    page.get_by_role("link", name=re.compile("ICLD")).first.click()
    expect(page).to_have_url(re.compile(f"{HOME[language]}$"))
    box = page.locator(".database-card")
    box.get_by_role("searchbox").fill("Malmö")
    box.get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"{DATABASE[language]}\?q=Malm"))
    expect(page.locator("#id_q")).to_have_value("Malmö")


ORGANISATIONS = {
    "sv": (
        "Svenska organisationer i aktiva partnerskap",
        "svenska organisationer i aktiva partnerskap",
    ),
    "en": (
        "Swedish organisations in active partnerships",
        "Swedish organisations in active partnerships",
    ),
}


@pytest.mark.parametrize(("viewport", "javascript"), WAYS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_from_a_key_figure_to_the_organisations_it_counts(new_page, language, viewport, javascript):
    page = start(new_page, language, viewport, javascript)
    label, summary = ORGANISATIONS[language]
    figure = page.locator(".database-card").get_by_role("link", name=re.compile(label))
    count = figure.locator(".key-figure-value").inner_text()
    figure.click()
    expect(page.locator("[data-result-count]")).to_have_text(f"{count} {summary}")
    assert page.locator(".organisation-list > li").count() == int(count)
    menu_texts_are_unique(page)
    organisation = page.locator(".organisation-list a").first
    name = organisation.inner_text()
    organisation.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


@pytest.mark.parametrize(("viewport", "javascript"), WAYS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_from_the_programme_to_kenya_a_partnership_and_its_organisation(
    new_page, language, viewport, javascript
):
    page = start(new_page, language, viewport, javascript)
    click_menu(page, language, "programme")
    expect(page).to_have_url(re.compile(f"{PROGRAMME[language]}$"))

    # "Kenya (3 active partnerships)" leads to those partnerships.
    page.locator("#var").get_by_role("link", name=re.compile(r"^Kenya \(")).click()
    expect(page).to_have_url(re.compile(rf"{DATABASE[language]}\?country=KE&status=active$"))
    menu_texts_are_unique(page)
    expect(page.locator("input[name=country][value=KE]")).to_be_checked()

    results = page.locator(".database-results .partnership-list > li")
    assert results.count() >= 1
    first = results.first.get_by_role("heading", level=3).get_by_role("link")
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    menu_texts_are_unique(page)
    trail = page.get_by_role("navigation", name=BREADCRUMBS)
    expect(trail.get_by_role("link", name=MENU[language]["database"])).to_be_visible()
    expect(page.locator(".partnership-facts")).to_contain_text("Kenya")

    organisation = page.locator(".partnership-facts dd").first.get_by_role("link").first
    name = organisation.inner_text()
    organisation.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    menu_texts_are_unique(page)
    expect(page.get_by_role("navigation", name=BREADCRUMBS)).to_contain_text(name)


@pytest.mark.parametrize(("viewport", "javascript"), WAYS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_from_news_by_category_to_an_article_in_the_other_language(
    new_page, language, viewport, javascript
):
    page = start(new_page, language, viewport, javascript)
    click_menu(page, language, "news")
    expect(page).to_have_url(re.compile(f"{NEWS[language]}$"))

    label, slug = CATEGORY[language]
    categories = page.get_by_role("navigation", name=re.compile("Nyhetskategorier|News categories"))
    categories.get_by_role("link", name=label, exact=True).click()
    expect(page).to_have_url(re.compile(rf"\?category={slug}$"))
    menu_texts_are_unique(page)

    article = page.locator(".news-item").first.get_by_role("heading", level=2).get_by_role("link")
    article.click()
    expect(page.locator("article.news-article")).to_be_visible()
    expect(page.locator(".news-article .tags")).to_contain_text(label)
    menu_texts_are_unique(page)
    article_path = page.url

    switcher = page.get_by_role("navigation", name=re.compile("Språk|Language"))
    switcher.get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"/{OTHER[language]}/"))
    assert page.url != article_path
    other_label = CATEGORY[OTHER[language]][0]
    expect(page.locator(".news-article .tags")).to_contain_text(other_label)
    expect(page.locator("html")).to_have_attribute("lang", OTHER[language])
    menu_texts_are_unique(page)


@pytest.mark.parametrize(("viewport", "javascript"), WAYS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_from_home_to_the_accessibility_statement(new_page, language, viewport, javascript):
    page = start(new_page, language, viewport, javascript)
    page.locator("footer").get_by_role("link", name=STATEMENT_LINK[language]).click()
    expect(page).to_have_url(re.compile(f"{STATEMENT[language]}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(STATEMENT_LINK[language])
    trail = page.get_by_role("navigation", name=BREADCRUMBS)
    trail.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(f"{HOME[language]}$"))
