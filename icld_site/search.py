"""Site-wide search: pages and what the apps register as searchable, grouped by kind."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_GROUP = 10


class SiteSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the website"), required=False, strip=True)

    def clean_q(self):
        # PostgreSQL refuses NUL characters; nobody means to search for them.
        query = " ".join(self.cleaned_data["q"].replace("\x00", "").split())
        if len(query) > MAX_QUERY_LENGTH:
            self.too_long = True
            query = query[:MAX_QUERY_LENGTH]
        return query


@dataclass(frozen=True)
class SearchGroup:
    """One kind of result on the search page. Apps register theirs in AppConfig.ready().

    A group either claims the pages of `page_type` (and its subclasses) among Wagtail's
    search results, or runs its own `search(query)` over content that is not pages; it
    returns a queryset. `result_template` renders one result.
    """

    kind: str
    label: str
    order: int
    page_type: type | None = None
    search: Callable[[str], QuerySet] | None = None
    result_template: str = "includes/search_result_page.html"


_groups = {}


def register_search_group(group):
    _groups[group.kind] = group


# Every page that no other group claims.
register_search_group(SearchGroup(kind="pages", label=_("Pages"), order=0, page_type=Page))


def _page_group(page, page_groups):
    # The most specific page type wins: an article is a page too.
    return next(group for group in page_groups if isinstance(page, group.page_type))


def search_groups(query):
    """[{"kind", "label", "count", "results", "result_template"}] for a non-empty query."""
    groups = sorted(_groups.values(), key=lambda group: group.order)
    page_groups = sorted(
        (group for group in groups if group.page_type),
        key=lambda group: len(group.page_type.__mro__),
        reverse=True,
    )
    # Only words reach the search backend: SQLite's FTS5 rejects stray punctuation.
    words = " ".join(re.findall(r"\w+", query))
    found = list(Page.objects.live().public().search(words)[:50]) if words else []
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in found]).specific()
    }
    claimed = {group.kind: [] for group in page_groups}
    for page in found:
        page = specific.get(page.pk, page)
        claimed[_page_group(page, page_groups).kind].append(page)

    results = []
    for group in groups:
        if group.page_type:
            matches = claimed[group.kind]
            count, shown = len(matches), matches[:RESULTS_PER_GROUP]
        else:
            matches = group.search(query)
            count, shown = matches.count(), list(matches[:RESULTS_PER_GROUP])
        results.append(
            {
                "kind": group.kind,
                "label": group.label,
                "count": count,
                "results": shown,
                "result_template": group.result_template,
            }
        )
    return results


def site_search(request):
    form = SiteSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    groups = search_groups(query) if query else []
    return render(
        request,
        "search.html",
        {
            "form": form,
            "query": query,
            "groups": groups,
            "total": sum(group["count"] for group in groups),
            "too_long": getattr(form, "too_long", False),
            "max_length": MAX_QUERY_LENGTH,
            "breadcrumb_current": _("Search"),
        },
    )
