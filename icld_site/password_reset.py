"""The admin's "Forgot password?": Wagtail's pages, with the mail queued and the asking counted.

Wagtail's own view sends the message inside the request and lets anybody ask for any number
of them. Here the message goes through the site's mail queue (icld_site.mail.queue_mail) in
the account's admin language, and each address (icld_site.limits.client_address) and each
e-mail address typed in may ask PASSWORD_RESET_LIMIT_PER_IP and PASSWORD_RESET_LIMIT_PER_ADDRESS
times an hour. An e-mail address is counted whether or not an account has it, so neither the
refusal nor the page that follows a request says whether one does.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm
from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView
from wagtail.users.models import UserProfile

from .limits import allow, client_address
from .mail import queue_mail

logger = logging.getLogger(__name__)
HOUR = 3600
REFUSALS = {
    "too_many_from_connection": _(
        "Too many password resets have been asked for from your connection in the last hour. "
        "Try again later."
    ),
    "too_many_for_address": _(
        "Too many password resets have been asked for this e-mail address in the last hour. "
        "Try again later."
    ),
}


def limit_refusal(request, email):
    """The key of the first limit this request exceeds (see REFUSALS), or None."""
    if not allow(
        "password-reset-ip", client_address(request), settings.PASSWORD_RESET_LIMIT_PER_IP, HOUR
    ):
        return "too_many_from_connection"
    if not allow("password-reset-address", email, settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, HOUR):
        return "too_many_for_address"
    return None


class PasswordResetForm(WagtailPasswordResetForm):
    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs
    ):
        """Queue the message (Django's form would send it here and now)."""
        user = context["user"]
        path = reverse(
            "wagtailadmin_password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        # The key names the message without holding the token, which would reset the password.
        token_digest = hashlib.sha256(context["token"].encode()).hexdigest()[:16]
        try:
            queue_mail(
                f"password-reset:{user.pk}:{token_digest}",
                "password_reset",
                to=to_email,
                language=UserProfile.get_for_user(user).get_preferred_language(),
                context={
                    "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
                    "username": user.get_username(),
                    "days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * HOUR)),
                },
            )
        except ValidationError:
            # An address stored before a stricter check: the page says the same as ever.
            logger.warning("Password reset not queued, not an e-mail address: user %s", user.pk)


class PasswordResetView(WagtailPasswordResetView):
    def get_form_class(self):
        return PasswordResetForm

    def form_valid(self, form):
        refusal = limit_refusal(self.request, form.cleaned_data["email"])
        if refusal:
            form.add_error(None, REFUSALS[refusal])
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
