"""Keyboard only: skip link, every control reachable with a visible focus, language switch."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import DATABASE, LANGUAGES, NEWS, OTHER, PROGRAMME, has_visible_focus

# Interactive elements a keyboard user must be able to reach, as Tab sees them.
FOCUSABLE = (
    "a[href]:visible, button:visible, input:not([type=hidden]):visible, select:visible, "
    "textarea:visible, summary:visible"
)
FOCUSED_ELEMENT = """() => {
    const el = document.activeElement;
    return el ? (el.getAttribute('data-kb') || '') : '';
}"""


def tab_through(page, limit=400):
    """Press Tab until focus leaves the page; return the data-kb marks of what was focused."""
    page.locator(FOCUSABLE).evaluate_all(
        "(els) => els.forEach((el, i) => el.setAttribute('data-kb', String(i)))"
    )
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        mark = page.evaluate(FOCUSED_ELEMENT)
        if not mark:
            if seen:
                break
            continue
        if mark in seen:
            break
        seen.append(mark)
        focused = page.locator(f"[data-kb='{mark}']")
        html = focused.evaluate("e => e.outerHTML")
        assert has_visible_focus(focused), f"no visible focus on {html}"
    return seen


@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_moves_focus_to_the_main_content(new_page, language):
    page = new_page(language)
    page.goto(PROGRAMME[language])
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert has_visible_focus(skip)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside the main content, not at the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_is_reachable_with_visible_focus(new_page, language):
    page = new_page(language)
    page.goto(PROGRAMME[language])
    expected = page.locator(FOCUSABLE).count()
    seen = tab_through(page)
    assert len(seen) == expected, f"Tab reached {len(seen)} of {expected} interactive elements"


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_works_from_the_keyboard(new_page, language):
    page = new_page(language)
    page.goto(PROGRAMME[language])
    switcher = page.get_by_role("navigation", name=re.compile("Språk|Language"))
    target = switcher.get_by_role("link")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.language-switcher') !== null"):
            break
    expect(target).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"{PROGRAMME[OTHER[language]]}$"))


def tab_to(page, locator, limit=200):
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            assert has_visible_focus(locator)
            return
    raise AssertionError(f"Tab never reached {locator}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_category_filter_works_from_the_keyboard(new_page, language):
    page = new_page(language)
    page.goto(NEWS[language])
    name = {"sv": "Utbildningsprogram", "en": "Training programmes"}[language]
    category = page.get_by_role("navigation", name=re.compile("Nyhetskategorier|News categories"))
    link = category.get_by_role("link", name=name, exact=True)
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?category="))
    expect(category.get_by_role("link", name=name, exact=True)).to_have_attribute(
        "aria-current", "true"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_site_search_works_from_the_keyboard(new_page, language):
    page = new_page(language)
    page.goto(PROGRAMME[language])
    field = page.locator("#header-search-q")
    tab_to(page, field)
    page.keyboard.type("Almedalen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=Almedalen"))
    expect(page.get_by_role("main")).to_contain_text("Almedal")


@pytest.mark.parametrize("language", LANGUAGES)
def test_database_filters_work_from_the_keyboard(new_page, language):
    page = new_page(language)
    page.goto(DATABASE[language])
    form = page.locator("form.database-filters")
    tab_to(page, form.locator("input[name=country]:checked"))
    # Arrow keys move through the countries without reloading the page under the visitor.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = form.locator("input[name=country]:checked")
    expect(chosen).to_be_focused()
    code = chosen.get_attribute("value")
    assert code
    assert "country=" not in page.url
    tab_to(page, form.locator("button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]country={code}(&|$)"))
    expect(page.locator(f"input[name=country][value={code}]")).to_be_checked()
