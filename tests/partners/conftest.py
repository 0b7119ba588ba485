import pytest

from partners.models import Country, Region


@pytest.fixture
def kenya(db):
    return Country.objects.get(code="KE")


@pytest.fixture
def atlantis(db):
    """A country of its own so that counts are not disturbed by the demo data."""
    return Country.objects.create(code="IS", region=Region.EASTERN_EUROPE, eligible=False)
