"""Round dates in text: written from the rounds, and found where someone typed them.

`round_dates_text` writes what a "round dates" block shows. `typed_dates` finds every day
and month written in a text (Swedish or English month names), and `contradictions` those
of them that the rounds do not bear out: a day and month without a year reads as a date
that recurs every year, which on this site is a round's opening or closing day; with a
year, a round's regular day that the round does not have in that year (an exception moved
it). Any other dated day (an event, "last updated on 29 November 2026") is not a round's.
"""

import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from wagtail.fields import RichTextField, StreamField

from .rounds import RecurringRound, RoundOccurrence, round_status

MONTH_NAMES = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}
MONTH_NUMBERS = {
    name.casefold(): number
    for names in MONTH_NAMES.values()
    for number, name in enumerate(names.split(), start=1)
}
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b)?"
TYPED_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th|:e|:a)?\s+(?:of\s+)?(?P<month>{_MONTH})"
    rf"|(?P<month_first>{_MONTH})\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?)\b{_YEAR}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TypedDate:
    text: str
    day: int
    month: int
    year: int | None


def typed_dates(text):
    """Every day-and-month phrase in `text`, e.g. "15 oktober", "October 15", "1 May 2027"."""
    found = []
    for match in TYPED_DATE.finditer(text or ""):
        month = match["month"] or match["month_first"]
        year = match["year"]
        found.append(
            TypedDate(
                text=" ".join(match.group(0).split()),
                day=int(match["day"] or match["day_after"]),
                month=MONTH_NUMBERS[month.casefold()],
                year=int(year) if year else None,
            )
        )
    return found


def contradictions(text, rounds):
    """The phrases of `text` that state a round date the rounds do not have (see above)."""
    rounds = list(rounds)
    round_days = set().union(*(round_.days for round_ in rounds))
    regular_days = {
        day
        for r in rounds
        for day in ((r.opens_day, r.opens_month), (r.closes_day, r.closes_month))
    }
    found = []
    for typed in typed_dates(text):
        if typed.year is None:
            wrong = (typed.day, typed.month) not in round_days
        else:
            wrong = (typed.day, typed.month) in regular_days and not _is_round_day(rounds, typed)
        if wrong and typed.text not in found:
            found.append(typed.text)
    return found


def _is_round_day(rounds, typed):
    for round_ in rounds:
        for year in (typed.year - 1, typed.year):
            occurrence = round_.occurrence_opening_in(year)
            if occurrence and any(
                (d.year, d.month, d.day) == (typed.year, typed.month, typed.day)
                for d in (occurrence.opens, occurrence.closes)
            ):
                return True
    return False


def page_texts(page):
    """The text of every rich text and StreamField field of `page`, in every language."""
    for field in page._meta.concrete_fields:
        if isinstance(field, RichTextField | StreamField):
            value = field.value_from_object(page)
            if value:
                yield from (str(text) for text in field.get_searchable_content(value))


def page_contradictions(page, rounds):
    """What contradicts the rounds in any text of `page`, each phrase once."""
    found = []
    for text in page_texts(page):
        found += [phrase for phrase in contradictions(text, rounds) if phrase not in found]
    return found


def round_dates_text(rounds, show, today):
    """What a "round dates" block says, in the active language: every round with its name,
    regular dates and an exception not yet past (`show` "all"), or the open or next round
    with its dates that year ("next")."""
    rounds = list(rounds)
    occurrence = None
    if show == "next":
        status = round_status(rounds, today)
        occurrence = status.current or status.next
    if not rounds or (show == "next" and occurrence is None):
        return _("no application round is planned at the moment")
    if occurrence is not None:
        return _named(occurrence.round, _dated_span(occurrence))
    return get_text_list([_every_year(round_, today) for round_ in rounds], _("and"))


def _every_year(round_: RecurringRound, today):
    regular = round_.regular_occurrence_opening_in(today.year)
    text = _named(round_, _span(regular.opens, regular.closes, "j F"))
    exception = round_.exception
    if exception is None:
        return text
    moved = round_.occurrence_opening_in(exception.year)
    if (moved or round_.regular_occurrence_opening_in(exception.year)).closes < today:
        return text
    if moved is None:
        return _("%(round)s (cancelled in %(year)s)") % {"round": text, "year": exception.year}
    return _("%(round)s (in %(year)s: %(dates)s)") % {
        "round": text,
        "year": exception.year,
        "dates": _span(moved.opens, moved.closes, "j F"),
    }


def _named(round_, dates):
    return _("%(name)s %(dates)s") % {"name": round_.name, "dates": dates}


def _dated_span(occurrence: RoundOccurrence):
    if occurrence.opens.year == occurrence.closes.year:
        return f"{date_format(occurrence.opens, 'j F')} – {date_format(occurrence.closes, 'j F Y')}"
    return _span(occurrence.opens, occurrence.closes, "j F Y")


def _span(opens, closes, format_):
    return f"{date_format(opens, format_)} – {date_format(closes, format_)}"
