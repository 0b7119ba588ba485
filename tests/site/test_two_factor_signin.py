"""Signing in to the admin with a code after the password: from the app, a recovery code,
a wrong code, the lock-out, and a remembered browser."""

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from icld_site.two_factor.remember import COOKIE_NAME
from tests.site.two_factor_helpers import (
    VERIFY_URL,
    code_for,
    give_app,
    give_code,
    is_through,
    sign_in_with_password,
    speak,
)

pytestmark = pytest.mark.django_db

HEADING = {"sv": "Ange din inloggningskod", "en": "Enter your sign-in code"}
REMEMBER = {
    "sv": "Kom ihåg den här webbläsaren i 30 dagar",
    "en": "Remember this browser for 30 days",
}
WRONG = {"sv": "Koden stämmer inte.", "en": "That code is not right."}
RECOVERY_USED = {
    "sv": "Du loggade in med en reservkod. Reservkoder kvar: 9.",
    "en": "You signed in with a recovery code. Recovery codes left: 9.",
}
PAUSED = {
    "sv": "För många felaktiga koder i följd.",
    "en": "Too many wrong codes in a row.",
}
LOCKED = {
    "sv": "Inloggningen är spärrad efter för många misslyckade försök",
    "en": "Sign-in is locked after too many failed attempts",
}
PAGES = "/admin/account/"


@pytest.fixture
def app_user(editor):
    device, codes = give_app(editor)
    editor.device, editor.codes = device, codes
    return editor


def later(seconds):
    """The clock moved on: a new step for the app's code, past django-otp's pause."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_code_step_follows_wagtails_login_and_keeps_next(app_user, language):
    speak(app_user, language)
    browser, response = sign_in_with_password(app_user, next_url=PAGES)
    # Wagtail's own login page took the password and sends the browser where it was going.
    assert response.status_code == 302 and response["Location"] == PAGES
    to_code = browser.get(PAGES)
    assert to_code.status_code == 302
    assert to_code["Location"] == f"{VERIFY_URL}?next={quote(PAGES, safe='')}"
    page = browser.get(to_code["Location"]).content.decode()
    assert HEADING[language] in page and REMEMBER[language] in page
    assert f'value="{PAGES}"' in page

    answer = give_code(browser, code_for(app_user.device), next_url=PAGES)
    assert answer.status_code == 302 and answer["Location"] == PAGES
    assert browser.get(PAGES).status_code == 200


def test_nothing_in_the_admin_opens_with_the_password_alone(app_user):
    browser, _ = sign_in_with_password(app_user)
    for url in ["/admin/", "/admin/pages/", PAGES, "/admin/snippets/partners/contactperson/"]:
        response = browser.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY_URL)
    assert browser.post("/admin/pages/3/delete/").status_code == 302
    # Signing out needs no code.
    assert browser.post("/admin/logout/")["Location"] == "/admin/login/"
    assert browser.get(VERIFY_URL)["Location"].startswith("/admin/login/")


def test_next_leads_only_within_the_site(app_user):
    browser, _ = sign_in_with_password(app_user)
    answer = give_code(browser, code_for(app_user.device), next_url="https://example.com/")
    assert answer["Location"] == "/admin/"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_recovery_code_signs_in_once(app_user, language):
    speak(app_user, language)
    code = app_user.codes[0]
    browser, _ = sign_in_with_password(app_user)
    # Typed in capitals and with a space, as people copy codes.
    answer = give_code(browser, f"{code[:4].upper()} {code[4:]}")
    assert answer.status_code == 302
    assert RECOVERY_USED[language] in browser.get("/admin/").content.decode()
    assert not StaticToken.objects.filter(token=code).exists()

    again, _ = sign_in_with_password(app_user)
    with later(5):
        refused = give_code(again, code)
    assert refused.status_code == 200
    assert not is_through(again)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_wrong_code_is_refused_in_the_users_language(app_user, language):
    speak(app_user, language)
    right = code_for(app_user.device)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    browser, _ = sign_in_with_password(app_user)
    assert WRONG[language] in give_code(browser, wrong).content.decode()
    # Then django-otp pauses the app's codes a moment, and says so.
    assert PAUSED[language] in give_code(browser, wrong).content.decode()
    for code in ["not-a-code", ""]:
        answer = give_code(browser, code)
        assert answer.status_code == 200
        assert HEADING[language] in answer.content.decode()
    assert not is_through(browser)
    # After django-otp's pause the right code still works.
    with later(60):
        assert give_code(browser, code_for(app_user.device)).status_code == 302
        assert is_through(browser)


def test_a_code_from_the_app_works_once(app_user):
    code = code_for(app_user.device)
    first, _ = sign_in_with_password(app_user)
    assert give_code(first, code).status_code == 302
    second, _ = sign_in_with_password(app_user)
    assert give_code(second, code).status_code == 200


@override_settings(AXES_ENABLED=True)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_wrong_codes_lock_the_sign_in_like_wrong_passwords(app_user, language):
    speak(app_user, language)
    browser, _ = sign_in_with_password(app_user, HTTP_ACCEPT_LANGUAGE=language)
    answers = [give_code(browser, "000000") for _ in range(5)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert LOCKED[language] in answers[-1].content.decode()
    # Signed out, and the password no longer opens the door from here, for an hour.
    assert browser.get("/admin/")["Location"].startswith("/admin/login/")
    _, again = sign_in_with_password(app_user, HTTP_ACCEPT_LANGUAGE=language)
    assert again.status_code == 429
    # Another address is not locked out.
    other, response = sign_in_with_password(app_user, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_the_password_alone_does_not_reset_the_count_of_wrong_codes(app_user):
    """Else one who knows the password could guess codes for ever, four at a time."""
    browser, _ = sign_in_with_password(app_user)
    for _ in range(4):
        give_code(browser, "000000")
    browser, response = sign_in_with_password(app_user)
    assert response.status_code == 302
    assert give_code(browser, "000000").status_code == 429


@override_settings(AXES_ENABLED=True)
def test_a_complete_sign_in_resets_the_count(app_user):
    browser, _ = sign_in_with_password(app_user)
    for _ in range(4):
        give_code(browser, "000000")
    with later(120):
        assert give_code(browser, code_for(app_user.device)).status_code == 302
        browser, _ = sign_in_with_password(app_user)
        assert give_code(browser, "000000").status_code == 200


def remembered_browser(user):
    """A browser that signed in with a code and asked to be remembered."""
    browser, _ = sign_in_with_password(user)
    answer = give_code(browser, code_for(user.device), remember=True)
    cookie = answer.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["path"] == "/admin/"
    assert cookie["max-age"] == 30 * 24 * 3600
    browser.post("/admin/logout/")
    return browser


def test_a_remembered_browser_skips_the_code_for_30_days(app_user):
    browser = remembered_browser(app_user)
    sign_in_with_password(app_user, browser=browser)
    assert is_through(browser)

    browser.post("/admin/logout/")
    with later(31 * 24 * 3600):
        sign_in_with_password(app_user, browser=browser)
        assert not is_through(browser)


def test_the_remembered_browser_is_only_for_its_user(app_user):
    from tests.factories import EditorFactory

    browser = remembered_browser(app_user)
    colleague = EditorFactory()
    give_app(colleague)
    sign_in_with_password(colleague, browser=browser)
    assert not is_through(browser)


def test_a_forged_or_foreign_cookie_is_not_recognised(app_user):
    browser, _ = sign_in_with_password(app_user)
    browser.cookies[COOKIE_NAME] = f"[{app_user.pk}, 'x']"
    assert not is_through(browser)


def test_resetting_the_devices_forgets_every_remembered_browser(app_user):
    from django.core.management import call_command

    browser = remembered_browser(app_user)
    call_command("reset_two_factor", app_user.get_username(), stdout=None)
    give_app(app_user)  # a new phone
    sign_in_with_password(app_user, browser=browser)
    assert not is_through(browser)


def test_a_user_without_an_app_is_not_asked_when_it_is_not_required(editor):
    assert not is_through(Client())
    browser, _ = sign_in_with_password(editor)
    assert is_through(browser)
    # The code step has nothing to ask and sends the user on.
    assert browser.get(VERIFY_URL + "?next=/admin/pages/")["Location"] == "/admin/pages/"


def test_the_code_step_needs_the_password_first(client):
    response = client.get(VERIFY_URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
