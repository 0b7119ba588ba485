"""Site-wide search: pages, news and partnerships together, grouped by kind."""

import re

from django import forms
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


def search_groups(query):
    """[{"kind", "label", "count", "results", "more_url"}] for a non-empty query."""
    from news.models import NewsArticlePage
    from partners.models import Partnership

    # Only words reach the search backend: SQLite's FTS5 rejects stray punctuation.
    words = " ".join(re.findall(r"\w+", query))
    found = list(Page.objects.live().public().search(words)[:50]) if words else []
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in found]).specific()
    }
    pages, articles = [], []
    for page in found:
        page = specific.get(page.pk, page)
        (articles if isinstance(page, NewsArticlePage) else pages).append(page)

    partnerships = Partnership.objects.search(query)
    return [
        {
            "kind": "pages",
            "label": _("Pages"),
            "count": len(pages),
            "results": pages[:RESULTS_PER_GROUP],
        },
        {
            "kind": "news",
            "label": _("News"),
            "count": len(articles),
            "results": articles[:RESULTS_PER_GROUP],
        },
        {
            "kind": "partnerships",
            "label": _("Partnerships"),
            "count": partnerships.count(),
            "results": list(partnerships.with_related()[:RESULTS_PER_GROUP]),
        },
    ]


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
