"""Subscriptions in the admin: counts for editors, addresses only with their own permission."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.users.models import UserProfile

from icld_site import subscriptions
from icld_site.models import Subscriber, Subscription
from tests.helpers import soup, text

pytestmark = pytest.mark.django_db

COUNTS = "/admin/subscriptions/"
LOOKUP = "/admin/subscriptions/lookup/"


@pytest.fixture
def subscribed(db):
    for email, topic, confirm in [
        ("anna@example.se", "news", True),
        ("bo@example.se", "news", False),
        ("anna@example.se", "rounds", True),
    ]:
        subscription, _created = subscriptions.subscribe(email, "sv", topic)
        if confirm:
            subscriptions.confirm(subscription)


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", ["Nyheter", "Alla nyheter", "Veckosammanfattning", "1", "1"]),
        ("en", ["News", "All news", "Weekly digest", "1", "1"]),
    ],
)
def test_editors_see_counts_but_no_address(editor, editor_client, subscribed, language, expected):
    speaking(editor, language)
    response = editor_client.get(COUNTS)
    assert response.status_code == 200
    page = soup(response)
    rows = [[text(cell) for cell in row.select("td")] for row in page.select("tbody tr")]
    assert expected in rows
    assert len(rows) == 2
    assert "@" not in text(page.select_one("main"))
    assert not page.select(f'a[href^="{LOOKUP}"]')
    # Wagtail answers a refused permission with a redirect to the dashboard.
    refused = editor_client.post(LOOKUP, {"email": "anna@example.se"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_the_menu_item_is_in_settings(editor_client):
    response = editor_client.get("/admin/")
    assert COUNTS in response.content.decode()


def test_the_address_permission_looks_up_and_deletes(editor, editor_client, subscribed):
    editor.user_permissions.add(Permission.objects.get(codename="view_subscriber_address"))
    page = soup(editor_client.get(COUNTS))
    assert page.select(f'a[href="{LOOKUP}"]')

    found = soup(editor_client.post(LOOKUP, {"email": " ANNA@example.se "}))
    assert "anna@example.se" in text(found.select_one("main"))
    assert len(found.select("tbody tr")) == 2
    missing = editor_client.post(LOOKUP, {"email": "nobody@example.se"})
    assert "nobody@example.se" not in text(soup(missing).select_one("section") or "")
    assert editor_client.post(LOOKUP, {"email": "not an address"}).status_code == 200

    subscriber = Subscriber.objects.get(email="anna@example.se")
    response = editor_client.post(LOOKUP, {"subscriber": subscriber.pk})
    assert response.status_code == 302
    assert not Subscriber.objects.filter(email="anna@example.se").exists()
    assert Subscription.objects.count() == 1
    for bad in ("", "x", "99999999999", "١"):
        assert editor_client.post(LOOKUP, {"subscriber": bad}).status_code == 302


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(COUNTS).status_code == 302
    assert client.get(LOOKUP).status_code == 302
    assert reverse("subscription_counts") == COUNTS


def test_an_address_is_looked_up_by_post_never_in_the_url(editor, editor_client, subscribed):
    editor.user_permissions.add(Permission.objects.get(codename="view_subscriber_address"))
    page = soup(editor_client.get(LOOKUP))
    form = page.select_one("main form")
    assert form["method"] == "post" and form.select_one('input[name="csrfmiddlewaretoken"]')
    # An address in the query string looks nothing up.
    response = editor_client.get(LOOKUP, {"email": "anna@example.se"})
    assert "anna@example.se" not in text(soup(response).select_one("main"))


@pytest.mark.parametrize(
    ("language", "shown"),
    [("sv", "sökord (visas inte)"), ("en", "search words (not shown)")],
)
def test_editors_see_a_saved_search_by_its_filters_not_its_words(
    editor, editor_client, language, shown
):
    for words in ("anna@example.se", "bo@example.se"):
        subscription, _created = subscriptions.subscribe(
            "visitor@example.net", "sv", "search", f"q={words}"
        )
        subscriptions.confirm(subscription)
    speaking(editor, language)
    page = soup(editor_client.get(COUNTS))
    rows = [[text(cell) for cell in row.select("td")] for row in page.select("tbody tr")]
    assert len(rows) == 1 and shown in rows[0][1] and rows[0][3] == "2"
    assert "@" not in text(page.select_one("main"))
    editor.user_permissions.add(Permission.objects.get(codename="view_subscriber_address"))
    found = soup(editor_client.post(LOOKUP, {"email": "visitor@example.net"}))
    assert "anna@example.se" not in text(found.select_one("main"))
