"""The public partnership database: a Wagtail page whose routes serve the search, one page
per partnership, organisation and country, and the exports of a search
(partners.database.views)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from icld_site.cache import content_cached
from icld_site.models import MenuTitleMixin

from .database import views


class PartnershipDatabasePage(RoutablePageMixin, MenuTitleMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["programmes.ProgrammePage"]
    subpage_types = []
    max_count = 1
    template = "partners/database_page.html"

    class Meta:
        app_label = "partners"
        verbose_name = _("partnership database page")
        verbose_name_plural = _("partnership database pages")

    @classmethod
    def published(cls):
        """The site's database page, or None while none is published; other pages link to
        it, so it is looked up once per state of the content."""
        (page,) = content_cached("database-page", lambda: (cls.objects.live().public().first(),))
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(views.search_context(self, request))
        return context

    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        return views.export_csv(self, request)

    @path("export/xlsx/", name="export_xlsx")
    def export_xlsx(self, request):
        return views.export_xlsx(self, request)

    @path("export/json/", name="export_json")
    def export_json(self, request):
        return views.export_json(self, request)

    @path(_("organisation/<slug:slug>/"), name="organisation")
    def organisation(self, request, slug):
        return views.organisation(self, request, slug)

    @path(_("country/<str:code>/"), name="country")
    def country(self, request, code):
        return views.country(self, request, code)

    @path("<slug:slug>/", name="partnership")
    def partnership(self, request, slug):
        return views.partnership(self, request, slug)
