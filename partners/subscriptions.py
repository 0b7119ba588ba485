"""Saved searches of the partnership database by e-mail (icld_site.subscriptions): a weekly
list of new or newly active partnerships and partner requests matching the filters.

params is the canonical query string of the database page's filters, parsed by the
database's own FilterSet (partners.database.filters) so that a saved search is validated as
the page validates it: the filters in their declared order, their values as the filters
read them; paging, sorting and export formats are left out. "" = every new partnership.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icld_site.models import Subscription
from icld_site.subscriptions import Topic, page_address

from .database.filters import PartnershipFilterSet
from .models import Partnership
from .models.addresses import database_page


def filterset(query):
    return PartnershipFilterSet(query, queryset=Partnership.objects.none())


def clean_params(query):
    filters = filterset(query)
    if not filters.is_valid():
        raise ValidationError("Unknown filter value.")
    values = filters.values
    query_text = filters.form.cleaned_data.get("q", "")
    canonical = [("q", query_text)] if query_text else []
    canonical += [(name, filters.data[name]) for name in values]
    return urlencode(canonical)


def describe(params, language, with_text=True):
    """The saved search in words: its search text (unless `with_text` is False, for
    editors: a visitor may have typed anything, an address too) and its filters."""
    with translation.override(language):
        filters = filterset(QueryDict(params))
        filters.is_valid()
        parts = []
        query_text = filters.form.cleaned_data.get("q", "")
        if query_text and with_text:
            parts.append(f"{_('Search')} “{query_text}”")
        elif query_text:
            parts.append(_("search words (not shown)"))
        for name, value in filters.values.items():
            field = filters.form.fields[name]
            label = value if isinstance(value, Model) else dict(field.choices).get(value, value)
            parts.append(f"{field.label}: {label}")
        if not parts:
            return _("New partnerships")
        return _("New partnerships: %(filters)s") % {"filters": ", ".join(str(p) for p in parts)}


def page_url(params, language):
    return page_address(database_page(), language, params)


TOPIC = Topic(
    name="search",
    label=gettext_lazy("Saved search in the partnership database"),
    clean_params=clean_params,
    describe=describe,
    describe_filters=lambda params, language: describe(params, language, with_text=False),
    page_url=page_url,
    frequencies=(Subscription.Frequency.WEEKLY,),
)
