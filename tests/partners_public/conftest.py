"""Small, self-contained partnership data for the public database's tests."""

import pytest

from partners.models import ContactPerson, Organisation, Partnership, Status, ThematicArea
from tests.factories import (
    ContactPersonFactory,
    CountryFactory,
    PartnerOrganisationFactory,
    PartnershipFactory,
    SwedishOrganisationFactory,
    ThematicAreaFactory,
)


@pytest.fixture
def data(db):
    """Five partnerships across three countries, two regions, two counties and three areas.

    Any demo partnerships are removed first (rolled back after the test), so counts are exact.
    """
    Partnership.objects.all().delete()
    ContactPerson.objects.all().delete()
    Organisation.objects.all().delete()
    ThematicArea.objects.all().delete()
    kenya, moldova, india = (CountryFactory(code=code) for code in ("KE", "MD", "IN"))
    climate = ThematicAreaFactory(
        slug="climate", name_sv="Miljö och klimat", name_en="Environment and climate"
    )
    equality = ThematicAreaFactory(
        slug="equality", name_sv="Jämställdhet", name_en="Gender equality"
    )
    dialogue = ThematicAreaFactory(
        slug="dialogue", name_sv="Medborgardialog", name_en="Citizen dialogue"
    )

    malmo = SwedishOrganisationFactory(name="Malmö stad", county="M")
    borlange = SwedishOrganisationFactory(name="Borlänge kommun", county="W")
    region = SwedishOrganisationFactory(
        name="Region Dalarna", county="W", organisation_type="region"
    )
    kisumu = PartnerOrganisationFactory(name="Kisumu County", country=kenya)
    chisinau = PartnerOrganisationFactory(name="Chisinau", country=moldova)
    pune = PartnerOrganisationFactory(name="Pune", country=india)

    published = ContactPersonFactory(
        name="Anna Andersson", organisation=borlange, email="anna@borlange.se", is_published=True
    )
    hidden = ContactPersonFactory(
        name="Hemlig Person", organisation=borlange, email="hemlig@borlange.se"
    )

    return {
        "countries": {"KE": kenya, "MD": moldova, "IN": india},
        "areas": {"climate": climate, "equality": equality, "dialogue": dialogue},
        "organisations": {"malmo": malmo, "borlange": borlange, "region": region},
        "published": published,
        "hidden": hidden,
        "malmo_kisumu": PartnershipFactory(
            swedish_organisations=[malmo],
            partner_organisations=[kisumu],
            country=kenya,
            thematic_areas=[climate],
            start_year=2021,
            end_year=2023,
            title_sv="Samarbeten om klimatanpassning",
            title_en="Cooperation on climate adaptation",
            description_sv="Översvämningar och dagvatten i staden.",
            description_en="Floods and storm water in the city.",
        ),
        "borlange_chisinau": PartnershipFactory(
            swedish_organisations=[borlange],
            partner_organisations=[chisinau],
            country=moldova,
            thematic_areas=[equality, dialogue],
            start_year=2019,
            end_year=2021,
            title_sv="Jämställd service",
            title_en="Gender-equal services",
            contacts=[published, hidden],
        ),
        "dalarna_kisumu": PartnershipFactory(
            swedish_organisations=[region],
            partner_organisations=[kisumu],
            country=kenya,
            thematic_areas=[dialogue],
            status=Status.FINISHED,
            start_year=2015,
            end_year=2017,
            title_sv="Medborgarbudget",
            title_en="Participatory budgeting",
        ),
        "malmo_pune": PartnershipFactory(
            swedish_organisations=[malmo],
            partner_organisations=[pune],
            country=india,
            thematic_areas=[climate, equality],
            start_year=2023,
            end_year=2025,
            title_sv="Avfallshantering",
            title_en="Waste management",
        ),
        "seeking": PartnershipFactory(
            swedish_organisations=[],
            partner_organisations=[chisinau],
            country=moldova,
            status=Status.SEEKING_PARTNER,
            start_year=2024,
            end_year=2026,
            title_sv="Söker svensk partner",
            title_en="Looking for a Swedish partner",
        ),
    }


@pytest.fixture
def many_in_kenya(data):
    """25 more partnerships in Kenya (27 in all), one a year from 1995: two pages of results."""
    kenya = data["countries"]["KE"]
    organisation = SwedishOrganisationFactory(name="Pagineringskommun")
    partner = PartnerOrganisationFactory(name="Nairobi", country=kenya)
    for year in range(1995, 2020):
        PartnershipFactory(
            swedish_organisations=[organisation],
            partner_organisations=[partner],
            country=kenya,
            start_year=year,
        )
