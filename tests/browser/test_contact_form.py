"""A visitor writes to a partnership's contact from its page, in Swedish and in English, with
and without JavaScript: a mistake is shown in an error summary with the text kept, then the
message is sent; the contact's address is never on screen. axe checks the page, the refused
form and the confirmation."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from .helpers import DESKTOP, LANGUAGES, MOBILE, axe_violations

NAME = {"sv": "Ditt namn", "en": "Your name"}
EMAIL = {"sv": "Din e-postadress", "en": "Your e-mail address"}
MESSAGE = {"sv": "Meddelande", "en": "Message"}
SEND = {"sv": "Skicka meddelandet", "en": "Send the message"}
NOT_SENT = {"sv": "Ditt meddelande har inte skickats", "en": "Your message has not been sent"}
SENT = {"sv": "Ditt meddelande har skickats", "en": "Your message has been sent"}
WRITE_YOUR_MESSAGE = {"sv": "Skriv ditt meddelande.", "en": "Write your message."}
TEXT = "Hej! Vi vill gärna veta mer om ert samarbete."


@pytest.fixture
def partnership():
    """A demo partnership with one published contact; what the test sends is removed after."""
    from django.core.cache import cache

    from icld_site.models import OutgoingMessage
    from partners.models import ContactMessageLog, ContactPerson, Partnership

    published = ContactPerson.objects.public()
    chosen = next(
        partnership
        for partnership in Partnership.objects.filter(contacts__in=published).distinct()
        if len(partnership.public_contacts) == 1
    )
    cache.clear()
    yield chosen
    ContactMessageLog.objects.filter(partnership=chosen).delete()
    OutgoingMessage.objects.filter(key__startswith="contact-").delete()
    cache.clear()


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(DESKTOP, False), (MOBILE, False), (DESKTOP, True)],
    ids=["desktop-no-js", "320px-no-js", "desktop"],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_writes_to_a_contact(new_page, partnership, language, viewport, javascript):
    from partners.models import ContactMessageLog

    with translation.override(language):
        url = partnership.get_absolute_url()
    address = partnership.public_contacts[0].email
    page = new_page(language, viewport, javascript=javascript)
    page.goto(url)
    if javascript:
        assert axe_violations(page) == []

    form = page.locator("#write form")
    form.get_by_label(NAME[language], exact=True).fill("Siri Sändare")
    form.get_by_label(EMAIL[language], exact=True).fill("siri@example.net")
    form.get_by_role("button", name=SEND[language]).click()

    # Nothing written yet: the summary names the missing message and links to it, and
    # what the visitor typed is still there.
    summary = page.locator("#contact-errors")
    expect(summary.get_by_role("heading")).to_have_text(NOT_SENT[language])
    expect(summary.get_by_role("link")).to_contain_text(WRITE_YOUR_MESSAGE[language])
    expect(page.get_by_label(NAME[language], exact=True)).to_have_value("Siri Sändare")
    if javascript:
        assert axe_violations(page) == []
    summary.get_by_role("link").click()
    page.get_by_label(MESSAGE[language], exact=True).fill(TEXT)
    page.get_by_role("button", name=SEND[language]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SENT[language])
    assert address not in page.content()
    if javascript:
        assert axe_violations(page) == []
    assert ContactMessageLog.objects.filter(
        partnership=partnership, sender_email="siri@example.net"
    ).exists()
