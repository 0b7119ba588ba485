import django_filters
from django import forms
from django.db import models
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import IndexView, SnippetViewSetGroup

from icld_site.admin_ui import MultipleChooser, SnippetViewSet, YesNoColumn

from . import (
    import_views,
    importing,
    verification,
    verification_admin,  # noqa: F401 (imported for the bulk action it registers)
)
from .database.filters import PartnershipFilterSet
from .forms import PartnershipForm
from .models import (
    ContactMessageLog,
    ContactPerson,
    Country,
    Organisation,
    OrganisationType,
    Partnership,
    ThematicArea,
    VerificationAge,
)
from .request_admin import PartnerRequestViewSet

MENU_HOOK = "register_partners_menu_item"


class PartnershipAdminFilterSet(PartnershipFilterSet, WagtailFilterSet):
    """The public database's filters, plus the phase; the listing has its own search box."""

    q = None

    class Meta(PartnershipFilterSet.Meta):
        fields = ["phase"]


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
    # Wagtail's default label of this column is translated once, at start-up.
    list_display = [
        "title",
        "country",
        "status",
        "phase",
        "start_year",
        UpdatedAtColumn(label=_("Updated")),
    ]
    list_per_page = 50
    filterset_class = PartnershipAdminFilterSet
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
    chooser_texts = {
        "choose": _("Choose a partnership"),
        "choose_another": _("Choose another partnership"),
        "edit": _("Edit this partnership"),
    }
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
            FieldPanel(
                "swedish_organisations",
                widget=MultipleChooser(
                    Organisation,
                    _("Add Swedish organisations"),
                    url_parameters={"side": "swedish"},
                ),
            ),
            FieldPanel(
                "partner_organisations",
                widget=MultipleChooser(
                    Organisation,
                    _("Add partner organisations"),
                    # The chooser offers the organisations of the country chosen above.
                    url_parameters={"side": "partner"},
                    linked_fields={"country": "id_country"},
                ),
            ),
            FieldPanel(
                "thematic_areas",
                widget=MultipleChooser(ThematicArea, _("Add thematic areas")),
            ),
            FieldRowPanel([FieldPanel("status"), FieldPanel("phase")]),
            FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            FieldPanel("contacts", widget=MultipleChooser(ContactPerson, _("Add contact persons"))),
            MultiFieldPanel(
                [
                    FieldPanel(
                        "wanted_countries",
                        widget=MultipleChooser(Country, _("Add countries")),
                    ),
                    FieldPanel("seeking_until"),
                ],
                heading=_("Seeking a partner"),
            ),
        ],
        base_form_class=PartnershipForm,
    )


class OrganisationFilterSet(WagtailFilterSet):
    class Meta:
        model = Organisation
        fields = ["organisation_type", "county", "country"]


class Side(models.TextChoices):
    SWEDISH = "swedish", _("Swedish organisations")
    PARTNER = "partner", _("Partner organisations")


class OrganisationChooserFilterForm(forms.Form):
    """Filters the partnership form passes to the organisation chooser: which side of the
    partnership, and for partner organisations the partnership's country."""

    side = forms.ChoiceField(choices=Side.choices, required=False, widget=forms.HiddenInput)
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(), required=False, widget=forms.HiddenInput
    )

    def filter(self, objects):
        objects = super().filter(objects)
        side = self.cleaned_data.get("side")
        if side == Side.SWEDISH:
            objects = objects.swedish()
        elif side == Side.PARTNER:
            objects = objects.partner_side()
        if self.cleaned_data.get("country"):
            objects = objects.filter(country=self.cleaned_data["country"])
        return objects


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
    chooser_texts = {
        "choose": _("Choose an organisation"),
        "choose_another": _("Choose another organisation"),
        "edit": _("Edit this organisation"),
    }
    # Many organisations share a first word ("Region …"): show where each one is.
    chooser_extra_columns = [
        Column(
            "organisation_type",
            label=capfirst(_("organisation type")),
            accessor="get_organisation_type_display",
        ),
        Column("place", label=capfirst(_("county or country"))),
    ]
    chooser_filter_form_class = OrganisationChooserFilterForm


class ContactPersonFilterSet(WagtailFilterSet):
    organisation_type = django_filters.ChoiceFilter(
        label=_("organisation type"),
        choices=OrganisationType.choices,
        field_name="organisation__organisation_type",
    )
    country = django_filters.ModelChoiceFilter(
        label=_("country"), queryset=Country.objects.all(), field_name="organisation__country"
    )

    verification_age = django_filters.ChoiceFilter(
        label=_("last verified"),
        choices=VerificationAge.choices,
        method="filter_verification_age",
    )

    class Meta:
        model = ContactPerson
        fields = ["is_published", "language", "form_only"]

    def filter_verification_age(self, queryset, name, value):
        return queryset.by_verification_age(value)


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_order = 300
    list_display = [
        "name",
        "organisation",
        "email",
        YesNoColumn.for_field(ContactPerson, "is_published"),
        Column("last_verified", label=_("Last verified"), sort_key="last_verified"),
        Column(
            "verification_requested_at",
            label=_("Verification requested"),
            sort_key="verification_requested_at",
        ),
    ]
    filterset_class = ContactPersonFilterSet
    search_fields = ["name", "email", "organisation__name"]
    chooser_texts = {
        "choose": _("Choose a contact person"),
        "choose_another": _("Choose another contact person"),
        "edit": _("Edit this contact person"),
    }
    search_backend_name = None
    list_export = [
        "name",
        "role_sv",
        "role_en",
        "organisation",
        "email",
        "form_only",
        "phone",
        "is_published",
        "consent_date",
        "last_verified",
        "language",
        "verification_requested_at",
    ]
    ordering = ["name"]


class ThematicAreaViewSet(SnippetViewSet):
    model = ThematicArea
    icon = "tag"
    menu_order = 400
    list_display = [
        "name",
        "slug",
        YesNoColumn.for_field(ThematicArea, "is_democracy_principle"),
    ]
    chooser_texts = {
        "choose": _("Choose a thematic area"),
        "choose_another": _("Choose another thematic area"),
        "edit": _("Edit this thematic area"),
    }
    search_fields = ["name_sv", "name_en", "slug"]
    search_backend_name = None
    list_export = ["name_sv", "name_en", "slug", "is_democracy_principle"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    menu_order = 500
    list_display = [
        "name",
        "code",
        "region",
        YesNoColumn.for_field(Country, "eligible"),
    ]
    chooser_texts = {
        "choose": _("Choose a country"),
        "choose_another": _("Choose another country"),
        "edit": _("Edit this country"),
    }
    list_filter = ["region", "eligible"]
    search_fields = ["name_sv", "name_en", "code"]
    search_backend_name = None
    list_export = ["code", "name_sv", "name_en", "region", "eligible"]


class LogPermissionPolicy(ModelPermissionPolicy):
    """The contact form's log is a record of what happened: editors read and export it,
    never write, change or delete an entry (`purge_contact_log` deletes old ones)."""

    def user_has_permission(self, user, action):
        return action in {"view", "export"} and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ContactMessageLog, LogPermissionPolicy(ContactMessageLog))


class ContactMessageLogViewSet(ModelViewSet):
    model = ContactMessageLog
    name = "contact_messages"
    icon = "mail"
    menu_label = _("Contact form messages")
    menu_order = 600
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_display = ["created_at", "sender_email", "partnership", "contact"]
    list_filter = ["created_at"]
    list_export = ["created_at", "sender_email", "partnership", "contact"]
    export_filename = "contact-form-messages"
    search_fields = ["sender_email"]

    def get_queryset(self, request):
        return ContactMessageLog.objects.select_related("partnership", "contact__organisation")


class PartnershipDatabaseGroup(SnippetViewSetGroup):
    menu_label = _("Partnership database")
    menu_icon = "group"
    menu_order = 250
    submenu_hook = MENU_HOOK
    items = [
        PartnerRequestViewSet,
        PartnershipViewSet,
        OrganisationViewSet,
        ContactPersonViewSet,
        ThematicAreaViewSet,
        CountryViewSet,
        ContactMessageLogViewSet,
    ]


hooks.register("register_admin_viewset", PartnershipDatabaseGroup)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("partners/import/", import_views.ImportView.as_view(), name="partners_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perms(import_views.IMPORT_PERMISSIONS)


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


@hooks.register("register_log_actions")
def register_verification_log_actions(actions):
    actions.register_action(
        verification.LOG_REQUESTED,
        _("Verification requested"),
        _("A verification request was e-mailed to the contact"),
    )
    actions.register_action(
        verification.LOG_CONFIRMED,
        _("Details confirmed"),
        _("The contact confirmed their details"),
    )
    actions.register_action(
        verification.LOG_CORRECTED,
        _("Details corrected"),
        _("The contact corrected their details"),
    )
    actions.register_action(
        verification.LOG_WITHDRAWN,
        _("Consent withdrawn"),
        _("The contact withdrew their consent and was unpublished"),
    )
