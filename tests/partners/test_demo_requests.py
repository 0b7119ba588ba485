"""The demo's entries seeking a partner are what the public form and an editor's approval
make (partners.demo_requests): recent, in the pre-study phase, starting the year they were
approved, with the one organisation that asked, and listed for twelve months from then."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from icld_site.demo import DemoLoader
from partners.demo_requests import DEMO_REQUESTS, load_partner_requests
from partners.models import Partnership, Phase
from partners.models.partnerships import SEEKING_PERIOD
from tests.helpers import DATABASE, get_soup

pytestmark = pytest.mark.django_db

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))
LOADING_DAY = datetime.datetime(2031, 3, 10, 12, 0, tzinfo=STOCKHOLM)
STATUS_LABEL = {"sv": "Söker partner", "en": "Seeking a partner"}


def load(reset=False):
    loader = DemoLoader(reset=reset)
    load_partner_requests(loader)
    return loader


def seeking():
    return list(
        Partnership.objects.seeking_partner().prefetch_related(
            "swedish_organisations", "partner_organisations", "wanted_countries", "contacts"
        )
    )


def test_the_demo_requests_look_approved_recently_and_are_listed(client):
    Partnership.objects.seeking_partner().delete()
    with time_machine.travel(LOADING_DAY, tick=False):
        assert load().created == len(DEMO_REQUESTS)
        today = timezone.localdate()
        entries = seeking()
        assert len(entries) == len(DEMO_REQUESTS)
        assert set(entries) <= set(Partnership.objects.public())
        kinds = set()
        for entry in entries:
            approved_on = entry.seeking_until - SEEKING_PERIOD
            assert today - datetime.timedelta(days=365) < approved_on <= today
            assert (entry.start_year, entry.end_year) == (approved_on.year, None)
            assert entry.phase == Phase.PRE_STUDY
            swedish = list(entry.swedish_organisations.all())
            partners = list(entry.partner_organisations.all())
            [organisation] = swedish + partners
            wanted = list(entry.wanted_countries.all())
            if swedish:
                assert wanted and entry.country in wanted
            else:
                assert wanted == [] and entry.country == organisation.country
            kinds.add(bool(swedish))
            assert entry.title_sv == f"{organisation.name} söker partner"
            [contact] = entry.contacts.all()
            assert contact.organisation == organisation and contact.is_published
            assert contact.last_verified == approved_on
            assert contact.consent_date < approved_on
        # Swedish members looking abroad and partner-country governments looking to Sweden.
        assert kinds == {True, False}

        for language in ("sv", "en"):
            page = get_soup(client, DATABASE[language], {"status": "seeking-partner"})
            for entry in entries:
                card = page.select_one(f'a[href$="/{entry.slug}/"]').find_parent("li")
                assert STATUS_LABEL[language] in card.get_text(" ", strip=True)
                assert f"{entry.start_year}–" in card.get_text(" ", strip=True)

    # Twelve months from their approval, every one of them has left the public site.
    latest = max(entry.seeking_until for entry in entries)
    after = datetime.datetime.combine(latest + datetime.timedelta(days=1), datetime.time(12))
    with time_machine.travel(after.replace(tzinfo=STOCKHOLM), tick=False):
        assert not Partnership.objects.public().seeking_partner().exists()


def test_loading_again_keeps_them_and_a_reset_approves_them_anew():
    Partnership.objects.seeking_partner().delete()
    with time_machine.travel(LOADING_DAY, tick=False):
        load()
        first = {entry.pk: entry.seeking_until for entry in seeking()}
        assert load().created == 0
        assert {entry.pk: entry.seeking_until for entry in seeking()} == first
    later = LOADING_DAY + datetime.timedelta(days=400)
    with time_machine.travel(later, tick=False):
        assert load(reset=True).updated == len(DEMO_REQUESTS)
        entries = seeking()
        assert len(entries) == len(DEMO_REQUESTS)
        assert set(entries) <= set(Partnership.objects.public())
        assert all(entry.seeking_until > timezone.localdate() for entry in entries)
