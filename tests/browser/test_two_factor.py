"""An editor sets up two-factor sign-in in the Swedish or English admin, then signs in with a
code from the app, fails with a wrong code, signs in with a recovery code, and is locked out
after too many wrong codes."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories import EditorFactory

from .helpers import axe_violations

USERNAME = "tvasteg"
PASSWORD = "browser-test-password-2"
TEXT = {
    "sv": {
        "setup": "Ställ in tvåstegsinloggning",
        "turn_on": "Slå på tvåstegsinloggning",
        "codes": "Dina reservkoder",
        "continue": "Fortsätt",
        "manage": "Hantera tvåstegsinloggning",
        "verify": "Ange din inloggningskod",
        "sign_in": "Logga in",
        "wrong": "Koden stämmer inte.",
        "recovery_used": "Du loggade in med en reservkod. Reservkoder kvar: 9.",
        "locked": "Inloggningen är spärrad efter för många misslyckade försök",
    },
    "en": {
        "setup": "Set up two-factor sign-in",
        "turn_on": "Turn on two-factor sign-in",
        "codes": "Your recovery codes",
        "continue": "Continue",
        "manage": "Manage two-factor sign-in",
        "verify": "Enter your sign-in code",
        "sign_in": "Sign in",
        "wrong": "That code is not right.",
        "recovery_used": "You signed in with a recovery code. Recovery codes left: 9.",
        "locked": "Sign-in is locked after too many failed attempts",
    },
}


@pytest.fixture
def editor(request):
    from wagtail.users.models import UserProfile

    user = EditorFactory(username=USERNAME, password=PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = request.node.callspec.params["language"]
    profile.save()
    with override_settings(ADMIN_REQUIRE_2FA=True):
        yield user
    user.delete()
    AccessAttempt.objects.filter(username=USERNAME).delete()


def code_from_app(secret):
    """What an authenticator app shows for the key typed in from the set-up page."""
    key = b32decode("".join(secret.split()))
    return f"{totp(key):06d}"


def enter_password(page, next_url="/admin/"):
    page.goto(f"/admin/login/?next={next_url}")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.login-form button[type=submit]").click()


def enter_code(page, code, words):
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name=words["sign_in"], exact=True).click()


def later(seconds):
    """The clock a while on (the server runs in this process): a fresh code from the app."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=True)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_editor_sets_up_the_app_and_signs_in_with_codes(new_page, editor, language):
    words = TEXT[language]

    # Set up: the password, then the app, which the editor must have.
    page = new_page(language)
    enter_password(page, next_url="/admin/account/")
    expect(page).to_have_url(re.compile(r"/admin/two-factor/setup/\?next="))
    expect(page.locator("h1")).to_have_text(words["setup"])
    expect(page.locator("figure.two-factor-qr svg")).to_be_visible()
    assert axe_violations(page) == []
    secret = page.locator("[data-secret]").inner_text()
    page.locator("input[name=code]").fill(code_from_app(secret))
    page.get_by_role("button", name=words["turn_on"]).click()
    expect(page.locator("h1")).to_have_text(words["codes"])
    recovery_codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(recovery_codes) == 10
    page.get_by_role("link", name=words["continue"]).click()
    expect(page).to_have_url(re.compile(r"/admin/account/$"))
    expect(page.get_by_role("link", name=words["manage"])).to_be_attached()

    # A wrong code, then the right one, in a browser of its own; Wagtail's `next` holds.
    with later(60):
        page = new_page(language)
        enter_password(page, next_url="/admin/pages/")
        expect(page).to_have_url(re.compile(r"/admin/two-factor/\?next="))
        expect(page.locator("h1")).to_have_text(words["verify"])
        assert axe_violations(page) == []
        enter_code(page, "000000", words)
        expect(page.locator(".error-message")).to_contain_text(words["wrong"])
        expect(page).to_have_url(re.compile(r"/admin/two-factor/"))
    with later(120):
        enter_code(page, code_from_app(secret), words)
        expect(page).to_have_url(re.compile(r"/admin/pages/"))

    # A recovery code, in a third browser: it works once.
    page = new_page(language)
    enter_password(page)
    enter_code(page, recovery_codes[0], words)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".messages")).to_contain_text(words["recovery_used"])

    page = new_page(language)
    enter_password(page)
    with later(180):
        enter_code(page, recovery_codes[0], words)
        expect(page.locator("h1")).to_have_text(words["verify"])

    # Wrong codes count as failed sign-ins: the fifth locks the sign-in, said in the admin's
    # language, and the password alone no longer opens the door.
    with override_settings(AXES_ENABLED=True), later(240):
        page = new_page(language)
        enter_password(page)
        for _ in range(5):
            enter_code(page, "000000", words)
        expect(page.locator("body")).to_contain_text(words["locked"])
        enter_password(page)
        expect(page.locator("body")).to_contain_text(words["locked"])
