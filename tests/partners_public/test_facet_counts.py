"""The facets and key figures of a search count exactly what a partnership-by-partnership
count gives, for text searches and filters alike (on SQLite and on PostgreSQL, whose
counts come from one grouped query)."""

from collections import Counter

import pytest
from django.core.management import call_command

from partners.database.facets import PartnershipSearch
from partners.models import SWEDISH_ORGANISATION_TYPES

# Facet name: the values one partnership has for it (each counted once per partnership).
VALUES = {
    "country": lambda p: {p.country.code},
    "region": lambda p: {p.country.region},
    "area": lambda p: {area.slug for area in p.thematic_areas.all()},
    "status": lambda p: {p.status},
    "county": lambda p: {o.county for o in p.swedish_organisations.all() if o.county},
    "type": lambda p: {
        o.organisation_type
        for o in [*p.swedish_organisations.all(), *p.partner_organisations.all()]
    },
}
SEARCHES = [
    {"q": "kommun"},
    {"q": "klimat"},
    {"q": "malmo"},
    {"q": "kommun", "country": "KE"},
    {"q": "climate", "status": "active", "area": "climate"},
    {"country": "KE", "status": "active"},
    {"area": "equality"},
    {"county": "W", "type": "municipality"},
    {"region": "africa", "q": "partnerskap"},
    {"q": "ingenting-som-finns"},
]


def partnerships(search, without=None):
    return (
        search.queryset(without=without)
        .distinct()
        .select_related("country")
        .prefetch_related("thematic_areas", "swedish_organisations", "partner_organisations")
    )


def counted(search, name):
    counts = Counter()
    for partnership in partnerships(search, without=name):
        counts.update(VALUES[name](partnership))
    return {value: count for value, count in counts.items() if count}


@pytest.fixture
def varied(data):
    """The five partnerships of `data` and 60 generated ones across many countries."""
    call_command("generate_partnerships", count=60, organisations=12, stdout=None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", SEARCHES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_facet_counts_equal_a_count_of_each_partnership(varied, params):
    search = PartnershipSearch(params)
    assert search.is_valid, search.errors
    shown = {
        facet.name: {option.value: option.count for option in facet.options if option.count}
        for facet in search.facets()
    }
    for name in VALUES:
        assert shown[name] == counted(search, name), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", SEARCHES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_key_figures_equal_a_count_of_each_partnership(varied, params):
    search = PartnershipSearch(params)
    matches = list(partnerships(search))
    statistics = search.statistics()
    assert search.count() == statistics.partnership_count == len(matches)
    swedish = {
        o.pk
        for p in matches
        for o in p.swedish_organisations.all()
        if o.organisation_type in SWEDISH_ORGANISATION_TYPES
    }
    assert statistics.swedish_organisation_count == len(swedish)
    by_country = Counter(p.country.code for p in matches)
    assert statistics.counts_by_code == dict(by_country)
    by_area = Counter(area.slug for p in matches for area in p.thematic_areas.all())
    assert {area.slug: n for area, n in statistics.area_counts} == dict(by_area)


@pytest.mark.django_db
def test_the_searches_above_mostly_find_something(varied):
    found = [bool(PartnershipSearch(params).count()) for params in SEARCHES]
    assert sum(found) >= 7, found
    assert found[-1] is False


def shown_counts(params):
    return {
        facet.name: {option.value: option.count for option in facet.options if option.count}
        for facet in PartnershipSearch(params).facets()
    }


def expected_counts(params):
    search = PartnershipSearch(params)
    return {name: counted(search, name) for name in VALUES}


@pytest.mark.django_db
def test_the_counts_follow_changes_to_what_partnerships_relate_to(varied, committed):
    """The relations' values are counted from each partnership's stored facet keys on
    PostgreSQL: they follow a moved organisation, a deleted one and a removed area."""
    from partners.models import Organisation, Partnership, ThematicArea

    params = {"q": "kommun"}
    assert shown_counts(params) == expected_counts(params)
    moved, deleted = Organisation.objects.filter(swedish_partnerships__isnull=False).distinct()[:2]
    partnership = Partnership.objects.filter(thematic_areas__isnull=False).first()
    with committed():
        moved.county = "BD" if moved.county != "BD" else "AB"
        moved.save()
        deleted.delete()
        partnership.thematic_areas.remove(partnership.thematic_areas.first())
        ThematicArea.objects.filter(partnerships__isnull=False).last().delete()
    searches = [{"q": "klimat"}, {"status": "active"}, {"type": "municipality"}]
    for params in [*searches, {"county": moved.county}]:
        assert shown_counts(params) == expected_counts(params), params
        statistics = PartnershipSearch(params).statistics()
        swedish_count = len(
            {
                o.pk
                for p in partnerships(PartnershipSearch(params))
                for o in p.swedish_organisations.all()
                if o.organisation_type in SWEDISH_ORGANISATION_TYPES
            }
        )
        assert statistics.swedish_organisation_count == swedish_count


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["", "start"])
@pytest.mark.parametrize("words", ["", "kommun"])
def test_a_search_lists_its_matches_in_the_order_asked_for(varied, sort, words):
    """A text search with few matches is read through the search index on PostgreSQL,
    with the same order as any other list."""
    search = PartnershipSearch({"q": words, "sort": sort})
    shown = [row["pk"] for row in search.results()]
    newest_first = sort != "start"
    expected = sorted(
        partnerships(search),
        key=lambda p: (-p.start_year if newest_first else p.start_year, p.pk),
    )
    assert len(shown) > 5
    assert shown == [p.pk for p in expected]


@pytest.mark.django_db
def test_only_a_join_that_can_repeat_a_partnership_costs_a_distinct():
    """The counting pass sorts out repeated matches only where a filter joins a
    many-to-many relation; a text search and the country's columns cannot repeat one."""
    from partners.database.statistics import may_repeat_rows
    from partners.models import Partnership

    assert may_repeat_rows(Partnership.objects.with_area("climate"))
    assert may_repeat_rows(Partnership.objects.filter(swedish_organisations__county="W"))
    assert not may_repeat_rows(Partnership.objects.public().search("kommun"))
    assert not may_repeat_rows(Partnership.objects.in_region("africa").in_county("W"))
