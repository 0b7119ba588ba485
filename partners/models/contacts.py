from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from icld_site.names import display_name

from .organisations import Organisation


class ContactPersonQuerySet(models.QuerySet):
    def public(self):
        """Contacts who have agreed to be shown on the public site."""
        return self.filter(is_published=True, consent_date__isnull=False)

    def with_public_email(self):
        """Each contact's address as the public site may show it, as `public_email`: empty
        for a contact reached through the contact form only."""
        return self.annotate(
            public_email=Case(
                When(form_only=True, then=Value("")),
                default=F("email"),
                output_field=models.CharField(),
            )
        )


class ContactPerson(models.Model):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the public site. Only tick when the person has given consent."),
    )
    form_only = models.BooleanField(
        _("contact through the form only"),
        default=False,
        help_text=_(
            "The e-mail address is never shown on the public site, in the exports or in "
            "the API; visitors write through the contact form on the partnership page."
        ),
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        app_label = "partners"
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=~Q(email=""),
                name="contact_email_unique_per_organisation",
                violation_error_message=_(
                    "This organisation already has a contact with this email address."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(consent_date__isnull=False),
                name="published_contact_has_consent_date",
                violation_error_message=_(
                    "Record the date of consent before publishing a contact."
                ),
            ),
        ]

    def __str__(self):
        return f"{display_name(self.name, self.email)} ({self.organisation})"

    @property
    def public_email(self):
        """The address the public site may show: empty when the contact is reached through
        the contact form only."""
        return "" if self.form_only else self.email
