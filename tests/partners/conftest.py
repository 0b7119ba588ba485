import pytest

from partners.models import (
    ContactPerson,
    Country,
    County,
    Organisation,
    OrganisationType,
    Partnership,
    Region,
    Status,
    ThematicArea,
)


@pytest.fixture
def kenya(db):
    return Country.objects.get(code="KE")


@pytest.fixture
def make_swedish(db):
    def make(name, county=County.DALARNA, organisation_type=OrganisationType.MUNICIPALITY):
        return Organisation.objects.create(
            name=name, county=county, organisation_type=organisation_type
        )

    return make


@pytest.fixture
def make_partner(db):
    def make(name, country):
        return Organisation.objects.create(
            name=name, country=country, organisation_type=OrganisationType.LOCAL_GOVERNMENT
        )

    return make


@pytest.fixture
def make_partnership(db, django_capture_on_commit_callbacks):
    def make(country, swedish=(), partners=(), areas=(), contacts=(), **values):
        values.setdefault("title_sv", "Testpartnerskap")
        values.setdefault("title_en", "Test partnership")
        values.setdefault("start_year", 2020)
        partnership = Partnership(country=country, **values)
        partnership.swedish_organisations.set(swedish)
        partnership.partner_organisations.set(partners)
        partnership.thematic_areas.set(areas)
        partnership.contacts.set(contacts)
        # The search text is rebuilt when a transaction commits; the test's own never does.
        with django_capture_on_commit_callbacks(execute=True):
            partnership.save()
        return partnership

    return make


@pytest.fixture
def atlantis(db):
    """A country of its own so that counts are not disturbed by the demo data."""
    return Country.objects.create(code="IS", region=Region.EASTERN_EUROPE, eligible=False)


__all__ = ["ContactPerson", "Status", "ThematicArea"]
