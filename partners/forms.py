from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .importing import FILE_TOO_LARGE, MAX_FILE_SIZE, uploads


class PartnershipForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        # Rules across many-to-many fields cannot be database constraints; see Partnership.
        errors = self.instance.clean_sides(
            cleaned_data.get("status"),
            cleaned_data.get("swedish_organisations") or [],
            cleaned_data.get("partner_organisations") or [],
            cleaned_data.get("country"),
        )
        for field_name, message in errors.items():
            if field_name in self.fields:
                self.add_error(field_name, message)
        return cleaned_data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon separated, UTF-8 or Windows-1252) or XLSX, at most 5 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(FILE_TOO_LARGE)
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


class ImportConfirmForm(forms.Form):
    """Names the checked file kept on the server (partners.importing.uploads) by a signed
    token; the file is checked again before anything is written."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_token(self):
        try:
            return uploads.from_token(self.cleaned_data["token"], self.user)
        except uploads.UploadError as error:
            raise forms.ValidationError(str(error)) from error
