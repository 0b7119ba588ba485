"""E-mail addresses from outside (icld_site.validators): internationalised domains are
accepted and reach the mail server in their ASCII form; invisible and bidirectional control
characters are refused with a clear message in every form; an address that cannot be sent
to, stored before, skips its own row of every batch and stops nothing else."""

import io
import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from icld_site.models import OutgoingMessage, Subscriber, Subscription
from icld_site.notifications import queue_to_subscriptions
from partners import verification
from partners.models import ContactPerson, Country, PartnerRequest, ThematicArea
from tests.factories import ContactPersonFactory, PartnershipFactory
from tests.helpers import DATABASE, text

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
IDN = "åsa@exämple.se"  # refused: a non-ASCII local part cannot be sent without SMTPUTF8
IDN_DOMAIN = "asa@exämple.se"
IDN_ASCII = "asa@xn--exmple-cua.se"
BIDI = ["asa@example.se\u202e", "asa@exa\u202emple.se", "asa@exam\u200bple.se", "a\u2066@x.se"]
INVISIBLE = {
    "sv": "E-postadressen innehåller osynliga tecken",
    "en": "The e-mail address contains invisible characters",
}
BULK = "/admin/bulk/partners/contactperson/send_verification_request/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def contact(db):
    """A published contact, verified long ago, the only contact of a partnership."""
    person = ContactPersonFactory(
        name="Åsa Öberg",
        email="asa@example.se",
        is_published=True,
        consent_date=timezone.localdate() - timezone.timedelta(days=800),
        last_verified=timezone.localdate() - timezone.timedelta(days=400),
    )
    partnership = PartnershipFactory(swedish_organisations=[person.organisation], contacts=[person])
    return person, partnership


def sign_up(client, email, language="sv"):
    data = {"email": email, "topic": "news", "params": "", "consent": "on"}
    return client.post(url("subscribe", language), data, HTTP_ORIGIN=SITE)


def write_to(client, partnership, email, language="sv", **changes):
    data = {"name": "Siri", "email": email, "message": "Hej!", "language": language, **changes}
    return client.post(
        url("partnership_contact", language, slug=partnership.slug), data, HTTP_ORIGIN=SITE
    )


def request_partner(client, email, language="sv"):
    data = {
        "organisation_name": "Testköpings kommun",
        "organisation_type": "municipality",
        "organisation_county": "AB",
        "wanted_countries": [Country.objects.get(code="KE").pk],
        "thematic_areas": [ThematicArea.objects.order_by("pk").first().pk],
        "description_sv": "Vi vill arbeta med medborgardialog.",
        "contact_name": "Åsa Öberg",
        "contact_email": email,
        "consent": "on",
    }
    path = DATABASE[language] + ("anmal-intresse/" if language == "sv" else "register-interest/")
    return client.post(path, data)


def correct(client, person, email, language="sv"):
    person.language = language
    path = verification.verification_url(person).removeprefix(SITE)
    data = {"action": "correct", "name": person.name, "email": email, "phone": "", "role": ""}
    return client.post(path, data)


# The one check (imported here, so that the attacks below run against any version)


def test_an_internationalised_domain_is_valid_and_sent_in_ascii():
    from icld_site.validators import canonical_address, smtp_address, validate_email_address

    validate_email_address(IDN_DOMAIN)
    assert smtp_address(IDN_DOMAIN) == IDN_ASCII
    # One spelling, as people read it; the mail server gets the ASCII form.
    assert canonical_address("Asa@EXÄMPLE.se") == canonical_address(IDN_ASCII) == IDN_DOMAIN


@pytest.mark.parametrize("address", ['"rl.sender"@example.com', "RL.Sender@Example.COM"])
def test_quoting_and_case_name_the_same_address(address):
    from icld_site.validators import canonical_address

    assert canonical_address(address) == "rl.sender@example.com"


def test_a_quoted_local_part_that_needs_its_quotes_keeps_them():
    from icld_site.validators import canonical_address

    assert canonical_address('"two words"@example.com') == '"two words"@example.com'


# Every public form ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_sign_up_with_an_internationalised_domain_is_mailed_to_its_ascii_form(
    client, smtp_server, committed, language
):
    with committed():
        response = sign_up(client, IDN_DOMAIN, language)
    assert response.status_code == 200
    # Stored and shown as people read it, never as xn--.
    assert Subscriber.objects.get().email == IDN_DOMAIN
    assert IDN_DOMAIN in text(response) and "xn--" not in text(response)
    [(recipients, _message)] = smtp_server.received
    assert recipients == [IDN_ASCII]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("address", BIDI)
def test_sign_up_refuses_invisible_characters_clearly(client, language, address):
    response = sign_up(client, address, language)
    assert response.status_code == 400
    assert INVISIBLE[language] in text(response)
    assert not Subscriber.objects.exists() and not OutgoingMessage.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_contact_form_takes_an_internationalised_sender(
    client, contact, smtp_server, committed, language
):
    _person, partnership = contact
    with committed():
        response = write_to(client, partnership, IDN_DOMAIN, language)
    assert response.status_code == 200
    (_to, message), (receipt_to, _receipt) = smtp_server.received
    assert message["Reply-To"].addresses[0].addr_spec == IDN_ASCII
    assert receipt_to == [IDN_ASCII]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_contact_form_refuses_invisible_characters_clearly(client, contact, language):
    response = write_to(client, contact[1], BIDI[0], language)
    # The form comes back with its errors, as for any other mistake.
    assert response.status_code == 200
    assert INVISIBLE[language] in text(response)
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_partner_request_takes_an_internationalised_address(
    client, smtp_server, committed, language
):
    with committed():
        response = request_partner(client, IDN_DOMAIN, language)
    assert response.status_code == 302
    assert PartnerRequest.objects.get().contact_email == IDN_DOMAIN
    assert [IDN_ASCII] in [recipients for recipients, _message in smtp_server.received]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_partner_request_refuses_invisible_characters_clearly(client, language):
    response = request_partner(client, BIDI[1], language)
    assert response.status_code == 400
    assert INVISIBLE[language] in text(response)
    assert not PartnerRequest.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_contact_cannot_save_an_address_that_breaks_their_mail(client, contact, language):
    person, _partnership = contact
    response = correct(client, person, BIDI[0], language)
    assert response.status_code == 400
    assert INVISIBLE[language] in text(response)
    person.refresh_from_db()
    assert person.email == "asa@example.se"


def test_a_contact_with_an_internationalised_address_is_written_to(
    client, contact, smtp_server, committed
):
    person, partnership = contact
    assert correct(client, person, IDN_DOMAIN).status_code == 200
    person.refresh_from_db()
    assert person.email == IDN_DOMAIN
    with committed():
        assert write_to(client, partnership, "siri@example.net").status_code == 200
    recipients = [to for to, _message in smtp_server.received]
    assert [IDN_ASCII] in recipients


# Batches survive an address stored before the check -----------------------------------


@pytest.fixture
def stored_bad_address(contact):
    """The contact's address, as an attacker saved it before the check: it cannot be sent
    to. update() bypasses every check, as old data would."""
    person, _partnership = contact
    ContactPerson.objects.filter(pk=person.pk).update(email=BIDI[0])
    person.refresh_from_db()
    return person


@pytest.fixture
def good_contact(db):
    return ContactPersonFactory(
        name="Bo Bra",
        email="bo@example.se",
        is_published=True,
        consent_date=timezone.localdate() - timezone.timedelta(days=800),
        last_verified=timezone.localdate() - timezone.timedelta(days=400),
    )


def test_the_contact_form_to_a_contact_with_a_bad_stored_address_is_not_a_500(
    client, stored_bad_address, contact
):
    response = write_to(client, contact[1], "siri@example.net")
    assert response.status_code < 500


def test_the_bulk_action_sends_to_the_others_and_says_who_failed(
    editor_client, stored_bad_address, good_contact, smtp_server, committed, caplog
):
    ids = f"id={stored_bad_address.pk}&id={good_contact.pk}"
    with committed(), caplog.at_level(logging.WARNING, logger="icld_site.batches"):
        response = editor_client.post(f"{BULK}?{ids}&next=/admin/", {}, follow=True)
    assert response.status_code == 200
    assert [to for to, _message in smtp_server.received] == [["bo@example.se"]]
    page = text(response)
    assert "1 kontaktperson kunde inte skickas" in page or "1 contact person could not" in page
    assert f"ContactPerson {stored_bad_address.pk}" in caplog.text
    assert BIDI[0] not in caplog.text


def test_the_daily_reminders_skip_the_bad_row_and_carry_on(
    stored_bad_address, good_contact, smtp_server, committed
):
    out, err = io.StringIO(), io.StringIO()
    with committed():
        call_command("send_verification_reminders", stdout=out, stderr=err)
    assert "Not sent, see the log: 1." in err.getvalue()
    recipients = [to for to, _message in smtp_server.received]
    assert ["bo@example.se"] in recipients
    assert len(recipients) == int(out.getvalue().split("queued: ")[1].rstrip(".\n"))


def test_notifications_skip_a_subscriber_whose_address_cannot_be_sent_to(smtp_server, committed):
    good = Subscriber.objects.create(email="good@example.se", language="sv")
    bad = Subscriber.objects.create(email="bad@example.se", language="sv")
    Subscriber.objects.filter(pk=bad.pk).update(email=BIDI[0])
    now = timezone.now()
    for subscriber in (bad, good):
        Subscription.objects.create(
            subscriber=subscriber, topic="news", params="", confirmed_at=now
        )
    with committed():
        queued = queue_to_subscriptions(
            Subscription.objects.select_related("subscriber").order_by("pk"),
            template="subscription_manage",
            key=lambda subscription: f"test:{subscription.pk}",
            context=lambda _language, _subscription: {"manage_url": "x", "subscriber": None},
        )
    assert queued == 1
    assert [to for to, _message in smtp_server.received] == [["good@example.se"]]


def test_a_notifier_that_fails_stops_no_other(monkeypatch):
    from icld_site import notifications

    def broken(_today):
        raise RuntimeError("boom")

    def working(_today):
        return {"worked": 1}

    monkeypatch.setattr(notifications, "notifiers", lambda: [broken, working])
    counts = notifications.run_notifiers(timezone.localdate())
    assert counts == {"worked": 1, "notifiers failed": 1}
