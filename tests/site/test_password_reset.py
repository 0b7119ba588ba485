"""The admin's "Forgot password?" goes through the mail queue and is counted per address and
per e-mail address."""

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from wagtail.users.models import UserProfile

from icld_site.models import OutgoingMessage
from tests.site.test_mail import DATABASE_QUEUE, run_worker

RESET_URL = "/admin/password_reset/"
SUBJECT = {
    "sv": "Nytt lösenord till Kommunalt Partnerskaps administration",
    "en": "A new password for the Kommunalt Partnerskap admin",
}
TOO_MANY_FOR_ADDRESS = {
    "sv": "För många nya lösenord har begärts för den här e-postadressen den senaste timmen.",
    "en": "Too many password resets have been asked for this e-mail address in the last hour.",
}
TOO_MANY_FROM_CONNECTION = {
    "sv": "För många nya lösenord har begärts från din uppkoppling den senaste timmen.",
    "en": "Too many password resets have been asked for from your connection in the last hour.",
}


@pytest.fixture(autouse=True)
def _empty_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def account(db):
    return get_user_model().objects.create_user(
        "redaktor", email="redaktor@example.se", password="gammalt-losenord-123", is_staff=True
    )


def ask_for_reset(email, language="sv", remote_addr="192.0.2.10", second=0):
    """Ask at `second` past a fixed hour: one link a second (its token holds the time), all
    in one hour of counting."""
    browser = Client(HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=remote_addr)
    with time_machine.travel(f"2026-02-10 10:00:{second:02d}+01:00", tick=False):
        return browser.post(RESET_URL, {"email": email})


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_reset_link_is_queued_in_the_accounts_language_and_works(
    account, smtp_server, settings, committed, language
):
    settings.TASKS = DATABASE_QUEUE
    profile = UserProfile.get_for_user(account)
    profile.preferred_language = language
    profile.save()
    other = "en" if language == "sv" else "sv"
    with committed():
        # Asked from a browser in the other language: the account's own language wins.
        response = ask_for_reset("REDAKTOR@example.se", language=other)
    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/done/"
    # Nothing left inside the request: the message waits in the queue for the worker.
    assert smtp_server.received == []
    queued = OutgoingMessage.objects.get(key__startswith=f"password-reset:{account.pk}:")
    assert queued.status == OutgoingMessage.Status.QUEUED

    run_worker()
    [(recipients, message)] = smtp_server.received
    assert recipients == ["redaktor@example.se"]
    assert message["Subject"].strip() == SUBJECT[language]
    assert message["Content-Language"] == language
    text = message.get_content()
    assert "redaktor" in text
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+/)", text).group(1)
    # The token is not kept in the queue's record once the message is sent.
    queued.refresh_from_db()
    assert queued.status == OutgoingMessage.Status.SENT
    assert link.rstrip("/").rsplit("/", 1)[-1] not in queued.key

    browser = Client()
    form_url = browser.get(link)["Location"]
    new_password = "nytt-langt-losenord-456"
    response = browser.post(
        form_url, {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password(new_password)


def test_an_unknown_address_gets_the_same_page_and_no_message(account, committed):
    with committed():
        response = ask_for_reset("okand@example.se")
    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/done/"
    assert not OutgoingMessage.objects.filter(key__startswith="password-reset:").exists()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("email", ["redaktor@example.se", "okand@example.se"])
def test_one_address_is_counted_from_every_connection(account, settings, language, email):
    """The limit holds for an address with no account too, so a refusal tells nobody
    whether there is one."""
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    answers = [
        ask_for_reset(email, language, remote_addr=f"192.0.2.{n}", second=n) for n in (1, 2, 3)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert TOO_MANY_FOR_ADDRESS[language] in answers[-1].content.decode()
    expected = 2 if email == account.email else 0
    assert OutgoingMessage.objects.filter(key__startswith="password-reset:").count() == expected
    # Another address is still served.
    assert ask_for_reset("annan@example.se", language, remote_addr="192.0.2.4").status_code == 302


@pytest.mark.parametrize("language", ["sv", "en"])
def test_one_connection_is_counted_for_every_address(account, settings, language):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 2
    answers = [ask_for_reset(f"person{n}@example.se", language) for n in (1, 2, 3)]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert TOO_MANY_FROM_CONNECTION[language] in answers[-1].content.decode()
    # The refused request sent nothing, even for an address with an account.
    assert ask_for_reset(account.email, language).status_code == 429
    assert not OutgoingMessage.objects.filter(key__startswith="password-reset:").exists()
    # Another connection is still served.
    assert ask_for_reset(account.email, language, remote_addr="192.0.2.99").status_code == 302
    assert OutgoingMessage.objects.filter(key__startswith="password-reset:").count() == 1
