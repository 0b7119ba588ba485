from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from icld_site.validators import validate_one_line

from .importing import FILE_TOO_LARGE, MAX_FILE_SIZE, uploads
from .models import ContactPerson


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


class ContactDetailsForm(forms.ModelForm):
    """A contact's own correction of the details the public site shows. The role is the one
    in the page's language; the constraints of the model (one address per organisation)
    are checked as a whole, since the organisation itself is not on the form."""

    role = forms.CharField(
        label=_("Role"), max_length=200, required=False, validators=[validate_one_line]
    )

    class Meta:
        model = ContactPerson
        fields = ["name", "email", "phone"]
        labels = {"name": _("Name"), "email": _("E-mail"), "phone": _("Phone")}
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address such as name@example.se."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role_field = f"role_{get_language()}"
        self.fields["role"].initial = getattr(self.instance, self.role_field, "") or ""
        self.fields["email"].required = True
        for name in ("name", "phone"):
            self.fields[name].validators.append(validate_one_line)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"

    def full_clean(self):
        super().full_clean()
        # Each field names its error message, which the template gives the id below.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-error"

    def _post_clean(self):
        super()._post_clean()
        setattr(self.instance, self.role_field, self.cleaned_data.get("role", ""))
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self.add_error("email" if "email" in self.fields else None, error.messages)
