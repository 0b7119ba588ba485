"""A visitor finds the "Find a partner" form from the database page, sends it empty and
reads the error summary, then fills it in and reads what happens next, in both languages;
every step has no axe violations. Without JavaScript the form works the same."""

import pytest
from playwright.sync_api import expect

from .helpers import DATABASE, DESKTOP, LANGUAGES, MOBILE, axe_violations

CALL = {"sv": "Hitta en partner: anmäl intresse", "en": "Find a partner: register interest"}
PROBLEM = {"sv": "Det finns ett problem", "en": "There is a problem"}
THANKS = {"sv": "Tack för din förfrågan", "en": "Thank you for your request"}
LABELS = {
    "sv": {
        "name": "Organisationens namn",
        "type": "Typ av organisation",
        "county": "Län (svenska organisationer)",
        "description": "Beskrivning på svenska",
        "contact": "Kontaktpersonens namn",
        "email": "E-post",
        "consent": "Jag godkänner",
        "send": "Skicka förfrågan",
    },
    "en": {
        "name": "Name of the organisation",
        "type": "Type of organisation",
        "county": "County (Swedish organisations)",
        "description": "Description in English",
        "contact": "Contact person's name",
        "email": "E-mail",
        "consent": "I agree",
        "send": "Send the request",
    },
}


@pytest.fixture(autouse=True)
def _clean_requests():
    """The browser writes to the committed database: leave no request or limit behind."""
    from django.core.cache import cache

    from partners.models import PartnerRequest

    cache.clear()
    yield
    PartnerRequest.objects.filter(contact_email="browser@testkoping.se").delete()
    cache.clear()


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(DESKTOP, True), (MOBILE, True), (DESKTOP, False)],
    ids=["desktop", "320px", "desktop-no-js"],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_registers_interest(new_page, language, viewport, javascript):
    from partners.models import PartnerRequest

    labels = LABELS[language]
    page = new_page(language, viewport, javascript=javascript)
    page.goto(DATABASE[language])
    page.get_by_role("link", name=CALL[language]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CALL[language])
    if javascript:
        assert axe_violations(page) == []

    page.get_by_role("button", name=labels["send"]).click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("heading")).to_have_text(PROBLEM[language])
    if javascript:
        assert axe_violations(page) == []
    # Each message in the summary leads to its field.
    summary.get_by_role("link").first.click()
    assert page.url.endswith("#id_organisation")

    page.get_by_label(labels["name"]).fill("Webbläsarköpings kommun")
    page.get_by_label(labels["type"]).select_option("municipality")
    page.get_by_label(labels["county"]).select_option("AB")
    page.locator("#id_wanted_countries").get_by_label("Kenya").check()
    page.locator("#id_thematic_areas input").first.check()
    page.get_by_label(labels["description"]).fill("Medborgardialog och öppenhet.")
    page.get_by_label(labels["contact"]).fill("Bea Browser")
    page.get_by_label(labels["email"], exact=False).first.fill("browser@testkoping.se")
    page.get_by_label(labels["consent"]).check()
    page.get_by_role("button", name=labels["send"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS[language])
    if javascript:
        assert axe_violations(page) == []
    request = PartnerRequest.objects.get(contact_email="browser@testkoping.se")
    assert (request.language, request.organisation_name) == (language, "Webbläsarköpings kommun")
