"""When a partnership is news to a saved search (Partnership.listed_at), and the weekly
digest of a saved search listing exactly what the database page shows for it."""

import datetime

import pytest
import time_machine
from django.http import QueryDict
from django.utils import timezone, translation

from icld_site.models import OutgoingMessage, Subscriber, Subscription
from partners.database.facets import PartnershipSearch
from partners.digests import search_digests
from partners.importing import import_partnerships
from partners.models import Country, Partnership, Status, ThematicArea
from tests.factories import PartnershipFactory
from tests.helpers import csv_bytes, import_row

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_a_partnership_is_listed_when_it_becomes_active_or_seeks_a_partner():
    finished = PartnershipFactory(status=Status.FINISHED)
    assert finished.listed_at is None
    active = PartnershipFactory()
    first = active.listed_at
    assert first is not None

    # Seeking a partner after being active is not news again; becoming active after
    # having finished is.
    active.status = Status.SEEKING_PARTNER
    active.save()
    assert active.listed_at == first
    finished = Partnership.objects.get(pk=finished.pk)
    finished.status = Status.ACTIVE
    finished.save(update_fields=["status"])
    assert Partnership.objects.get(pk=finished.pk).listed_at is not None


def test_an_expired_entry_renewed_is_news_again():
    with time_machine.travel(datetime.datetime(2030, 1, 1, 12, tzinfo=UTC), tick=False):
        entry = PartnershipFactory(status=Status.SEEKING_PARTNER, partner_organisations=[])
        entry.renew()
        listed = Partnership.objects.get(pk=entry.pk).listed_at
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, tzinfo=UTC), tick=False):
        entry.renew()  # still listed: not news
        assert Partnership.objects.get(pk=entry.pk).listed_at == listed
    with time_machine.travel(datetime.datetime(2031, 8, 1, 12, tzinfo=UTC), tick=False):
        entry.renew()  # its listing had ended
        assert Partnership.objects.get(pk=entry.pk).listed_at > listed


def test_imported_partnerships_are_listed_when_they_become_active():
    with time_machine.travel(datetime.datetime(2030, 1, 1, 12, tzinfo=UTC), tick=False):
        import_partnerships(csv_bytes([import_row(status="avslutad")]), "a.csv")
        partnership = Partnership.objects.get(title_sv="Klimatarbete i Kisumu")
        assert partnership.listed_at is None
    with time_machine.travel(datetime.datetime(2030, 2, 1, 12, tzinfo=UTC), tick=False):
        import_partnerships(csv_bytes([import_row(status="aktiv")]), "a.csv")
    partnership.refresh_from_db()
    assert partnership.listed_at == datetime.datetime(2030, 2, 1, 12, tzinfo=UTC)


def test_the_digest_lists_what_the_database_page_shows_for_the_search(
    client, committed, smtp_server
):
    kenya = Country.objects.get(code="KE")
    area = ThematicArea.objects.get(slug="miljo-och-klimat")
    params = f"q=vatten&country=KE&area={area.slug}"
    confirmed = datetime.datetime(2030, 1, 1, 12, tzinfo=UTC)
    subscriber = Subscriber.objects.create(email="sok@example.se", language="en")
    subscription = Subscription.objects.create(
        subscriber=subscriber, topic="search", params=params, confirmed_at=confirmed
    )
    with time_machine.travel(datetime.datetime(2030, 1, 8, 12, tzinfo=UTC), tick=False):
        for title, country, areas in [
            ("Rent vatten i Kisumu", kenya, [area]),  # matches
            ("Vatten och avlopp", kenya, []),  # no thematic area
            ("Vattenplanering", Country.objects.get(code="UG"), [area]),  # elsewhere
            ("Skolor i Kisumu", kenya, [area]),  # not about water
        ]:
            PartnershipFactory(
                title_sv=title, title_en=title, country=country, thematic_areas=areas
            )
    with translation.override("en"):
        shown = {row["title"] for row in PartnershipSearch(QueryDict(params)).results()}
    assert shown >= {"Rent vatten i Kisumu"}

    monday = datetime.datetime(2030, 1, 14, 6, tzinfo=UTC)
    with time_machine.travel(monday, tick=False), committed():
        counts = search_digests(timezone.localdate())
    assert counts["saved-search digests"] == 1
    [(_rcpt, message)] = smtp_server.received
    text = message.get_body(("plain",)).get_content()
    listed = {line[2:].strip() for line in text.splitlines() if line.startswith("* ")}
    new_ones = {
        p.title_sv
        for p in PartnershipSearch(QueryDict(params)).queryset().filter(listed_at__gt=confirmed)
    }
    assert listed == new_ones == {"Rent vatten i Kisumu"}
    assert "/en/municipal-partnership/database/?" in text
    assert OutgoingMessage.objects.filter(key=f"search-digest:{subscription.pk}:2030-W03").exists()
