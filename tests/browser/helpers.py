"""The demo site's addresses and an axe-core check, for the browser tests."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.helpers import (  # noqa: F401 - the browser tests' addresses, one definition
    ARTICLE,
    CONTENT,
    DATABASE,
    HOME,
    LANGUAGES,
    NEWS,
    NOT_FOUND,
    OTHER,
    PROGRAMME,
    STATEMENT,
)

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 320, "height": 640}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the page, one readable line per failing node."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {', '.join(map(str, node['target']))}"
                f" – {node.get('failureSummary', '').splitlines()[-1].strip()}"
            )
    return lines


def has_visible_focus(locator):
    """Whether the focused element draws an outline or a box shadow that can be seen."""
    return locator.evaluate(
        """el => {
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const shadow = style.boxShadow && style.boxShadow !== 'none';
            return outline || shadow;
        }"""
    )


def sign_in(page, username, password):
    """Sign in to the admin through its login form."""
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def click_publish(page):
    """The editor's "Publish" button, from the footer's "more actions" menu if it is there."""
    publish = page.locator("button[name=action-publish]")
    if not publish.is_visible():
        page.locator("footer .w-dropdown__toggle").first.click()
    publish.click()
