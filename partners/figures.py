"""The site's key figures, each defined once, here, for every page that shows one:

- active partnerships: the public partnerships with the status "active";
- partner countries with partnerships: the countries of the active partnerships;
- participating Swedish organisations: the Swedish organisations taking part in an active
  partnership (OrganisationQuerySet.taking_part_in);
- countries open for applications: the countries the programme page lists (its own,
  editable list), whether or not the database has a partnership there yet.

Each figure links to a list of the database that counts the same thing: the list is
filtered with ACTIVE (key_figure_links), and its heading says what it counts.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import get_language

from icld_site.cache import content_cached

from .database.charts import COUNTRY_TABLE_ID
from .database.statistics import database_statistics
from .models import Partnership, Status

# The database's filter that lists what the key figures count.
ACTIVE = {"status": Status.ACTIVE}


def active_partnerships():
    """The partnerships the key figures count: what the database lists with ACTIVE."""
    return Partnership.objects.public().active()


def key_figures():
    """partners.database.statistics.DatabaseStatistics of every active partnership:
    partnership_count (active partnerships), country_count (countries with active
    partnerships, counts_by_code per country) and swedish_organisation_count. The same for
    every visitor until the content changes; sorted by name, so one copy per language."""
    return content_cached(
        f"key-figures:{get_language()}",
        lambda: database_statistics(active_partnerships(), is_filtered=False),
    )


@dataclass(frozen=True)
class KeyFigureLinks:
    """Where each key figure leads, on the database page at `database_url`."""

    database_url: str
    organisations_url: str

    @property
    def active_partnerships(self):
        return self.database_url + "?" + urlencode(ACTIVE)

    @property
    def partner_countries(self):
        """The table of the active partnerships by country, which counts its countries."""
        return f"{self.active_partnerships}#{COUNTRY_TABLE_ID}"

    @property
    def swedish_organisations(self):
        return self.organisations_url + "?" + urlencode(ACTIVE)

    def active_in_country(self, code):
        return self.database_url + active_in_country_query(code)


def active_in_country_query(code):
    """The database's query of the active partnerships in the country `code`."""
    return "?" + urlencode({"country": code, **ACTIVE})


def key_figure_links(database_page, database_url):
    """KeyFigureLinks of the database page `database_page` (at `database_url`), or None
    while none is published."""
    if database_page is None or not database_url:
        return None
    return KeyFigureLinks(
        database_url=database_url,
        organisations_url=database_url + database_page.reverse_subpage("organisations"),
    )


@dataclass(frozen=True)
class OpenCountry:
    """A country open for applications, with its number of active partnerships."""

    code: str
    name: str
    region: str
    active_partnership_count: int

    @property
    def database_query(self):
        """The database's query of the country's active partnerships, which its number
        counts; of all its partnerships while it has no active one."""
        if self.active_partnership_count:
            return active_in_country_query(self.code)
        return "?" + urlencode({"country": self.code})


def countries_open_for_applications(countries):
    """OpenCountry of each of `countries` (a programme page's list), counted as
    key_figures() counts them."""
    counts = key_figures().counts_by_code
    return [
        OpenCountry(country.code, country.name, country.region, counts.get(country.code, 0))
        for country in countries
    ]
