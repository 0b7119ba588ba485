"""Application rounds that recur on the same calendar days every year.

Pure date logic, kept free of models so page models, views and tests can share it.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import combinations

import icalendar
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

# Two annual rounds share a day in some year exactly when they share one somewhere in this
# span: it holds every common/leap year sequence that 29 February handling can depend on.
_OVERLAP_CHECK_YEARS = range(2023, 2030)


@dataclass(frozen=True, order=True)
class RoundOccurrence:
    """One concrete round; both ``opens`` and ``closes`` are inclusive."""

    opens: date
    closes: date

    def includes(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    def overlaps(self, other: "RoundOccurrence") -> bool:
        return self.opens <= other.closes and other.opens <= self.closes


@dataclass(frozen=True)
class RecurringRound:
    """A round that opens and closes on the same days every year.

    A closing day earlier in the year than the opening day means the round spans the
    new year. 29 February means 28 February in common years.
    """

    opens_day: int
    opens_month: int
    closes_day: int
    closes_month: int

    def __str__(self) -> str:
        return (
            f"{_day_label(self.opens_day, self.opens_month)} – "
            f"{_day_label(self.closes_day, self.closes_month)}"
        )

    @property
    def spans_new_year(self) -> bool:
        return (self.closes_month, self.closes_day) < (self.opens_month, self.opens_day)

    def occurrence_opening_in(self, year: int) -> RoundOccurrence:
        closing_year = year + 1 if self.spans_new_year else year
        return RoundOccurrence(
            opens=_resolve(year, self.opens_month, self.opens_day),
            closes=_resolve(closing_year, self.closes_month, self.closes_day),
        )

    def validate(self) -> None:
        errors = [
            error
            for day, month in [
                (self.opens_day, self.opens_month),
                (self.closes_day, self.closes_month),
            ]
            if (error := _day_error(day, month)) is not None
        ]
        if errors:
            raise ValidationError(errors)
        # Otherwise the occurrence of one year would run into that of the next.
        if any(
            self.occurrence_opening_in(year).closes >= self.occurrence_opening_in(year + 1).opens
            for year in _OVERLAP_CHECK_YEARS
        ):
            raise ValidationError(
                _("The round %(round)s lasts a whole year or longer."),
                code="round_too_long",
                params={"round": self},
            )


@dataclass(frozen=True)
class RoundStatus:
    is_open: bool
    current: RoundOccurrence | None
    # Days until the closing day: 0 on the closing day itself, and 0 while closed.
    days_left: int
    # While open, the round after the current one; while closed, the next one to open.
    next: RoundOccurrence | None


def validate_rounds(rounds: Sequence[RecurringRound]) -> None:
    """Raise ValidationError for invalid rounds or for two rounds that share any day."""
    errors: list[ValidationError] = []
    for round_ in rounds:
        try:
            round_.validate()
        except ValidationError as error:
            errors.append(error)
    if errors:
        # Overlaps cannot be computed reliably for rounds that are themselves invalid.
        raise ValidationError(errors)

    for first, second in combinations(rounds, 2):
        if _rounds_overlap(first, second):
            errors.append(
                ValidationError(
                    _("The rounds %(first)s and %(second)s overlap."),
                    code="rounds_overlap",
                    params={"first": first, "second": second},
                )
            )
    if errors:
        raise ValidationError(errors)


def occurrences(
    rounds: Iterable[RecurringRound], start: date, months: int = 12
) -> list[RoundOccurrence]:
    """Occurrences that have at least one day within [start, start + months)."""
    end = _add_months(start, months)
    # A round that spans the new year and opened the year before may still be running.
    return sorted(
        occurrence
        for occurrence in _occurrences_opening_in(rounds, range(start.year - 1, end.year + 1))
        if occurrence.opens < end and occurrence.closes >= start
    )


def round_status(rounds: Iterable[RecurringRound], today: date) -> RoundStatus:
    candidates = sorted(_occurrences_opening_in(rounds, range(today.year - 1, today.year + 2)))
    current = next((o for o in candidates if o.includes(today)), None)
    upcoming = next((o for o in candidates if o.opens > today), None)
    return RoundStatus(
        is_open=current is not None,
        current=current,
        days_left=(current.closes - today).days if current else 0,
        next=upcoming,
    )


def calendar_ics(
    occurrences: Iterable[RoundOccurrence],
    *,
    summary: str,
    description: str,
    url: str,
    uid_domain: str,
) -> bytes:
    """An iCalendar file with one all-day event per occurrence."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{uid_domain}//Application rounds//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    stamp = datetime.now(UTC)
    for occurrence in occurrences:
        event = icalendar.Event()
        # Derived from the dates alone so that re-downloading updates the event in the
        # subscriber's calendar instead of duplicating it.
        event.add("uid", f"round-{occurrence.opens:%Y%m%d}-{occurrence.closes:%Y%m%d}@{uid_domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence.opens)
        # DTEND of an all-day event is exclusive.
        event.add("dtend", occurrence.closes + timedelta(days=1))
        event.add("summary", str(summary))
        event.add("description", str(description))
        event.add("url", str(url))
        cal.add_component(event)
    return cal.to_ical()


def _occurrences_opening_in(
    rounds: Iterable[RecurringRound], years: Iterable[int]
) -> list[RoundOccurrence]:
    years = list(years)
    return [round_.occurrence_opening_in(year) for round_ in rounds for year in years]


def _rounds_overlap(first: RecurringRound, second: RecurringRound) -> bool:
    return any(
        a.overlaps(b)
        for a in _occurrences_opening_in([first], _OVERLAP_CHECK_YEARS)
        for b in _occurrences_opening_in([second], _OVERLAP_CHECK_YEARS)
    )


def _resolve(year: int, month: int, day: int) -> date:
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _day_error(day: int, month: int) -> ValidationError | None:
    if month not in MONTHS:
        return ValidationError(
            _("%(month)s is not a valid month."), code="invalid_month", params={"month": month}
        )
    # A leap year, so that 29 February is accepted.
    if not 1 <= day <= calendar.monthrange(2028, month)[1]:
        return ValidationError(
            _("%(day)s %(month)s is not a valid date."),
            code="invalid_date",
            params={"day": day, "month": MONTHS[month]},
        )
    return None


def _day_label(day: int, month: int) -> str:
    return f"{day} {MONTHS.get(month, month)}"


def _add_months(start: date, months: int) -> date:
    # Clamped to the end of shorter months, e.g. 31 January + 1 month is 28 February.
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
