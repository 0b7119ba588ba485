"""Key figures of the partnership database, for the whole database or a search result."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import get_language

from icld_site.cache import content_cached

from ..models import Country, Organisation, Partnership, ThematicArea


@dataclass(frozen=True)
class DatabaseStatistics:
    swedish_organisation_count: int
    partnership_count: int
    country_count: int
    # (ThematicArea, number of partnerships), most common first; areas without any left out.
    area_counts: list = field(default_factory=list)
    # (Country, number of partnerships), most partnerships first; countries without any left out.
    country_counts: list = field(default_factory=list)
    # False: the figures are for every active partnership; True: for a search result.
    is_filtered: bool = False

    @property
    def counts_by_code(self):
        return {country.code: count for country, count in self.country_counts}

    @property
    def names_by_code(self):
        return {country.code: country.name for country, _count in self.country_counts}


def _by_count_then_name(pairs):
    return sorted(pairs, key=lambda pair: (-pair[1], str(pair[0]).casefold()))


def _partnership_ids(partnerships):
    """A subquery of the partnerships' ids, whatever joins or ordering the queryset carries."""
    if isinstance(partnerships, QuerySet):
        return partnerships.order_by().values("pk")
    # Search results from a backend are not querysets; they are evaluated once.
    return [getattr(partnership, "pk", partnership) for partnership in partnerships]


def database_statistics(partnerships=None, *, is_filtered=None):
    """Figures for `partnerships` (default: every active partnership) in four queries."""
    if is_filtered is None:
        is_filtered = partnerships is not None
    if partnerships is None:
        # The same for every visitor until the content changes; sorted by name, so one
        # copy per language.
        return content_cached(
            f"database-statistics:{get_language()}:{is_filtered}",
            lambda: _statistics(Partnership.objects.active(), is_filtered),
        )
    return _statistics(partnerships, is_filtered)


def _statistics(partnerships, is_filtered):
    ids = _partnership_ids(partnerships)
    return make_statistics(
        partnership_count=Partnership.objects.filter(pk__in=ids).count(),
        swedish_organisation_count=swedish_organisation_count(ids),
        country_counts=country_counts(ids),
        area_counts=area_counts(ids),
        is_filtered=is_filtered,
    )


# Each figure goes through a subquery of ids: a queryset that joins many-to-many tables for
# its filters then counts no partnership twice. Filtering before annotating makes Count use
# the same, filtered, join, in which each (country or area, partnership) pair is one row.


def swedish_organisation_count(ids):
    swedish_side = Partnership.swedish_organisations.through.objects.filter(partnership_id__in=ids)
    return (
        Organisation.objects.swedish().filter(pk__in=swedish_side.values("organisation_id")).count()
    )


def country_counts(ids):
    countries = Country.objects.filter(partnerships__in=ids).annotate(n=Count("partnerships"))
    return [(country, country.n) for country in countries]


def area_counts(ids):
    areas = ThematicArea.objects.filter(partnerships__in=ids).annotate(n=Count("partnerships"))
    return [(area, area.n) for area in areas]


def make_statistics(
    *, partnership_count, swedish_organisation_count, country_counts, area_counts, is_filtered
):
    """The figures, with the (Country, count) and (ThematicArea, count) pairs sorted."""
    country_counts = _by_count_then_name(country_counts)
    return DatabaseStatistics(
        swedish_organisation_count=swedish_organisation_count,
        partnership_count=partnership_count,
        country_count=len(country_counts),
        area_counts=_by_count_then_name(area_counts),
        country_counts=country_counts,
        is_filtered=is_filtered,
    )
