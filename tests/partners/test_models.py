import pytest
from django.db import IntegrityError, transaction

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
from tests.factories import (
    ContactPersonFactory,
    PartnerOrganisationFactory,
    PartnershipFactory,
    SwedishOrganisationFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    ("start_year", "end_year"),
    [(2020, 2019), (1989, None), (2101, None), (2020, 2101), (2020, 1980)],
)
def test_database_rejects_bad_years(kenya, start_year, end_year):
    assert_rejected(
        lambda: Partnership.objects.create(
            title_sv="X", country=kenya, start_year=start_year, end_year=end_year
        )
    )


def test_database_accepts_good_years(kenya):
    Partnership.objects.create(title_sv="X", country=kenya, start_year=2020, end_year=2020)
    Partnership.objects.create(title_sv="Y", country=kenya, start_year=2020, end_year=None)


def test_database_rejects_duplicate_contact_email_in_one_organisation():
    falun = SwedishOrganisationFactory()
    ContactPerson.objects.create(name="A", organisation=falun, email="kontakt@example.org")
    assert_rejected(
        lambda: ContactPerson.objects.create(
            name="B", organisation=falun, email="Kontakt@Example.org"
        )
    )
    # The same address at another organisation, and several contacts without one, are fine.
    ContactPerson.objects.create(
        name="C", organisation=SwedishOrganisationFactory(), email="kontakt@example.org"
    )
    ContactPerson.objects.create(name="D", organisation=falun)
    ContactPerson.objects.create(name="E", organisation=falun)


def test_database_rejects_published_contact_without_consent():
    assert_rejected(
        lambda: ContactPerson.objects.create(
            name="A", organisation=SwedishOrganisationFactory(), is_published=True
        )
    )


def test_database_rejects_organisation_on_the_wrong_side(kenya):
    assert_rejected(
        lambda: Organisation.objects.create(
            name="Kommun utan län", organisation_type=OrganisationType.MUNICIPALITY
        )
    )
    assert_rejected(
        lambda: Organisation.objects.create(
            name="Partner utan land", organisation_type=OrganisationType.LOCAL_GOVERNMENT
        )
    )
    assert_rejected(
        lambda: Organisation.objects.create(
            name="Kommun med land",
            organisation_type=OrganisationType.MUNICIPALITY,
            county=County.SKANE,
            country=kenya,
        )
    )


def test_active_partnership_needs_both_sides(kenya):
    swedish, partner = SwedishOrganisationFactory(), PartnerOrganisationFactory(country=kenya)
    check = Partnership.clean_sides
    assert set(check(Status.ACTIVE, [], [], kenya)) == {
        "swedish_organisations",
        "partner_organisations",
    }
    assert check(Status.ACTIVE, [swedish], [partner], kenya) == {}
    assert check(Status.SEEKING_PARTNER, [], [partner], kenya) == {}
    assert "partner_organisations" in check(Status.ACTIVE, [swedish], [swedish], kenya)
    other = Country.objects.get(code="GE")
    assert "partner_organisations" in check(Status.ACTIVE, [swedish], [partner], other)


def test_public_contacts_never_include_unpublished(kenya):
    organisation = SwedishOrganisationFactory()
    shown = ContactPersonFactory(organisation=organisation, is_published=True)
    hidden = ContactPersonFactory(organisation=organisation)
    partnership = PartnershipFactory(country=kenya, contacts=[shown, hidden])

    assert list(ContactPerson.objects.public().filter(pk__in=[shown.pk, hidden.pk])) == [shown]
    assert partnership.public_contacts == [shown]
    listed = Partnership.objects.with_related().get(pk=partnership.pk)
    assert listed.public_contacts == [shown]
    assert not ContactPerson.objects.public().filter(is_published=False).exists()


def test_demo_has_unpublished_contacts_that_stay_hidden():
    assert ContactPerson.objects.filter(is_published=False).exists()
    for partnership in Partnership.objects.with_related():
        assert all(contact.is_published for contact in partnership.public_contacts)


@pytest.fixture
def scenario(atlantis):
    """Three partnerships in a country of their own."""
    dalarna = SwedishOrganisationFactory(name="Test-Borlänge", county=County.DALARNA)
    skane = SwedishOrganisationFactory(
        name="Test-Region Skåne", county=County.SKANE, organisation_type=OrganisationType.REGION
    )
    reykjavik = PartnerOrganisationFactory(name="Test-Reykjavik", country=atlantis)
    area = ThematicArea.objects.get(slug="miljo-och-klimat")
    active = PartnershipFactory(
        country=atlantis,
        swedish_organisations=[dalarna],
        partner_organisations=[reykjavik],
        thematic_areas=[area],
        title_sv="Aktivt klimatarbete",
    )
    finished = PartnershipFactory(
        country=atlantis,
        swedish_organisations=[skane],
        partner_organisations=[reykjavik],
        status=Status.FINISHED,
        end_year=2022,
        title_sv="Avslutad dialog",
        title_en="Finished dialogue",
    )
    seeking = PartnershipFactory(
        country=atlantis,
        swedish_organisations=[],
        partner_organisations=[reykjavik],
        status=Status.SEEKING_PARTNER,
    )
    return {
        "active": active,
        "finished": finished,
        "seeking": seeking,
        "dalarna": dalarna,
        "skane": skane,
        "reykjavik": reykjavik,
        "country": atlantis,
        "area": area,
    }


def test_partnership_queryset_sentences(scenario):
    mine = Partnership.objects.in_country("is")
    active, finished, seeking = scenario["active"], scenario["finished"], scenario["seeking"]
    assert set(mine) == {active, finished, seeking}
    assert list(mine.active()) == [active]
    assert list(mine.finished()) == [finished]
    assert list(mine.seeking_partner()) == [seeking]
    assert set(Partnership.objects.in_country("IS")) == set(mine)
    assert set(mine.in_region(Region.EASTERN_EUROPE)) == set(mine)
    assert not mine.in_region(Region.AFRICA).exists()
    assert list(mine.with_area("miljo-och-klimat")) == [active]
    assert list(mine.with_area(scenario["area"])) == [active]
    assert list(mine.in_county(County.DALARNA)) == [active]
    assert list(mine.in_county("m")) == [finished]
    assert list(mine.with_organisation_type(OrganisationType.REGION)) == [finished]
    assert set(mine.with_organisation_type(OrganisationType.LOCAL_GOVERNMENT)) == set(mine)
    assert list(mine.search("klimat")) == [active]
    assert list(mine.search("FINISHED")) == [finished]
    assert list(mine.search("Test-Borl")) == [active]
    assert not Partnership.objects.in_country("ZZ").exists()


def test_in_county_counts_a_partnership_once(atlantis):
    one, two = SwedishOrganisationFactory.create_batch(2, county=County.DALARNA)
    PartnershipFactory(country=atlantis, swedish_organisations=[one, two], status=Status.FINISHED)
    assert Partnership.objects.in_country("IS").in_county(County.DALARNA).count() == 1


def test_organisation_queryset_sentences(scenario):
    dalarna, skane, reykjavik = scenario["dalarna"], scenario["skane"], scenario["reykjavik"]
    assert {dalarna, skane} <= set(Organisation.objects.swedish())
    assert reykjavik not in Organisation.objects.swedish()
    assert reykjavik in Organisation.objects.partner_side()
    with_active = Organisation.objects.with_active_partnerships()
    assert dalarna in with_active
    assert reykjavik in with_active
    assert skane not in with_active
    assert with_active.filter(pk=reykjavik.pk).count() == 1


def test_active_partnership_counts_per_country(scenario):
    counts = dict(
        Country.objects.with_active_partnership_counts().values_list(
            "code", "active_partnership_count"
        )
    )
    assert counts["IS"] == 1
    assert counts["KE"] == Partnership.objects.active().in_country("KE").count()


def test_programme_figure_counts_distinct_swedish_members():
    members = Organisation.objects.swedish().with_active_partnerships()
    expected = {
        organisation.pk
        for partnership in Partnership.objects.active()
        for organisation in partnership.swedish_organisations.all()
    }
    assert members.count() == len(expected)
    assert 55 <= len(expected) <= 75


def test_with_related_lists_without_extra_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        for partnership in Partnership.objects.with_related()[:50]:
            str(partnership.country)
            [o.name for o in partnership.swedish_organisations.all()]
            [str(o.country) for o in partnership.partner_organisations.all()]
            [a.name for a in partnership.thematic_areas.all()]
            [c.name for c in partnership.public_contacts]


def test_partnership_gets_a_stable_unique_slug(kenya):
    first = Partnership.objects.create(title_sv="Samma titel", country=kenya, start_year=2020)
    second = Partnership.objects.create(title_sv="Samma titel", country=kenya, start_year=2021)
    assert first.slug == "samma-titel"
    assert second.slug == "samma-titel-2"
    first.title_sv = "Ny titel"
    first.save()
    assert first.slug == "samma-titel"


def test_demo_data_is_realistic():
    assert 65 <= Organisation.objects.swedish().count() <= 80
    assert 110 <= Partnership.objects.count() <= 130
    assert Partnership.objects.active().count() > Partnership.objects.finished().count()
    assert Partnership.objects.seeking_partner().exists()
    assert Organisation.objects.get(name="Borlänge kommun").county == County.DALARNA
    assert Organisation.objects.get(name="Malmö stad").county == County.SKANE
    assert set(Partnership.objects.values_list("country__code", flat=True).distinct()) == set(
        Country.objects.eligible().values_list("code", flat=True)
    )
    assert all(
        email.endswith("@example.org")
        for email in ContactPerson.objects.values_list("email", flat=True)
    )
    assert ThematicArea.objects.filter(is_democracy_principle=True).count() == 4
