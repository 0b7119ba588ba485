"""The "Two-factor sign-in" panel of the admin's account settings."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel

from .policy import authenticator, recovery_codes_left, requires_two_factor


class TwoFactorPanel(BaseSettingsPanel):
    name = "two_factor"
    title = _("Two-factor sign-in")
    order = 600
    template_name = "icld_site/two_factor/panel.html"

    def get_form(self):
        # Nothing to save on the account page: the panel leads to the set-up page.
        return forms.Form(prefix=self.name)

    def get_context_data(self):
        return {
            "enabled": authenticator(self.user) is not None,
            "codes_left": recovery_codes_left(self.user),
            "required": requires_two_factor(self.user),
        }
