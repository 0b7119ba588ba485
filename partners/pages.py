"""The public partnership database: a Wagtail page whose routes serve the search, one page
per partnership, organisation and country, and the exports of a search
(partners.database.views)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from icld_site.cache import content_cached
from icld_site.models import MenuTitleMixin
from icld_site.routing import ViewRestrictionsFromCache

from .database import requests, views
from .models import DataLicence


class PartnershipDatabasePage(ViewRestrictionsFromCache, RoutablePageMixin, MenuTitleMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    # What the "about the data" page, the exports and the API say about the data.
    data_licence = models.CharField(
        _("licence of the data"),
        max_length=20,
        choices=DataLicence.choices,
        default=DataLicence.CC_BY,
        help_text=_("Shown on the about the data page, in the exports and in the API."),
    )
    data_maintainer = models.CharField(
        _("maintained by"),
        max_length=200,
        blank=True,
        help_text=_("Who keeps the data current, e.g. the programme team at ICLD."),
    )
    data_update_frequency = models.CharField(
        _("how often the data is updated"),
        max_length=300,
        blank=True,
        help_text=_("One sentence, e.g. when partnerships are added and how often checked."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("data_licence"),
                FieldPanel("data_maintainer"),
                FieldPanel("data_update_frequency"),
            ],
            heading=_("About the data"),
        ),
    ]
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
        return views.export(self, request, "csv")

    @path("export/xlsx/", name="export_xlsx")
    def export_xlsx(self, request):
        return views.export(self, request, "xlsx")

    @path("export/json/", name="export_json")
    def export_json(self, request):
        return views.export(self, request, "json")

    @property
    def licence(self):
        return DataLicence(self.data_licence)

    @path(_("about-the-data/"), name="about_data")
    def about_data(self, request):
        return views.about_data(self, request)

    @path(_("about-the-data/api/"), name="about_api")
    def about_api(self, request):
        return views.about_api(self, request)

    @path(_("register-interest/"), name="register_interest")
    def register_interest(self, request):
        return requests.register_interest(self, request)

    @path(_("register-interest/thanks/"), name="register_interest_thanks")
    def register_interest_thanks(self, request):
        return requests.register_interest_thanks(self, request)

    @path(_("organisations/"), name="organisations")
    def organisations(self, request):
        return views.organisations(self, request)

    @path(_("organisation/<slug:slug>/"), name="organisation")
    def organisation(self, request, slug):
        return views.organisation(self, request, slug)

    @path(_("country/<str:code>/"), name="country")
    def country(self, request, code):
        return views.country(self, request, code)

    @path("<slug:slug>/", name="partnership")
    def partnership(self, request, slug):
        return views.partnership(self, request, slug)
