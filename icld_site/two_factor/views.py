"""The admin's two-factor pages: the code step, setting up an app, the recovery codes.

Registered with the admin's URLs (icld_site.wagtail_hooks), so each needs a signed-in user
who may use the admin and answers in that user's admin language. `next` carries where the
user was going through every step, as Wagtail's login page does.
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from . import remember, signin
from .forms import CodeForm, SignInCodeForm
from .policy import (
    authenticator,
    new_recovery_codes,
    pending_authenticator,
    recovery_codes_left,
    requires_two_factor,
)

# The new recovery codes wait here until the page that shows them, once.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"
WRONG_CODE = gettext_lazy(
    "That code is not right. Enter the code your app shows now, or a recovery code you have "
    "not used before."
)
PAUSED = gettext_lazy("Too many wrong codes in a row. Wait a few seconds and try again.")
WRONG_SETUP_CODE = gettext_lazy(
    "That code is not right. Check that the time on your phone is correct and enter the code "
    "the app shows now."
)


def next_url(request):
    """Where the user was going: a path on this site, or the admin's dashboard."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def with_next(name, goal):
    return f"{reverse(name)}?{urlencode({'next': goal})}"


def qr_code(url):
    """The app's set-up link as an SVG QR code, made here: nothing leaves the server."""
    svg = segno.make(url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", omitsize=True, svgclass="two-factor-qr"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the URL is encoded as modules


def grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    goal = next_url(request)
    if user.is_verified():
        return redirect(goal)
    if authenticator(user) is None:
        return redirect(with_next("two_factor_setup", goal) if requires_two_factor(user) else goal)
    form = SignInCodeForm(request.POST or None)
    if form.is_valid():
        if signin.is_locked_out(request, user):
            return signin.lock_out(request, user)
        device, paused = signin.check_code(user, form.cleaned_data["code"])
        if device is not None:
            signin.complete(request, device)
            response = redirect(goal)
            if form.cleaned_data["remember"]:
                remember.remember_browser(response, user)
            if isinstance(device, StaticDevice):
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code. Recovery codes left: %(count)s. "
                        "Make new ones under Account, Two-factor sign-in."
                    )
                    % {"count": left},
                )
            return response
        if signin.record_failure(request, user):
            return signin.lock_out(request, user)
        form.add_error("code", PAUSED if paused else WRONG_CODE)
    return render(request, "icld_site/two_factor/verify.html", {"form": form, "next": goal})


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up an app; for a user who has one, what there is to manage."""
    user = request.user
    goal = next_url(request)
    if authenticator(user) is not None:
        if not user.is_verified():
            return redirect(with_next("two_factor_verify", goal))
        return render(
            request,
            "icld_site/two_factor/manage.html",
            {"codes_left": recovery_codes_left(user), "required": requires_two_factor(user)},
        )
    device = pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session[NEW_CODES_SESSION_KEY] = new_recovery_codes(user)
            signin.complete(request, device)
            return redirect(with_next("two_factor_recovery_codes", goal))
        form.add_error("code", WRONG_SETUP_CODE)
    return render(
        request,
        "icld_site/two_factor/setup.html",
        {
            "form": form,
            "next": goal,
            "qr_code": qr_code(device.config_url),
            "secret": grouped(b32encode(device.bin_key).decode()),
            "required": requires_two_factor(user),
        },
    )


@never_cache
@require_http_methods(["GET"])
def recovery_codes(request):
    """The new recovery codes, shown once."""
    if not request.user.is_verified():
        return redirect(with_next("two_factor_verify", request.get_full_path()))
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    return render(
        request,
        "icld_site/two_factor/recovery_codes.html",
        {"codes": codes, "next": next_url(request)},
    )


@never_cache
@require_POST
def replace_recovery_codes(request):
    if not request.user.is_verified():
        return redirect(with_next("two_factor_verify", reverse("two_factor_setup")))
    request.session[NEW_CODES_SESSION_KEY] = new_recovery_codes(request.user)
    return redirect(with_next("two_factor_recovery_codes", reverse("two_factor_setup")))
