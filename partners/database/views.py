"""What the routes of the partnership database page show: the search, one page per
partnership, organisation and country, and the exports of a search."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Max
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from icld_site.cache import content_cached
from icld_site.limits import is_from_this_site
from icld_site.models import SiteSettings

from ..contact import REFUSALS, ContactForm
from ..models import (
    Country,
    Organisation,
    Partnership,
    database_page,
    listing_cards,
    route_url,
    serving,
)
from . import summary
from .api import list_answer
from .charts import map_and_statistics_context
from .columns import COLUMNS
from .exports import (
    XLSX_MAX_ROWS,
    absolute_partnership_url,
    csv_response,
    json_response,
    link_licence,
    xlsx_response,
)
from .facets import PartnershipSearch
from .filters import PAGE_SIZE
from .openapi import EXAMPLE_QUERY, api_root, openapi_schema
from .record import RECORD_FIELDS


def search_context(page, request):
    """The database page's own context: the search, a page of its results, its facets,
    and the map and figures of what it found."""
    serving(page)
    search = PartnershipSearch(request.GET)
    if not search.page_is_valid:
        raise Http404("No such page of results.")
    paginator = Paginator(search.results(), PAGE_SIZE)
    # Counted already, with the status facet.
    paginator.count = search.count()
    try:
        results = paginator.page(search.page_number)
    except EmptyPage as error:
        raise Http404("No such page of results.") from error
    results.object_list = listing_cards(results.object_list)
    database_url = page.get_url(request=request)
    # The map and the figures describe the current search, as the count of results does
    # (every public partnership when nothing is asked for); each country of the map leads
    # to the same search in that country. The facets, the map and the figures of the whole
    # database are kept rendered (database_page.html), so they are worked out only when
    # the template asks.
    country = search.filters.get("country")
    if search.is_whole_database:
        # The same for every visitor until the content changes; sorted by name, so one
        # copy per language.
        statistics = content_cached(f"database-statistics:{get_language()}", search.statistics)
    else:
        statistics = search.statistics()
    return {
        "search": search,
        "facets": search.facets,
        "results": results,
        "page_range": paginator.get_elided_page_range(results.number, on_each_side=2),
        "xlsx_too_large": paginator.count > XLSX_MAX_ROWS,
        "xlsx_max_rows": XLSX_MAX_ROWS,
        "database_page": page,
        "show_world_map": True,
        "show_statistics": True,
        "organisations_url": (
            database_url + page.reverse_subpage("organisations") + search.matches_querystring()
        ),
        **map_and_statistics_context(
            statistics,
            database_url,
            current_country=getattr(country, "code", None),
            url_for_code=lambda code: database_url + search.matches_querystring(country=code),
            captions={
                "results": summary.describe(search, paginator.count),
                "countries": summary.countries_caption(search, statistics.country_count),
                "facets": summary.facet_note(search),
            },
        ),
    }


def render_object(page, request, template, name, shown, context):
    """A page of the database about one thing (`shown`, which has get_absolute_url, under
    `name` in the context). The language switcher links to `shown` in each language."""
    serving(page)
    return TemplateResponse(
        request,
        template,
        {
            **Page.get_context(page, request),
            "database_url": page.get_url(request=request),
            "database_page": page,
            name: shown,
            "object": shown,
            **context,
        },
    )


def organisation(page, request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("country"), slug=slug)
    partnerships = (
        Partnership.objects.public()
        .with_organisation(organisation)
        .order_by("-start_year", "pk")
        .for_listing()
    )
    partnerships = listing_cards(partnerships)
    return render_object(
        page,
        request,
        "partners/organisation_page.html",
        "organisation",
        organisation,
        {"partnerships": partnerships, "breadcrumb_current": organisation.name},
    )


def country(page, request, code):
    country = get_object_or_404(Country, code=code.upper())
    partnerships = (
        Partnership.objects.public()
        .filter(country=country)
        .order_by("-start_year", "pk")
        .for_listing()
    )
    partnerships = listing_cards(partnerships)
    return render_object(
        page,
        request,
        "partners/country_page.html",
        "country",
        country,
        {"partnerships": partnerships, "breadcrumb_current": country.name},
    )


class OrganisationsRoute:
    """The list of Swedish organisations, which the language switcher links to in each
    language (with the request's query)."""

    def get_absolute_url(self):
        return route_url("organisations")


def organisations(page, request):
    """The Swedish organisations taking part in the partnerships a search finds (the
    database's filters), by name: what the figure "Swedish organisations taking part"
    counts. Each links to its own page."""
    search = PartnershipSearch(request.GET)
    listed = list(
        Organisation.objects.taking_part_in(search.queryset().order_by().values("pk")).order_by(
            "name", "pk"
        )
    )
    return render_object(
        page,
        request,
        "partners/organisations_page.html",
        "organisations",
        OrganisationsRoute(),
        {
            "search": search,
            "partnerships_url": page.get_url(request=request) + search.matches_querystring(),
            "summary": summary.organisations_summary(search, len(listed)),
            "organisation_list": listed,
            "breadcrumb_current": _("Swedish organisations"),
        },
    )


def partnership(page, request, slug):
    partnership = get_object_or_404(Partnership.objects.public().with_related(), slug=slug)
    return render_object(
        page,
        request,
        "partners/partnership_page.html",
        "partnership",
        partnership,
        {
            "breadcrumb_current": partnership.public_title,
            "contact_form": ContactForm(partnership),
        },
    )


class ContactRoute:
    """A partnership's contact form, which the language switcher links to in each
    language."""

    def __init__(self, partnership):
        self.partnership = partnership

    def get_absolute_url(self):
        return reverse("partnership_contact", kwargs={"slug": self.partnership.slug})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request, slug):
    """The contact form of a partnership on a page of its own, and what receives it from the
    partnership page (see partners.contact: why it carries no CSRF token). A refused message
    comes back in the form with the reason; nothing the visitor wrote is lost."""
    page = database_page()
    if page is None:
        raise Http404("No partnership database is published.")
    # What the partnership page may show, and nothing else: an expired entry is gone here too.
    partnership = get_object_or_404(Partnership.objects.public().with_related(), slug=slug)
    status, refusal, sent = 200, None, None
    if request.method == "POST":
        form = ContactForm(partnership, request.POST)
        if not is_from_this_site(request):
            status, refusal = 403, "not_from_this_site"
        elif form.is_valid():
            mailbox = SiteSettings.for_request(request).contact_email or settings.PROGRAMME_EMAIL
            refusal = form.limit_refusal(request, mailbox)
            if refusal:
                status = 429
            else:
                with translation.override(form.cleaned_data["language"]):
                    partnership_url = request.build_absolute_uri(partnership.get_absolute_url())
                form.send(partnership_url, mailbox)
                sent = form.recipient or "programme"
    else:
        form = ContactForm(partnership)
    response = render_object(
        page,
        request,
        "partners/contact_page.html",
        "contact",
        ContactRoute(partnership),
        {
            "partnership": partnership,
            "contact_form": form,
            "refusal": REFUSALS.get(refusal),
            "sent": sent,
            "breadcrumb_current": _("Write to %(title)s") % {"title": partnership.public_title},
        },
    )
    response.status_code = status
    return response


EXPORTS = {"csv": csv_response, "xlsx": xlsx_response, "json": json_response}


class ExportRoute:
    """An export of the current search, which the language switcher links to in each
    language."""

    def __init__(self, name, search):
        self.name, self.search = name, search

    def get_absolute_url(self):
        return route_url(self.name) + self.search.querystring()


def export(page, request, kind):
    """A search's partnerships in the format `kind`, with the licence the page states."""
    serving(page)
    search, url_of = PartnershipSearch(request.GET), absolute_partnership_url(request)
    if kind == "xlsx":
        rows = search.queryset().count()
        if rows > XLSX_MAX_ROWS:
            response = render_object(
                page,
                request,
                "partners/export_too_large.html",
                "export",
                ExportRoute("export_xlsx", search),
                {"rows": rows, "max_rows": XLSX_MAX_ROWS, "breadcrumb_current": _("Excel")},
            )
            response.status_code = 403
            return response
    response = EXPORTS[kind](search, url_of, page.licence)
    return link_licence(response, page.licence)


class AboutRoute:
    """A route of the "about the data" pages, which the language switcher links to in each
    language."""

    def __init__(self, name):
        self.name = name

    def get_absolute_url(self):
        return route_url(self.name)


def about_data(page, request):
    """What the data is, who keeps it, how to cite it, and a guide to every field of the
    exports and the API, from the definitions the exports are written from."""
    last_changed = Partnership.objects.aggregate(last=Max("updated_at"))["last"]
    return render_object(
        page,
        request,
        "partners/about_data_page.html",
        "about",
        AboutRoute("about_data"),
        {
            "licence": page.licence,
            "breadcrumb_current": _("About the data"),
            "last_changed": timezone.localdate(last_changed) if last_changed else None,
            "columns": COLUMNS,
            "record_fields": RECORD_FIELDS,
            "api_url": reverse("api_partnership_list"),
            "schema_url": reverse("api_openapi"),
            "citation_url": request.build_absolute_uri(page.get_url(request=request)),
        },
    )


def api_example(request):
    """The API page's example: a request and the start of its real answer; None when the
    database holds nothing the example can ask for (no such country)."""
    path = reverse("api_partnership_list")
    query = urlencode(EXAMPLE_QUERY)
    status, answer = list_answer(request, QueryDict(query), path)
    if status != 200:
        return None
    shown = {**answer, "results": answer["results"][:1]}
    return {
        "url": request.build_absolute_uri(f"{path}?{query}"),
        "count": answer["count"],
        "answer": json.dumps(shown, ensure_ascii=False, indent=2),
    }


def about_api(page, request):
    """The API described for people, from the same OpenAPI document machines read."""
    schema_url = reverse("api_openapi")
    server = api_root(request)
    document = openapi_schema(server, page.licence)
    return render_object(
        page,
        request,
        "partners/about_api_page.html",
        "about",
        AboutRoute("about_api"),
        {
            "breadcrumb_current": _("The API"),
            "about_url": route_url("about_data"),
            "schema_url": schema_url,
            "document": document,
            "example": api_example(request),
            "operations": [
                {"url": server + path, **operation["get"]}
                for path, operation in document["paths"].items()
            ],
        },
    )
