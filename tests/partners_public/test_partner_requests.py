"""Find a partner: the public form, the mails, the editors' review, the public entry and its
expiry."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from icld_site.models import OutgoingMessage, SiteSettings
from partners.models import (
    ContactPerson,
    Country,
    Organisation,
    PartnerRequest,
    Partnership,
    Status,
    ThematicArea,
)
from tests.helpers import DATABASE, HOME, LANGUAGES, get_soup, soup, text

FORM = {
    "sv": DATABASE["sv"] + "anmal-intresse/",
    "en": DATABASE["en"] + "register-interest/",
}
THANKS = {"sv": FORM["sv"] + "tack/", "en": FORM["en"] + "thanks/"}
PRIVACY = {"sv": "/sv/integritet/", "en": "/en/privacy/"}
API = "/sv/api/v1/partnerships/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    """The rate limiter counts in the page cache: each test starts with none used."""
    caches[settings.PAGE_CACHE_ALIAS].clear()
    yield
    caches[settings.PAGE_CACHE_ALIAS].clear()


@pytest.fixture
def kenya(db):
    return Country.objects.get(code="KE")


@pytest.fixture
def area(db):
    return ThematicArea.objects.order_by("pk").first()


def new_member_data(kenya, area, **changes):
    """A new Swedish municipality asking for a partner in Kenya."""
    data = {
        "organisation": "",
        "organisation_name": "Testköpings kommun",
        "organisation_type": "municipality",
        "organisation_county": "AB",
        "organisation_country": "",
        "wanted_countries": [kenya.pk],
        "thematic_areas": [area.pk],
        "description_sv": "Vi vill arbeta med medborgardialog.",
        "description_en": "",
        "contact_name": "Åsa Öberg",
        "contact_role": "Internationell samordnare",
        "contact_email": "asa@testkoping.se",
        "contact_phone": "+46 8 123 45 67",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def nothing_saved():
    return not PartnerRequest.objects.exists() and not OutgoingMessage.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_database_page_leads_to_the_form(client, language):
    page = get_soup(client, DATABASE[language])
    assert page.select_one(f'.find-partner a[href="{FORM[language]}"]')


@pytest.mark.parametrize(
    ("language", "heading", "privacy_title"),
    [
        ("sv", "Hitta en partner: anmäl intresse", "Så behandlar vi personuppgifter"),
        ("en", "Find a partner: register interest", "Privacy notice"),
    ],
)
def test_the_form_page_is_per_visitor_and_links_the_privacy_notice(
    client, language, heading, privacy_title
):
    response = client.get(FORM[language])
    assert response.status_code == 200
    page = soup(response)
    assert text(page.select_one("h1")) == heading
    # A CSRF token and its cookie: the page cache never keeps this page.
    assert page.select_one("form.request-form input[name=csrfmiddlewaretoken]")
    assert "csrftoken" in response.cookies
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    consent = page.select_one("input[name=consent]")
    assert consent is not None and consent.has_attr("required")
    link = page.select_one(f'.request-form a[href="{PRIVACY[language]}"]')
    assert link is not None and text(link) == privacy_title
    # The organisations are grouped (Swedish members, then countries), usable without script.
    assert len(page.select("select[name=organisation] optgroup")) > 1
    # The field robots fill in is hidden from people and assistive technology.
    assert page.select_one(".honeypot[aria-hidden=true] input[name=website]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_privacy_notice_is_linked_from_every_footer(client, language):
    notice = SiteSettings.objects.get().privacy_notice
    assert notice is not None
    page = get_soup(client, HOME[language])
    assert page.select_one(f'.site-footer a[href="{PRIVACY[language]}"]')
    body = text(get_soup(client, PRIVACY[language]))
    for needle in {
        "sv": ["90 dagar", "tolv månader", "24 månader", "partnership@icld.se"],
        "en": ["90 days", "twelve months", "24 months", "partnership@icld.se"],
    }[language]:
        assert needle in body


@pytest.mark.parametrize(
    ("language", "receipt_subject", "approved_subject", "receipt_words"),
    [
        ("sv", "Vi har tagit emot din förfrågan", "Din förfrågan är publicerad", "Tack för"),
        ("en", "We have received your request", "Your request is published", "Thank you"),
    ],
)
def test_a_request_is_mailed_reviewed_approved_and_published(
    client,
    editor_client,
    smtp_server,
    committed,
    settings,
    kenya,
    area,
    language,
    receipt_subject,
    approved_subject,
    receipt_words,
):
    with committed():
        response = client.post(FORM[language], new_member_data(kenya, area))
    assert response.status_code == 302
    assert response["Location"] == THANKS[language]
    thanks = text(get_soup(client, THANKS[language]))
    assert {"sv": "Så går det vidare", "en": "What happens next"}[language] in thanks

    request = PartnerRequest.objects.get()
    assert request.language == language
    assert request.organisation is None and request.organisation_name == "Testköpings kommun"
    assert list(request.wanted_countries.all()) == [kenya]
    # Nothing public yet.
    assert not Organisation.objects.filter(name="Testköpings kommun").exists()

    (team_to, team), (receipt_to, receipt) = smtp_server.received
    assert team_to == [settings.PROGRAMME_EMAIL]
    review = f"/admin/partner_request/edit/{request.pk}/"
    assert review in team.get_content()
    assert team["Reply-To"] == "Åsa Öberg <asa@testkoping.se>"
    assert receipt_to == ["asa@testkoping.se"]
    assert receipt_subject in receipt["Subject"]
    assert receipt["Content-Language"] == language
    assert receipt_words in receipt.get_content()

    # The editor opens the listing and the request, then approves it.
    listing = editor_client.get("/admin/partner_request/")
    assert listing.status_code == 200 and "Testköpings kommun" in listing.content.decode()
    assert editor_client.get(review).status_code == 200
    approve = f"/admin/partner_request/approve/{request.pk}/"
    assert editor_client.get(approve).status_code == 200
    with committed():
        response = editor_client.post(approve)
    assert response.status_code == 302
    assert not PartnerRequest.objects.exists()

    partnership = Partnership.objects.get(swedish_organisations__name="Testköpings kommun")
    assert partnership.status == Status.SEEKING_PARTNER
    assert partnership.country == kenya
    assert list(partnership.wanted_countries.all()) == [kenya]
    assert partnership.seeking_until > timezone.localdate() + timedelta(days=360)
    # Nothing has been done with a partner yet: a pre-study from this year, no end year.
    assert partnership.phase == "pre-study"
    assert (partnership.start_year, partnership.end_year) == (timezone.localdate().year, None)
    (contact,) = partnership.contacts.all()
    assert (contact.is_published, contact.last_verified) == (True, timezone.localdate())
    assert contact.consent_date == timezone.localdate(request.submitted_at)
    organisation = partnership.swedish_organisations.get()
    assert (organisation.organisation_type, organisation.county) == ("municipality", "AB")

    approved_to, approved = smtp_server.received[2]
    assert approved_to == ["asa@testkoping.se"]
    assert approved_subject in approved["Subject"]
    prefix = "/sv/kommunalt-partnerskap/databas/" if language == "sv" else DATABASE["en"]
    assert f"{prefix}{partnership.slug}/" in approved.get_content()

    # Public: in the filter, on its page, in the exports and the API.
    listing = get_soup(client, DATABASE["sv"], {"status": "seeking-partner"})
    assert listing.select_one(f'a[href$="/{partnership.slug}/"]')
    detail = text(get_soup(client, f"{DATABASE['sv']}{partnership.slug}/"))
    assert "Åsa Öberg" in detail and "Kenya" in detail
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get(DATABASE["sv"] + "export/csv/", {"status": "seeking-partner"})
                ).decode("utf-8-sig")
            )
        )
    )
    row = next(r for r in rows if r["slug"] == partnership.slug)
    assert row["wanted_countries"] == "KE"
    assert row["seeking_until"] == partnership.seeking_until.isoformat()
    exported = json.loads(
        b"".join(client.get(DATABASE["en"] + "export/json/", {"status": "seeking-partner"}))
    )
    assert partnership.slug in [item["slug"] for item in exported["results"]]
    record = client.get(f"{API}{partnership.pk}/").json()
    assert record["wanted_countries"] == ["KE"]
    assert record["status"] == "seeking-partner"
    assert record["contacts"][0]["email"] == "asa@testkoping.se"


def test_an_existing_partner_organisation_is_listed_in_its_own_country(
    client, editor_client, smtp_server, committed, area
):
    organisation = Organisation.objects.partner_side().filter(country__eligible=True).first()
    data = new_member_data(
        organisation.country,
        area,
        organisation=organisation.pk,
        organisation_name="",
        wanted_countries=[],
        description_sv="",
        description_en="We want a Swedish partner for waste management.",
    )
    with committed():
        assert client.post(FORM["en"], data).status_code == 302
    request = PartnerRequest.objects.get()
    assert request.organisation == organisation
    with committed():
        editor_client.post(f"/admin/partner_request/approve/{request.pk}/")
    partnership = Partnership.objects.get(
        partner_organisations=organisation, title_en__contains="looking"
    )
    assert partnership.country == organisation.country
    assert not partnership.wanted_countries.exists()
    assert partnership.description_en.startswith("We want a Swedish partner")


def test_rejecting_mails_the_reason_and_deletes_everything(
    client, editor_client, smtp_server, committed, kenya, area
):
    with committed():
        client.post(FORM["en"], new_member_data(kenya, area))
    request = PartnerRequest.objects.get()
    counts = (
        Organisation.objects.count(),
        ContactPerson.objects.count(),
        Partnership.objects.count(),
    )
    reject = f"/admin/partner_request/reject/{request.pk}/"
    assert editor_client.get(reject).status_code == 200
    # A reason is required.
    assert editor_client.post(reject, {"reason": ""}).status_code == 200
    assert PartnerRequest.objects.exists()
    with committed():
        response = editor_client.post(reject, {"reason": "Your organisation is not eligible."})
    assert response.status_code == 302
    assert not PartnerRequest.objects.exists()
    assert counts == (
        Organisation.objects.count(),
        ContactPerson.objects.count(),
        Partnership.objects.count(),
    )
    to, rejected = smtp_server.received[-1]
    assert to == ["asa@testkoping.se"]
    assert "Your organisation is not eligible." in rejected.get_content()
    assert rejected["Content-Language"] == "en"


def approved_entry(client, editor_client, kenya, area, committed):
    with committed():
        client.post(FORM["sv"], new_member_data(kenya, area))
        editor_client.post(f"/admin/partner_request/approve/{PartnerRequest.objects.get().pk}/")
    return Partnership.objects.get(swedish_organisations__name="Testköpings kommun")


def test_expired_entries_leave_the_public_site_and_are_removed(
    client, editor_client, smtp_server, committed, kenya, area
):
    partnership = approved_entry(client, editor_client, kenya, area, committed)
    contact = partnership.contacts.get()
    Partnership.objects.filter(pk=partnership.pk).update(
        seeking_until=timezone.localdate() - timedelta(days=1)
    )
    url = f"{DATABASE['sv']}{partnership.slug}/"
    assert client.get(url).status_code == 404
    assert client.get(f"{API}{partnership.pk}/").status_code == 404
    listing = get_soup(client, DATABASE["sv"], {"status": "seeking-partner"})
    assert not listing.select_one(f'a[href$="/{partnership.slug}/"]')
    assert partnership.slug not in client.get("/sitemap-partnerships.xml").content.decode()

    call_command("expire_partner_requests", stdout=io.StringIO())
    assert not Partnership.objects.filter(pk=partnership.pk).exists()
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    # Idempotent: a second run finds nothing more to do.
    out = io.StringIO()
    call_command("expire_partner_requests", stdout=out)
    assert "Removed 0" in out.getvalue()


def test_a_reminder_goes_out_once_a_month_before_expiry_and_its_link_renews(
    client, editor_client, smtp_server, committed, kenya, area
):
    partnership = approved_entry(client, editor_client, kenya, area, committed)
    soon = timezone.localdate() + timedelta(days=20)
    Partnership.objects.filter(pk=partnership.pk).update(seeking_until=soon)
    before = len(smtp_server.received)
    with committed():
        call_command("expire_partner_requests", stdout=io.StringIO())
        call_command("expire_partner_requests", stdout=io.StringIO())
    # The demo's own entries may be due too, depending on the day: count this entry's.
    reminders = [sent for sent in smtp_server.received[before:] if sent[0] == ["asa@testkoping.se"]]
    assert len(reminders) == 1
    _to, reminder = reminders[0]
    assert "löper snart ut" in reminder["Subject"]
    link = re.search(r"http://\S+/sv/kontakt/kontrollera/\S+/", reminder.get_content())
    assert link
    path = link.group(0).split("://", 1)[1].partition("/")[2]
    client.get(f"/{path}")  # sets the CSRF cookie
    client.post(
        f"/{path}", {"action": "confirm", "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )
    partnership.refresh_from_db()
    assert partnership.seeking_until > timezone.localdate() + timedelta(days=360)
    assert Partnership.objects.public().filter(pk=partnership.pk).exists()


LONG = "x" * 3001


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"organisation": "999999"}, "organisation", "Choose an organisation from the list"),
        ({"organisation": "abc"}, "organisation", "Choose an organisation from the list"),
        ({"consent": ""}, "consent", "Tick the box to agree"),
        ({"description_sv": LONG}, "description_sv", "Write at most 3000 characters"),
        ({"contact_name": "y" * 201}, "contact_name", "Write at most 200 characters"),
        (
            {"contact_name": "Eve\r\nBcc: victim@example.org"},
            "contact_name",
            "Write this on one line",
        ),
        ({"website": "http://spam.example"}, "website", "Leave this field empty"),
        ({"description_sv": "", "description_en": ""}, "description_sv", "Describe what"),
        ({"contact_email": "not-an-address"}, "contact_email", "Enter an e-mail address"),
        ({"wanted_countries": []}, "wanted_countries", "Choose at least one country"),
        ({"wanted_countries": ["999999"]}, "wanted_countries", "Choose countries from the list"),
        ({"organisation_county": ""}, "organisation_county", "Choose the county"),
        ({"thematic_areas": []}, "thematic_areas", "Choose at least one thematic area"),
        ({"contact_phone": "call me"}, "contact_phone", "Enter a telephone number"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client, kenya, area, changes, field, message):
    data = new_member_data(kenya, area, **changes)
    response = client.post(FORM["en"], data)
    assert response.status_code == 400
    page = soup(response)
    summary = page.select_one(".error-summary")
    assert summary is not None and message in text(summary)
    assert summary.select_one(f'a[href="#id_{field}"]')
    assert page.select_one(f"#id_{field}") is not None
    # The visitor's text is kept.
    assert (
        page.select_one("#id_contact_email")["value"] == data["contact_email"]
        or field == "contact_email"
    )
    assert nothing_saved()


def test_errors_are_in_swedish_on_the_swedish_form(client, kenya, area):
    response = client.post(FORM["sv"], new_member_data(kenya, area, consent=""))
    assert response.status_code == 400
    summary = text(soup(response).select_one(".error-summary"))
    assert "Det finns ett problem" in summary
    assert "Kryssa i rutan" in summary
    assert nothing_saved()


def test_requests_are_limited_per_address_and_per_email(client, settings, kenya, area):
    settings.PARTNER_REQUEST_RATE_LIMIT = 1
    assert client.post(FORM["en"], new_member_data(kenya, area)).status_code == 302
    response = client.post(
        FORM["en"], new_member_data(kenya, area, contact_email="other@testkoping.se")
    )
    assert response.status_code == 429
    assert "Too many requests" in text(soup(response))
    # Another address, the same e-mail: also limited.
    other = client.post(FORM["en"], new_member_data(kenya, area), REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 429
    assert PartnerRequest.objects.count() == 1


def test_an_organisation_the_list_does_not_offer_is_refused(client, kenya, area):
    organisation = Organisation.objects.partner_side().filter(country=kenya).first()
    Country.objects.filter(pk=kenya.pk).update(eligible=False)
    response = client.post(FORM["en"], new_member_data(kenya, area, organisation=organisation.pk))
    assert response.status_code == 400
    assert "Choose an organisation from the list" in text(
        soup(response).select_one(".error-summary")
    )
    assert nothing_saved()


def test_an_editor_corrects_a_request_before_approving_it(
    client, editor_client, smtp_server, committed, kenya, area
):
    with committed():
        client.post(FORM["sv"], new_member_data(kenya, area))
    request = PartnerRequest.objects.get()
    edit = f"/admin/partner_request/edit/{request.pk}/"
    form = {
        **new_member_data(kenya, area),
        "organisation_name": "Testköpings kommun",
        "description_en": "We want to work on citizen dialogue.",
        "language": "sv",
    }
    del form["consent"], form["website"]
    response = editor_client.post(edit, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    assert request.description_en == "We want to work on citizen dialogue."
    with committed():
        editor_client.post(f"/admin/partner_request/approve/{request.pk}/")
    partnership = Partnership.objects.get(swedish_organisations__name="Testköpings kommun")
    assert partnership.description_en == "We want to work on citizen dialogue."


def test_the_admin_menu_counts_the_requests_waiting(client, editor_client, kenya, area):
    def menu_label():
        html = editor_client.get("/admin/").content.decode()
        return "To review (1)" in html or "Att granska (1)" in html

    assert not menu_label()
    client.post(FORM["sv"], new_member_data(kenya, area))
    assert menu_label()
