"""'Last updated' on content pages, the programme page and partnerships, from the data, and
'Updated' on a news article only when it changed on a later day than it was published."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from wagtail.models import Page

from news.models import NewsArticlePage
from partners.models import Partnership
from tests.factories import NewsArticlePageFactory, PartnershipFactory
from tests.helpers import CONTENT, PROGRAMME, get_soup

pytestmark = pytest.mark.django_db

# 23:30 UTC is already the next day in Stockholm: the date shown is the site's own.
CHANGED = datetime.datetime(2026, 3, 5, 23, 30, tzinfo=datetime.UTC)
SHOWN = {"sv": ("Senast uppdaterad", "2026-03-06"), "en": ("Last updated", "6 March 2026")}
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SHOWN_UPDATED = {"sv": "Uppdaterad 2026-03-06", "en": "Updated 6 March 2026"}


def last_updated(soup):
    paragraph = soup.select_one(".last-updated")
    time = paragraph.find("time")
    return paragraph.get_text(" ", strip=True).replace(time.get_text(), "").strip(), time


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("addresses", [CONTENT, PROGRAMME], ids=["content", "programme"])
def test_pages_show_their_last_publication(client, language, addresses):
    url = addresses[language]
    with translation.override(language):
        page = next(p for p in Page.objects.live() if p.get_url() == url)
    Page.objects.filter(pk=page.pk).update(last_published_at=CHANGED)

    label, time = last_updated(get_soup(client, url))

    assert (label, time.get_text()) == SHOWN[language]
    assert time["datetime"] == "2026-03-06"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_partnership_shows_when_it_was_last_saved(client, language):
    partnership = PartnershipFactory()
    Partnership.objects.filter(pk=partnership.pk).update(updated_at=CHANGED)
    with translation.override(language):
        url = partnership.get_absolute_url()

    label, time = last_updated(get_soup(client, url))

    assert (label, time.get_text()) == SHOWN[language]


def updated_line(client, article, language):
    with translation.override(language):
        url = article.get_url()
    soup = get_soup(client, url)
    lines = [p.get_text(" ", strip=True) for p in soup.select(".news-article-meta p.meta")]
    return [line for line in lines if line.startswith(("Uppdaterad", "Updated"))]


def publish_at(moment, **kwargs):
    with time_machine.travel(moment, tick=False):
        return NewsArticlePageFactory(date=moment.astimezone(STOCKHOLM).date(), **kwargs)


def republish_at(article, moment, **changes):
    """An editor opens the published article, changes it and publishes it again."""
    edited = NewsArticlePage.objects.get(pk=article.pk)
    for name, value in {"title_sv": f"{edited.title_sv} (rättad)", **changes}.items():
        setattr(edited, name, value)
    with time_machine.travel(moment, tick=False):
        edited.save_revision().publish()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", ["Uppdaterad 2026-03-06"]), ("en", ["Updated 6 March 2026"])],
)
def test_an_article_changed_on_a_later_day_says_when(client, language, expected):
    article = publish_at(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=STOCKHOLM))
    republish_at(article, CHANGED)

    assert updated_line(client, article, language) == expected


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_article_corrected_on_its_publication_day_is_not_updated(client, language):
    article = publish_at(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=STOCKHOLM))
    republish_at(article, datetime.datetime(2026, 3, 1, 23, 0, tzinfo=STOCKHOLM))

    assert updated_line(client, article, language) == []
    with translation.override(language):
        soup = get_soup(client, article.get_url())
    # The publication date stays.
    assert soup.select_one(".news-article-meta time")["datetime"] == "2026-03-01"


def test_an_article_dated_later_than_its_first_publication_counts_from_its_date(client):
    # Published early (e.g. scheduled material prepared ahead) with a later publication date:
    # a change before that date is no update.
    article = publish_at(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=STOCKHOLM))
    republish_at(article, CHANGED, date=datetime.date(2026, 3, 10))

    assert updated_line(client, article, "sv") == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "Vad som ändrades: Datumet för seminariet är rättat."),
        ("en", "What changed: The date of the seminar is corrected."),
    ],
)
def test_an_update_says_what_changed_when_the_editor_wrote_it(client, language, expected):
    article = publish_at(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=STOCKHOLM))
    republish_at(
        article,
        CHANGED,
        change_note_sv="Datumet för seminariet är rättat.",
        change_note_en="The date of the seminar is corrected.",
    )
    with translation.override(language):
        soup = get_soup(client, article.get_url())

    assert updated_line(client, article, language) == [SHOWN_UPDATED[language]]
    assert soup.select_one(".change-note").get_text(" ", strip=True) == expected


def test_a_change_note_is_not_shown_without_an_update(client):
    article = publish_at(
        datetime.datetime(2026, 3, 1, 9, 0, tzinfo=STOCKHOLM), change_note_sv="Rättat."
    )

    assert get_soup(client, article.get_url()).select_one(".change-note") is None


def test_a_scheduled_article_is_dated_the_day_it_goes_live():
    written = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=STOCKHOLM)
    with time_machine.travel(written, tick=False):
        article = NewsArticlePageFactory.build(date=written.date())
    # 23:30 UTC is already 10 March in Stockholm: the site's own day counts.
    article.go_live_at = datetime.datetime(2026, 3, 9, 23, 30, tzinfo=datetime.UTC)

    article.clean()

    assert article.date == datetime.date(2026, 3, 10)


def test_a_published_article_keeps_its_date_when_a_change_is_scheduled():
    published = publish_at(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=STOCKHOLM))
    article = NewsArticlePage.objects.get(pk=published.pk)
    article.go_live_at = datetime.datetime(2026, 3, 20, 9, 0, tzinfo=STOCKHOLM)

    article.clean()

    assert article.date == datetime.date(2026, 3, 1)
