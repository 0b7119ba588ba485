"""Application rounds that recur on the same calendar days every year.

Pure date logic, kept free of models so page models, views and tests can share it.
"""

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import combinations

import icalendar
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Two annual rounds share a day in some year exactly when they share one somewhere in this
# span: it holds every common/leap year sequence that 29 February handling can depend on.
_OVERLAP_CHECK_YEARS = range(2023, 2030)


@dataclass(frozen=True, order=True)
class RoundOccurrence:
    """One concrete round; both ``opens`` and ``closes`` are inclusive.

    ``round`` is the recurring round it belongs to (its name), ``regular`` the dates it
    would have had without the year's exception: what a calendar event is known by, so
    that moving a round moves the subscriber's event instead of adding one.
    """

    opens: date
    closes: date
    round: "RecurringRound | None" = field(default=None, compare=False, repr=False)
    regular: tuple[date, date] | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.round.name if self.round else ""

    @property
    def regular_dates(self) -> tuple[date, date]:
        return self.regular or (self.opens, self.closes)

    def includes(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    def overlaps(self, other: "RoundOccurrence") -> bool:
        return self.opens <= other.closes and other.opens <= self.closes


@dataclass(frozen=True)
class RoundException:
    """The one year in which a round opens and closes on other days (``opens`` and
    ``closes``, the opening day in ``year``), or, with neither, does not take place."""

    year: int
    opens: date | None = None
    closes: date | None = None

    @property
    def cancelled(self) -> bool:
        return self.opens is None


@dataclass(frozen=True)
class RecurringRound:
    """A round that opens and closes on the same days every year, but for its exception.

    A closing day earlier in the year than the opening day means the round spans the
    new year. 29 February means 28 February in common years. ``names`` holds the round's
    name per language: ((language, name), ...).
    """

    opens_day: int
    opens_month: int
    closes_day: int
    closes_month: int
    names: tuple[tuple[str, str], ...] = ()
    exception: RoundException | None = None

    def __str__(self) -> str:
        return (
            f"{_day_label(self.opens_day, self.opens_month)} – "
            f"{_day_label(self.closes_day, self.closes_month)}"
        )

    @property
    def name(self) -> str:
        """The name in the active language, else in the first language that has one."""
        names = dict(self.names)
        return names.get(get_language()) or next((n for _l, n in self.names if n), str(self))

    @property
    def spans_new_year(self) -> bool:
        return (self.closes_month, self.closes_day) < (self.opens_month, self.opens_day)

    def occurrence_opening_in(self, year: int) -> RoundOccurrence | None:
        """The dates of this round in `year`: the regular ones, the exception's other ones,
        or None when the exception cancels it. The one rule every date on the site
        (status, table, texts, calendar, reminders) is read from."""
        regular = self.regular_occurrence_opening_in(year)
        exception = self.exception
        if exception is None or exception.year != year:
            return regular
        if exception.cancelled:
            return None
        return RoundOccurrence(
            exception.opens,
            exception.closes,
            round=self,
            regular=(regular.opens, regular.closes),
        )

    def regular_occurrence_opening_in(self, year: int) -> RoundOccurrence:
        """The dates this round would have in `year` without its exception."""
        closing_year = year + 1 if self.spans_new_year else year
        return RoundOccurrence(
            opens=_resolve(year, self.opens_month, self.opens_day),
            closes=_resolve(closing_year, self.closes_month, self.closes_day),
            round=self,
        )

    @property
    def days(self) -> set[tuple[int, int]]:
        """(day, month) of every opening and closing day the round has in any year."""
        days = {(self.opens_day, self.opens_month), (self.closes_day, self.closes_month)}
        if self.exception and not self.exception.cancelled:
            days |= {(d.day, d.month) for d in (self.exception.opens, self.exception.closes)}
        return days

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
            self.regular_occurrence_opening_in(year).closes
            >= self.regular_occurrence_opening_in(year + 1).opens
            for year in _OVERLAP_CHECK_YEARS
        ):
            raise ValidationError(
                _("The round %(round)s lasts a whole year or longer."),
                code="round_too_long",
                params={"round": self},
            )
        exception = self.exception
        if exception is None or exception.cancelled:
            return
        if exception.opens.year != exception.year or exception.closes < exception.opens:
            raise ValidationError(
                _("In %(year)s the round must open in %(year)s and close on or after that day."),
                code="exception_out_of_year",
                params={"year": exception.year},
            )
        if _rounds_overlap(self, self, same=True):
            raise ValidationError(
                _(
                    "The dates of the round in %(year)s run into its round of the year before "
                    "or after."
                ),
                code="exception_overlaps",
                params={"year": exception.year},
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


def cancelled_occurrences(
    rounds: Iterable[RecurringRound], start: date, months: int = 12
) -> list[RoundOccurrence]:
    """The regular dates of the rounds cancelled within [start, start + months)."""
    end = _add_months(start, months)
    return sorted(
        regular
        for round_ in rounds
        if round_.exception is not None and round_.exception.cancelled
        for regular in [round_.regular_occurrence_opening_in(round_.exception.year)]
        if regular.opens < end and regular.closes >= start
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
    summary: Callable[[RoundOccurrence], str],
    description: str,
    url: str,
    uid_domain: str,
    cancelled: Iterable[RoundOccurrence] = (),
) -> bytes:
    """An iCalendar file with one all-day event per occurrence, and a cancelled event for
    each of `cancelled` (so that a calendar that has it drops it)."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{uid_domain}//Application rounds//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    stamp = datetime.now(UTC)
    events = [(o, "CONFIRMED") for o in occurrences] + [(o, "CANCELLED") for o in cancelled]
    for occurrence, status in events:
        event = icalendar.Event()
        # Derived from the round's regular dates of the year, so that re-downloading
        # updates the event in the subscriber's calendar (also when an exception moves or
        # cancels it) instead of duplicating it.
        regular_opens, regular_closes = occurrence.regular_dates
        event.add("uid", f"round-{regular_opens:%Y%m%d}-{regular_closes:%Y%m%d}@{uid_domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence.opens)
        # DTEND of an all-day event is exclusive.
        event.add("dtend", occurrence.closes + timedelta(days=1))
        event.add("status", status)
        event.add("summary", str(summary(occurrence)))
        event.add("description", str(description))
        event.add("url", str(url))
        cal.add_component(event)
    return cal.to_ical()


def _occurrences_opening_in(
    rounds: Iterable[RecurringRound], years: Iterable[int]
) -> list[RoundOccurrence]:
    years = list(years)
    found = (round_.occurrence_opening_in(year) for round_ in rounds for year in years)
    return [occurrence for occurrence in found if occurrence is not None]


def _rounds_overlap(first: RecurringRound, second: RecurringRound, same: bool = False) -> bool:
    """Whether two rounds share a day in some year; with `same`, whether one round's
    occurrences (`first` is `second`) run into each other."""
    years = set(_OVERLAP_CHECK_YEARS)
    for round_ in (first, second):
        if round_.exception is not None:
            years |= {round_.exception.year + shift for shift in (-1, 0, 1)}
    pairs = (
        combinations(_occurrences_opening_in([first], sorted(years)), 2)
        if same
        else (
            (a, b)
            for a in _occurrences_opening_in([first], sorted(years))
            for b in _occurrences_opening_in([second], sorted(years))
        )
    )
    return any(a.overlaps(b) for a, b in pairs)


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
