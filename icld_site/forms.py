from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail checks document extensions; this also bounds their size."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and uploaded.size > settings.DOCUMENT_MAX_UPLOAD_SIZE:
            raise ValidationError(
                _("The file is too large (%(size)s). The largest allowed is %(limit)s."),
                params={
                    "size": filesizeformat(uploaded.size),
                    "limit": filesizeformat(settings.DOCUMENT_MAX_UPLOAD_SIZE),
                },
            )
        return uploaded
