"""Setting up two-factor sign-in: who must, the app and its QR code, the recovery codes, the
account settings panel, and an administrator's reset."""

from base64 import b32encode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from icld_site.two_factor.policy import requires_two_factor
from tests.factories import EditorFactory
from tests.site.two_factor_helpers import (
    CODES_URL,
    PASSWORD,
    SETUP_URL,
    VERIFY_URL,
    code_for,
    give_app,
    give_code,
    is_through,
    recovery_codes_on,
    sign_in_with_password,
    speak,
)

pytestmark = pytest.mark.django_db

SETUP_HEADING = {"sv": "Ställ in tvåstegsinloggning", "en": "Set up two-factor sign-in"}
REQUIRED = {
    "sv": "Ditt konto kan publicera eller se personuppgifter",
    "en": "Your account can publish or see personal data",
}
CODES_HEADING = {"sv": "Dina reservkoder", "en": "Your recovery codes"}
CODES_SHOWN = {
    "sv": "Reservkoder visas bara en gång, och de här har redan visats.",
    "en": "Recovery codes are shown only once, and these have been shown already.",
}
WRONG_SETUP_CODE = {
    "sv": "Kontrollera att klockan i telefonen går rätt",
    "en": "Check that the time on your phone is correct",
}
PANEL = {
    "off": {"sv": "Ställ in tvåstegsinloggning", "en": "Set up two-factor sign-in"},
    "on": {"sv": "Hantera tvåstegsinloggning", "en": "Manage two-factor sign-in"},
    "codes": {"sv": "Du har 10 oanvända reservkoder.", "en": "You have 10 unused recovery codes."},
}


@pytest.fixture
def required():
    with override_settings(ADMIN_REQUIRE_2FA=True):
        yield


def user_with(*permissions):
    """A user who may use the admin and has only `permissions` besides."""
    user = get_user_model().objects.create_user("begransad", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *(Permission.objects.get(codename=codename) for codename in permissions),
    )
    return get_user_model().objects.get(pk=user.pk)


def test_who_must_use_two_factor_sign_in(required, editor):
    assert requires_two_factor(editor)  # the programme team publishes
    assert requires_two_factor(get_user_model().objects.create_superuser("chef", "c@x.se", "x"))
    assert requires_two_factor(user_with("view_contactperson"))
    get_user_model().objects.filter(username="begransad").delete()
    assert requires_two_factor(user_with("view_subscriber"))
    get_user_model().objects.filter(username="begransad").delete()
    # May use the admin, but neither publish nor see anybody's details.
    assert not requires_two_factor(user_with("view_country"))


def test_nobody_must_when_the_setting_is_off(editor):
    assert not requires_two_factor(editor)


@pytest.mark.parametrize(
    ("environment", "expected"), [({}, "True"), ({"ADMIN_REQUIRE_2FA": "0"}, "False")]
)
def test_production_settings_require_it_unless_told_not_to(environment, expected):
    from tests.site.test_production import run_python

    result = run_python(
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.ADMIN_REQUIRE_2FA)",
        env_changes=environment,
        drop=[] if environment else ["ADMIN_REQUIRE_2FA"],
    )
    assert result.stdout.strip() == expected, result.stderr


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_user_who_must_is_sent_to_set_up_an_app_and_gets_recovery_codes(
    required, editor, language
):
    speak(editor, language)
    browser, response = sign_in_with_password(editor, next_url="/admin/account/")
    to_setup = browser.get(response["Location"])
    assert to_setup.status_code == 302
    assert to_setup["Location"] == f"{SETUP_URL}?next=%2Fadmin%2Faccount%2F"
    page = browser.get(to_setup["Location"]).content.decode()
    assert SETUP_HEADING[language] in page and REQUIRED[language] in page
    # The QR code is drawn here, and the key is there as text for typing in.
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    assert "<svg" in page and "two-factor-qr" in page
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert not is_through(browser)

    wrong = browser.post(SETUP_URL, {"code": "123456", "next": "/admin/account/"})
    assert WRONG_SETUP_CODE[language] in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    done = browser.post(SETUP_URL, {"code": code_for(device), "next": "/admin/account/"})
    assert done["Location"] == f"{CODES_URL}?next=%2Fadmin%2Faccount%2F"

    shown = browser.get(done["Location"]).content.decode()
    assert CODES_HEADING[language] in shown
    codes = recovery_codes_on(shown)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assert 'href="/admin/account/"' in shown
    # Shown once.
    again = browser.get(CODES_URL).content.decode()
    assert recovery_codes_on(again) == [] and CODES_SHOWN[language] in again
    assert is_through(browser)
    assert TOTPDevice.objects.get(user=editor).confirmed


def test_the_qr_code_leads_the_app_to_this_account(required, editor):
    browser, _ = sign_in_with_password(editor)
    browser.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=editor)
    assert device.config_url.startswith(
        f"otpauth://totp/Kommunalt%20Partnerskap%3A{editor.username}?secret="
    )
    # Coming back shows the same key, so the account scanned once is the one to confirm.
    browser.get(SETUP_URL)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_user_who_need_not_may_still_set_it_up_from_the_account_page(editor):
    browser, _ = sign_in_with_password(editor)
    assert is_through(browser)
    account = browser.get("/admin/account/").content.decode()
    assert f'href="{SETUP_URL}?next=/admin/account/"' in account
    browser.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=editor)
    browser.post(SETUP_URL, {"code": code_for(device)})
    # From now on this user gives a code too.
    again, _ = sign_in_with_password(editor)
    assert not is_through(again)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_account_page_has_a_two_factor_panel(editor, language):
    speak(editor, language)
    browser = Client()
    browser.force_login(editor)
    assert PANEL["off"][language] in browser.get("/admin/account/").content.decode()
    device, _ = give_app(editor)
    browser, _ = sign_in_with_password(editor)
    give_code(browser, code_for(device))
    page = browser.get("/admin/account/").content.decode()
    assert PANEL["on"][language] in page and PANEL["codes"][language] in page
    # The account page still saves the other panels.
    saved = browser.post(
        "/admin/account/",
        {"name_email-first_name": "Ny", "name_email-last_name": "Redaktör",
         "name_email-email": editor.email, "locale-preferred_language": language,
         "locale-current_time_zone": "", "theme-theme": "system",
         "theme-density": "default", "theme-contrast": "system"},
    )  # fmt: skip
    assert saved.status_code == 302
    editor.refresh_from_db()
    assert editor.first_name == "Ny"


def test_new_recovery_codes_replace_the_old_ones(editor):
    device, old_codes = give_app(editor)
    browser, _ = sign_in_with_password(editor)
    give_code(browser, code_for(device))
    response = browser.post("/admin/two-factor/recovery-codes/new/")
    new_codes = recovery_codes_on(browser.get(response["Location"]).content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


def test_recovery_codes_are_never_shown_to_an_unverified_session(editor):
    device, _ = give_app(editor)
    browser, _ = sign_in_with_password(editor)
    assert browser.get(CODES_URL)["Location"].startswith(VERIFY_URL)
    assert browser.post("/admin/two-factor/recovery-codes/new/")["Location"].startswith(VERIFY_URL)
    assert browser.get(SETUP_URL)["Location"].startswith(VERIFY_URL)


def test_an_administrator_resets_a_users_devices(required, editor, capsys):
    device, _ = give_app(editor)
    browser, _ = sign_in_with_password(editor)
    give_code(browser, code_for(device))
    assert is_through(browser)

    call_command("reset_two_factor", editor.username)
    assert f"Removed 2 two-factor device(s) of {editor.username}." in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticToken.objects.filter(device__user=editor).exists()
    # The signed-in session was verified by the removed app: it must set up a new one.
    assert browser.get("/admin/")["Location"].startswith(SETUP_URL)

    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("reset_two_factor", "nobody")


@override_settings(AXES_ENABLED=True)
def test_a_sign_in_without_a_code_step_still_resets_the_count(editor):
    def wrong_password():
        Client().post("/admin/login/", {"username": editor.username, "password": "fel"})

    for _ in range(4):
        wrong_password()
    assert sign_in_with_password(editor)[1].status_code == 302
    for _ in range(4):
        wrong_password()
    assert sign_in_with_password(editor)[1].status_code == 302


def test_an_editor_without_publish_rights_and_personal_data_is_not_asked(required):
    user = user_with("view_country")
    browser, _ = sign_in_with_password(user)
    assert is_through(browser)


def test_other_editors_stay_unaffected(required):
    """Each user's own devices count: one with an app does not make another's sign-in ask."""
    first, second = EditorFactory(), EditorFactory()
    give_app(first)
    browser, _ = sign_in_with_password(second)
    assert browser.get("/admin/")["Location"].startswith(SETUP_URL)
