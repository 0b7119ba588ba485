"""The editors' review of partner requests: the "To review" listing, where a request is
opened, edited, approved (published as seeking a partner) or rejected with a reason."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from icld_site.mail import queue_mail

from .models import PartnerRequest

REASON_MAX_LENGTH = 2000
# The viewset's name: its URLs are /admin/partner_request/… and partner_request:….
NAMESPACE = "partner_request"


def action_buttons(pk, priority=0, button_class=Button):
    return [
        button_class(
            _("Approve and publish"),
            url=reverse(f"{NAMESPACE}:approve", args=[pk]),
            icon_name="check",
            priority=priority,
        ),
        button_class(
            _("Reject"),
            url=reverse(f"{NAMESPACE}:reject", args=[pk]),
            icon_name="cross",
            priority=priority + 1,
        ),
    ]


class RequestIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().to_review().select_related("organisation")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons += action_buttons(instance.pk, priority=15)
        return buttons


class RequestEditView(EditView):
    @cached_property
    def header_buttons(self):
        """Approve and Reject beside the title, where an editor reviewing looks first."""
        return action_buttons(self.object.pk, button_class=HeaderButton) + super().header_buttons


class DecisionMixin(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin):
    model = PartnerRequest
    permission_required = "change"
    header_icon = "doc-full"

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            edit_url=reverse(f"{NAMESPACE}:edit", args=[self.object.pk]),
            **kwargs,
        )

    def index_url(self):
        return reverse(f"{NAMESPACE}:index")


class ApproveView(DecisionMixin, TemplateView):
    template_name = "partners/admin/partner_request_approve.html"
    page_title = _("Approve and publish")

    def post(self, request, *args, **kwargs):
        partner_request = self.object
        language = partner_request.language
        try:
            with transaction.atomic():
                partnership = partner_request.approve()
                with translation.override(language):
                    url = request.build_absolute_uri(partnership.get_absolute_url() or "/")
                queue_mail(
                    f"partner-request:{partnership.pk}:approved",
                    "partner_request_approved",
                    to=(partner_request.contact_name, partner_request.contact_email),
                    language=language,
                    context={
                        "contact_name": partner_request.contact_name,
                        "url": url,
                        "seeking_until": partnership.seeking_until,
                        "programme_email": settings.PROGRAMME_EMAIL,
                    },
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(f"{NAMESPACE}:edit", partner_request.pk)
        messages.success(
            request,
            _("Published “%(title)s” as seeking a partner.") % {"title": partnership.title},
            buttons=[
                messages.button(
                    reverse("wagtailsnippets_partners_partnership:edit", args=[partnership.pk]),
                    _("Edit the entry"),
                )
            ],
        )
        return redirect(self.index_url())


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, e-mailed to the requester"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written in the requester's language. The request is then deleted."),
    )


class RejectView(DecisionMixin, FormView):
    template_name = "partners/admin/partner_request_reject.html"
    page_title = _("Reject")
    form_class = RejectForm

    def form_valid(self, form):
        partner_request = self.object
        with transaction.atomic():
            queue_mail(
                f"partner-request:{partner_request.pk}:rejected",
                "partner_request_rejected",
                to=(partner_request.contact_name, partner_request.contact_email),
                language=partner_request.language,
                context={
                    "contact_name": partner_request.contact_name,
                    "organisation": partner_request.organisation_display,
                    "reason": form.cleaned_data["reason"].strip(),
                    "programme_email": settings.PROGRAMME_EMAIL,
                },
            )
            partner_request.delete()
        messages.success(
            self.request,
            _("Rejected and deleted the request from %(organisation)s.")
            % {"organisation": partner_request.organisation_display},
        )
        return redirect(self.index_url())


class PartnerRequestViewSet(ModelViewSet):
    model = PartnerRequest
    name = NAMESPACE
    icon = "mail"
    menu_label = _("To review")
    menu_order = 50
    index_view_class = RequestIndexView
    edit_view_class = RequestEditView
    copy_view_enabled = False
    list_display = [
        "organisation_display",
        "contact_name",
        "contact_email",
        "language",
        "submitted_at",
    ]
    list_filter = ["language"]
    search_fields = ["organisation_name", "organisation__name", "contact_name", "contact_email"]
    search_backend_name = None
    ordering = ["submitted_at", "pk"]
    form_fields = [
        "organisation",
        "organisation_name",
        "organisation_type",
        "organisation_county",
        "organisation_country",
        "wanted_countries",
        "thematic_areas",
        "description_sv",
        "description_en",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "language",
    ]

    @cached_property
    def menu_item_class(self):
        """The menu item, with the number of requests waiting, e.g. "To review (3)"."""

        def render_component(item, request):
            waiting = PartnerRequest.objects.count()
            label = f"{item.label} ({waiting})" if waiting else item.label
            return LinkMenuItemComponent(
                item.name,
                label,
                item.url,
                icon_name=item.icon_name,
                classname=item.classname,
                attrs=item.attrs,
            )

        base = super().menu_item_class
        return type(base.__name__, (base,), {"render_component": render_component})

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", ApproveView.as_view(), name="approve"),
            path("reject/<int:pk>/", RejectView.as_view(), name="reject"),
        ]
