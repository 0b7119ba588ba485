from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation
from icalendar import Calendar

from programmes.rounds import (
    RecurringRound,
    RoundOccurrence,
    calendar_ics,
    occurrences,
    round_status,
    validate_rounds,
)

SPRING = RecurringRound(opens_day=15, opens_month=2, closes_day=15, closes_month=3)
AUTUMN = RecurringRound(opens_day=15, opens_month=9, closes_day=15, closes_month=10)
DEMO_ROUNDS = [SPRING, AUTUMN]
WINTER = RecurringRound(opens_day=1, opens_month=12, closes_day=31, closes_month=1)


def occ(opens: str, closes: str) -> RoundOccurrence:
    return RoundOccurrence(date.fromisoformat(opens), date.fromisoformat(closes))


SPRING_2027 = occ("2027-02-15", "2027-03-15")
AUTUMN_2027 = occ("2027-09-15", "2027-10-15")
SPRING_2028 = occ("2028-02-15", "2028-03-15")
AUTUMN_2028 = occ("2028-09-15", "2028-10-15")


@pytest.mark.parametrize(
    ("today", "is_open", "current", "days_left", "next_round"),
    [
        ("2027-02-14", False, None, 0, SPRING_2027),
        ("2027-02-15", True, SPRING_2027, 28, AUTUMN_2027),
        ("2027-02-16", True, SPRING_2027, 27, AUTUMN_2027),
        ("2027-03-01", True, SPRING_2027, 14, AUTUMN_2027),
        ("2027-03-15", True, SPRING_2027, 0, AUTUMN_2027),
        ("2027-03-16", False, None, 0, AUTUMN_2027),
        ("2027-09-14", False, None, 0, AUTUMN_2027),
        ("2027-09-15", True, AUTUMN_2027, 30, SPRING_2028),
        ("2027-10-15", True, AUTUMN_2027, 0, SPRING_2028),
        ("2027-10-16", False, None, 0, SPRING_2028),
        ("2027-12-31", False, None, 0, SPRING_2028),
        ("2028-02-29", True, SPRING_2028, 15, AUTUMN_2028),
    ],
)
def test_round_status_boundaries(today, is_open, current, days_left, next_round):
    status = round_status(DEMO_ROUNDS, date.fromisoformat(today))

    assert status.is_open is is_open
    assert status.current == current
    assert status.days_left == days_left
    assert status.next == next_round


def test_round_status_without_rounds_is_closed():
    status = round_status([], date(2027, 5, 1))

    assert not status.is_open
    assert status.current is None
    assert status.next is None


def test_round_order_does_not_matter():
    assert round_status([AUTUMN, SPRING], date(2027, 10, 16)).next == SPRING_2028


@pytest.mark.parametrize(
    ("today", "is_open", "current", "days_left", "next_round"),
    [
        ("2027-11-30", False, None, 0, occ("2027-12-01", "2028-01-31")),
        ("2027-12-31", True, occ("2027-12-01", "2028-01-31"), 31, occ("2028-12-01", "2029-01-31")),
        ("2028-01-31", True, occ("2027-12-01", "2028-01-31"), 0, occ("2028-12-01", "2029-01-31")),
        ("2028-02-01", False, None, 0, occ("2028-12-01", "2029-01-31")),
    ],
)
def test_round_spanning_new_year(today, is_open, current, days_left, next_round):
    status = round_status([WINTER], date.fromisoformat(today))

    assert (status.is_open, status.current, status.days_left, status.next) == (
        is_open,
        current,
        days_left,
        next_round,
    )


def test_occurrences_include_round_that_started_before_the_window():
    assert occurrences([WINTER], date(2028, 1, 15)) == [
        occ("2027-12-01", "2028-01-31"),
        occ("2028-12-01", "2029-01-31"),
    ]


def test_occurrences_are_sorted_and_limited_to_the_window():
    assert occurrences([AUTUMN, SPRING], date(2027, 1, 1)) == [SPRING_2027, AUTUMN_2027]
    assert occurrences(DEMO_ROUNDS, date(2027, 3, 16), months=6) == [AUTUMN_2027]
    # Closing and opening days count: both rounds touch the window by a single day.
    assert occurrences(DEMO_ROUNDS, date(2027, 3, 15), months=6) == [SPRING_2027]
    assert occurrences(DEMO_ROUNDS, date(2027, 3, 16), months=12) == [AUTUMN_2027, SPRING_2028]


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2027, occ("2027-02-28", "2027-03-31")), (2028, occ("2028-02-29", "2028-03-31"))],
)
def test_29_february_falls_back_to_28_february_in_common_years(year, expected):
    leap_round = RecurringRound(opens_day=29, opens_month=2, closes_day=31, closes_month=3)

    assert occurrences([leap_round], date(year, 1, 1)) == [expected]


@pytest.mark.parametrize(
    ("day", "month", "message"),
    [
        (30, 2, "30 February is not a valid date."),
        (31, 4, "31 April is not a valid date."),
        (0, 5, "0 May is not a valid date."),
        (1, 13, "13 is not a valid month."),
    ],
)
def test_validation_rejects_days_that_never_exist(day, month, message):
    invalid = RecurringRound(opens_day=day, opens_month=month, closes_day=1, closes_month=6)

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        validate_rounds([invalid])

    with translation.override("en"):
        messages = excinfo.value.messages
    assert messages == [message]


def test_validation_accepts_29_february():
    validate_rounds([RecurringRound(opens_day=1, opens_month=2, closes_day=29, closes_month=2)])


def test_validation_accepts_demo_rounds_and_adjacent_rounds():
    validate_rounds(DEMO_ROUNDS)
    validate_rounds([SPRING, RecurringRound(16, 3, 14, 9), AUTUMN, WINTER])


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            SPRING,
            RecurringRound(15, 3, 1, 4),
            "The rounds 15 February – 15 March and 15 March – 1 April overlap.",
        ),
        (
            WINTER,
            RecurringRound(15, 1, 14, 2),
            "The rounds 1 December – 31 January and 15 January – 14 February overlap.",
        ),
        (
            # Shares 28 February in common years only.
            RecurringRound(1, 2, 28, 2),
            RecurringRound(29, 2, 10, 3),
            "The rounds 1 February – 28 February and 29 February – 10 March overlap.",
        ),
    ],
)
def test_validation_rejects_overlapping_rounds(first, second, message):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        validate_rounds([first, AUTUMN, second])

    with translation.override("en"):
        messages = excinfo.value.messages
    assert messages == [message]


def test_validation_rejects_round_running_into_next_year():
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        validate_rounds([RecurringRound(29, 2, 28, 2)])

    with translation.override("en"):
        messages = excinfo.value.messages
    assert messages == ["The round 29 February – 28 February lasts a whole year or longer."]


def make_ics(start: date) -> bytes:
    return calendar_ics(
        occurrences(DEMO_ROUNDS, start),
        summary=lambda occurrence: "Application round open",
        description="Apply for the municipal partnership programme.",
        url="https://example.org/apply/",
        uid_domain="example.org",
    )


def test_ics_holds_one_all_day_event_per_occurrence_in_the_next_12_months():
    calendar = Calendar.from_ical(make_ics(date(2027, 3, 16)))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [
        # DTEND is exclusive: the day after closing.
        (date(2027, 9, 15), date(2027, 10, 16)),
        (date(2028, 2, 15), date(2028, 3, 16)),
    ]
    for event in events:
        assert not isinstance(event.decoded("DTSTART"), datetime)
        assert event["SUMMARY"] == "Application round open"
        assert event["DESCRIPTION"] == "Apply for the municipal partnership programme."
        assert event["URL"] == "https://example.org/apply/"


def test_ics_uids_are_unique_and_stable_across_downloads():
    def uids(ics: bytes) -> list[str]:
        return [str(e["UID"]) for e in Calendar.from_ical(ics).walk("VEVENT")]

    first_download = uids(make_ics(date(2027, 3, 16)))
    later_download = uids(make_ics(date(2027, 4, 1)))

    assert first_download == later_download
    assert len(set(first_download)) == len(first_download)
    assert all(uid.endswith("@example.org") for uid in first_download)


@time_machine.travel(datetime(2027, 3, 16, 12, 30, tzinfo=UTC), tick=False)
def test_ics_dtstamp_is_the_generation_time_in_utc():
    event = Calendar.from_ical(make_ics(date(2027, 3, 16))).walk("VEVENT")[0]

    assert event.decoded("DTSTAMP") == datetime(2027, 3, 16, 12, 30, tzinfo=UTC)
    assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)


def test_ics_without_occurrences_is_an_empty_calendar():
    calendar = Calendar.from_ical(
        calendar_ics(
            [], summary=lambda o: "s", description="d", url="https://example.org/", uid_domain="x"
        )
    )

    assert calendar.walk("VEVENT") == []
