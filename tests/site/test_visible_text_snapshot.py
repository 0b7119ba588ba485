"""The visible text of every public page type, in both languages, equals a stored snapshot.

Work that makes pages cheaper to render must change no content: this compares the text a
reader sees in <body> (whitespace collapsed) with tests/site/snapshots/visible_text.json.
The demo content is loaded on one frozen day (tests/conftest.py) and the pages are read on
another, so that neither the day the suite runs nor the day of loading shows: no page may
state the day of loading as a content date. After an
intended change of content, regenerate the file with

    UPDATE_SNAPSHOTS=1 pytest tests/site/test_visible_text_snapshot.py

and review its diff.
"""

import datetime
import json
import os
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import formats, translation

from news.models import NewsCategory
from partners.models import Country, Organisation, Partnership
from tests.conftest import DEMO_LOADED_AT
from tests.helpers import (
    ARTICLE,
    CONTENT,
    DATABASE,
    HOME,
    LANGUAGES,
    NEWS,
    PROGRAMME,
    soup,
)

SNAPSHOT = Path(__file__).parent / "snapshots" / "visible_text.json"
UPDATING = os.environ.get("UPDATE_SNAPSHOTS") == "1"
FROZEN_AT = "2026-03-02 10:00:00+01:00"


def _demo_urls(language):
    """One URL per public page type, found in the demo data."""
    database = DATABASE[language]
    with translation.override(language):
        category = NewsCategory.objects.order_by("pk").first()
        partnership = Partnership.objects.active().order_by("pk").first()
        organisation = Organisation.objects.swedish().order_by("pk").first()
        country = Country.objects.filter(partnerships__isnull=False).order_by("code").first()
        about = "om-datan/" if language == "sv" else "about-the-data/"
        return {
            "home": HOME[language],
            "programme": PROGRAMME[language],
            "content": CONTENT[language],
            "news index": NEWS[language],
            "news article": ARTICLE[language],
            "category listing": f"{NEWS[language]}?category={category.slug}",
            "feed": f"/{language}/feeds/news/rss/",
            "database": database,
            "database search": database + "?q=kommun",
            "database filters": database + "?country=KE&status=active",
            "partnership": partnership.get_absolute_url(),
            "organisation": organisation.get_absolute_url(),
            "country": country.get_absolute_url(),
            "about the data": database + about,
        }


def _day_patterns(day):
    """`day` in every form the pages show a date in."""
    patterns = [day.isoformat(), re.escape(day.strftime("%a, %d %b %Y"))]
    for language in LANGUAGES:
        with translation.override(language):
            patterns.append(re.escape(formats.date_format(day, "j F Y")))
    return re.compile("|".join(patterns), re.IGNORECASE)


def visible_text(response):
    """The text of <body> (of the whole document for a feed), whitespace collapsed."""
    document = soup(response)
    if "xml" in response["Content-Type"]:
        # A feed: its items' text; lastBuildDate is the time of the newest article, kept.
        return " ".join(document.get_text(" ").split())
    body = document.body
    for hidden in body.select("script, style, template"):
        hidden.decompose()
    return " ".join(body.get_text(" ").split())


def _page_texts(client):
    texts = {}
    for language in LANGUAGES:
        for name, url in _demo_urls(language).items():
            response = client.get(url)
            assert response.status_code == 200, url
            texts[f"{language} {name}"] = {"url": url, "text": visible_text(response)}
    return texts


@pytest.mark.django_db
def test_no_page_states_the_day_the_demo_was_loaded(client):
    load_day = _day_patterns(datetime.date.fromisoformat(DEMO_LOADED_AT[:10]))
    with time_machine.travel(FROZEN_AT, tick=False):
        texts = _page_texts(client)
    shown = {key: load_day.findall(value["text"]) for key, value in texts.items()}
    assert {key: found for key, found in shown.items() if found} == {}


@pytest.mark.django_db
def test_every_page_type_shows_the_text_of_the_snapshot(client):
    with time_machine.travel(FROZEN_AT, tick=False):
        texts = _page_texts(client)
    if UPDATING:
        SNAPSHOT.write_text(json.dumps(texts, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    stored = json.loads(SNAPSHOT.read_text())
    assert sorted(texts) == sorted(stored)
    for key, value in texts.items():
        assert value == stored[key], key
