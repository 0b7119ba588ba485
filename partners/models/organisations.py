from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from icld_site.names import display_name

from .addresses import route_url
from .choices import (
    PARTNER_ORGANISATION_TYPES,
    SWEDISH_ORGANISATION_TYPES,
    County,
    OrganisationType,
    Status,
)
from .geography import Country
from .slugs import unique_slug


class OrganisationQuerySet(models.QuerySet):
    def swedish(self):
        return self.filter(organisation_type__in=SWEDISH_ORGANISATION_TYPES)

    def partner_side(self):
        return self.filter(organisation_type__in=PARTNER_ORGANISATION_TYPES)

    def of_type(self, organisation_type):
        return self.filter(organisation_type=organisation_type)

    def in_county(self, code):
        return self.filter(county=(code or "").upper())

    def taking_part_in(self, partnerships):
        """Swedish organisations taking part in any of `partnerships` (a queryset or ids):
        what every figure of "Swedish organisations taking part" counts."""
        swedish_side = self.model.swedish_partnerships.through.objects.filter(
            partnership_id__in=partnerships
        )
        return self.swedish().filter(pk__in=swedish_side.values("organisation_id"))

    def with_active_partnerships(self):
        """Organisations taking part, on either side, in at least one active partnership."""

        def active_on(side):
            return Exists(
                side.through.objects.filter(
                    organisation_id=OuterRef("pk"), partnership__status=Status.ACTIVE
                )
            )

        return self.filter(
            active_on(self.model.swedish_partnerships) | active_on(self.model.partner_partnerships)
        )


class Organisation(models.Model):
    """A Swedish member of the programme or a local government in a partner country."""

    # A proper name, the same in every language.
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType.choices
    )
    county = models.CharField(
        _("county"),
        max_length=2,
        choices=County.choices,
        blank=True,
        help_text=_("Swedish organisations only."),
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("Partner-country organisations only."),
    )
    website = models.URLField(_("website"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        app_label = "partners"
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            # A Swedish member has a county and no partner country; a partner the reverse.
            models.CheckConstraint(
                condition=(
                    Q(
                        organisation_type__in=SWEDISH_ORGANISATION_TYPES,
                        country__isnull=True,
                    )
                    & ~Q(county="")
                )
                | Q(
                    organisation_type__in=PARTNER_ORGANISATION_TYPES,
                    country__isnull=False,
                    county="",
                ),
                name="organisation_side_has_county_or_country",
                violation_error_message=_(
                    "A Swedish organisation needs a county and no country; "
                    "a partner-country organisation needs a country and no county."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organisation_has_name",
                violation_error_message=_("Enter the organisation's name."),
            ),
        ]

    def __str__(self):
        return display_name(self.name, self.slug)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return route_url("organisation", slug=self.slug)

    @property
    def is_swedish(self):
        return self.organisation_type in SWEDISH_ORGANISATION_TYPES

    @property
    def place(self):
        """The county of a Swedish organisation, the country of a partner."""
        return self.get_county_display() if self.is_swedish else self.country
