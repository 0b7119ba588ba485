"""Arbitrary Unicode addresses and names in every public form that sends mail, and in the
contact's own correction form: never a 5xx, never a header or a body line the sender
controls outside the message part of what reaches the mail server, and every batch command
(cron) completes with whatever was stored.

Hypothesis builds addresses from plain, quoted and Unicode local parts and internationalised
domains, with a bidirectional control, an invisible character or a line separator put
anywhere, and names that try to start a header or a line of their own.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icld_site.models import Subscriber
from partners import verification
from partners.models import ContactPerson, Country, ThematicArea
from tests.factories import ContactPersonFactory, PartnershipFactory
from tests.helpers import DATABASE

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# What a sender tries to put on a line, or in a header, of its own.
INJECTED = ["Bcc: evil@example.org", "X-Evil: 1", "EVIL LINE"]
SEPARATORS = ["", " ", "\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"]
HIDDEN = ["", "\u202e", "\u2066", "\u200f", "\u200b", "\ufeff", "\u2028", "\x85", "\r\n", "\x00"]
# Headers the site's messages carry; anything else was injected.
HEADERS = {
    "content-type",
    "mime-version",
    "content-transfer-encoding",
    "subject",
    "from",
    "to",
    "reply-to",
    "date",
    "message-id",
    "content-language",
    "list-unsubscribe",
    "list-unsubscribe-post",
}
MESSAGE_START = re.compile(r"^----- (Meddelande|Message) -----$")
DASHES = re.compile(r"^-{10,}$")

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
local_parts = st.one_of(
    st.from_regex(r"[a-z0-9][a-z0-9.+=_-]{0,10}", fullmatch=True),
    st.builds(lambda inner: f'"{inner}"', any_text),
    any_text.filter(bool),
)
labels = st.one_of(
    st.sampled_from(["exämple", "malmö", "åäö", "xn--exmple-cua", "example", "ÖREBRO"]),
    st.from_regex(r"[a-z0-9åäöü-]{1,12}", fullmatch=True),
    any_text.filter(bool),
)
top_levels = st.sampled_from(["se", "com", "org", "рф", "ελ"])


def insert(text, hidden, position):
    at = position % (len(text) + 1)
    return text[:at] + hidden + text[at:]


addresses = st.builds(
    insert,
    st.builds(
        lambda local, domain, top: f"{local}@{domain}.{top}", local_parts, labels, top_levels
    ),
    st.sampled_from(HIDDEN),
    st.integers(min_value=0, max_value=60),
)
# A name never starts with the payload itself: a line of the message that does was broken
# there by the name.
names = st.builds(
    lambda before, separator, injected: "Eve" + before + separator + injected,
    any_text,
    st.sampled_from(SEPARATORS),
    st.sampled_from(INJECTED),
)


@pytest.fixture
def world(db):
    """A partnership with one published contact due for a reminder, and a second contact
    that holds whatever address an example stores directly (as data from before a check)."""
    long_ago = timezone.localdate() - timedelta(days=400)
    contact, stored = (
        ContactPersonFactory(
            name=name,
            email=email,
            is_published=True,
            consent_date=long_ago,
            last_verified=long_ago,
        )
        for name, email in (("Åsa Öberg", "asa@example.se"), ("Lagrad Adress", "s@example.se"))
    )
    partnership = PartnershipFactory(
        swedish_organisations=[contact.organisation], contacts=[contact, stored]
    )
    return {"contact": contact, "stored": stored, "partnership": partnership}


def send_everything(client, world, name, address):
    """Every form that sends mail, and the contact's correction, with `name` and `address`;
    returns the statuses."""
    partnership, contact = world["partnership"], world["contact"]
    contact.refresh_from_db()
    message = {
        "name": name,
        "email": address,
        "message": f"Hej\n{INJECTED[2]}\n----- Message -----\n{INJECTED[0]}",
        "language": "sv",
        "contact": contact.pk,
    }
    subscription = {"email": address, "topic": "news", "params": "", "consent": "on"}
    request = {
        "organisation_name": name,
        "organisation_type": "municipality",
        "organisation_county": "AB",
        "wanted_countries": [Country.objects.get(code="KE").pk],
        "thematic_areas": [ThematicArea.objects.order_by("pk").first().pk],
        "description_sv": name,
        "contact_name": name,
        "contact_role": name,
        "contact_email": address,
        "consent": "on",
    }
    correction = {"action": "correct", "name": name, "email": address, "phone": "", "role": name}
    origin = {"HTTP_ORIGIN": SITE}
    return [
        client.post(f"/sv/skriv-till/{partnership.slug}/", message, **origin).status_code,
        client.post("/sv/prenumerera/", subscription, **origin).status_code,
        client.post("/sv/prenumerera/hantera/", {"email": address}, **origin).status_code,
        client.post(DATABASE["sv"] + "anmal-intresse/", request).status_code,
        client.post(
            verification.verification_url(contact).removeprefix(SITE), correction
        ).status_code,
    ]


def verification_path(contact):
    return verification.verification_url(contact).removeprefix(SITE)


def lines_outside_the_message(body):
    """The lines of a text part outside its quoted message (from its first start marker to
    its last closing line of dashes), split wherever Python sees a line break."""
    lines = body.splitlines()
    starts = [index for index, line in enumerate(lines) if MESSAGE_START.match(line)]
    if not starts:
        return lines
    ends = [index for index, line in enumerate(lines) if DASHES.match(line)]
    end = max(ends) if ends else len(lines)
    return lines[: starts[0]] + lines[end + 1 :]


def assert_nothing_injected(received):
    for recipients, message in received:
        assert "evil@example.org" not in recipients
        assert all(recipient.isascii() for recipient in recipients)
        assert {name.lower() for name in message} <= HEADERS, message.keys()
        for part in message.walk():
            if part.get_content_type() != "text/plain":
                continue
            for line in lines_outside_the_message(part.get_content()):
                stripped = line.strip()
                assert not stripped.startswith(tuple(INJECTED)), (line, message["Subject"])


def run_batches():
    for command in (
        "send_verification_reminders",
        "expire_partner_requests",
        "send_notifications",
        "retry_mail",
    ):
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())


@FUZZ
@given(name=names, address=addresses)
def test_outsiders_cannot_break_or_forge_mail(
    client, world, smtp_server, django_capture_on_commit_callbacks, name, address
):
    cache.clear()
    smtp_server.received.clear()
    # What an example stores without any check, as data from before one would be (less NUL,
    # which PostgreSQL cannot store at all).
    stored = address.replace("\x00", "")[:254]
    ContactPerson.objects.filter(pk=world["stored"].pk).update(
        email=stored, verification_requested_at=None
    )
    ContactPerson.objects.filter(pk=world["contact"].pk).update(verification_requested_at=None)
    Subscriber.objects.update_or_create(pk=1, defaults={"email": stored, "language": "sv"})
    with django_capture_on_commit_callbacks(execute=True):
        statuses = send_everything(client, world, name, address)
    assert all(status < 500 for status in statuses), statuses
    with django_capture_on_commit_callbacks(execute=True):
        run_batches()
    assert_nothing_injected(smtp_server.received)
