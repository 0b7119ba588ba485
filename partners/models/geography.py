from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from icld_site.names import display_name, require_swedish_name, swedish_name_constraint

from ..countries import country_names, is_known_code
from .addresses import route_url
from .choices import Region, Status


def validate_country_code(value):
    if not is_known_code(value):
        raise ValidationError(
            _("%(code)s is not an ISO 3166-1 country code."), params={"code": value}
        )


class CountryQuerySet(models.QuerySet):
    def eligible(self):
        return self.filter(eligible=True)

    def with_active_partnership_counts(self):
        return self.annotate(
            active_partnership_count=Count(
                "partnerships", filter=Q(partnerships__status=Status.ACTIVE)
            )
        )


class Country(models.Model):
    code = models.CharField(
        _("country code"),
        max_length=2,
        unique=True,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2, e.g. KE. Kosovo is XK."),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Filled in from ISO 3166 if empty.")
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    eligible = models.BooleanField(_("eligible for the programme"), default=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        app_label = "partners"
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [swedish_name_constraint("country")]

    def __str__(self):
        return display_name(self.name, self.code)

    def save(self, *args, **kwargs):
        self.fill_in_names()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return route_url("country", code=self.code)

    def clean(self):
        super().clean()
        self.fill_in_names()
        require_swedish_name(self)

    def fill_in_names(self):
        """Empty names are taken from ISO 3166 (pycountry), in each language."""
        self.code = (self.code or "").upper()
        names = country_names(self.code) or {}
        for language, value in names.items():
            if not getattr(self, f"name_{language}"):
                setattr(self, f"name_{language}", value)
