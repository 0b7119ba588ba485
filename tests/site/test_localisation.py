"""Dates and numbers follow each language's conventions."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import formats, translation

from tests.helpers import get_soup

PROGRAMME = {"sv": "/sv/kommunalt-partnerskap/", "en": "/en/municipal-partnership/"}
NEWS = {"sv": "/sv/aktuellt/", "en": "/en/news/"}
ROUND_DATES = {
    # Lower-case month names in Swedish, no ordinal and no comma in either language.
    "sv": ["15 februari 2027", "15 mars 2027", "15 september 2027", "15 oktober 2027"],
    "en": ["15 February 2027", "15 March 2027", "15 September 2027", "15 October 2027"],
}
ARTICLE_DATE = {"sv": "2016-07-11", "en": "11 July 2016"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_round_dates_are_written_the_way_each_language_writes_them(client, language):
    with time_machine.travel(datetime(2027, 1, 10, 12, tzinfo=ZoneInfo("Europe/Stockholm"))):
        page = get_soup(client, PROGRAMME[language])
    table_dates = [time.get_text(strip=True) for time in page.select("table.rounds time")]
    assert table_dates == ROUND_DATES[language]
    assert [t["datetime"] for t in page.select("table.rounds time")][:2] == [
        "2027-02-15",
        "2027-03-15",
    ]
    status = " ".join(page.select_one(".status-box").get_text(" ", strip=True).split())
    assert ROUND_DATES[language][0] in status


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_news_dates_follow_the_language(client, language):
    page = get_soup(client, NEWS[language])
    dates = {time["datetime"]: time.get_text(strip=True) for time in page.select(".news-item time")}
    assert dates["2016-07-11"] == ARTICLE_DATE[language]


def test_years_and_identifiers_are_never_grouped_but_large_counts_can_be():
    """USE_THOUSAND_SEPARATOR stays off: it would print years (start_year 2019) as
    "2 019" and break numeric ids in HTML attributes. A count that can reach 1 000 is
    grouped explicitly, with each language's separator."""
    assert settings.USE_THOUSAND_SEPARATOR is False
    with translation.override("sv"):
        assert formats.localize(2019) == "2019"
        assert formats.number_format(12345, force_grouping=True) == "12\xa0345"
        assert formats.number_format(1.5, decimal_pos=1) == "1,5"
    with translation.override("en"):
        assert formats.localize(2019) == "2019"
        assert formats.number_format(12345, force_grouping=True) == "12,345"
        assert formats.number_format(1.5, decimal_pos=1) == "1.5"


@pytest.mark.parametrize(("language", "shown"), [("sv", "2016-07-11"), ("en", "11 July 2016")])
def test_a_moment_is_dated_as_the_site_s_day_and_no_date_shows_nothing(language, shown):
    from icld_site.templatetags.site_tags import local_date

    # 00:30 on 11 July in Stockholm, still 10 July in UTC.
    moment = datetime(2016, 7, 10, 22, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override(language):
        assert local_date(moment) == f'<time datetime="2016-07-11">{shown}</time>'
        assert local_date(moment.date().replace(day=11)) == local_date(moment)
        assert local_date(None) == ""
