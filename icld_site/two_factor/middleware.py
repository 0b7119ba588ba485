"""Between the password and the admin: the code step, or setting up an app first."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from . import remember, signin
from .policy import authenticator, requires_two_factor

# Reachable with the password alone: signing in and out, the password reset, the two-factor
# pages themselves, and what the admin's sign-in pages load.
OPEN_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "two_factor_verify",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
)


def open_prefixes():
    return tuple(reverse(name) for name in OPEN_URL_NAMES)


def step_url(name, request):
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


def second_step(request):
    """Where a signed-in user must go before the admin, or None to go on."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    device = authenticator(user)
    if device is not None:
        if remember.recognises(request, user):
            signin.complete(request, device)
            return None
        return step_url("two_factor_verify", request)
    if requires_two_factor(user):
        return step_url("two_factor_setup", request)
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(settings.ADMIN_PATH_PREFIXES) and not path.startswith(open_prefixes()):
            url = second_step(request)
            if url is not None:
                return HttpResponseRedirect(url)
        return self.get_response(request)
