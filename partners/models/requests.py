"""Requests from the public to be listed as seeking a partner ("Find a partner").

A request waits here, unpublished, until an editor approves it (which creates the public
entry: a Partnership with status "seeking a partner", its organisation if new, and its
contact person) or rejects it (which deletes it). Nothing in a request reaches the public
database before approval.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icld_site.fields import EmailAddressField

from .choices import (
    SWEDISH_ORGANISATION_TYPES,
    County,
    OrganisationType,
    Phase,
    Status,
)
from .contacts import ContactPerson
from .geography import Country
from .organisations import Organisation
from .thematic_areas import ThematicArea

NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 3000


class PartnerRequestQuerySet(models.QuerySet):
    def to_review(self):
        """Every request still waiting for an editor, oldest first."""
        return self.order_by("submitted_at", "pk")


class PartnerRequest(models.Model):
    """A Swedish member, or a local government in an eligible country, asking to be listed
    as seeking a partner. Holds personal data until an editor decides."""

    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        help_text=_("The language the requester wrote in; e-mails to them use it."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in the database"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_name = models.CharField(
        _("new organisation's name"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text=_("Only when the organisation is not in the database yet."),
    )
    organisation_type = models.CharField(
        _("new organisation's type"),
        max_length=20,
        choices=OrganisationType.choices,
        blank=True,
    )
    organisation_county = models.CharField(
        _("new organisation's county"),
        max_length=2,
        choices=County.choices,
        blank=True,
        help_text=_("Swedish organisations only."),
    )
    organisation_country = models.ForeignKey(
        Country,
        verbose_name=_("new organisation's country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Partner-country organisations only."),
    )
    wanted_countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries where a partner is wanted"),
        related_name="+",
        blank=True,
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea, verbose_name=_("thematic areas"), related_name="+", blank=True
    )
    description_sv = models.TextField(
        _("description in Swedish"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    description_en = models.TextField(
        _("description in English"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    contact_name = models.CharField(_("contact person's name"), max_length=NAME_MAX_LENGTH)
    contact_role = models.CharField(
        _("contact person's role"), max_length=NAME_MAX_LENGTH, blank=True
    )
    contact_email = EmailAddressField(_("contact person's e-mail"))
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)

    objects = PartnerRequestQuerySet.as_manager()

    class Meta:
        app_label = "partners"
        verbose_name = _("partner request")
        verbose_name_plural = _("partner requests")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(description_sv="") | ~Q(description_en=""),
                name="partner_request_has_description",
                violation_error_message=_("Describe the request in Swedish or English."),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(organisation_name=""),
                name="partner_request_names_organisation",
                violation_error_message=_(
                    "Choose the organisation from the database or give a new one's name."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation_display} – {self.contact_name}"

    @property
    def organisation_display(self):
        return self.organisation.name if self.organisation else self.organisation_name

    organisation_display.fget.short_description = _("organisation")

    @property
    def is_swedish(self):
        if self.organisation:
            return self.organisation.is_swedish
        return self.organisation_type in SWEDISH_ORGANISATION_TYPES

    def build_organisation(self):
        """The organisation the request is for: the chosen one, or a new one (unsaved)."""
        if self.organisation:
            return self.organisation
        swedish = self.organisation_type in SWEDISH_ORGANISATION_TYPES
        return Organisation(
            name=self.organisation_name,
            organisation_type=self.organisation_type,
            county=self.organisation_county if swedish else "",
            country=None if swedish else self.organisation_country,
        )

    @transaction.atomic
    def approve(self, today=None):
        """Publish the request as a partnership seeking a partner, with its organisation
        (created if new) and its contact person, and delete the request. Returns the
        partnership. Raises ValidationError (nothing saved) if the data does not fit.

        The entry is approved `today` (in Europe/Stockholm, by default): it starts that
        year, in the pre-study phase (nothing has been done with a partner yet), with no
        end year, and is listed for twelve months from that day (Partnership.renew())."""
        from .partnerships import Partnership

        organisation = self.build_organisation()
        if organisation.pk is None:
            organisation.full_clean()
            organisation.save()
        wanted = list(self.wanted_countries.order_by("pk"))
        swedish = organisation.is_swedish
        country = (wanted[0] if wanted else None) if swedish else organisation.country
        if country is None:
            raise ValidationError(
                {"wanted_countries": _("Choose at least one country where a partner is wanted.")}
            )
        today = today or timezone.localdate()
        contact = ContactPerson.objects.filter(
            organisation=organisation, email__iexact=self.contact_email
        ).first() or ContactPerson(organisation=organisation, email=self.contact_email)
        contact.name = self.contact_name
        setattr(contact, f"role_{self.language}", self.contact_role)
        contact.phone = self.contact_phone
        contact.language = self.language
        contact.is_published = True
        contact.consent_date = timezone.localdate(self.submitted_at)
        contact.last_verified = today
        contact.full_clean()
        contact.save()
        partnership = Partnership(
            title_sv=f"{organisation.name} söker partner",
            title_en=f"{organisation.name} is looking for a partner",
            description_sv=self.description_sv,
            description_en=self.description_en,
            country=country,
            status=Status.SEEKING_PARTNER,
            phase=Phase.PRE_STUDY,
            start_year=today.year,
        )
        partnership.renew(save=False, today=today)
        partnership.save()
        side = partnership.swedish_organisations if swedish else partnership.partner_organisations
        side.set([organisation])
        partnership.thematic_areas.set(self.thematic_areas.all())
        partnership.wanted_countries.set(wanted if swedish else [])
        partnership.contacts.set([contact])
        partnership.save()
        self.delete()
        return partnership
