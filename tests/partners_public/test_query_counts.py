"""The public pages cost the same number of queries for 10 partnerships as for 1,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partnership, Status
from partners.search import rebuild
from tests.factories import (
    ContactPersonFactory,
    PartnerOrganisationFactory,
    SwedishOrganisationFactory,
)
from tests.helpers import DATABASE

THROUGH = {
    name: Partnership._meta.get_field(name).remote_field.through
    for name in ("swedish_organisations", "partner_organisations", "thematic_areas", "contacts")
}
# Measured; the point is that they do not grow with the data.
# The database page includes the map and statistics (six aggregate queries); every page, the
# main menu (four queries with the content cache off, as here).
BUDGETS = {"database": 33, "database_filtered": 35, "detail": 22, "organisation": 21, "country": 21}


class Grower:
    def __init__(self, data):
        self.kenya = data["countries"]["KE"]
        self.municipality = SwedishOrganisationFactory(name="Tillväxtkommun", county="C")
        self.local = PartnerOrganisationFactory(name="Nakuru", country=self.kenya)
        self.person = ContactPersonFactory(
            name="Pia Publicerad", organisation=self.municipality, is_published=True
        )
        self.areas = list(data["areas"].values())
        self.size = 0

    def grow_to(self, total):
        """Bulk-create partnerships until the table holds `total` of them."""
        start, self.size = self.size, total
        self.add(range(start, total))

    def add(self, numbers):
        kenya, municipality, local = self.kenya, self.municipality, self.local
        person, areas = self.person, self.areas
        statuses = [Status.ACTIVE, Status.FINISHED]
        created = Partnership.objects.bulk_create(
            [
                Partnership(
                    title_sv=f"Bulkprojekt {i}",
                    title_en=f"Bulk project {i}",
                    slug=f"bulk-{i}",
                    country=kenya,
                    start_year=2000 + i % 25,
                    status=statuses[i % 2],
                )
                for i in numbers
            ]
        )
        for name, value in [
            ("swedish_organisations", municipality),
            ("partner_organisations", local),
            ("contacts", person),
        ]:
            field = "organisation" if "organisations" in name else "contactperson"
            THROUGH[name].objects.bulk_create(
                [THROUGH[name](partnership=p, **{field: value}) for p in created]
            )
        THROUGH["thematic_areas"].objects.bulk_create(
            [
                THROUGH["thematic_areas"](partnership=p, thematicarea=areas[i % 3])
                for i, p in enumerate(created)
            ]
        )
        rebuild(Partnership.objects.filter(pk__in=[p.pk for p in created]))


PAGES = {
    "database": lambda m: DATABASE["sv"],
    "database_filtered": lambda m: (
        DATABASE["en"]
        + "?q=Bulkprojekt&country=KE&area=climate&status=active"
        + "&county=C&type=municipality&sort=name"
    ),
    "detail": lambda m: DATABASE["sv"] + "bulk-7/",
    "organisation": lambda m: DATABASE["sv"] + f"organisation/{m.slug}/",
    "country": lambda m: DATABASE["en"] + "country/KE/",
}


def count_queries(client, url):
    client.get(url)  # warm caches (site root paths) the way a running site has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_is_constant(client, data, django_assert_max_num_queries, name):
    Partnership.objects.all().delete()
    grower = Grower(data)
    municipality = grower.municipality
    grower.grow_to(10)
    small = count_queries(client, PAGES[name](municipality))
    grower.grow_to(1000)
    large = count_queries(client, PAGES[name](municipality))
    assert small == large
    with django_assert_max_num_queries(BUDGETS[name]):
        client.get(PAGES[name](municipality))
