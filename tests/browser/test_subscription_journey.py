"""A visitor subscribes to the news by clicking, from the home page, in Swedish and in
English: the news page's form, "check your inbox", then the link from the queued
confirmation message, the confirm button, the manage page and the one-click unsubscribe.
axe checks every page on the way, also a refused sign-up."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import DESKTOP, HOME, LANGUAGES, MOBILE, axe_violations

NEWS_LINK = {"sv": "Aktuellt", "en": "News"}
EMAIL = {"sv": "Din e-postadress", "en": "Your e-mail address"}
CONSENT = {"sv": "Jag godkänner", "en": "I agree"}
IMMEDIATE = {"sv": "Så snart den publiceras", "en": "As soon as it is published"}
SUBSCRIBE = {"sv": "Prenumerera", "en": "Subscribe"}
NOT_SIGNED_UP = {"sv": "Du har inte anmälts", "en": "You have not been signed up"}
CHECK_INBOX = {"sv": "Titta i din inkorg", "en": "Check your inbox"}
CONFIRM = {"sv": "Bekräfta", "en": "Confirm"}
CONFIRMED = {"sv": "Din prenumeration är bekräftad", "en": "Your subscription is confirmed"}
MANAGE = {"sv": "Se och ändra dina prenumerationer", "en": "See and change your subscriptions"}
YOURS = {"sv": "Dina prenumerationer", "en": "Your subscriptions"}
UNSUBSCRIBE = {"sv": "Avsluta prenumerationen", "en": "Unsubscribe"}
UNSUBSCRIBED = {"sv": "Din prenumeration är avslutad", "en": "You are unsubscribed"}
START = {"sv": "Gå till startsidan", "en": "Go to the start page"}
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def address(monkeypatch):
    """A fresh address; what the test stores and queues is removed after. Messages stay
    queued, with their text, instead of being handed to a mail server (the server thread
    runs in this process)."""
    from types import SimpleNamespace

    from django.core.cache import cache

    monkeypatch.setattr("icld_site.mail.deliver", SimpleNamespace(enqueue=lambda pk: None))

    from icld_site.models import OutgoingMessage, Subscriber

    cache.clear()
    yield "besokare@example.se"
    Subscriber.objects.filter(email="besokare@example.se").delete()
    OutgoingMessage.objects.filter(recipient="besokare@example.se").delete()
    cache.clear()


def queued_link(kind):
    from icld_site.models import OutgoingMessage, Subscription

    subscription = Subscription.objects.get(subscriber__email="besokare@example.se")
    message = OutgoingMessage.objects.get(key=f"subscription-confirm:{subscription.pk}")
    links = LINK.findall(message.body_text)
    return next(link for link in links if kind in link)


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(DESKTOP, True), (MOBILE, False)],
    ids=["desktop", "320px-no-js"],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_subscribes_to_the_news(new_page, address, language, viewport, javascript):
    page = new_page(language, viewport, javascript=javascript)
    page.goto(HOME[language])
    if viewport is MOBILE:
        menu = page.get_by_role("button", name=re.compile("Meny|Menu"))
        if menu.count():
            menu.first.click()
    page.get_by_role("navigation").get_by_role(
        "link", name=NEWS_LINK[language], exact=True
    ).first.click()

    form = page.locator("form.subscribe-form")
    form.get_by_label(EMAIL[language]).fill(address)
    form.get_by_label(IMMEDIATE[language]).check()
    form.get_by_role("button", name=SUBSCRIBE[language]).click()

    # The consent box was left empty: the summary says so and the address is kept.
    summary = page.locator("#subscribe-errors")
    expect(summary.get_by_role("heading")).to_have_text(NOT_SIGNED_UP[language])
    form = page.locator("form.subscribe-form")
    expect(form.get_by_label(EMAIL[language])).to_have_value(address)
    if javascript:
        assert axe_violations(page) == []
    form.get_by_label(CONSENT[language]).check()
    form.get_by_role("button", name=SUBSCRIBE[language]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(CHECK_INBOX[language])
    if javascript:
        assert axe_violations(page) == []

    link = queued_link("/bekrafta/" if language == "sv" else "/confirm/")
    page.goto(link.replace("http://testserver", ""))
    if javascript:
        assert axe_violations(page) == []
    page.get_by_role("main").get_by_role("button", name=CONFIRM[language], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CONFIRMED[language])

    page.get_by_role("link", name=MANAGE[language]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(YOURS[language])
    if javascript:
        assert axe_violations(page) == []

    from icld_site.models import Subscription

    subscription = Subscription.objects.get(subscriber__email=address)
    assert subscription.confirmed_at is not None
    assert subscription.frequency == "immediate"
    assert subscription.subscriber.language == language

    unsubscribe = queued_link("/avsluta/" if language == "sv" else "/unsubscribe/")
    page.goto(unsubscribe.replace("http://testserver", ""))
    if javascript:
        assert axe_violations(page) == []
    page.get_by_role("main").get_by_role("button", name=UNSUBSCRIBE[language]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(UNSUBSCRIBED[language])
    assert not Subscription.objects.filter(subscriber__email=address).exists()
    # Not a dead end: the start page, and the form to subscribe again.
    if javascript:
        assert axe_violations(page) == []
    page.get_by_role("main").get_by_role("link", name=START[language]).click()
    expect(page).to_have_url(re.compile(f"/{language}/$"))
