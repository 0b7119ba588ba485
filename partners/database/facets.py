"""A search of the database: the partnerships a set of GET parameters asks for, with facet
counts that honour every other filter, key figures and links to related searches."""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icld_site.cache import content_cached

from ..models import Country, County, OrganisationType, Partnership, Region, Status, ThematicArea
from ..search import MAX_QUERY_LENGTH
from .filters import DEFAULT_SORT, FILTER_NAMES, SORT_CHOICES, ListingForm, PartnershipFilterSet
from .statistics import (
    ONE_PASS_FIELDS,
    SWEDISH_ORGANISATIONS,
    area_counts,
    counts_in_one_pass,
    make_statistics,
    swedish_organisation_count,
)

# Below this many matches, a text search's page of results is found through the search
# index rather than by reading the table in the order shown (PartnershipSearch.ordered).
FEW_MATCHES = 1000


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return any(option.selected for option in self.options)


class PartnershipSearch:
    """The partnerships a set of GET parameters asks for, and everything to show about it."""

    sort_choices = SORT_CHOICES

    def __init__(self, params):
        self.filterset = PartnershipFilterSet(params, queryset=Partnership.objects.public())
        self.listing = ListingForm(params)
        self.listing.is_valid()
        self.page_is_valid = "page" not in self.listing.errors
        self.page_number = self.listing.cleaned_data.get("page") or 1
        self.sort = self.listing.cleaned_data.get("sort") or DEFAULT_SORT
        self.filters = self.filterset.values
        self.query = self.filterset.form.cleaned_data.get("q", "")
        self.notices = []
        # {(field, filter left out, distinct): {value: count}}; see _counts.
        self._grouped_counts = {}
        if len(params.get("q") or "") > MAX_QUERY_LENGTH:
            self.notices.append(
                _("Your search was shortened to its first %(count)s characters.")
                % {"count": MAX_QUERY_LENGTH}
            )
        for form in (self.filterset.form, self.listing):
            for name in form.errors:
                if name == "page":
                    continue
                self.notices.append(
                    _("“%(value)s” is not a known value for “%(filter)s”; it was ignored.")
                    % {"value": form.data[name][:100], "filter": form.fields[name].label}
                )

    @property
    def is_whole_database(self):
        """True when nothing narrows the search: every visitor sees the same figures."""
        return not (self.query or self.filters)

    @property
    def is_valid(self):
        """False when a parameter had to be ignored (the API refuses such requests)."""
        return not self.errors

    @property
    def errors(self):
        return {
            name: [str(e) for e in errors]
            for form in (self.filterset.form, self.listing)
            for name, errors in form.errors.items()
        }

    # The partnerships

    def queryset(self, without=None):
        """Every matching partnership, ignoring the filter named `without` (for its facet)."""
        return self.filterset.filter_queryset(Partnership.objects.public(), without=without)

    def results(self):
        """The matches in the order asked for, as the values a list shows (listing_cards())."""
        few = bool(self.query) and self.count() < FEW_MATCHES
        return self.ordered(few_matches=few).for_listing()

    def ordered(self, few_matches=False):
        """The matches in the order asked for, nothing else loaded (exports, the API).

        `few_matches`: a text search known to match fewer than FEW_MATCHES partnerships.
        PostgreSQL cannot tell how many rows a prefix search matches, and may read the
        newest-first index until it has a page of matches, through most of the table for
        a rare word. Ordering by start year with its nulls placed otherwise than in the
        index (there are none) leads it to find the matches through the search index and
        sort them instead."""
        partnerships = self.queryset()
        start_year = F("start_year")
        if self.sort == "name":
            partnerships = partnerships.annotate(sort_name=_first_organisation_name()).order_by(
                "sort_name", "pk"
            )
        elif self.sort == "country":
            partnerships = partnerships.order_by(f"country__name_{_language()}", "pk")
        elif self.sort == "start":
            partnerships = partnerships.order_by(
                start_year.asc(nulls_first=few_matches or None), "pk"
            )
        else:
            partnerships = partnerships.order_by(
                start_year.desc(nulls_last=few_matches or None), "pk"
            )
        return partnerships

    # The facets: each counts the matches with every other filter applied

    def facets(self):
        return [
            self._country_facet(),
            self._choice_facet("region", Region.choices, "country__region"),
            self._area_facet(),
            self._choice_facet("status", Status.choices, "status"),
            # Only Swedish members have a county, and each organisation type belongs to one
            # side (Organisation's constraint and the relations' limit_choices_to), so
            # grouping each side and adding up counts every partnership once per value.
            # Two organisations of one partnership may share a county or a type: those two
            # facets count distinct partnerships.
            self._choice_facet(
                "county", County.choices, "swedish_organisations__county", distinct=True
            ),
            self._choice_facet(
                "type",
                OrganisationType.choices,
                "swedish_organisations__organisation_type",
                "partner_organisations__organisation_type",
                distinct=True,
            ),
        ]

    def _selected_value(self, name):
        value = self.filters.get(name)
        if isinstance(value, Country):
            return value.code
        if isinstance(value, ThematicArea):
            return value.slug
        return value

    def _facet(self, name, options):
        selected = self._selected_value(name)
        return Facet(
            name=name,
            label=self.filterset.form.fields[name].label,
            options=[
                FacetOption(value, label, count, value == selected)
                for value, label, count in options
                if count or value == selected
            ],
        )

    def _counts(self, field_name, without=None, distinct=False):
        """{value of `field_name`: number of partnerships} over the matches, ignoring the
        filter `without`. Facets and key figures that count over the same matches share
        one query: leaving out a filter that is not set leaves the search itself."""
        if without not in self.filters:
            without = None
        key = (field_name, without, distinct)
        if key not in self._grouped_counts:
            if without is None and self._all_counts is not None:
                self._grouped_counts[key] = self._all_counts[field_name]
            else:
                self._grouped_counts[key] = self._grouped_count(field_name, without, distinct)
        return self._grouped_counts[key]

    def _grouped_count(self, field_name, without=None, distinct=False):
        """{value of `field_name`: number of partnerships}, in one grouped query."""
        rows = (
            self.queryset(without=without)
            .order_by()
            .values(field_name)
            .annotate(count=Count("pk", distinct=distinct))
        )
        return {row[field_name]: row["count"] for row in rows}

    @cached_property
    def _all_counts(self):
        """Every grouped count of the matches at once, {field: {value: count}} (with the
        number of Swedish organisations on PostgreSQL), or None where each field is
        counted on its own.

        The whole database, the page most visits start from, is the same for every visitor
        until the content changes: its counts are one entry of the content cache (one round
        trip). A search or a filtered view is counted in one query on PostgreSQL
        (statistics.counts_in_one_pass); SQLite groups the matches once per field.
        """
        if self.is_whole_database:
            return content_cached("partnership-counts", self._count_every_field)
        if connection.vendor == "postgresql":
            return counts_in_one_pass(self.queryset())
        return None

    def _count_every_field(self):
        if connection.vendor == "postgresql":
            return counts_in_one_pass(self.queryset())
        return {
            field_name: self._grouped_count(field_name, distinct=distinct)
            for field_name, distinct in ONE_PASS_FIELDS.items()
        }

    def _choice_facet(self, name, choices, *fields, distinct=False):
        """A facet over fixed choices, counted by grouping the matches on each of `fields`.

        `distinct` when a partnership can meet the same value twice on one field; counting
        distinct ids costs a sort per value, so it is asked for only there.
        """
        counts = Counter()
        for field_name in fields:
            counts.update(self._counts(field_name, without=name, distinct=distinct))
        return self._facet(name, [(value, label, counts[value]) for value, label in choices])

    # Every country and thematic area, by code and slug: small tables, read once per
    # content generation.

    @cached_property
    def countries(self):
        return content_cached(
            "countries-by-code", lambda: {c.code: c for c in Country.objects.all()}
        )

    @cached_property
    def areas(self):
        return content_cached(
            "areas-by-slug", lambda: {a.slug: a for a in ThematicArea.objects.all()}
        )

    def _country_facet(self):
        return self._related_facet("country", self._counts("country__code", "country"))

    def _area_facet(self):
        return self._related_facet("area", self._counts("thematic_areas__slug", "area"))

    def _related_facet(self, name, counts):
        """A facet over countries or thematic areas (`counts` by code or slug), by name.

        A partnership meets each country or thematic area once (a foreign key; a pair of
        the many-to-many table), so their counts need no distinct.
        """
        known = self.countries if name == "country" else self.areas
        options = [(key, known[key].name, count) for key, count in counts.items() if key in known]
        selected = self._selected_value(name)
        if selected and selected not in counts:
            options.append((selected, self.filters[name].name, 0))
        return self._facet(name, sorted(options, key=lambda option: option[1].casefold()))

    # Key figures of the matches, mostly from the facets' counts

    def count(self):
        """The number of matches."""
        return sum(self._counts("status").values())

    def statistics(self):
        ids = self.queryset().order_by().values("pk")
        one_pass = self._all_counts
        if one_pass is not None and SWEDISH_ORGANISATIONS in one_pass:
            # Counted over a join of their own: right also when an area is chosen.
            counts = one_pass["thematic_areas__slug"]
            areas = [(area, counts[slug]) for slug, area in self.areas.items() if slug in counts]
        elif "area" in self.filters:
            # Grouping would reuse the area filter's join and see only the chosen area.
            areas = area_counts(ids)
        else:
            counts = self._counts("thematic_areas__slug")
            areas = [(area, counts[slug]) for slug, area in self.areas.items() if slug in counts]
        by_country = self._counts("country__code")
        return make_statistics(
            partnership_count=self.count(),
            swedish_organisation_count=(
                one_pass[SWEDISH_ORGANISATIONS]
                if one_pass is not None and SWEDISH_ORGANISATIONS in one_pass
                else swedish_organisation_count(ids)
            ),
            country_counts=[
                (country, by_country[code])
                for code, country in self.countries.items()
                if code in by_country
            ],
            area_counts=areas,
            is_filtered=True,
        )

    # Links

    def params(self, without=None, **changes):
        """The GET parameters of this search, minus `without`, plus `changes`."""
        params = {}
        if self.query and without != "q":
            params["q"] = self.query
        for name in FILTER_NAMES:
            if name != without and name in self.filters:
                params[name] = self._selected_value(name)
        if self.sort != DEFAULT_SORT:
            params["sort"] = self.sort
        params.update({k: v for k, v in changes.items() if v is not None})
        return params

    def querystring(self, without=None, **changes):
        params = self.params(without=without, **changes)
        return "?" + urlencode(params) if params else ""

    def matches_querystring(self, **changes):
        """The query of this search's matches (plus `changes`), whatever their order: for
        other lists and views of the same matches."""
        params = self.params(**changes)
        params.pop("sort", None)
        return "?" + urlencode(params) if params else ""

    def page_querystring(self, number):
        return self.querystring(page=number if number > 1 else None)

    def active_filters(self):
        """[(filter label, value label, link without it)] for the current filters."""
        active = []
        if self.query:
            active.append((_("Search"), f"“{self.query}”", self.querystring(without="q")))
        choices = {
            "region": dict(Region.choices),
            "status": dict(Status.choices),
            "county": dict(County.choices),
            "type": dict(OrganisationType.choices),
        }
        for name in FILTER_NAMES:
            if name not in self.filters:
                continue
            value = self.filters[name]
            label = choices[name][value] if name in choices else str(value)
            active.append(
                (
                    self.filterset.form.fields[name].label,
                    label,
                    self.querystring(without=name),
                )
            )
        return active


def _language():
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def _first_organisation_name():
    """The alphabetically first Swedish organisation, else the first partner organisation."""

    def first(field_name):
        return Subquery(
            getattr(Partnership, field_name)
            .through.objects.filter(partnership=OuterRef("pk"))
            .order_by("organisation__name")
            .values("organisation__name")[:1]
        )

    return Coalesce(first("swedish_organisations"), first("partner_organisations"))
