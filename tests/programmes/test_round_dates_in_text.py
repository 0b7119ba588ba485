"""Round dates in text: typed dates are found and checked against the rounds, an editor who
saves a text that contradicts the rounds is warned, and the demo content types none."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from programmes.models import ContentPage, ProgrammePage
from programmes.round_text import contradictions, page_texts, round_dates_text, typed_dates
from programmes.rounds import RecurringRound, RoundException
from tests.helpers import CONTENT, LANGUAGES, PROGRAMME, get_soup, text

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SPRING = RecurringRound(15, 2, 15, 3)
AUTUMN = RecurringRound(15, 9, 15, 10)
AUTUMN_MOVED_2027 = RecurringRound(
    15, 9, 15, 10, exception=RoundException(2027, date(2027, 9, 20), date(2027, 10, 20))
)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Sista dag är 15 oktober.", [("15 oktober", 15, 10, None)]),
        ("closes on October 15th, 2027", [("October 15th, 2027", 15, 10, 2027)]),
        ("från 1 maj 2027 till 3:e juni", [("1 maj 2027", 1, 5, 2027), ("3:e juni", 3, 6, None)]),
        ("the 15 of March", [("15 of March", 15, 3, None)]),
        ("15\xa0februari – 15 mars", [("15 februari", 15, 2, None), ("15 mars", 15, 3, None)]),
        ("15 000 kronor i maj, 2027 års omgång, 12 majestätiska", []),
    ],
)
def test_typed_dates_are_found_in_both_languages(typed, found):
    assert [(t.text, t.day, t.month, t.year) for t in typed_dates(typed)] == found


@pytest.mark.parametrize(
    ("rounds", "typed", "wrong"),
    [
        ([SPRING, AUTUMN], "15 februari – 15 mars och 15 september – 15 oktober", []),
        ([SPRING, AUTUMN], "Ansök senast 20 oktober eller 1 March.", ["20 oktober", "1 March"]),
        # A dated day that is no round's: an event, the day a text was last updated.
        ([SPRING, AUTUMN], "Uppdaterad 29 november 2026.", []),
        # A round's regular day on a year in which the exception moved it.
        ([SPRING, AUTUMN_MOVED_2027], "Sista dag 15 oktober 2027.", ["15 oktober 2027"]),
        ([SPRING, AUTUMN_MOVED_2027], "Sista dag 20 October 2027, sedan 15 oktober.", []),
        ([SPRING, AUTUMN_MOVED_2027], "Last day 15 October 2028.", []),
    ],
)
def test_contradictions_are_the_dates_the_rounds_do_not_have(rounds, typed, wrong):
    assert contradictions(typed, rounds) == wrong


def signed_in_admin(client, user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def guide_form_data(paragraph):
    return nested_form_data(
        {
            "title_sv": "Så ansöker du",
            "title_en": "How to apply",
            "slug_sv": "sa-ansoker-du",
            "slug_en": "how-to-apply",
            "intro_sv": rich_text("Steg för steg."),
            "intro_en": rich_text("Step by step."),
            "body_sv": streamfield([("paragraph", rich_text(paragraph))]),
            "body_en": streamfield([]),
            "action-publish": "action-publish",
        }
    )


WARNING = {
    "sv": "Texten på ”Så ansöker du” nämner ”20 oktober”, men ingen ansökningsomgång öppnar "
    "eller stänger den dagen.",
    "en": "The text of “How to apply” names “20 oktober”, but no application round opens or "
    "closes on that day.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_a_text_that_contradicts_the_rounds_warns_the_editor(client, admin_user, language):
    guide = ContentPage.objects.get(slug_sv="sa-ansoker-du")
    url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    signed_in = signed_in_admin(client, admin_user, language)

    response = signed_in.post(url, guide_form_data("Sista dag är 20 oktober."), follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any(WARNING[language] in message for message in shown), shown
    # Saved all the same: a warning, not an error.
    assert "20 oktober" in ContentPage.objects.get(pk=guide.pk).body_sv.render_as_block()

    response = signed_in.post(url, guide_form_data("Sista dag är 15 oktober."), follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert not any("15 oktober" in message for message in shown), shown


@pytest.mark.django_db
def test_a_new_page_is_checked_against_the_programme_s_rounds(client, admin_user):
    programme = ProgrammePage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["programmes", "contentpage", programme.pk])
    data = guide_form_data("Ansök 1 april–30 april.")
    data.update(slug_sv="ny-sida", slug_en="new-page")
    response = signed_in_admin(client, admin_user, "sv").post(url, data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert any("”1 april” och ”30 april”" in message for message in shown), shown


@pytest.mark.django_db
def test_no_page_of_the_demo_types_a_round_date():
    """Every day and month in the text of the demo's pages carries a year and is not a
    round's: the rounds' own dates come from the round dates blocks."""
    rounds = ProgrammePage.objects.get().recurring_rounds
    for page in Page.objects.live().specific():
        typed = [t for texts in page_texts(page) for t in typed_dates(texts)]
        assert all(t.year for t in typed), (page.title, typed)
        assert not any(contradictions(t.text, rounds) for t in typed), (page.title, typed)


def days_of(occurrence):
    return {occurrence.opens, occurrence.closes}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("moment", [(2027, 3, 1), (2027, 9, 30), (2028, 12, 31)])
def test_every_date_the_programme_and_the_guide_state_is_a_round_s(client, language, moment):
    """The text a visitor reads on the programme page (all but the news and the "last
    updated" line) and the guide: each day and month is a round's, on the year it names."""
    programme = ProgrammePage.objects.get()
    with time_machine.travel(datetime(*moment, 12, tzinfo=STOCKHOLM), tick=False):
        pages = [get_soup(client, PROGRAMME[language]), get_soup(client, CONTENT[language])]
        rounds = programme.recurring_rounds
        round_days = set().union(*(round_.days for round_ in rounds))
        dated_round_days = {
            day
            for round_ in rounds
            for year in range(moment[0] - 1, moment[0] + 2)
            for day in days_of(round_.occurrence_opening_in(year))
        }
    typed = []
    for page in pages:
        for left_out in page.select(".last-updated, #news-heading ~ *, .news-list, nav, footer"):
            left_out.decompose()
        typed += typed_dates(text(page.select_one("main")))
    assert typed
    for found in typed:
        if found.year is None:
            assert (found.day, found.month) in round_days, found
        else:
            assert date(found.year, found.month, found.day) in dated_round_days, found


NAMED_SPRING = RecurringRound(15, 2, 15, 3, names=(("sv", "Vårens omgång"), ("en", "Spring round")))
NAMED_AUTUMN_MOVED = RecurringRound(
    15,
    9,
    15,
    10,
    names=(("sv", "Höstens omgång"), ("en", "")),
    exception=RoundException(2027, date(2027, 9, 20), date(2027, 10, 20)),
)


@pytest.mark.parametrize(
    ("language", "today", "expected"),
    [
        ("sv", date(2027, 3, 1), "Vårens omgång 15 februari – 15 mars 2027"),
        ("en", date(2027, 3, 16), "Höstens omgång 20 September – 20 October 2027"),
        ("sv", date(2027, 10, 20), "Höstens omgång 20 september – 20 oktober 2027"),
        ("en", date(2027, 10, 21), "Spring round 15 February – 15 March 2028"),
    ],
)
def test_the_next_round_block_states_the_open_or_next_round_that_year(language, today, expected):
    # An English name left empty falls back to the Swedish one.
    with translation.override(language):
        assert round_dates_text([NAMED_SPRING, NAMED_AUTUMN_MOVED], "next", today) == expected
        assert (
            round_dates_text([], "all", today)
            == {
                "sv": "just nu finns ingen planerad ansökningsomgång",
                "en": "no application round is planned at the moment",
            }[language]
        )
