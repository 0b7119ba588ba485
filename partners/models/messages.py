from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icld_site.fields import EmailAddressField

from .contacts import ContactPerson
from .partnerships import Partnership


class ContactMessageLogQuerySet(models.QuerySet):
    def older_than(self, days):
        return self.filter(created_at__lt=timezone.now() - timedelta(days=days))


class ContactMessageLog(models.Model):
    """That a visitor wrote through a partnership's contact form: who, to whom, when. The
    message itself is never kept here. No contact means the programme mailbox."""

    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    sender_email = EmailAddressField(_("sender's e-mail address"))
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the message went to the programme mailbox."),
    )

    objects = ContactMessageLogQuerySet.as_manager()

    class Meta:
        app_label = "partners"
        verbose_name = _("contact form message")
        verbose_name_plural = _("contact form messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.sender_email} → {self.contact or _('programme mailbox')}"
