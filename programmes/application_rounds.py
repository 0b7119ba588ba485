"""The programme page's application rounds: a name per language, the days they open and
close every year, and an exception for one year."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable

from icld_site.names import display_name, require_swedish_name, swedish_name_constraint

from .rounds import RecurringRound, RoundException

DAY_CHOICES = [(day, str(day)) for day in range(1, 32)]
MONTH_CHOICES = sorted(MONTHS.items())
EXCEPTION_YEARS = range(2000, 2101)


class ApplicationRound(Orderable):
    """A round that recurs every year, e.g. 15 February – 15 March; both days inclusive.

    One year may differ (`exception_year`): the round opens and closes on other dates that
    year, or is cancelled. `dates_in(year)` is the rule for all of it.
    """

    page = ParentalKey(
        "programmes.ProgrammePage", related_name="application_rounds", on_delete=models.CASCADE
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("E.g. “Spring round”; shown with its dates.")
    )
    opens_day = models.PositiveSmallIntegerField(_("opens (day)"), choices=DAY_CHOICES)
    opens_month = models.PositiveSmallIntegerField(_("opens (month)"), choices=MONTH_CHOICES)
    closes_day = models.PositiveSmallIntegerField(_("closes (day)"), choices=DAY_CHOICES)
    closes_month = models.PositiveSmallIntegerField(_("closes (month)"), choices=MONTH_CHOICES)
    exception_year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EXCEPTION_YEARS[0]), MaxValueValidator(EXCEPTION_YEARS[-1])],
        help_text=_("One year in which the round opens and closes on other days, or not at all."),
    )
    exception_cancelled = models.BooleanField(_("no round that year"), default=False)
    exception_opens = models.DateField(_("opens that year"), null=True, blank=True)
    exception_closes = models.DateField(_("closes that year"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("opens_day"),
        FieldPanel("opens_month"),
        FieldPanel("closes_day"),
        FieldPanel("closes_month"),
        MultiFieldPanel(
            [
                FieldPanel("exception_year"),
                FieldPanel("exception_cancelled"),
                FieldPanel("exception_opens"),
                FieldPanel("exception_closes"),
            ],
            heading=_("Exception for one year"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("application round")
        verbose_name_plural = _("application rounds")
        constraints = [swedish_name_constraint("applicationround")]

    def __str__(self):
        return display_name(self.name, self.as_recurring_round())

    def as_recurring_round(self):
        return RecurringRound(
            self.opens_day,
            self.opens_month,
            self.closes_day,
            self.closes_month,
            names=tuple(
                (language, getattr(self, f"name_{language}", None) or "")
                for language, _label in settings.LANGUAGES
            ),
            exception=self._exception(),
        )

    def dates_in(self, year):
        """The dates of this round in `year` (a RoundOccurrence), or None if it is cancelled."""
        return self.as_recurring_round().occurrence_opening_in(year)

    def _exception(self):
        # A year out of range is the field validator's to report, not a date to compute.
        if self.exception_year not in EXCEPTION_YEARS:
            return None
        if self.exception_cancelled:
            return RoundException(self.exception_year)
        if self.exception_opens and self.exception_closes:
            return RoundException(self.exception_year, self.exception_opens, self.exception_closes)
        return None

    def clean(self):
        super().clean()
        require_swedish_name(self)
        self._clean_exception()
        if None not in (self.opens_day, self.opens_month, self.closes_day, self.closes_month):
            self.as_recurring_round().validate()

    def _clean_exception(self):
        other_dates = {
            name: getattr(self, name) for name in ("exception_opens", "exception_closes")
        }
        if self.exception_year is None:
            if self.exception_cancelled or any(other_dates.values()):
                raise ValidationError({"exception_year": _("Enter the year of the exception.")})
            return
        if self.exception_cancelled:
            if any(other_dates.values()):
                raise ValidationError(
                    _("A cancelled year has no other dates: clear them or the cancellation.")
                )
            return
        missing = {
            name: _("Enter the other date, or tick “no round that year”.")
            for name, value in other_dates.items()
            if value is None
        }
        if missing:
            raise ValidationError(missing)
