from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icld_site.fields import EmailAddressField
from icld_site.names import display_name

from .organisations import Organisation


def days_ago(days, today=None):
    """The date `days` days before `today` (in Europe/Stockholm, by default)."""
    return (today or timezone.localdate()) - timedelta(days=days)


class VerificationAge(models.TextChoices):
    """How long ago a contact's details were last confirmed, in the admin's buckets."""

    RECENT = "recent", _("Less than 12 months ago")
    DUE = "due", _("12 to 24 months ago")
    STALE = "stale", _("More than 24 months ago")
    NEVER = "never", _("Never")


class ContactPersonQuerySet(models.QuerySet):
    def public(self, today=None):
        """Contacts who have agreed to be shown on the public site and whose details were
        confirmed within CONTACT_VERIFICATION_MAX_AGE_DAYS. A contact never verified counts
        from the date of consent."""
        cutoff = days_ago(settings.CONTACT_VERIFICATION_MAX_AGE_DAYS, today)
        return self.filter(is_published=True, consent_date__isnull=False).filter(
            Q(last_verified__gte=cutoff) | Q(last_verified__isnull=True, consent_date__gte=cutoff)
        )

    def with_verified_on(self):
        """Each contact's reference date as `verified_on`: when the details were last
        confirmed, or failing that when consent was given; None when neither is known."""
        return self.annotate(verified_on=Coalesce("last_verified", "consent_date"))

    def verified_between(self, newer_than_days=None, older_than_days=None, today=None):
        """Contacts whose reference date (see `with_verified_on`) lies within the bounds."""
        contacts = self.with_verified_on()
        if newer_than_days is not None:
            contacts = contacts.filter(verified_on__gte=days_ago(newer_than_days, today))
        if older_than_days is not None:
            contacts = contacts.filter(verified_on__lt=days_ago(older_than_days, today))
        return contacts

    def by_verification_age(self, age, today=None):
        """The contacts in one VerificationAge bucket."""
        due, stale = (
            settings.CONTACT_VERIFICATION_REMINDER_DAYS,
            settings.CONTACT_VERIFICATION_MAX_AGE_DAYS,
        )
        if age == VerificationAge.NEVER:
            return self.with_verified_on().filter(verified_on__isnull=True)
        bounds = {
            VerificationAge.RECENT: {"newer_than_days": due},
            VerificationAge.DUE: {"newer_than_days": stale, "older_than_days": due},
            VerificationAge.STALE: {"older_than_days": stale},
        }[age]
        return self.verified_between(**bounds, today=today)

    def due_for_reminder(self, now=None):
        """Published contacts with an e-mail address whose details were last confirmed more
        than CONTACT_VERIFICATION_REMINDER_DAYS ago, and who have not been asked within
        CONTACT_VERIFICATION_REMINDER_INTERVAL_DAYS."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        asked_before = now - timedelta(days=settings.CONTACT_VERIFICATION_REMINDER_INTERVAL_DAYS)
        return (
            self.filter(is_published=True, consent_date__isnull=False)
            .exclude(email="")
            .verified_between(
                older_than_days=settings.CONTACT_VERIFICATION_REMINDER_DAYS, today=today
            )
            .filter(
                Q(verification_requested_at__isnull=True)
                | Q(verification_requested_at__lt=asked_before)
            )
        )

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
    email = EmailAddressField(_("email"), blank=True)
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
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        default="sv",
        help_text=_("The language of the e-mail the contact receives."),
    )
    verification_requested_at = models.DateTimeField(
        _("verification last requested at"), null=True, blank=True, editable=False
    )

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

    def confirm(self, today=None):
        """Record that the contact has confirmed the details as they now stand: verified
        today (in Europe/Stockholm). The entries seeking a partner that name them are still
        wanted, so they are listed for another twelve months (Partnership.renew())."""
        self.last_verified = today or timezone.localdate()
        self.save()
        for partnership in self.partnerships.seeking_partner():
            partnership.renew()

    def withdraw_consent(self):
        """The contact no longer agrees to be shown: unpublished at once, and the date of
        consent cleared (a published contact needs one)."""
        self.is_published = False
        self.consent_date = None
        self.save()

    @property
    def public_email(self):
        """The address the public site may show: empty when the contact is reached through
        the contact form only."""
        return "" if self.form_only else self.email
