"""What the two-factor tests share: accounts with an app, codes, and the sign-in steps."""

import re

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

from icld_site.two_factor.policy import new_recovery_codes

PASSWORD = "hemligt-lösenord"
VERIFY_URL = "/admin/two-factor/"
SETUP_URL = "/admin/two-factor/setup/"
CODES_URL = "/admin/two-factor/recovery-codes/"


def code_for(device):
    """The code the app shows now, as django-otp computes it."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def speak(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def give_app(user):
    """A confirmed authenticator app and ten recovery codes for `user`: (device, codes)."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device, new_recovery_codes(user)


def sign_in_with_password(user, next_url="/admin/", browser=None, **client_options):
    """Wagtail's own login page, `next` and all; returns the browser and the answer."""
    browser = browser or Client(**client_options)
    response = browser.post(
        "/admin/login/",
        {"username": user.get_username(), "password": PASSWORD, "next": next_url},
    )
    return browser, response


def give_code(browser, code, next_url="/admin/", remember=False):
    data = {"code": code, "next": next_url}
    if remember:
        data["remember"] = "on"
    return browser.post(VERIFY_URL, data)


def is_through(browser):
    """Whether the browser reaches the admin's dashboard (signed in, and past the code)."""
    return browser.get("/admin/").status_code == 200


def recovery_codes_on(html):
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
