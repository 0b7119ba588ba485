"""A contact opens their verification link in Swedish and English: the page, an invalid
correction with its error summary, and the confirmation have no axe violations, and the
forms work without JavaScript."""

import pytest
from playwright.sync_api import expect

from partners.models import ContactPerson
from partners.verification import verification_url

from .helpers import DESKTOP, LANGUAGES, MOBILE, axe_violations

TITLE = {"sv": "Kontrollera dina kontaktuppgifter", "en": "Check your contact details"}
NAME = {"sv": "Namn (obligatoriskt)", "en": "Name (required)"}
SAVE = {"sv": "Spara de rättade uppgifterna", "en": "Save the corrected details"}
CONFIRM = {"sv": "Bekräfta mina uppgifter", "en": "Confirm my details"}
NOT_SAVED = {"sv": "Dina uppgifter sparades inte", "en": "Your details were not saved"}
THANKS = {"sv": "Tack", "en": "Thank you"}
USED = {"sv": "Länken kan inte användas", "en": "This link cannot be used"}


@pytest.fixture
def contact():
    """A published demo contact with an e-mail address; its details are put back after."""
    person = ContactPerson.objects.public().exclude(email="").order_by("pk").first()
    saved = ContactPerson.objects.values().get(pk=person.pk)
    yield person
    ContactPerson.objects.filter(pk=person.pk).update(
        **{key: value for key, value in saved.items() if key != "id"}
    )


def path_of(contact, language):
    contact.language = language
    return verification_url(contact).split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    ("viewport", "javascript"), [(DESKTOP, True), (MOBILE, False)], ids=["desktop", "320px-no-js"]
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_contact_checks_and_confirms_their_details(
    new_page, contact, language, viewport, javascript
):
    page = new_page(language, viewport, javascript=javascript)
    path = "/" + path_of(contact, language)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE[language])
    expect(page.locator("main")).to_contain_text(contact.name)
    if javascript:
        assert axe_violations(page) == []

    # An empty name: the error summary links to the field, which says what is wrong.
    page.get_by_label(NAME[language]).fill("")
    page.get_by_role("button", name=SAVE[language]).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(NOT_SAVED[language])
    summary.get_by_role("link").first.click()
    expect(page.get_by_label(NAME[language])).to_be_focused()
    if javascript:
        assert axe_violations(page) == []

    page.get_by_role("button", name=CONFIRM[language]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS[language])
    if javascript:
        assert axe_violations(page) == []

    # The link has done its work: opened again, it says so in its language.
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(USED[language])
    if javascript:
        assert axe_violations(page) == []
