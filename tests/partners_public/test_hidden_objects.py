"""Nothing hidden is reachable by its slug or id: every public URL pattern and every route
of a routable page that takes one is listed here, either with the hidden objects it must
answer 404 for, or with the reason it names no object the public site hides. A route added
without either fails the first test."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from wagtail.contrib.routable_page.models import RoutablePageMixin

from icld_site.models import OutgoingMessage
from partners.models import Status, route_url
from tests.factories import ContactPersonFactory, PartnershipFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
# The admin; documents (Wagtail's own privacy rules); uploaded files, which only `make run`
# (DEBUG) serves itself.
NOT_PUBLIC_PREFIXES = ("admin/", "documents/", "^media/")


def partnership_page(partnership):
    return route_url("partnership", slug=partnership.slug)


def contact_page(partnership):
    return reverse("partnership_contact", kwargs={"slug": partnership.slug})


def api_record(partnership):
    return reverse("api_partnership_detail", kwargs={"pk": partnership.pk})


# Routes that name a partnership, and its address for a given one.
PARTNERSHIP_ROUTES = {
    "partnership": partnership_page,
    "partnership_contact": contact_page,
    "api_partnership_detail": api_record,
}
# Routes that take a parameter but name no object the public site hides.
NAMES_NOTHING_HIDDEN = {
    "sitemap-section": "a section of the sitemap, whose lists start from the public querysets",
    "subscription_confirm": "a signed link mailed to the subscriber",
    "subscription_manage": "a signed link mailed to the subscriber",
    "subscription_unsubscribe": "a signed link mailed to the subscriber",
    "contact_verification": "a signed link mailed to the contact themself",
    "news_feed_rss_category": "news categories have no hidden state",
    "news_feed_atom_category": "news categories have no hidden state",
    "wagtail_serve": "Wagtail serves only live pages, and restricted ones only to the allowed",
    "wagtailcore_authenticate_with_password": "Wagtail's password form names no page",
    # Organisations and countries are reference data; their pages list only public
    # partnerships (test_organisation_and_country_pages_list_no_hidden_entry).
    "organisation": "reference data, listing only public partnerships",
    "country": "reference data, listing only public partnerships",
}


def public_patterns(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(NOT_PUBLIC_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_patterns(pattern.url_patterns, route)
        elif pattern.pattern.regex.groups:
            yield pattern.name


def routable_page_routes():
    for model in apps.get_models():
        if issubclass(model, RoutablePageMixin):
            for pattern in model.get_subpage_urls():
                if pattern.pattern.regex.groups:
                    yield pattern.name


def test_every_route_that_takes_a_slug_or_id_is_checked_here():
    routes = set(public_patterns(get_resolver().url_patterns)) | set(routable_page_routes())
    unchecked = routes - set(PARTNERSHIP_ROUTES) - set(NAMES_NOTHING_HIDDEN)
    assert unchecked == set()
    assert set(PARTNERSHIP_ROUTES) <= routes


@pytest.fixture
def expired(data):
    """An approved request seeking a partner whose twelve months ended yesterday, with its
    published contact."""
    contact = ContactPersonFactory(
        name="Utgången Kontakt",
        email="utgangen@example.se",
        is_published=True,
        consent_date=timezone.localdate(),
        last_verified=timezone.localdate(),
    )
    return PartnershipFactory(
        swedish_organisations=[data["organisations"]["malmo"]],
        country=data["countries"]["KE"],
        status=Status.SEEKING_PARTNER,
        seeking_until=timezone.localdate() - timedelta(days=1),
        title_sv="Utgången förfrågan",
        title_en="Expired request",
        contacts=[contact],
    )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("route", sorted(PARTNERSHIP_ROUTES))
def test_an_expired_entry_is_404_on_every_route(client, expired, language, route):
    with translation.override(language):
        url = PARTNERSHIP_ROUTES[route](expired)
    assert client.get(url).status_code == 404
    if route == "partnership_contact":
        data = {"name": "Siri", "email": "siri@example.net", "message": "Hej", "language": "sv"}
        assert client.post(url, data, HTTP_ORIGIN=SITE).status_code == 404
        assert not OutgoingMessage.objects.exists()


@pytest.fixture
def hidden_contacts(data):
    """A partnership whose contacts are all hidden: one withdrew consent, one was last
    verified more than two years ago, one was never published."""
    long_ago = timezone.localdate() - timedelta(days=800)
    contacts = [
        ContactPersonFactory(name="Återkallad Samtycke", email="a@example.se"),
        ContactPersonFactory(
            name="Inaktuell Uppgift",
            email="b@example.se",
            is_published=True,
            consent_date=long_ago,
            last_verified=long_ago,
        ),
        ContactPersonFactory(name="Aldrig Publicerad", email="c@example.se"),
    ]
    contacts[0].withdraw_consent()
    partnership = data["malmo_pune"]
    partnership.contacts.set(contacts)
    return partnership, contacts


@pytest.mark.parametrize("language", ["sv", "en"])
def test_hidden_contacts_are_not_named_or_written_to(
    client, hidden_contacts, smtp_server, committed, language
):
    partnership, contacts = hidden_contacts
    with translation.override(language):
        urls = [partnership_page(partnership), contact_page(partnership)]
    for url in urls:
        page = text(client.get(url))
        assert not any(contact.name in page for contact in contacts)
    data = {"name": "Siri", "email": "siri@example.net", "message": "Hej", "language": language}
    with committed():
        for contact in contacts:
            client.post(urls[1], {**data, "contact": contact.pk}, HTTP_ORIGIN=SITE)
    recipients = {address for to, _message in smtp_server.received for address in to}
    assert not recipients & {contact.email for contact in contacts}


def test_organisation_and_country_pages_list_no_hidden_entry(client, expired):
    organisation = expired.swedish_organisations.get()
    for url in (organisation.get_absolute_url(), expired.country.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert "Utgången förfrågan" not in text(response)
        assert "Utgången Kontakt" not in text(response)
