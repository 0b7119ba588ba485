"""Writing to a partnership's contact through the site (partners.contact): the form on the
partnership page, the message and the receipt as they reach a real SMTP server, the
address that is never shown to the sender, "contact through the form only", the limits,
the log and its purge."""

import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.models import Site

from icld_site.models import SiteSettings
from partners.models import ContactMessageLog
from tests.factories import ContactPersonFactory
from tests.helpers import DATABASE, soup, text

SITE = "http://testserver"
SENDER = {"name": "Siri Sändare", "email": "siri@example.net"}
MESSAGE = "Hej! Vi vill gärna höra mer om ert arbete med jämställd service."
HEADING = {"sv": "Skriv via webbplatsen", "en": "Write through the site"}
SENT = {"sv": "Ditt meddelande har skickats", "en": "Your message has been sent"}
NOT_SENT = {"sv": "Ditt meddelande har inte skickats", "en": "Your message has not been sent"}
SUBJECT = {
    "sv": "Meddelande via Kommunalt Partnerskap: ",
    "en": "Message through Kommunalt Partnerskap: ",
}
RECEIPT_SUBJECT = {"sv": "Ditt meddelande om ", "en": "Your message about "}
REFUSED = {
    "sender": {
        "sv": "För många meddelanden har skickats från din e-postadress den senaste timmen.",
        "en": "Too many messages have been sent from your e-mail address in the last hour.",
    },
    "ip": {
        "sv": "För många meddelanden har skickats från din uppkoppling den senaste timmen.",
        "en": "Too many messages have been sent from your connection in the last hour.",
    },
    "recipient": {
        "sv": "Mottagaren har fått för många meddelanden via webbplatsen i dag.",
        "en": "The recipient has been sent too many messages through the site today.",
    },
}


@pytest.fixture(autouse=True)
def _empty_cache():
    """The limits count in the cache: each test starts with a full allowance."""
    cache.clear()
    yield
    cache.clear()


def page_url(partnership, language="sv"):
    with translation.override(language):
        return partnership.get_absolute_url()


def contact_url(partnership, language="sv"):
    with translation.override(language):
        return reverse("partnership_contact", kwargs={"slug": partnership.slug})


def post(client, partnership, page_language="sv", origin=SITE, remote="10.0.0.1", **data):
    """Send the form from the partnership page in `page_language` (the message in that
    language unless `language` is given)."""
    fields = {**SENDER, "message": MESSAGE, "language": page_language, **data}
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    url = contact_url(partnership, page_language)
    return client.post(url, fields, REMOTE_ADDR=remote, **headers)


def bodies(received):
    """Every message's recipients, headers and text, as one string per message."""
    return [
        f"{recipients} {message.as_string()} {message.get_content()}"
        for recipients, message in received
    ]


def kept_text(response):
    """What the re-rendered form holds: the name, the address and the message."""
    form = soup(response).select_one("form.contact-form")
    return (
        form.select_one("#contact-name")["value"],
        form.select_one("#contact-email")["value"],
        # A textarea's first line break is not part of its value.
        form.select_one("#contact-message").get_text().removeprefix("\n"),
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_partnership_page_ends_with_the_form(client, data, language):
    partnership = data["borlange_chisinau"]
    page = soup(client.get(page_url(partnership, language)))
    section = page.select_one("#write")

    assert section.find("h2").get_text(strip=True) == HEADING[language]
    to_whom = {
        "sv": "skickas med e-post till Anna Andersson",
        "en": "goes by e-mail to Anna Andersson",
    }
    assert to_whom[language] in text(section)
    form = section.find("form")
    assert form["method"] == "post"
    assert form["action"] == contact_url(partnership, language)
    # Cacheable for every visitor: no per-visitor token.
    assert form.select_one("input[name=csrfmiddlewaretoken]") is None
    for name in ("name", "email", "message"):
        field = form.select_one(f"#contact-{name}")
        assert form.select_one(f"label[for=contact-{name}]").get_text(strip=True)
        assert field["name"] == name
    # The language of the message defaults to the page's.
    assert form.select_one("input[name=language][checked]")["value"] == language
    # One published contact: nothing to choose; the honeypot is hidden from people.
    assert form.select_one("input[name=contact]") is None
    assert form.select_one("input[name=website]").find_parent("p").has_attr("hidden")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_message_reaches_the_contact_with_reply_to_the_sender(
    client, data, smtp_server, committed, language
):
    partnership = data["borlange_chisinau"]
    with committed():
        response = post(client, partnership, language)

    assert response.status_code == 200
    assert soup(response).find("h1").get_text(strip=True) == SENT[language]
    assert "Anna Andersson" in text(response)
    assert "anna@borlange.se" not in response.content.decode()
    (to_contact, message), (to_sender, receipt) = smtp_server.received
    assert to_contact == ["anna@borlange.se"]
    assert message["To"] == "Anna Andersson <anna@borlange.se>"
    assert message["Reply-To"] == "Siri Sändare <siri@example.net>"
    assert message["Content-Language"] == language
    with translation.override(language):
        title = partnership.public_title
    # A long non-ASCII subject is folded after "Subject:".
    assert message["Subject"].strip() == SUBJECT[language] + title
    body = message.get_content()
    assert MESSAGE in body and "siri@example.net" in body
    assert f"{SITE}{page_url(partnership, language)}" in body
    # The receipt: to the sender, in the chosen language, without the contact's address
    # and without anything the sender wrote.
    assert to_sender == ["siri@example.net"]
    assert receipt["Subject"].strip().startswith(RECEIPT_SUBJECT[language] + title)
    assert receipt["Content-Language"] == language
    assert receipt["Reply-To"] is None
    receipt_text = receipt.as_string() + receipt.get_content()
    assert "anna@borlange.se" not in receipt_text and "borlange.se" not in receipt_text
    assert MESSAGE not in receipt.get_content() and "Siri" not in receipt.get_content()


def test_the_message_language_is_the_senders_choice(client, data, smtp_server, committed):
    with committed():
        post(client, data["borlange_chisinau"], "sv", language="en")
    (_, message), (_, receipt) = smtp_server.received
    assert message["Content-Language"] == receipt["Content-Language"] == "en"
    assert "written in English" in message.get_content()


def test_the_sender_chooses_among_several_contacts(client, data, smtp_server, committed):
    partnership = data["borlange_chisinau"]
    second = ContactPersonFactory(
        name="Bo Berg", email="bo@borlange.se", organisation=data["organisations"]["borlange"],
        is_published=True,
    )  # fmt: skip
    partnership.contacts.add(second)
    partnership.save()
    page = soup(client.get(page_url(partnership)))
    choices = page.select("#write input[name=contact]")
    assert {choice["value"] for choice in choices} == {str(data["published"].pk), str(second.pk)}
    assert "bo@borlange.se" in page.decode()  # published, not form-only: shown in the list
    assert "bo@borlange.se" not in page.select_one("#write").decode()

    missing = post(client, partnership)
    assert missing.status_code == 200 and "Välj vem du vill skriva till." in text(missing)
    link = soup(missing).select_one("#contact-errors a")
    assert link["href"] == "#contact-contact_0"
    assert soup(missing).select_one("#contact-contact_0")["value"] == str(data["published"].pk)
    with committed():
        post(client, partnership, contact=second.pk)
    assert smtp_server.received[0][0] == ["bo@borlange.se"]
    # A contact of another partnership cannot be chosen.
    other = ContactPersonFactory(is_published=True)
    response = post(client, partnership, contact=other.pk)
    assert "Välj vem du vill skriva till." in text(response)
    assert len(smtp_server.received) == 2


@pytest.mark.parametrize("language", ["sv", "en"])
def test_without_a_published_contact_the_programme_mailbox_gets_it(
    client, data, smtp_server, committed, language
):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "team@example.se"
    site_settings.save()
    partnership = data["seeking"]
    page = text(client.get(page_url(partnership, language)))
    said = {
        "sv": "Ditt meddelande går till programmets handläggare",
        "en": "goes to the programme team",
    }
    assert said[language] in page
    with committed():
        response = post(client, partnership, language)
    assert response.status_code == 200
    (recipients, message), _receipt = smtp_server.received
    assert recipients == ["team@example.se"]
    assert message["Reply-To"] == "Siri Sändare <siri@example.net>"
    log = ContactMessageLog.objects.get()
    assert log.contact is None and log.partnership == partnership


def test_unknown_partnership_is_404(client, data):
    url = reverse("partnership_contact", kwargs={"slug": "no-such-partnership"})
    assert client.get(url).status_code == 404
    response = client.post(url, {**SENDER, "message": MESSAGE}, HTTP_ORIGIN=SITE)
    assert response.status_code == 404
    assert not ContactMessageLog.objects.exists()


def test_the_form_page_of_its_own(client, data):
    partnership = data["borlange_chisinau"]
    response = client.get(contact_url(partnership, "en"))
    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == f"Write to {partnership.public_title}"
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    # The language switcher leads to the Swedish form.
    assert page.select_one(f'a[href="{contact_url(partnership, "sv")}"]') is not None
    assert client.put(contact_url(partnership)).status_code == 405


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_post_from_elsewhere_is_refused_and_keeps_the_text(
    client, data, smtp_server, committed, language
):
    with committed():
        response = post(client, data["borlange_chisinau"], language, origin="https://evil.example")
    assert response.status_code == 403
    assert NOT_SENT[language] in text(response)
    refused = {
        "sv": "kom inte från en sida på den här webbplatsen",
        "en": "did not come from a page",
    }
    assert refused[language] in text(response)
    assert kept_text(response) == (SENDER["name"], SENDER["email"], MESSAGE)
    assert smtp_server.received == [] and not ContactMessageLog.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("limit", "setting", "vary"),
    [
        ("sender", "CONTACT_LIMIT_PER_SENDER", "remote"),
        ("ip", "CONTACT_LIMIT_PER_IP", "email"),
        ("recipient", "CONTACT_LIMIT_PER_RECIPIENT", "both"),
    ],
)
def test_each_limit_refuses_in_the_visitors_language_and_keeps_the_text(
    client, data, smtp_server, committed, settings, language, limit, setting, vary
):
    setattr(settings, setting, 2)
    partnership = data["borlange_chisinau"]

    def send(number):
        remote = f"10.0.0.{number}" if vary in ("remote", "both") else "10.0.0.1"
        email = f"siri{number}@example.net" if vary in ("email", "both") else SENDER["email"]
        return post(client, partnership, language, remote=remote, email=email)

    with committed():
        assert [send(n).status_code for n in (1, 2)] == [200, 200]
        refused = send(3)
    assert refused.status_code == 429
    assert NOT_SENT[language] in text(refused)
    assert REFUSED[limit][language] in text(refused)
    name, email, message = kept_text(refused)
    assert (name, message) == (SENDER["name"], MESSAGE) and email.endswith("@example.net")
    # Two messages, two receipts (and, at the recipient's ceiling, the programme mailbox
    # told once: tests/partners_public/test_contact_limits.py).
    sent = [to for to, _message in smtp_server.received if to != ["partnership@icld.se"]]
    assert len(sent) == 4
    assert ContactMessageLog.objects.count() == 2


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_honeypot_refuses_and_keeps_the_text(client, data, smtp_server, committed, language):
    with committed():
        response = post(client, data["borlange_chisinau"], language, website="http://spam.example")
    assert response.status_code == 200
    expected = {"sv": "Det här fältet ska vara tomt.", "en": "This field must be left empty."}
    assert expected[language] in text(response)
    assert kept_text(response) == (SENDER["name"], SENDER["email"], MESSAGE)
    assert smtp_server.received == [] and not ContactMessageLog.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_too_long_and_too_many_links_are_refused_and_kept(
    client, data, smtp_server, settings, committed, language
):
    settings.CONTACT_MESSAGE_MAX_LENGTH = 100
    partnership = data["borlange_chisinau"]
    long_message = "a" * 101
    with committed():
        too_long = post(client, partnership, language, message=long_message)
        links = "Se https://a.example, http://b.example och www.c.example"
        too_many = post(client, partnership, language, message=links)
    expected = {
        "sv": ("högst 100 tecken långt (det har 101)", "högst 2 länkar (det har 3)"),
        "en": ("at most 100 characters long (it has 101)", "at most 2 links (it has 3)"),
    }
    assert expected[language][0] in text(too_long)
    assert kept_text(too_long)[2] == long_message
    assert expected[language][1] in text(too_many)
    assert kept_text(too_many)[2] == links
    assert smtp_server.received == [] and not ContactMessageLog.objects.exists()


def test_the_error_summary_links_to_each_field(client, data):
    response = post(
        client, data["borlange_chisinau"], "en", name="", email="not-an-address", message=""
    )
    assert response.status_code == 200
    page = soup(response)
    summary = page.select_one("#contact-errors")
    assert summary["role"] == "alert"
    links = {a["href"] for a in summary.select("a")}
    assert links == {"#contact-name", "#contact-email", "#contact-message"}
    email = page.select_one("#contact-email")
    assert email["aria-invalid"] == "true"
    assert "contact-email_error" in email["aria-describedby"]
    assert page.select_one("#contact-email_error").get_text(strip=True) == (
        "Enter an e-mail address like name@example.se."
    )


@pytest.mark.parametrize("name", ["Eve\r\nBcc: victim@example.org", "Eve\u2028X-Evil: 1"])
def test_line_breaks_in_the_name_are_refused(client, data, smtp_server, committed, name):
    partnership = data["borlange_chisinau"]
    with committed():
        response = post(client, partnership, name=name)
        bad_address = post(client, partnership, email="eve@example.net\r\nBcc: victim@example.org")
    assert response.status_code == 200
    assert "utan radbrytningar" in text(response)
    assert "Ange en e-postadress" in text(bad_address)
    assert smtp_server.received == []


def test_a_log_entry_without_the_message_and_its_purge(client, data, smtp_server, committed):
    with committed():
        post(client, data["borlange_chisinau"])
    log = ContactMessageLog.objects.get()
    assert (log.sender_email, log.contact, log.partnership) == (
        "siri@example.net",
        data["published"],
        data["borlange_chisinau"],
    )
    assert MESSAGE not in json.dumps(list(ContactMessageLog.objects.values()), default=str)
    old = ContactMessageLog.objects.create(
        sender_email="old@example.net",
        partnership=data["borlange_chisinau"],
        created_at=timezone.now() - datetime.timedelta(days=91),
    )
    out = io.StringIO()
    call_command("purge_contact_log", stdout=out)
    assert "Deleted 1 " in out.getvalue()
    assert list(ContactMessageLog.objects.all()) == [log]
    assert not ContactMessageLog.objects.filter(pk=old.pk).exists()


def test_editors_read_the_log_but_cannot_change_it(
    editor_client, data, client, smtp_server, committed
):
    with committed():
        post(client, data["borlange_chisinau"])
    index = editor_client.get(reverse("contact_messages:index"))
    assert index.status_code == 200
    assert "siri@example.net" in index.content.decode()
    assert editor_client.get(reverse("contact_messages:add")).status_code == 302
    log = ContactMessageLog.objects.get()
    edit = editor_client.post(reverse("contact_messages:edit", args=[log.pk]), {})
    assert edit.status_code == 302
    assert ContactMessageLog.objects.get().sender_email == "siri@example.net"


@pytest.fixture
def form_only(data):
    contact = data["published"]
    contact.form_only = True
    contact.save()
    return contact


def test_a_form_only_address_appears_nowhere(client, data, form_only, smtp_server, committed):
    partnership = data["borlange_chisinau"]
    api = "/sv/api/v1/partnerships/"
    xlsx = b"".join(client.get(DATABASE["sv"] + "export/xlsx/").streaming_content)
    cells = " ".join(
        str(cell.value)
        for sheet in load_workbook(io.BytesIO(xlsx))
        for row in sheet.iter_rows()
        for cell in row
    )
    outputs = {
        "xlsx": cells,
        "csv": b"".join(client.get(DATABASE["sv"] + "export/csv/")).decode(),
        "json": b"".join(client.get(DATABASE["sv"] + "export/json/")).decode(),
        "api": client.get(api).content.decode(),
        "api detail": client.get(f"{api}{partnership.pk}/").content.decode(),
        "openapi": client.get("/sv/api/v1/openapi.json").content.decode(),
        "page sv": client.get(page_url(partnership)).content.decode(),
        "page en": client.get(page_url(partnership, "en")).content.decode(),
        "form page": client.get(contact_url(partnership)).content.decode(),
        "organisation": client.get(
            DATABASE["sv"] + "organisation/borlange-kommun/"
        ).content.decode(),
        "search": client.get("/sv/sok/", {"q": "Anna Andersson"}).content.decode(),
        "database search": client.get(DATABASE["sv"], {"q": "Andersson"}).content.decode(),
        "sitemap": client.get("/sitemap-partnerships.xml").content.decode(),
    }
    with committed():
        sent = post(client, partnership)
    outputs["confirmation"] = sent.content.decode()
    for name, output in outputs.items():
        assert "anna@borlange.se" not in output, name
    # The person is still shown, and the message still reaches her.
    assert "Anna Andersson" in outputs["page sv"] and "Anna Andersson" in outputs["api"]
    (recipients, _message), (_, receipt) = smtp_server.received
    assert recipients == ["anna@borlange.se"]
    assert "anna@borlange.se" not in receipt.as_string()
    record = json.loads(outputs["api detail"])
    assert record["contacts"][0]["email"] == ""


def test_a_contact_not_form_only_is_still_shown(client, data):
    content = client.get(page_url(data["borlange_chisinau"])).content.decode()
    assert 'href="mailto:anna@borlange.se"' in content


def test_form_only_is_editable_in_the_admin(editor_client, data):
    contact = data["published"]
    response = editor_client.get(
        reverse("wagtailsnippets_partners_contactperson:edit", args=[contact.pk])
    )
    assert response.status_code == 200
    assert soup(response).select_one("input[name=form_only]") is not None


def test_a_published_contact_without_an_address_is_not_offered(
    client, data, smtp_server, committed
):
    """A contact with no address cannot be written to: the programme mailbox stands in."""
    contact = data["published"]
    contact.email = ""
    contact.save()
    partnership = data["borlange_chisinau"]
    page = soup(client.get(page_url(partnership, "en")))
    assert "goes to the programme team" in text(page.select_one("#write"))
    with committed():
        response = post(client, partnership)
    assert response.status_code == 200
    assert smtp_server.received[0][0] == ["partnership@icld.se"]


ADDRESS_PUBLISHED = {
    "sv": "Din e-postadress är publicerad i partnerskapsdatabasen",
    "en": "Your e-mail address is published in the partnership database",
}
ADDRESS_HIDDEN = {
    "sv": "Din e-postadress visas inte på webbplatsen och har inte visats för avsändaren",
    "en": "Your e-mail address is not shown on the website and has not been shown to the sender",
}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("form_only", [False, True])
def test_the_message_says_whether_the_recipients_address_is_public(
    client, data, smtp_server, committed, language, form_only
):
    """The message claims the address was kept from the sender only when the site keeps it
    from everyone: the same rule as the partnership page and the exports."""
    contact, partnership = data["published"], data["borlange_chisinau"]
    contact.form_only = form_only
    contact.save()
    csv = b"".join(client.get(DATABASE[language] + "export/csv/")).decode()
    page = client.get(page_url(partnership, language)).content.decode()
    published = contact.email in page
    assert published is (contact.email in csv) is (not form_only)
    with committed():
        post(client, partnership, language)
    (_recipients, message), _receipt = smtp_server.received
    body = " ".join(message.get_content().split())
    assert (ADDRESS_PUBLISHED[language] in body) is published
    assert (ADDRESS_HIDDEN[language] in body) is not published
