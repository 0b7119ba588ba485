"""Limits that cannot be dodged by spelling an address another way, nor turned against a
contact: one source alone cannot use up a recipient's day, and the programme mailbox is told
when a recipient reaches the ceiling."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from icld_site.models import OutgoingMessage, SiteSettings, Subscriber
from tests.helpers import text

SITE = "http://testserver"
REFUSED = {
    "sender": {
        "sv": "För många meddelanden har skickats från din e-postadress den senaste timmen.",
        "en": "Too many messages have been sent from your e-mail address in the last hour.",
    },
    "pair": {
        "sv": "Du har skickat för många meddelanden till mottagaren via webbplatsen i dag.",
        "en": "You have sent the recipient too many messages through the site today.",
    },
    "ceiling": {
        "sv": "Mottagaren har fått för många meddelanden via webbplatsen i dag.",
        "en": "The recipient has been sent too many messages through the site today.",
    },
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def loose(settings):
    """Every limit high, so that each test reaches only the one it is about."""
    settings.CONTACT_LIMIT_PER_SENDER = settings.CONTACT_LIMIT_PER_IP = 100
    settings.CONTACT_LIMIT_PER_RECIPIENT = settings.CONTACT_LIMIT_PER_RECIPIENT_PER_SENDER = 100
    return settings


def write(client, partnership, email, remote, language="sv"):
    with translation.override(language):
        path = reverse("partnership_contact", kwargs={"slug": partnership.slug})
    data = {"name": "Siri", "email": email, "message": "Hej!", "language": language}
    return client.post(path, data, REMOTE_ADDR=remote, HTTP_ORIGIN=SITE)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_quoting_or_capitals_do_not_make_a_new_sender(client, data, loose, language):
    loose.CONTACT_LIMIT_PER_SENDER = 2
    partnership = data["borlange_chisinau"]
    assert (
        write(client, partnership, "rl.sender@example.com", "10.0.0.1", language).status_code == 200
    )
    assert (
        write(client, partnership, '"rl.sender"@example.com', "10.0.0.2", language).status_code
        == 200
    )
    refused = write(client, partnership, '"RL.Sender"@Example.com', "10.0.0.3", language)
    assert refused.status_code == 429
    assert REFUSED["sender"][language] in text(refused)


def test_a_quoted_address_signs_up_the_same_subscriber(client, db):
    for email in ("rl.sender@example.com", '"rl.sender"@example.com', '"RL.sender"@EXAMPLE.com'):
        fields = {"email": email, "topic": "news", "params": "", "consent": "on"}
        assert client.post("/sv/prenumerera/", fields, HTTP_ORIGIN=SITE).status_code == 200
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["rl.sender@example.com"]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("source", ["address", "connection"])
def test_one_source_cannot_use_up_a_recipients_day(client, data, loose, language, source):
    loose.CONTACT_LIMIT_PER_RECIPIENT, loose.CONTACT_LIMIT_PER_RECIPIENT_PER_SENDER = 4, 2
    partnership = data["borlange_chisinau"]

    def flood(number):
        # One address from many connections, or many addresses from one connection.
        if source == "address":
            return write(client, partnership, "flood@example.com", f"10.0.1.{number}", language)
        return write(client, partnership, f"flood{number}@example.com", "10.0.1.1", language)

    assert [flood(n).status_code for n in (1, 2)] == [200, 200]
    refused = flood(3)
    assert refused.status_code == 429
    assert REFUSED["pair"][language] in text(refused)
    # Someone else still gets through.
    assert write(client, partnership, "other@example.org", "10.0.2.1", language).status_code == 200


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_programme_mailbox_is_told_once_when_a_contact_reaches_the_ceiling(
    client, data, loose, smtp_server, committed, language
):
    loose.CONTACT_LIMIT_PER_RECIPIENT = 2
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "team@example.se"
    site_settings.save()
    partnership = data["borlange_chisinau"]
    with committed():
        for number in (1, 2):
            sent = write(
                client, partnership, f"s{number}@example.com", f"10.0.3.{number}", language
            )
            assert sent.status_code == 200
        for number in (3, 4):
            refused = write(
                client, partnership, f"s{number}@example.com", f"10.0.3.{number}", language
            )
            assert refused.status_code == 429
            assert REFUSED["ceiling"][language] in text(refused)
    told = OutgoingMessage.objects.filter(key__startswith="contact-ceiling:")
    assert told.count() == 1
    [(recipients, message)] = [
        (to, message) for to, message in smtp_server.received if to == ["team@example.se"]
    ]
    body = message.get_content()
    assert "Anna Andersson" in body and "kontaktformuläret" in body
    # Nothing any sender wrote or typed.
    assert "s1@example.com" not in message.as_string()
