from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class CodeForm(forms.Form):
    """A code from the app or a recovery code; spaces and dashes are ignored, letters may be
    in either case."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class SignInCodeForm(CodeForm):
    remember = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.TWO_FACTOR_REMEMBER_DAYS
        self.fields["remember"].label = ngettext(
            "Remember this browser for %(days)s day",
            "Remember this browser for %(days)s days",
            days,
        ) % {"days": days}
