"""Keyboard only: skip link, every control reachable with a visible focus, language switch."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import LANGUAGES, OTHER, PROGRAMME, has_visible_focus

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
