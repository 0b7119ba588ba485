"""The code step of a sign-in: checking a code, counting a wrong one, finishing the sign-in.

A wrong code is a failed sign-in to django-axes (the `user_login_failed` signal, with the
user name), so the lock-out counts it with wrong passwords, per user name and address. The
count is reset when the sign-in is complete: after the code, or after the password for a
user who is asked for none.
"""

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..limits import client_address
from .policy import authenticator, requires_two_factor


def credentials(user):
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def is_locked_out(request, user):
    return settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(request, credentials(user))


def lock_out(request, user):
    """Sign the user out and answer with the lock-out (429)."""
    logout(request)
    return get_lockout_response(request, None, credentials(user))


def record_failure(request, user):
    """Count a wrong code; True when that locks the sign-in."""
    user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def forget_failures(request, user):
    address = client_address(request)
    if settings.AXES_ENABLED and address:
        AxesProxyHandler.reset_attempts(ip_address=address, username=user.get_username())


def check_code(user, code):
    """(the device that accepted `code`, or None; whether a device that might have accepted
    it was held back by django-otp's pause after wrong codes)."""
    # Digits are a code from the app; recovery codes always have a letter. Each device
    # counts its own wrong codes, so a code is tried only where it could fit.
    model = TOTPDevice if code.isdigit() else StaticDevice
    throttled = False
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified, False
    return None, throttled


def complete(request, device):
    """The sign-in is done: the session is verified by `device`, gets a new key, and the
    failures counted for this user name and address are forgotten."""
    django_otp.login(request, device)
    request.session.cycle_key()
    forget_failures(request, request.user)


def needs_code_step(user):
    return requires_two_factor(user) or authenticator(user) is not None


def on_user_logged_in(sender, request, user, **kwargs):
    if request is not None and not needs_code_step(user):
        forget_failures(request, user)


def connect_signals():
    user_logged_in.connect(on_user_logged_in, dispatch_uid="two-factor-forget-failures")
