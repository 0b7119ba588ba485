from collections import Counter

import pytest

from partners.database.statistics import database_statistics
from partners.figures import key_figures
from partners.models import Partnership, Status
from tests.factories import CountryFactory, PartnershipFactory, SwedishOrganisationFactory


def true_counts(partnerships):
    """The figures counted the slow, obvious way, one partnership at a time."""
    swedish, countries, areas = set(), Counter(), Counter()
    for item in partnerships:
        swedish |= {o.pk for o in item.swedish_organisations.all() if o.is_swedish}
        countries[item.country.code] += 1
        for area in item.thematic_areas.all():
            areas[area.pk] += 1
    return swedish, countries, areas


def test_statistics_of_all_active_partnerships_equal_true_counts(partnerships):
    active = list(Partnership.objects.filter(status=Status.ACTIVE))
    swedish, countries, areas = true_counts(active)

    statistics = key_figures()

    assert statistics.is_filtered is False
    assert statistics.partnership_count == len(active)
    assert statistics.swedish_organisation_count == len(swedish)
    assert statistics.country_count == len(countries)
    assert statistics.counts_by_code == dict(countries)
    assert {area.pk: count for area, count in statistics.area_counts} == dict(areas)
    assert "VN" not in statistics.counts_by_code, "finished partnerships are not counted"


def test_area_and_country_counts_are_sorted_most_first(partnerships, areas):
    statistics = key_figures()

    for pairs in (statistics.area_counts, statistics.country_counts):
        counts = [count for _item, count in pairs]
        assert counts == sorted(counts, reverse=True)
        assert all(count > 0 for count in counts)
    assert areas["unused"] not in [area for area, _count in statistics.area_counts]
    assert statistics.counts_by_code["UA"] == 11
    assert statistics.counts_by_code["KE"] == 4


def test_statistics_of_a_filtered_result(partnerships, areas):
    statistics = database_statistics(Partnership.objects.active().in_country("ke"))

    assert statistics.is_filtered is True
    assert statistics.partnership_count == 4
    assert statistics.swedish_organisation_count == 2
    assert statistics.counts_by_code == {"KE": 4}
    assert dict(statistics.area_counts) == {areas["climate"]: 4, areas["gender"]: 2}


def test_a_queryset_joining_many_to_many_counts_each_partnership_once(partnerships, areas):
    # Without distinct() this queryset yields a Kenyan partnership once per area.
    joined = Partnership.objects.filter(
        country__code="KE", thematic_areas__in=[areas["climate"], areas["gender"]]
    )
    assert joined.count() == 6

    statistics = database_statistics(joined)

    assert statistics.partnership_count == 4
    assert statistics.counts_by_code == {"KE": 4}


def test_statistics_accept_search_results_that_are_not_querysets(partnerships):
    kenyan = [p for p in partnerships if p.country.code == "KE"]

    assert database_statistics(kenyan).partnership_count == 4


def test_statistics_of_an_empty_result(db):
    statistics = database_statistics(Partnership.objects.none())

    assert statistics.partnership_count == 0
    assert statistics.swedish_organisation_count == 0
    assert statistics.country_count == 0
    assert statistics.area_counts == []


def test_an_organisation_in_several_partnerships_counts_once(db):
    before = key_figures().swedish_organisation_count
    shared = SwedishOrganisationFactory()
    PartnershipFactory(country=CountryFactory(code="KE"), swedish_organisations=[shared])
    PartnershipFactory(
        country=CountryFactory(code="TZ"),
        swedish_organisations=[shared, SwedishOrganisationFactory()],
    )

    assert key_figures().swedish_organisation_count == before + 2


@pytest.mark.parametrize("total", [10, 200])
def test_statistics_take_four_queries_whatever_the_size(db, django_assert_max_num_queries, total):
    swedish = SwedishOrganisationFactory.create_batch(5)
    for index in range(total):
        PartnershipFactory(
            country=CountryFactory(code=["KE", "TZ", "UA"][index % 3]),
            swedish_organisations=swedish[index % 5 :][:2],
        )

    with django_assert_max_num_queries(4):
        statistics = database_statistics(Partnership.objects.active())
    assert statistics.partnership_count >= total
