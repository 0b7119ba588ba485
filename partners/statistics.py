"""Key figures of the partnership database, for the whole database or a search result."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import get_language

from icld_site.cache import content_cached

from .models import Country, Organisation, Partnership, ThematicArea


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
    """Figures for `partnerships` (default: every active partnership) in four queries.

    Every count goes through the ids of `partnerships`, so a queryset that joins
    many-to-many tables for its filters does not count a partnership twice.
    """
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

    swedish_side = Partnership.swedish_organisations.through.objects.filter(partnership_id__in=ids)
    swedish_organisation_count = (
        Organisation.objects.swedish().filter(pk__in=swedish_side.values("organisation_id")).count()
    )
    partnership_count = Partnership.objects.filter(pk__in=ids).count()
    # Filtering before annotating makes Count use the same, filtered, join, in which each
    # (country or area, partnership) pair is one row: a plain count counts partnerships.
    country_counts = _by_count_then_name(
        (country, country.partnership_count)
        for country in Country.objects.filter(partnerships__in=ids).annotate(
            partnership_count=Count("partnerships")
        )
    )
    area_counts = _by_count_then_name(
        (area, area.partnership_count)
        for area in ThematicArea.objects.filter(partnerships__in=ids).annotate(
            partnership_count=Count("partnerships")
        )
    )
    return DatabaseStatistics(
        swedish_organisation_count=swedish_organisation_count,
        partnership_count=partnership_count,
        country_count=len(country_counts),
        area_counts=area_counts,
        country_counts=country_counts,
        is_filtered=is_filtered,
    )
