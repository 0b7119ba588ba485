"""A visitor finds the programme, reads it, checks the round and takes the calendar home."""

import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from .helpers import HOME, LANGUAGES, OTHER, PROGRAMME, STATEMENT

SECTIONS = {
    "sv": ["Vad?", "Vem kan söka?", "Varför?", "Var?", "Hur?", "När?"],
    "en": ["What?", "Who can apply?", "Why?", "Where?", "How?", "When?"],
}
REQUIRED_IN_STATEMENT = {
    "sv": {
        "status": "delvis förenlig med lagen (2018:1937)",
        "headings": ["Kända brister", "Hur vi testat webbplatsen", "Rapportera brister", "Tillsyn"],
    },
    "en": {
        "status": "partially complies with the Swedish Act",
        "headings": [
            "Known shortcomings",
            "How we tested the website",
            "Report a problem",
            "Supervising authority",
        ],
    },
}
STATUS = {
    "sv": r"Ansökan är (öppen|stängd)",
    "en": r"Applications are (open|closed)",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_reads_the_programme_and_downloads_the_calendar(new_page, language):
    page = new_page(language)
    page.goto("/")
    expect(page).to_have_url(re.compile(f"{HOME[language]}$"))

    page.locator(".main-nav").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(f"{PROGRAMME[language]}$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    toc = page.get_by_role("navigation", name=re.compile("sidan|page"))
    for name in SECTIONS[language]:
        toc.get_by_role("link", name=name, exact=True).click()
        heading = page.get_by_role("heading", level=2, name=name, exact=True)
        expect(heading).to_be_in_viewport()
        section = page.locator("section").filter(has=heading)
        assert len(section.inner_text().strip()) > len(name) + 20

    status = page.locator(".status-box")
    expect(status.get_by_role("heading", level=2)).to_have_text(re.compile(STATUS[language]))

    with page.expect_download() as download_info:
        status.get_by_role("link", name=re.compile(r"\.ics")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert events, "the calendar file holds no application rounds"
    assert all(event.get("DTSTART") for event in events)

    page.get_by_role("navigation", name=re.compile("Språk|Language")).get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"{PROGRAMME[OTHER[language]]}$"))
    expect(page.locator("html")).to_have_attribute("lang", OTHER[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_footer_link_reaches_the_accessibility_statement(new_page, language):
    page = new_page(language)
    page.goto(PROGRAMME[language])
    footer = page.get_by_role("contentinfo")
    title = {"sv": "Tillgänglighetsredogörelse", "en": "Accessibility statement"}[language]
    footer.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(f"{STATEMENT[language]}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    # What the Act (2018:1937) and Digg's regulation ask a statement to contain.
    main = page.get_by_role("main")
    expect(main).to_contain_text("ICLD")
    expect(main).to_contain_text(REQUIRED_IN_STATEMENT[language]["status"])
    for heading in REQUIRED_IN_STATEMENT[language]["headings"]:
        expect(main.get_by_role("heading", level=2, name=heading)).to_be_visible()
    # The statement's date is the page's own "last updated", from its last publication.
    expect(main.locator(".last-updated time")).to_have_attribute(
        "datetime", re.compile(r"^20\d\d-\d\d-\d\d$")
    )
    expect(main).to_contain_text("partnership@icld.se")
    digg = page.get_by_role("link", name=re.compile("Digg"))
    expect(digg).to_have_attribute("href", re.compile(r"^https://www\.digg\.se/"))
