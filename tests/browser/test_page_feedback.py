"""A visitor answers "Was this page helpful?" without JavaScript, in both languages, and
reads the thanks; the form and the thank-you page have no axe violations."""

import pytest
from playwright.sync_api import expect

from .helpers import CONTENT, DESKTOP, LANGUAGES, MOBILE, axe_violations

ANSWER = {"sv": "Ja", "en": "Yes"}
COMMENT = {"sv": "Kommentar (frivilligt)", "en": "Comment (optional)"}
THANKS = {"sv": "Tack för ditt svar", "en": "Thank you for your answer"}


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(DESKTOP, False), (MOBILE, False), (DESKTOP, True), (MOBILE, True)],
    ids=["desktop-no-js", "320px-no-js", "desktop", "320px"],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_answers_with_or_without_javascript(new_page, language, viewport, javascript):
    page = new_page(language, viewport, javascript=javascript)
    page.goto(CONTENT[language])
    page.get_by_label(COMMENT[language]).fill("Tydlig sida.")

    page.get_by_role("button", name=ANSWER[language], exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS[language])
    if javascript:
        # axe is a script run in the page: without JavaScript it cannot run.
        assert axe_violations(page) == []
    page.locator("main a").first.click()
    expect(page).to_have_url(f"{page.url.split(CONTENT[language])[0]}{CONTENT[language]}")
