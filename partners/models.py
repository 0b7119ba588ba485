from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .countries import country_names, is_known_code


class Region(models.TextChoices):
    EASTERN_EUROPE = "eastern-europe", _("Eastern Europe and the Western Balkans")
    ASIA = "asia", _("Asia")
    AFRICA = "africa", _("Africa")
    LATIN_AMERICA = "latin-america", _("Latin America")
    SWEDEN = "sweden", _("Sweden")


def validate_country_code(value):
    if not is_known_code(value):
        raise ValidationError(
            _("%(code)s is not an ISO 3166-1 country code."), params={"code": value}
        )


class CountryQuerySet(models.QuerySet):
    def eligible(self):
        return self.filter(eligible=True)


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
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self):
        return self.name or self.code

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        names = country_names(self.code) or {}
        for language, value in names.items():
            if not getattr(self, f"name_{language}"):
                setattr(self, f"name_{language}", value)
        super().save(*args, **kwargs)
