import pytest

from partners.models import Partnership, Status
from tests.factories import (
    CountryFactory,
    PartnershipFactory,
    SwedishOrganisationFactory,
    ThematicAreaFactory,
)


@pytest.fixture
def areas(db):
    return {
        "climate": ThematicAreaFactory(name_en="Climate test area", name_sv="Klimattestområde"),
        "gender": ThematicAreaFactory(
            name_en="Gender test area", name_sv="Jämställdhetstestområde"
        ),
        "unused": ThematicAreaFactory(name_en="Unused test area", name_sv="Oanvänt testområde"),
    }


def in_country(code, **values):
    return PartnershipFactory(country=CountryFactory(code=code), start_year=2024, **values)


@pytest.fixture
def partnerships(db, areas):
    """Ukraine 11 (map-4), Kenya 4 (map-2), Tanzania 1 (map-1) active partnerships;
    Vietnam only a finished one; Botswana none. The demo partnerships are removed first
    (inside the test's transaction) so the expected figures are exact."""
    Partnership.objects.all().delete()
    uppsala, enkoping, tierp = SwedishOrganisationFactory.create_batch(3)
    made = [
        in_country("UA", swedish_organisations=[uppsala], thematic_areas=[areas["climate"]])
        for _ in range(11)
    ]
    made += [
        in_country(
            "KE",
            swedish_organisations=[enkoping, tierp],
            thematic_areas=[areas["climate"], areas["gender"]][: index % 2 + 1],
        )
        for index in range(4)
    ]
    made.append(in_country("TZ", swedish_organisations=[tierp], thematic_areas=[areas["gender"]]))
    made.append(in_country("VN", status=Status.FINISHED))
    CountryFactory(code="BW")
    return made
