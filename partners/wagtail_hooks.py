import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.log_actions import LogFormatter
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import importing, views
from .forms import PartnershipForm
from .models import (
    ContactPerson,
    Country,
    County,
    Organisation,
    OrganisationType,
    Partnership,
    Region,
    Status,
    ThematicArea,
)

MENU_HOOK = "register_partners_menu_item"


class PartnershipFilterSet(WagtailFilterSet):
    country = django_filters.ModelChoiceFilter(label=_("country"), queryset=Country.objects.all())
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    thematic_area = django_filters.ModelChoiceFilter(
        label=_("thematic area"),
        queryset=ThematicArea.objects.all(),
        method="filter_thematic_area",
    )
    organisation_type = django_filters.ChoiceFilter(
        label=_("organisation type"),
        choices=OrganisationType.choices,
        method="filter_organisation_type",
    )
    county = django_filters.ChoiceFilter(
        label=_("county"), choices=County.choices, method="filter_county"
    )
    region = django_filters.ChoiceFilter(
        label=_("region"), choices=Region.choices, method="filter_region"
    )

    class Meta:
        model = Partnership
        fields = ["country", "status", "phase"]

    # The filters reuse the QuerySet's sentences so the admin and the public site agree.
    def filter_thematic_area(self, queryset, name, value):
        return queryset.with_area(value) if value else queryset

    def filter_organisation_type(self, queryset, name, value):
        return queryset.with_organisation_type(value) if value else queryset

    def filter_county(self, queryset, name, value):
        return queryset.in_county(value) if value else queryset

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value) if value else queryset


class PartnershipIndexView(IndexView):
    def get_base_queryset(self):
        # The export lists organisations and areas; fetch them in a fixed number of queries.
        return (
            super()
            .get_base_queryset()
            .select_related("country")
            .prefetch_related("swedish_organisations", "partner_organisations", "thematic_areas")
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search(self.search_query)


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "group"
    menu_order = 100
    index_view_class = PartnershipIndexView
    list_display = ["title", "country", "status", "phase", "start_year", UpdatedAtColumn()]
    list_per_page = 50
    filterset_class = PartnershipFilterSet
    # search_queryset() above uses Partnership.objects.search(); these enable the search box.
    search_fields = ["title_sv", "title_en"]
    search_backend_name = None
    list_export = [
        "title_sv",
        "title_en",
        "country",
        "get_status_display",
        "get_phase_display",
        "start_year",
        "end_year",
        "swedish_organisation_names",
        "partner_organisation_names",
        "thematic_area_names",
        "slug",
    ]
    export_headings = {
        "title_sv": _("Title (Swedish)"),
        "title_en": _("Title (English)"),
        "get_status_display": _("status"),
        "get_phase_display": _("phase"),
    }
    export_filename = "partnerships"
    ordering = ["-start_year", "pk"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("title_sv"), FieldPanel("title_en"), FieldPanel("slug")],
                heading=_("Title"),
            ),
            MultiFieldPanel(
                [FieldPanel("description_sv"), FieldPanel("description_en")],
                heading=_("Description"),
            ),
            FieldPanel("country"),
            FieldPanel("swedish_organisations"),
            FieldPanel("partner_organisations"),
            FieldPanel("thematic_areas"),
            FieldRowPanel([FieldPanel("status"), FieldPanel("phase")]),
            FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            FieldPanel("contacts"),
        ],
        base_form_class=PartnershipForm,
    )


class OrganisationFilterSet(WagtailFilterSet):
    class Meta:
        model = Organisation
        fields = ["organisation_type", "county", "country"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "home"
    menu_order = 200
    list_display = ["name", "organisation_type", "county", "country"]
    filterset_class = OrganisationFilterSet
    search_fields = ["name"]
    search_backend_name = None
    list_export = ["name", "organisation_type", "county", "country", "website", "slug"]
    ordering = ["name"]


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_order = 300
    list_display = ["name", "organisation", "email", "is_published", "last_verified"]
    list_filter = ["is_published", "organisation__organisation_type", "organisation__country"]
    search_fields = ["name", "email", "organisation__name"]
    search_backend_name = None
    list_export = [
        "name",
        "role_sv",
        "role_en",
        "organisation",
        "email",
        "phone",
        "is_published",
        "consent_date",
        "last_verified",
    ]
    ordering = ["name"]


class ThematicAreaViewSet(SnippetViewSet):
    model = ThematicArea
    icon = "tag"
    menu_order = 400
    list_display = ["name", "slug", "is_democracy_principle"]
    search_fields = ["name_sv", "name_en", "slug"]
    search_backend_name = None
    list_export = ["name_sv", "name_en", "slug", "is_democracy_principle"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    menu_order = 500
    list_display = ["name", "code", "region", "eligible"]
    list_filter = ["region", "eligible"]
    search_fields = ["name_sv", "name_en", "code"]
    search_backend_name = None
    list_export = ["code", "name_sv", "name_en", "region", "eligible"]


class PartnershipDatabaseGroup(SnippetViewSetGroup):
    menu_label = _("Partnership database")
    menu_icon = "group"
    menu_order = 250
    submenu_hook = MENU_HOOK
    items = [
        PartnershipViewSet,
        OrganisationViewSet,
        ContactPersonViewSet,
        ThematicAreaViewSet,
        CountryViewSet,
    ]


hooks.register("register_admin_viewset", PartnershipDatabaseGroup)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("partners/import/", views.ImportView.as_view(), name="partners_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perms(views.IMPORT_PERMISSIONS)


@hooks.register(MENU_HOOK)
def register_import_menu_item():
    return ImportMenuItem(
        _("Import from file"), reverse("partners_import"), icon_name="upload", order=900
    )


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    @actions.register_action(importing.LOG_ACTION)
    class ImportedFromFile(LogFormatter):
        label = _("Import from file")

        def format_message(self, log_entry):
            values = {
                "filename": log_entry.data.get("filename", ""),
                "row": log_entry.data.get("row", ""),
                "user": log_entry.user_display_name,
            }
            if log_entry.data.get("created"):
                return _("Created by import from %(filename)s (row %(row)s) by %(user)s") % values
            return _("Updated by import from %(filename)s (row %(row)s) by %(user)s") % values
