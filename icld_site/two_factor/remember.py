""" "Remember this browser": a signed cookie that spares the code step for a while.

It names the user and a digest of the user's authenticator app (policy.devices_fingerprint),
so it works only for that user, and no longer once the devices have been reset; it expires
after TWO_FACTOR_REMEMBER_DAYS. It is sent only to the admin and never to scripts.
"""

import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing

from .policy import devices_fingerprint

COOKIE_NAME = "kp_admin_browser"
SALT = "icld_site.two_factor.remember"
COOKIE_PATH = "/admin/"


def max_age():
    return timedelta(days=settings.TWO_FACTOR_REMEMBER_DAYS)


def remember_browser(response, user):
    value = signing.dumps([user.pk, devices_fingerprint(user)], salt=SALT)
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=int(max_age().total_seconds()),
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def recognises(request, user):
    """Whether the browser carries a valid, current cookie for `user`."""
    value = request.COOKIES.get(COOKIE_NAME)
    if not value:
        return False
    try:
        user_pk, fingerprint = signing.loads(value, salt=SALT, max_age=max_age())
    except (signing.BadSignature, TypeError, ValueError):
        return False
    return (
        user_pk == user.pk
        and isinstance(fingerprint, str)
        and hmac.compare_digest(fingerprint, devices_fingerprint(user))
    )
