"""The site's own texts use today's words: regions (not "landsting", gone since 2019),
Belarus (not "Vitryssland"), no unexplained "KP" or "MPP", and Swedish participants named
by what they are. The 2016 news items from the programme's page stay as they were written,
so news pages and the home page's latest news are left out."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import translation
from wagtail.models import Page

from icld_site.models import Subscriber, Subscription
from news.models import NewsArticlePage, NewsIndexPage
from partners.countries import country_names
from partners.models import Country, Organisation, OrganisationType, Partnership
from partners.search import facet_keys_for
from tests.factories import PartnershipFactory, SwedishOrganisationFactory
from tests.helpers import DATABASE, LANGUAGES, get_soup

pytestmark = pytest.mark.django_db

OUTDATED = {
    "sv": re.compile(r"landsting|Vitryssland|\bKP\b|\bMPP\b|svenska medlemmar", re.IGNORECASE),
    "en": re.compile(r"county council|\bKP\b|\bMPP\b|Swedish members", re.IGNORECASE),
}
REQUEST_FORM = {"sv": "anmal-intresse/", "en": "register-interest/"}


def own_pages():
    """Every live page but the news, and the database's own routes."""
    news = Page.objects.type(NewsArticlePage, NewsIndexPage)
    return Page.objects.live().exclude(pk__in=news).exclude(depth=1)


def visible_text(client, url):
    page = get_soup(client, url)
    for news in page.select("#news-heading"):
        news.parent.decompose()
    return page.select_one("main").get_text(" ", strip=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_outdated_words_on_the_sites_own_pages(client, language):
    with translation.override(language):
        urls = [page.specific.get_url() for page in own_pages()]
        urls += [
            DATABASE[language] + REQUEST_FORM[language],
            Country.objects.get(code="BY").get_absolute_url(),
        ]
    assert len(urls) > 5
    for url in urls:
        found = OUTDATED[language].findall(visible_text(client, url))
        assert not found, (url, found)
    # The database's filter offers the organisation types there are today.
    database = get_soup(client, DATABASE[language])
    values = {option["value"] for option in database.select('input[name="type"]')}
    assert values == {"", "municipality", "region", "federation", "local-government"}


def test_county_councils_are_regions():
    assert "county-council" not in OrganisationType.values
    with translation.override("sv"):
        labels = [str(label) for label in OrganisationType.labels]
    assert labels == [
        "Kommun",
        "Region",
        "Regionalt kommunalförbund",
        "Lokal myndighet i ett partnerland",
    ]


def test_belarus_is_called_belarus_in_swedish():
    assert country_names("BY") == {"sv": "Belarus", "en": "Belarus"}
    belarus = Country.objects.get(code="BY")
    assert (belarus.name_sv, belarus.name_en) == ("Belarus", "Belarus")


class _checks_ignored:
    """Let rows break check constraints, as rows written before a change of rule could.
    SQLite ignores them for a while; PostgreSQL drops the one named inside the test's
    transaction, which the end of the test rolls back."""

    def __init__(self, model, name):
        self.table, self.name = model._meta.db_table, name

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA ignore_check_constraints = ON")
            else:
                # The rows the test made have checks waiting until commit: run them first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {self.table} DROP CONSTRAINT {self.name}")

    def __exit__(self, *exc):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")


def migration(name):
    return importlib.import_module(f"partners.migrations.{name}")


def test_stored_county_councils_become_regions_with_their_saved_searches():
    organisation = SwedishOrganisationFactory(name="Landstinget i Testlän", county="AB")
    partnership = PartnershipFactory(swedish_organisations=[organisation])
    subscriber = Subscriber.objects.create(email="lasare@example.se", language="sv")
    search = Subscription.objects.create(
        subscriber=subscriber, topic="search", params="type=county-council&status=active"
    )
    with (
        transaction.atomic(),
        _checks_ignored(Organisation, "organisation_side_has_county_or_country"),
    ):
        Organisation.objects.filter(pk=organisation.pk).update(organisation_type="county-council")
        stale = facet_keys_for(Partnership.objects.get(pk=partnership.pk))
        Partnership.objects.filter(pk=partnership.pk).update(facet_keys=stale)
        assert "t:county-council" in stale
        migration("0017_county_councils_are_regions").county_councils_to_regions(apps, None)

    organisation.refresh_from_db()
    assert organisation.organisation_type == "region"
    keys = Partnership.objects.get(pk=partnership.pk).facet_keys.split()
    assert "t:region" in keys and "t:county-council" not in keys
    search.refresh_from_db()
    assert search.params == "type=region&status=active"


def test_stored_country_names_follow_and_an_editors_own_name_stays():
    Country.objects.filter(code="BY").update(name_sv="Vitryssland", name="Vitryssland")
    Country.objects.filter(code="UA").update(name_sv="Ukraina (redaktörens namn)")
    migration("0019_current_swedish_country_names").rename(apps, None)
    assert Country.objects.get(code="BY").name_sv == "Belarus"
    assert Country.objects.get(code="UA").name_sv == "Ukraina (redaktörens namn)"
