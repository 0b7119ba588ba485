"""The public partnership database: a Wagtail page whose routes serve the search, one page
per partnership, organisation and country, and the exports of a search."""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from icld_site.cache import content_cached
from icld_site.models import MenuTitleMixin


class PartnershipDatabasePage(RoutablePageMixin, MenuTitleMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["programmes.ProgrammePage"]
    subpage_types = []
    max_count = 1
    template = "partners/database_page.html"

    class Meta:
        verbose_name = _("partnership database page")
        verbose_name_plural = _("partnership database pages")

    @classmethod
    def published(cls):
        """The site's database page, or None while none is published; other pages link to
        it, so it is looked up once per state of the content."""
        (page,) = content_cached("database-page", lambda: (cls.objects.live().public().first(),))
        return page

    # Routes. The current route is remembered on this (per-request) instance so that
    # get_url() — and with it the language switcher — gives the same route in another
    # language rather than the database's front page.

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        route = getattr(self, "current_route", None)
        if parts is None or route is None:
            return parts
        site_id, root_url, page_path = parts
        name, kwargs = route
        return site_id, root_url, page_path + self.reverse_subpage(name, kwargs=kwargs)

    def url_for(self, name, **kwargs):
        """The URL of one of this page's routes, in the active language."""
        return self.database_url + self.reverse_subpage(name, kwargs=kwargs)

    @property
    def database_url(self):
        route, self.current_route = getattr(self, "current_route", None), None
        try:
            return self.url
        finally:
            self.current_route = route

    def render_route(self, request, name, kwargs, template, context):
        self.current_route = (name, kwargs)
        return TemplateResponse(
            request,
            template,
            {
                **Page.get_context(self, request),
                "database_url": self.database_url,
                "breadcrumb_page_url": self.database_url,
                "database_page": self,
                **context,
            },
        )

    def get_context(self, request, *args, **kwargs):
        from .charts import map_and_statistics_context
        from .filters import PAGE_SIZE, PartnershipSearch
        from .statistics import database_statistics

        context = super().get_context(request, *args, **kwargs)
        search = PartnershipSearch(request.GET)
        if not search.page_is_valid:
            raise Http404("No such page of results.")
        facets = search.facets()
        paginator = Paginator(search.results(), PAGE_SIZE)
        # Counted already, with the status facet.
        paginator.count = search.count()
        try:
            results = paginator.page(search.page_number)
        except EmptyPage as error:
            raise Http404("No such page of results.") from error
        context.update(
            search=search,
            form=search.form,
            facets=facets,
            results=results,
            page_range=paginator.get_elided_page_range(results.number, on_each_side=2),
            database_page=self,
            show_world_map=True,
            show_statistics=True,
        )
        # The map and the figures describe the current search (all active partnerships
        # when nothing is asked for).
        is_filtered = bool(search.query or search.filters)
        country = search.filters.get("country")
        context.update(
            map_and_statistics_context(
                search.statistics() if is_filtered else database_statistics(),
                self.database_url,
                current_country=getattr(country, "code", None),
            )
        )
        return context

    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        from .exports import csv_response
        from .filters import PartnershipSearch

        return csv_response(PartnershipSearch(request.GET), self.partnership_url_prefix(request))

    @path("export/json/", name="export_json")
    def export_json(self, request):
        from .exports import json_response
        from .filters import PartnershipSearch

        return json_response(PartnershipSearch(request.GET), self.partnership_url_prefix(request))

    @path(_("organisation/<slug:slug>/"), name="organisation")
    def organisation(self, request, slug):
        from .models import Organisation, Partnership

        organisation = get_object_or_404(Organisation.objects.select_related("country"), slug=slug)
        partnerships = (
            Partnership.objects.with_organisation(organisation)
            .order_by("-start_year", "pk")
            .with_related()
        )
        return self.render_route(
            request,
            "organisation",
            {"slug": slug},
            "partners/organisation_page.html",
            {
                "organisation": organisation,
                "partnerships": partnerships,
                "breadcrumb_current": organisation.name,
            },
        )

    @path(_("country/<str:code>/"), name="country")
    def country(self, request, code):
        from .models import Country, Partnership

        country = get_object_or_404(Country, code=code.upper())
        partnerships = (
            Partnership.objects.filter(country=country).order_by("-start_year", "pk").with_related()
        )
        return self.render_route(
            request,
            "country",
            {"code": country.code},
            "partners/country_page.html",
            {
                "country": country,
                "partnerships": partnerships,
                "breadcrumb_current": country.name,
            },
        )

    @path("<slug:slug>/", name="partnership")
    def partnership(self, request, slug):
        from news.models import NewsArticlePage

        from .models import Partnership

        partnership = get_object_or_404(Partnership.objects.with_related(), slug=slug)
        related_news = (
            NewsArticlePage.objects.live()
            .public()
            .newest()
            .filter(partnership_links__partnership=partnership)
        )
        return self.render_route(
            request,
            "partnership",
            {"slug": slug},
            "partners/partnership_page.html",
            {
                "partnership": partnership,
                "related_news": related_news,
                "breadcrumb_current": partnership.public_title,
            },
        )

    def partnership_url_prefix(self, request):
        """Absolute URL that a partnership's slug and "/" complete."""
        return request.build_absolute_uri(self.database_url)
