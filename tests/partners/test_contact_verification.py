"""Contacts keep their own details current: the editors' bulk action, the e-mail, the page
its link opens, hiding contacts not verified for two years, and the reminders."""

import datetime
import json
import re

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from icld_site.models import OutgoingMessage
from partners import verification
from partners.models import ContactPerson, VerificationAge
from tests.factories import ContactPersonFactory, PartnershipFactory, SwedishOrganisationFactory
from tests.helpers import soup, text

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/partners/contactperson/"
BULK = "/admin/bulk/partners/contactperson/send_verification_request/"
LINK = re.compile(r"http://testserver(/\S+)")
TITLES = {"sv": "Kontrollera dina kontaktuppgifter", "en": "Check your contact details"}


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - datetime.timedelta(days=days)


@pytest.fixture
def contact(db):
    """A published contact on one partnership, last verified 400 days ago."""
    person = ContactPersonFactory(
        name="Åsa Öberg",
        email="asa@example.se",
        phone="+46 10 123 45 00",
        is_published=True,
        consent_date=days_ago(800),
        last_verified=days_ago(400),
    )
    PartnershipFactory(
        title_sv="Vatten i Kisumu",
        title_en="Water in Kisumu",
        swedish_organisations=[person.organisation],
        contacts=[person],
    )
    return person


def path_for(contact, language=None):
    """The path of a fresh verification link, in the contact's language unless given."""
    if language:
        contact.language = language
    return verification.verification_url(contact).removeprefix("http://testserver")


def link_in(message):
    return LINK.search(message.get_body(("plain",)).get_content()).group(1)


# The bulk action and the e-mail


def test_the_listing_offers_the_bulk_action(editor_client, contact):
    html = editor_client.get(LISTING).content.decode()
    assert "send_verification_request" in html
    assert "Skicka kontrollförfrågan" in html or "Send verification request" in html


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [
        ("sv", "Stämmer dina kontaktuppgifter hos Kommunalt Partnerskap?", "Hej Åsa Öberg!"),
        ("en", "Are your contact details at Kommunalt Partnerskap still right?", "Hello Åsa"),
    ],
)
def test_bulk_action_mails_a_working_link_in_the_contacts_language(
    editor_client, client, contact, smtp_server, committed, language, subject, greeting
):
    contact.language = language
    contact.save()
    without_address = ContactPersonFactory(email="")
    confirm = editor_client.get(BULK, {"id": [contact.pk, without_address.pk]})
    assert confirm.status_code == 200
    assert "no e-mail address: skipped" in confirm.content.decode() or "hoppas över" in (
        confirm.content.decode()
    )
    with committed():
        response = editor_client.post(
            f"{BULK}?id={contact.pk}&id={without_address.pk}&next={LISTING}", {}, follow=True
        )
    page = text(response)
    assert "1 contact person has no e-mail address" in page or "1 kontaktperson saknar" in page

    [(recipients, message)] = smtp_server.received
    assert recipients == ["asa@example.se"]
    assert " ".join(message["Subject"].split()) == subject
    assert message["Content-Language"] == language
    body = message.get_body(("plain",)).get_content()
    assert greeting in body
    path = link_in(message)
    assert path.startswith(
        "/sv/kontakt/kontrollera/" if language == "sv" else "/en/contact/verify/"
    )

    contact.refresh_from_db()
    assert contact.verification_requested_at is not None
    entry = ModelLogEntry.objects.filter(action=verification.LOG_REQUESTED).latest("pk")
    assert entry.object_id == str(contact.pk)
    assert entry.user_id is not None

    page = client.get(path)
    assert page.status_code == 200
    assert soup(page).h1.text == TITLES[language]
    assert "Åsa Öberg" in text(page)
    assert ("Vatten i Kisumu" if language == "sv" else "Water in Kisumu") in text(page)


def test_the_same_request_twice_a_day_sends_once_and_again_the_next_day(
    contact, smtp_server, committed
):
    with committed():
        verification.request_verification(contact)
        verification.request_verification(contact)
    assert len(smtp_server.received) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)), committed():
        verification.request_verification(contact)
    assert len(smtp_server.received) == 2


def test_a_name_with_line_breaks_cannot_add_headers(contact, smtp_server, committed):
    contact.name = "Eve\r\nBcc: evil@example.org\r\nSubject: hijacked"
    contact.save()
    with committed():
        verification.request_verification(contact)
    [(recipients, message)] = smtp_server.received
    assert recipients == ["asa@example.se"]
    assert message["Bcc"] is None
    assert "hijacked" not in message["Subject"]


def test_the_plain_text_message_is_not_html_escaped(contact, smtp_server, committed):
    contact.name = "Anna O'Brien & Söner <AB>"
    contact.save()
    with committed():
        verification.request_verification(contact)
    [(_recipients, message)] = smtp_server.received
    assert "Hej Anna O'Brien & Söner <AB>!" in message.get_body(("plain",)).get_content()


# The page the link opens


@pytest.mark.parametrize("language", ["sv", "en"])
def test_confirm_sets_last_verified_to_today_and_the_link_is_then_used(client, contact, language):
    path = path_for(contact, language)
    page = soup(client.get(path))
    assert page.select_one("input[name=csrfmiddlewaretoken]")
    response = client.post(path, {"action": "confirm"})
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    contact.refresh_from_db()
    assert contact.last_verified == today()
    assert contact.is_published
    assert ModelLogEntry.objects.filter(
        action=verification.LOG_CONFIRMED, object_id=str(contact.pk)
    ).exists()

    again = client.post(path, {"action": "withdraw"})
    assert again.status_code == 410
    message = {"sv": "Länken har redan använts", "en": "The link has already been used"}
    assert message[language] in text(again)
    contact.refresh_from_db()
    assert contact.is_published


def test_the_verification_day_is_the_stockholm_date(client, contact):
    # 23:30 UTC on 31 December is already 1 January in Stockholm.
    with time_machine.travel(datetime.datetime(2030, 12, 31, 23, 30, tzinfo=datetime.UTC)):
        path = path_for(contact)
        client.post(path, {"action": "confirm"})
    contact.refresh_from_db()
    assert contact.last_verified == datetime.date(2031, 1, 1)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_correct_saves_the_details_and_the_role_in_the_pages_language(client, contact, language):
    path = path_for(contact, language)
    response = client.post(
        path,
        {
            "action": "correct",
            "name": "Åsa Berg",
            "role": "Projektledare" if language == "sv" else "Project manager",
            "email": "asa.berg@example.se",
            "phone": "+46 10 999 99 99",
        },
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone) == (
        "Åsa Berg",
        "asa.berg@example.se",
        "+46 10 999 99 99",
    )
    if language == "sv":
        assert (contact.role_sv, contact.role_en) == ("Projektledare", "Coordinator")
    else:
        assert (contact.role_sv, contact.role_en) == ("Samordnare", "Project manager")
    assert contact.last_verified == today()
    assert ModelLogEntry.objects.filter(action=verification.LOG_CORRECTED).exists()
    assert client.get(path).status_code == 410


@pytest.mark.parametrize(
    ("language", "field", "value", "message"),
    [
        ("sv", "name", "", "Fyll i ditt namn."),
        ("en", "name", "", "Enter your name."),
        ("sv", "email", "not an address", "Ange en e-postadress"),
        ("en", "email", "not an address", "Enter an e-mail address"),
        ("sv", "name", "Eve\r\nBcc: evil@example.org", "utan radbrytningar"),
        ("en", "name", "Eve\nBcc: evil@example.org", "without line breaks"),
        ("en", "phone", "1\x00", "Null characters are not allowed."),
    ],
)
def test_a_bad_correction_is_refused_with_a_linked_message_and_nothing_changes(
    client, contact, language, field, value, message
):
    fields = ["name", "role_sv", "role_en", "email", "phone", "is_published", "last_verified"]
    before = ContactPerson.objects.values(*fields).get(pk=contact.pk)
    path = path_for(contact, language)
    data = {"action": "correct", "name": "Åsa", "email": "a@example.se", "phone": "", "role": ""}
    response = client.post(path, {**data, field: value})
    assert response.status_code == 400
    page = soup(response)
    summary = page.select_one(".error-summary")
    assert message in summary.text
    link = summary.select_one("a")
    assert link["href"] == f"#id_{field}"
    assert page.select_one(f"#id_{field}")["aria-describedby"] == f"id_{field}-error"
    assert page.select_one(f"#id_{field}-error")
    assert ContactPerson.objects.values(*fields).get(pk=contact.pk) == before


def test_an_address_another_contact_of_the_organisation_has_is_refused(client, contact):
    ContactPersonFactory(organisation=contact.organisation, email="taken@example.se")
    response = client.post(
        path_for(contact, "en"),
        {"action": "correct", "name": "Åsa", "email": "TAKEN@example.se", "phone": "", "role": ""},
    )
    assert response.status_code == 400
    assert "already has a contact with this email address" in text(response)
    contact.refresh_from_db()
    assert contact.email == "asa@example.se"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_withdraw_unpublishes_at_once(client, contact, committed, language):
    partnership = contact.partnerships.get()
    assert partnership.public_contacts == [contact]
    with committed():
        response = client.post(path_for(contact, language), {"action": "withdraw"})
    assert response.status_code == 200
    assert {"sv": "Ditt samtycke är återkallat", "en": "Your consent is withdrawn"}[
        language
    ] in text(response)
    contact.refresh_from_db()
    assert (contact.is_published, contact.consent_date) == (False, None)
    assert partnership.public_contacts == []
    assert ModelLogEntry.objects.filter(action=verification.LOG_WITHDRAWN).exists()


def test_a_withdrawal_retires_the_cached_partnership_page(
    client, contact, committed, page_cache_on
):
    page = contact.partnerships.get().get_absolute_url()
    assert "Åsa Öberg" in text(client.get(page))
    assert client.get(page)["X-Page-Cache"] == "hit"
    with committed():
        client.post(path_for(contact), {"action": "withdraw"})
    assert "Åsa Öberg" not in text(client.get(page))


def test_an_unknown_action_changes_nothing(client, contact):
    response = client.post(path_for(contact, "en"), {"action": "delete"})
    assert response.status_code == 400
    assert "Choose one of the buttons below." in text(response)
    contact.refresh_from_db()
    assert contact.last_verified == days_ago(400)


@pytest.mark.parametrize(
    ("language", "message"),
    [("sv", "Länken är inte giltig"), ("en", "The link is not valid")],
)
def test_a_forged_link_changes_nothing(client, contact, language, message):
    path = path_for(contact, language)
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    other_salt = signing.dumps({"c": contact.pk, "f": verification.fingerprint(contact)})
    prefix = path.rsplit("/", 2)[0]
    for url in (forged, f"{prefix}/{other_salt}/", f"{prefix}/nonsense/"):
        assert client.get(url).status_code == 404
        response = client.post(url, {"action": "withdraw"})
        assert response.status_code == 404
        assert message in text(response)
    contact.refresh_from_db()
    assert contact.is_published


@pytest.mark.parametrize(
    ("language", "message"),
    [("sv", "Länken har gått ut"), ("en", "The link has expired")],
)
def test_an_expired_link_changes_nothing(client, contact, language, message):
    path = path_for(contact, language)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = client.post(path, {"action": "withdraw"})
    assert response.status_code == 410
    assert message in text(response)
    assert "30" in text(response)
    contact.refresh_from_db()
    assert contact.is_published


def test_a_link_is_stale_after_an_editor_changes_the_details(client, contact):
    path = path_for(contact)
    contact.phone = "+46 10 000 00 00"
    contact.save()
    assert client.post(path, {"action": "confirm"}).status_code == 410
    contact.refresh_from_db()
    assert contact.last_verified == days_ago(400)


def test_a_link_for_a_deleted_contact_is_not_a_500(client, contact):
    path = path_for(contact)
    contact.delete()
    assert client.get(path).status_code == 410


def test_the_page_is_never_cached(client, contact, page_cache_on):
    path = path_for(contact)
    first = client.get(path)
    assert "private" in first["Cache-Control"]
    client.post(path, {"action": "confirm"})
    assert client.get(path).status_code == 410


# Nothing stale in public


def public_names(client, partnership, language="sv"):
    with translation.override(language):
        page = partnership.get_absolute_url()
    names = {"page": [c.text for c in soup(client.get(page)).select(".contacts li")]}
    api = client.get(f"/{language}/api/v1/partnerships/{partnership.pk}/").json()
    names["api"] = [c["name"] for c in api["contacts"]]
    export = client.get(page.rsplit("/", 2)[0] + "/export/json/", {"q": partnership.title_sv})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    records = json.loads(body)["results"]
    names["export"] = [c["name"] for r in records for c in r["contacts"]]
    return names


@pytest.mark.parametrize("language", ["sv", "en"])
def test_contacts_not_verified_for_two_years_are_hidden_everywhere(client, contact, language):
    partnership = contact.partnerships.get()
    shown = public_names(client, partnership, language)
    assert all(any("Åsa Öberg" in n for n in names) for names in shown.values()), shown

    ContactPerson.objects.filter(pk=contact.pk).update(last_verified=days_ago(731))
    hidden = public_names(client, partnership, language)
    assert not any("Åsa" in n for names in hidden.values() for n in names), hidden

    # Confirming through a link shows the contact again.
    contact.refresh_from_db()
    client.post(path_for(contact, language), {"action": "confirm"})
    again = public_names(client, partnership, language)
    assert all(any("Åsa Öberg" in n for n in names) for names in again.values()), again


def test_the_line_is_crossed_by_the_passage_of_time(contact):
    ContactPerson.objects.filter(pk=contact.pk).update(last_verified=days_ago(730))
    assert ContactPerson.objects.public().filter(pk=contact.pk).exists()
    assert not ContactPerson.objects.public(today() + datetime.timedelta(days=1)).filter(
        pk=contact.pk
    )


def test_a_contact_never_verified_counts_from_the_consent_date(contact):
    contact.last_verified = None
    contact.consent_date = days_ago(100)
    contact.save()
    assert ContactPerson.objects.public().filter(pk=contact.pk).exists()
    ContactPerson.objects.filter(pk=contact.pk).update(consent_date=days_ago(731))
    assert not ContactPerson.objects.public().filter(pk=contact.pk).exists()


def test_the_admin_filters_contacts_by_verification_age(editor_client, contact):
    contact.name = "Due Person"
    contact.save()
    recent = ContactPersonFactory(name="Recent Person", last_verified=days_ago(10))
    stale = ContactPersonFactory(name="Stale Person", last_verified=days_ago(800))
    never = ContactPersonFactory(name="Never Person", last_verified=None)
    expected = {
        VerificationAge.RECENT: recent,
        VerificationAge.DUE: contact,
        VerificationAge.STALE: stale,
        VerificationAge.NEVER: never,
    }
    for age, person in expected.items():
        found = set(ContactPerson.objects.by_verification_age(age))
        assert person in found
        assert not ({recent, contact, stale, never} - {person}) & found
        page = text(editor_client.get(LISTING, {"verification_age": age.value, "q": "Person"}))
        assert person.name in page
        assert not any(p.name in page for p in expected.values() if p != person)
    ordered = editor_client.get(LISTING, {"ordering": "last_verified"})
    assert ordered.status_code == 200


# Reminders


def test_reminders_are_idempotent_and_do_not_nag(contact, smtp_server, committed):
    fresh = ContactPersonFactory(is_published=True, last_verified=days_ago(10))
    unpublished = ContactPersonFactory(is_published=False, last_verified=days_ago(500))
    no_address = ContactPersonFactory(
        is_published=True, email="", organisation=SwedishOrganisationFactory()
    )
    ContactPerson.objects.filter(pk=no_address.pk).update(last_verified=days_ago(500))
    due = set(ContactPerson.objects.due_for_reminder())
    assert contact in due
    assert not {fresh, unpublished, no_address} & due

    with committed():
        call_command("send_verification_reminders", verbosity=0)
        call_command("send_verification_reminders", verbosity=0)
    to_contact = [r for r, _m in smtp_server.received if r == ["asa@example.se"]]
    assert len(to_contact) == 1
    assert OutgoingMessage.objects.filter(key__startswith=f"contact-verify:{contact.pk}:").count()

    # The next day, and until the interval has passed, nothing more.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)), committed():
        call_command("send_verification_reminders", verbosity=0)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)), committed():
        call_command("send_verification_reminders", verbosity=0)
    assert len([r for r, _m in smtp_server.received if r == ["asa@example.se"]]) == 1
    # After the interval, once more.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)), committed():
        call_command("send_verification_reminders", verbosity=0)
        call_command("send_verification_reminders", verbosity=0)
    assert len([r for r, _m in smtp_server.received if r == ["asa@example.se"]]) == 2


def test_a_reminded_contact_who_confirms_is_not_reminded_again(client, contact, committed):
    with committed():
        call_command("send_verification_reminders", verbosity=0)
    contact.refresh_from_db()
    client.post(path_for(contact), {"action": "confirm"})
    with time_machine.travel(timezone.now() + datetime.timedelta(days=60)):
        assert contact not in ContactPerson.objects.due_for_reminder()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=370)):
        assert contact in ContactPerson.objects.due_for_reminder()


def test_the_reminder_link_opens_the_page(client, contact, smtp_server, committed):
    contact.language = "en"
    contact.save()
    with committed():
        call_command("send_verification_reminders", verbosity=0)
    [message] = [m for r, m in smtp_server.received if r == ["asa@example.se"]]
    assert soup(client.get(link_in(message))).h1.text == TITLES["en"]


def test_the_url_names_are_translated():
    with translation.override("sv"):
        assert reverse("contact_verification", args=["x"]) == "/sv/kontakt/kontrollera/x/"
    with translation.override("en"):
        assert reverse("contact_verification", args=["x"]) == "/en/contact/verify/x/"
