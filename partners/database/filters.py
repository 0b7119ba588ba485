"""The database's filters, declared once: one django-filter FilterSet drives the public
page, its exports, the JSON API and the admin's listing of partnerships.

Parameters: q, country (ISO code), region, area (thematic slug), status, county and type
(organisation type); the public listings add sort (name, country, start, -start) and page.
An unknown value leaves its filter out (the public page says so, the API refuses it).
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Country, County, OrganisationType, Partnership, Region, Status, ThematicArea
from ..search import clean_query

PAGE_SIZE = 20
DEFAULT_SORT = "-start"
SORT_CHOICES = [
    ("-start", _("Newest first")),
    ("start", _("Oldest first")),
    ("name", _("Swedish organisation (A–Ö)")),
    ("country", _("Country (A–Ö)")),
]
# Longer than anything a person types; anything longer is not a search worth running.
MAX_PARAMETER_LENGTH = 10_000
# Parameters whose values are codes in capitals, however they were typed.
UPPERCASE_PARAMETERS = ("country", "county")


def plain(value):
    """A GET value the database can hold: no NUL bytes, bounded length, trimmed."""
    return (value or "")[:MAX_PARAMETER_LENGTH].replace("\x00", "").strip()


def normalised(params, names):
    """The GET parameters `names` as the filters read them. A repeated parameter counts
    once: its last value, as QueryDict.get() gives it."""
    data = {name: plain(params.get(name)) for name in names}
    for name in UPPERCASE_PARAMETERS:
        if name in data:
            data[name] = data[name].upper()
    if "q" in data:
        data["q"] = clean_query(data["q"])
    return data


class SentenceFilterMixin:
    """A filter that applies one of PartnershipQuerySet's sentences (e.g. in_county), so
    that every listing filters the way the model says."""

    def __init__(self, *args, sentence, **kwargs):
        self.sentence = sentence
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return queryset
        return getattr(queryset, self.sentence)(value)


class SentenceFilter(SentenceFilterMixin, django_filters.CharFilter):
    pass


class SentenceChoiceFilter(SentenceFilterMixin, django_filters.ChoiceFilter):
    pass


class SentenceModelChoiceFilter(SentenceFilterMixin, django_filters.ModelChoiceFilter):
    pass


class PartnershipFilterSet(django_filters.FilterSet):
    q = SentenceFilter(label=_("Search"), sentence="search")
    country = SentenceModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        sentence="in_country",
        error_messages={"invalid_choice": _("Unknown country.")},
    )
    region = SentenceChoiceFilter(label=_("Region"), choices=Region.choices, sentence="in_region")
    area = SentenceModelChoiceFilter(
        label=_("Thematic area"),
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        sentence="with_area",
        error_messages={"invalid_choice": _("Unknown thematic area.")},
    )
    status = SentenceChoiceFilter(label=_("Status"), choices=Status.choices, sentence="with_status")
    county = SentenceChoiceFilter(label=_("County"), choices=County.choices, sentence="in_county")
    type = SentenceChoiceFilter(
        label=_("Type of organisation"),
        choices=OrganisationType.choices,
        sentence="with_organisation_type",
    )

    class Meta:
        model = Partnership
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = normalised(data, self.base_filters)
        super().__init__(data, *args, **kwargs)

    @property
    def values(self):
        """{filter name: cleaned value} of the filters that are set and valid, in the
        order they are declared (q aside)."""
        self.is_valid()
        cleaned = self.form.cleaned_data
        return {
            name: cleaned[name]
            for name in self.filters
            if name != "q" and cleaned.get(name) not in django_filters.constants.EMPTY_VALUES
        }

    def filter_queryset(self, queryset, without=None):
        """The partnerships matching every valid filter but `without` (for its facet)."""
        for name, value in self.form.cleaned_data.items():
            if name != without:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


FILTER_NAMES = tuple(name for name in PartnershipFilterSet.base_filters if name != "q")


class ListingForm(forms.Form):
    """How the public listings order and page the matches."""

    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)

    def __init__(self, params):
        data = {"sort": plain(params.get("sort"))}
        # A page number with a NUL in it is a bad page number (404), not page 1.
        data["page"] = (params.get("page") or "")[:20].strip()
        super().__init__(data)
