import itertools

import pytest

from partners.models import Country, Organisation, Partnership, Region, Status, ThematicArea

_numbers = itertools.count()


def country(code):
    country, _created = Country.objects.get_or_create(code=code, defaults={"region": Region.AFRICA})
    return country


def swedish_organisation(name=None):
    return Organisation.objects.create(
        name=name or f"Testkommun {next(_numbers)}", organisation_type="municipality", county="C"
    )


def partner_organisation(code):
    return Organisation.objects.create(
        name=f"Local government {next(_numbers)}",
        organisation_type="local-government",
        country=country(code),
    )


def thematic_area(name_en, name_sv):
    return ThematicArea.objects.create(
        name_en=name_en, name_sv=name_sv, slug=f"test-{name_en.lower().replace(' ', '-')}"
    )


def partnership(code, swedish, partners=None, areas=(), status=Status.ACTIVE):
    number = next(_numbers)
    partnership = Partnership.objects.create(
        title_sv=f"Testpartnerskap {number}",
        title_en=f"Test partnership {number}",
        country=country(code),
        status=status,
        start_year=2024,
    )
    # Parental many-to-many fields are written on save().
    partnership.swedish_organisations.set(swedish)
    partnership.partner_organisations.set(partners or [partner_organisation(code)])
    partnership.thematic_areas.set(areas)
    partnership.save()
    return partnership


@pytest.fixture
def areas(db):
    return {
        "climate": thematic_area("Climate test area", "Klimattestområde"),
        "gender": thematic_area("Gender test area", "Jämställdhetstestområde"),
        "unused": thematic_area("Unused test area", "Oanvänt testområde"),
    }


@pytest.fixture
def partnerships(db, areas):
    """Ukraine 11 (map-4), Kenya 4 (map-2), Tanzania 1 (map-1) active partnerships;
    Vietnam only a finished one; Botswana none. The demo partnerships are removed first
    (inside the test's transaction) so the expected figures are exact."""
    Partnership.objects.all().delete()
    uppsala, enkoping, tierp = (swedish_organisation() for _ in range(3))
    made = []
    for _ in range(11):
        made.append(partnership("UA", [uppsala], areas=[areas["climate"]]))
    for index in range(4):
        made.append(
            partnership(
                "KE", [enkoping, tierp], areas=[areas["climate"], areas["gender"]][: index % 2 + 1]
            )
        )
    made.append(partnership("TZ", [tierp], areas=[areas["gender"]]))
    made.append(partnership("VN", [swedish_organisation()], status=Status.FINISHED))
    country("BW")
    return made
