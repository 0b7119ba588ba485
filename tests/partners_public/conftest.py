"""Small, self-contained partnership data for the public database's tests."""

import datetime
import itertools

import pytest

from partners.models import (
    ContactPerson,
    Country,
    Organisation,
    OrganisationType,
    Partnership,
    Phase,
    Status,
    ThematicArea,
)

_numbers = itertools.count(1)

DATABASE_URL = {
    "sv": "/sv/kommunalt-partnerskap/databas/",
    "en": "/en/municipal-partnership/database/",
}


def make_area(slug, name_sv, name_en):
    return ThematicArea.objects.create(slug=slug, name_sv=name_sv, name_en=name_en)


def swedish(name, county="AB", organisation_type=OrganisationType.MUNICIPALITY):
    return Organisation.objects.create(
        name=name, organisation_type=organisation_type, county=county
    )


def partner(name, country):
    return Organisation.objects.create(
        name=name, organisation_type=OrganisationType.LOCAL_GOVERNMENT, country=country
    )


def make_partnership(
    swedish_organisations,
    partner_organisations,
    country,
    areas=(),
    status=Status.ACTIVE,
    start_year=2020,
    title_sv=None,
    title_en=None,
    description_sv="",
    description_en="",
    contacts=(),
):
    number = next(_numbers)
    partnership = Partnership(
        title_sv=title_sv or f"Projekt {number}",
        title_en=title_en or f"Project {number}",
        description_sv=description_sv,
        description_en=description_en,
        country=country,
        status=status,
        phase=Phase.PROJECT,
        start_year=start_year,
        end_year=start_year + 2,
    )
    partnership.save()
    partnership.swedish_organisations = list(swedish_organisations)
    partnership.partner_organisations = list(partner_organisations)
    partnership.thematic_areas = list(areas)
    partnership.contacts = list(contacts)
    partnership.save()
    return partnership


def contact(name, organisation, published, email):
    return ContactPerson.objects.create(
        name=name,
        organisation=organisation,
        email=email,
        is_published=published,
        consent_date=datetime.date(2025, 1, 1) if published else None,
        last_verified=datetime.date(2025, 3, 14),
        role_sv="Samordnare",
        role_en="Coordinator",
    )


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    """Five partnerships across three countries, two regions, two counties and three areas.

    Any demo partnerships are removed first (rolled back after the test), so counts are exact.
    """
    # The search text is rebuilt when a transaction commits; the test's own never does.
    with django_capture_on_commit_callbacks(execute=True):
        Partnership.objects.all().delete()
        ContactPerson.objects.all().delete()
        Organisation.objects.all().delete()
        ThematicArea.objects.all().delete()
        kenya = Country.objects.get(code="KE")
        moldova = Country.objects.get(code="MD")
        india = Country.objects.get(code="IN")
        climate = make_area("climate", "Miljö och klimat", "Environment and climate")
        equality = make_area("equality", "Jämställdhet", "Gender equality")
        dialogue = make_area("dialogue", "Medborgardialog", "Citizen dialogue")

        malmo = swedish("Malmö stad", county="M")
        borlange = swedish("Borlänge kommun", county="W")
        region = swedish("Region Dalarna", county="W", organisation_type=OrganisationType.REGION)
        kisumu = partner("Kisumu County", kenya)
        chisinau = partner("Chisinau", moldova)
        pune = partner("Pune", india)

        published = contact("Anna Andersson", borlange, True, "anna@borlange.se")
        hidden = contact("Hemlig Person", borlange, False, "hemlig@borlange.se")

        return {
            "countries": {"KE": kenya, "MD": moldova, "IN": india},
            "areas": {"climate": climate, "equality": equality, "dialogue": dialogue},
            "organisations": {"malmo": malmo, "borlange": borlange, "region": region},
            "published": published,
            "hidden": hidden,
            "malmo_kisumu": make_partnership(
                [malmo],
                [kisumu],
                kenya,
                [climate],
                start_year=2021,
                title_sv="Samarbeten om klimatanpassning",
                title_en="Cooperation on climate adaptation",
                description_sv="Översvämningar och dagvatten i staden.",
                description_en="Floods and storm water in the city.",
            ),
            "borlange_chisinau": make_partnership(
                [borlange],
                [chisinau],
                moldova,
                [equality, dialogue],
                start_year=2019,
                title_sv="Jämställd service",
                title_en="Gender-equal services",
                contacts=[published, hidden],
            ),
            "dalarna_kisumu": make_partnership(
                [region],
                [kisumu],
                kenya,
                [dialogue],
                status=Status.FINISHED,
                start_year=2015,
                title_sv="Medborgarbudget",
                title_en="Participatory budgeting",
            ),
            "malmo_pune": make_partnership(
                [malmo],
                [pune],
                india,
                [climate, equality],
                start_year=2023,
                title_sv="Avfallshantering",
                title_en="Waste management",
            ),
            "seeking": make_partnership(
                [],
                [chisinau],
                moldova,
                [],
                status=Status.SEEKING_PARTNER,
                start_year=2024,
                title_sv="Söker svensk partner",
                title_en="Looking for a Swedish partner",
            ),
        }
