"""Key figures of the partnership database, for the whole database or a search result."""

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.sql.datastructures import Join

from ..models import (
    Country,
    Organisation,
    Partnership,
    ThematicArea,
)
from ..search import FACET_KEYS, SWEDISH_ORGANISATION_KEY


@dataclass(frozen=True)
class DatabaseStatistics:
    swedish_organisation_count: int
    partnership_count: int
    country_count: int
    # (ThematicArea, number of partnerships), most common first; areas without any left out.
    area_counts: list = field(default_factory=list)
    # (Country, number of partnerships), most partnerships first; countries without any left out.
    country_counts: list = field(default_factory=list)
    # False: the site's key figures, of every active partnership (partners.figures);
    # True: the figures of a search result.
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


def database_statistics(partnerships, *, is_filtered=True):
    """Figures for `partnerships` in four queries. The site's key figures (every active
    partnership) are partners.figures.key_figures."""
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
    return Organisation.objects.taking_part_in(ids).count()


def country_counts(ids):
    countries = Country.objects.filter(partnerships__in=ids).annotate(n=Count("partnerships"))
    return [(country, country.n) for country in countries]


def area_counts(ids):
    areas = ThematicArea.objects.filter(partnerships__in=ids).annotate(n=Count("partnerships"))
    return [(area, area.n) for area in areas]


# The grouped counts of one search, as PartnershipSearch._counts names them, and whether
# each counts distinct partnerships; plus the number of Swedish organisations.
ONE_PASS_FIELDS = {
    "country__code": False,
    "country__region": False,
    "status": False,
    "thematic_areas__slug": False,
    "swedish_organisations__county": True,
    "swedish_organisations__organisation_type": True,
    "partner_organisations__organisation_type": True,
}
SWEDISH_ORGANISATIONS = "swedish organisations"


def counts_in_one_pass(partnerships):
    """{field of ONE_PASS_FIELDS: {value: partnerships}, SWEDISH_ORGANISATIONS: n} for a
    queryset of partnerships, in one PostgreSQL query that finds the matches once.

    Grouping each field with the ORM would run the search (a full-text match of most rows
    for a common word) once per field, and joining the relations would cost a join per
    relation and match. Django has no API for a shared, materialised set of matches, for
    GROUPING SETS or for unnesting a column, so the SQL is written here around the
    queryset's own compiled SQL. The matches are read once into a CTE; the partnership's own
    columns are grouped in one GROUPING SETS pass, and the values of its relations come from
    its stored facet keys (partners.search.facet_keys_for: each value once per partnership,
    as `Count(distinct=True)` counts), grouped in a second pass without a join. Only values
    are counted: partnerships without one (None to the ORM) are not.
    """
    counts = {name: {} for name in ONE_PASS_FIELDS}
    counts[SWEDISH_ORGANISATIONS] = 0
    matches = partnerships.order_by().values("pk", "status", "country_id", "facet_keys")
    if may_repeat_rows(partnerships):
        # Sorting out repeated rows sorts every match (on disk for a common word): only
        # where a join can repeat them.
        matches = matches.distinct()
    try:
        matches_sql, params = matches.query.sql_with_params()
    except EmptyResultSet:  # a search that can match nothing (only punctuation)
        return counts
    sql = f"""
        WITH matches AS MATERIALIZED ({matches_sql})
        SELECT CASE GROUPING(c.code, c.region, m.status)
                 WHEN 3 THEN 'country__code' WHEN 5 THEN 'country__region' ELSE 'status' END,
               COALESCE(c.code, c.region, m.status), COUNT(*)
          FROM matches m JOIN {Country._meta.db_table} c ON c.id = m.country_id
         GROUP BY GROUPING SETS ((c.code), (c.region), (m.status))
        UNION ALL
        SELECT NULL, facet_key, COUNT(*)
          FROM matches m, unnest(string_to_array(m.facet_keys, ' ')) AS facet_key
         GROUP BY facet_key
    """  # noqa: S608 - a table name from the models; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for field_name, value, count in cursor.fetchall():
            if field_name is not None:
                if value is not None:
                    counts[field_name][value] = count
                continue
            prefix, value = value.split(":", 1)
            if prefix == SWEDISH_ORGANISATION_KEY:
                counts[SWEDISH_ORGANISATIONS] += 1
            else:
                counts[FACET_KEYS[prefix]][value] = count
    return counts


def may_repeat_rows(queryset):
    """Whether `queryset` joins a relation that can give one row more than once (a filter
    through a many-to-many relation), rather than only what each row points to."""
    return any(
        isinstance(join, Join) and not join.join_field.many_to_one
        for join in queryset.query.alias_map.values()
    )


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
