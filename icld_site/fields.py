"""The e-mail address field of every form and model: icld_site.validators' one check."""

from django import forms
from django.db import models

from .validators import validate_email_address


class EmailAddressFormField(forms.EmailField):
    default_validators = [validate_email_address]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)


class EmailAddressField(models.EmailField):
    default_validators = [validate_email_address]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": EmailAddressFormField, **kwargs})
