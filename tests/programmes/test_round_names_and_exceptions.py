"""A round's name and its exception for one year reach every place that states a round:
the status, the table, the texts, the .ics calendar and the reminders, in both languages.

The clock is frozen around the change of the rounds and around every read."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from icalendar import Calendar

from icld_site.models import OutgoingMessage, Subscriber, Subscription
from programmes.models import ApplicationRound, ProgrammePage
from programmes.reminders import round_reminders
from tests.helpers import CONTENT, LANGUAGES, PROGRAMME, get_soup, text

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
RENAMED = {"name_sv": "Höstomgången", "name_en": "Autumn call"}
AUTUMN_2027_MOVED = {
    "exception_year": 2027,
    "exception_opens": date(2027, 9, 20),
    "exception_closes": date(2027, 10, 20),
}


def at(year, month, day, hour=12):
    return time_machine.travel(datetime(year, month, day, hour, tzinfo=STOCKHOLM), tick=False)


def change_round(opens_month, **changes):
    """Change the round that opens in `opens_month` and publish the programme page, as an
    editor does."""
    programme = ProgrammePage.objects.get()
    rounds = list(programme.application_rounds.all())
    changed = next(round_ for round_ in rounds if round_.opens_month == opens_month)
    for name, value in changes.items():
        setattr(changed, name, value)
    programme.application_rounds = rounds
    programme.save_revision().publish()


def rendered(client, language, selector, url=None):
    return text(get_soup(client, url or PROGRAMME[language]).select_one(selector))


def test_the_dates_of_a_round_in_a_year_follow_its_exception():
    autumn = ApplicationRound(
        name_sv="Höstens omgång", opens_day=15, opens_month=9, closes_day=15, closes_month=10
    )
    assert (autumn.dates_in(2027).opens, autumn.dates_in(2027).closes) == (
        date(2027, 9, 15),
        date(2027, 10, 15),
    )
    for name, value in AUTUMN_2027_MOVED.items():
        setattr(autumn, name, value)
    moved = autumn.dates_in(2027)
    assert (moved.opens, moved.closes) == (date(2027, 9, 20), date(2027, 10, 20))
    # The calendar knows the moved round by its regular dates.
    assert moved.regular_dates == (date(2027, 9, 15), date(2027, 10, 15))
    assert autumn.dates_in(2028).opens == date(2028, 9, 15)
    autumn.exception_opens = autumn.exception_closes = None
    autumn.exception_cancelled = True
    assert autumn.dates_in(2027) is None
    assert autumn.dates_in(2026).closes == date(2026, 10, 15)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"exception_cancelled": True}, "Ange undantagets år."),
        ({"exception_year": 2027}, "Ange det andra datumet"),
        (
            {**AUTUMN_2027_MOVED, "exception_cancelled": True},
            "Ett inställt år har inga andra datum",
        ),
        (
            {**AUTUMN_2027_MOVED, "exception_opens": date(2028, 9, 1)},
            "måste omgången öppna under 2027",
        ),
        (
            {**AUTUMN_2027_MOVED, "exception_closes": date(2027, 9, 1)},
            "stänga samma dag eller senare",
        ),
        # The autumn round of 2027 may not last into that of 2028.
        (
            {**AUTUMN_2027_MOVED, "exception_closes": date(2028, 9, 20)},
            "går in i omgången året före eller året efter",
        ),
        ({"name_sv": ""}, "Skriv namnet på svenska."),
        ({"exception_year": 32767, "exception_cancelled": True}, "mindre än eller lika med 2100"),
    ],
)
def test_an_exception_must_say_one_thing_about_one_year(changes, message):
    autumn = ApplicationRound(
        page=ProgrammePage.objects.get(),
        name_sv="Höstens omgång",
        opens_day=15,
        opens_month=9,
        closes_day=15,
        closes_month=10,
    )
    for name, value in changes.items():
        setattr(autumn, name, value)
    with translation.override("sv"), pytest.raises(ValidationError) as raised:
        autumn.full_clean()
    with translation.override("sv"):
        assert any(message in shown for shown in raised.value.messages), raised.value.messages


def test_an_exception_may_not_run_into_another_round():
    programme = ProgrammePage.objects.get()
    rounds = list(programme.application_rounds.all())
    autumn = next(round_ for round_ in rounds if round_.opens_month == 9)
    autumn.exception_year = 2028
    autumn.exception_opens, autumn.exception_closes = date(2028, 3, 1), date(2028, 4, 1)
    from programmes.rounds import validate_rounds

    with translation.override("en"), pytest.raises(ValidationError, match="overlap"):
        validate_rounds([round_.as_recurring_round() for round_ in rounds])


STATUS = {
    # Moved from 15 to 20 September: closed on the 16th, and open until 20 October.
    (2027, 9, 16): {
        "sv": "Nästa ansökningsomgång öppnar 20 september 2027. "
        "(Höstomgången: 20 september – 20 oktober 2027)",
        "en": "The next application round opens on 20 September 2027. "
        "(Autumn call: 20 September – 20 October 2027)",
    },
    (2027, 10, 18): {
        "sv": "sista dag att ansöka är 20 oktober 2027 (om 2 dagar). "
        "(Höstomgången: 20 september – 20 oktober 2027)",
        "en": "the last day to apply is 20 October 2027 (in 2 days). "
        "(Autumn call: 20 September – 20 October 2027)",
    },
    # The next year, the regular days again.
    (2028, 9, 15): {
        "sv": "sista dag att ansöka är 15 oktober 2028",
        "en": "the last day to apply is 15 October 2028",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("moment", list(STATUS))
def test_the_status_follows_the_name_and_the_exception(client, language, moment):
    with at(*moment):
        change_round(9, **RENAMED, **AUTUMN_2027_MOVED)
        assert STATUS[moment][language] in rendered(client, language, ".status-box")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_table_follows_the_name_and_the_exception(client, language):
    with at(2027, 3, 1):
        change_round(9, **RENAMED, **AUTUMN_2027_MOVED)
        rows = get_soup(client, PROGRAMME[language]).select("table.rounds tbody tr")
    assert [text(row.th) for row in rows] == [
        *{"sv": ["Vårens omgång", "Höstomgången"], "en": ["Spring round", "Autumn call"]}[language],
        {"sv": "Vårens omgång", "en": "Spring round"}[language],
    ]
    assert [time["datetime"] for time in rows[1].select("time")] == ["2027-09-20", "2027-10-20"]


TEXTS = {
    "sv": "Höstomgången 15 september – 15 oktober (år 2027: 20 september – 20 oktober)",
    "en": "Autumn call 15 September – 15 October (in 2027: 20 September – 20 October)",
}
CANCELLED = {
    "sv": "Vårens omgång 15 februari – 15 mars (inställd 2028)",
    "en": "Spring round 15 February – 15 March (cancelled in 2028)",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_texts_follow_the_name_and_the_exception(client, language):
    with at(2027, 3, 1):
        change_round(9, **RENAMED, **AUTUMN_2027_MOVED)
        change_round(2, exception_year=2028, exception_cancelled=True)
        when = rendered(client, language, "#nar .round-dates")
        guide = rendered(client, language, ".round-dates", url=CONTENT[language])
    for shown in (when, guide):
        assert TEXTS[language] in shown
        assert CANCELLED[language] in shown
    # Once the year is over, the texts state the regular dates alone.
    with at(2028, 10, 16):
        when = rendered(client, language, "#nar .round-dates")
    assert (
        when
        == {
            "sv": "Vårens omgång 15 februari – 15 mars och Höstomgången 15 september – 15 oktober",
            "en": "Spring round 15 February – 15 March and Autumn call 15 September – 15 October",
        }[language]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_calendar_follows_the_name_and_the_exception(client, language):
    with at(2027, 4, 1):
        change_round(9, **RENAMED, **AUTUMN_2027_MOVED)
        change_round(2, exception_year=2028, exception_cancelled=True)
        response = client.get(PROGRAMME[language] + "kalender/")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    shown = [
        (str(e["STATUS"]), e.decoded("DTSTART"), e.decoded("DTEND"), str(e["UID"]).split("@")[0])
        for e in events
    ]
    assert shown == [
        ("CONFIRMED", date(2027, 9, 20), date(2027, 10, 21), "round-20270915-20271015"),
        # The cancelled round with the event's own UID, so calendars that have it drop it.
        ("CANCELLED", date(2028, 2, 15), date(2028, 3, 16), "round-20280215-20280315"),
    ]
    assert (
        str(events[0]["SUMMARY"])
        == {
            "sv": "Höstomgången öppen: Kommunalt Partnerskap",
            "en": "Autumn call open: Municipal Partnership",
        }[language]
    )


def reminders_on(day):
    with at(day.year, day.month, day.day, 6):
        before = set(OutgoingMessage.objects.values_list("pk", flat=True))
        round_reminders(day)
    return {
        message.language: message
        for message in OutgoingMessage.objects.exclude(pk__in=before)
        if message.key.startswith("round-")
    }


def test_the_reminders_follow_the_name_and_the_exception():
    with at(2027, 3, 1):
        change_round(9, **RENAMED, **AUTUMN_2027_MOVED)
        change_round(2, exception_year=2028, exception_cancelled=True)
        for language in LANGUAGES:
            subscriber = Subscriber.objects.create(
                email=f"{language}@example.se", language=language
            )
            Subscription.objects.create(
                subscriber=subscriber,
                topic="rounds",
                frequency="immediate",
                confirmed_at=timezone.now(),
            )

    assert reminders_on(date(2027, 9, 15)) == {}
    opens = reminders_on(date(2027, 9, 20))
    assert "Höstomgången" in opens["sv"].body_text
    assert "20 september 2027–20 oktober 2027" in opens["sv"].body_text
    assert "Autumn call" in opens["en"].body_text
    assert "from\n20 September 2027 to 20 October 2027" in opens["en"].body_text
    # A week before the moved closing day, not before the regular one.
    assert reminders_on(date(2027, 10, 8)) == {}
    closes = reminders_on(date(2027, 10, 13))
    assert closes["sv"].subject == "Påminnelse: ansökningsomgången stänger 20 oktober"
    assert closes["en"].subject == "Reminder: the application round closes on 20 October"
    assert "(Höstomgången)" in closes["sv"].body_text
    assert "(Autumn call)" in closes["en"].body_text
    # The cancelled spring round of 2028 sends nothing; the autumn round of 2028 is regular.
    assert reminders_on(date(2028, 2, 15)) == {}
    assert set(reminders_on(date(2028, 9, 15))) == {"sv", "en"}
