"""The editors' report of answers to "Was this page helpful?", and subscriptions in the
Settings menu (icld_site.subscription_admin)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import subscription_admin
from .admin_ui import YesNoColumn
from .models import PageFeedback
from .two_factor import urls as two_factor_urls
from .two_factor.panels import TwoFactorPanel

READ_ONLY_ACTIONS = {"view", "delete", "export"}
SHARE_OF_YES = _("Share of yes for the page (%)")
ANSWERS_ABOUT_PAGE = _("Answers about the page")


class AnswersPermissionPolicy(ModelPermissionPolicy):
    """Answers are the visitors' words: editors read, export and delete them (spam), never
    write or change one."""

    def user_has_permission(self, user, action):
        return action in READ_ONLY_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(PageFeedback, AnswersPermissionPolicy(PageFeedback))


class AnswersIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page").with_page_summary()


class PageFeedbackViewSet(ModelViewSet):
    model = PageFeedback
    index_view_class = AnswersIndexView
    icon = "help"
    menu_label = _("Page feedback")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["comment"]
    list_display = [
        "page",
        YesNoColumn.for_field(PageFeedback, "helpful"),
        "comment",
        Column("page_yes_percent", label=SHARE_OF_YES),
        Column("page_answers", label=ANSWERS_ABOUT_PAGE),
        "language",
        "created_on",
    ]
    list_filter = ["page", "language", "helpful", "created_on"]
    list_export = [
        "page",
        "language",
        "helpful",
        "comment",
        "created_on",
        "page_yes_percent",
        "page_answers",
    ]
    export_headings = {"page_yes_percent": SHARE_OF_YES, "page_answers": ANSWERS_ABOUT_PAGE}
    export_filename = "page-feedback"
    search_fields = ["comment"]


@hooks.register("register_admin_viewset")
def register_page_feedback_viewset():
    return PageFeedbackViewSet("page_feedback")


@hooks.register("register_admin_urls")
def register_subscription_urls():
    return [
        path("subscriptions/", subscription_admin.CountsView.as_view(), name="subscription_counts"),
        path(
            "subscriptions/lookup/",
            subscription_admin.LookupView.as_view(),
            name="subscription_lookup",
        ),
    ]


class SubscriptionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(subscription_admin.COUNTS_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_subscriptions_menu_item():
    return SubscriptionsMenuItem(
        _("Subscriptions"), reverse("subscription_counts"), icon_name="mail", order=900
    )


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return two_factor_urls.urlpatterns


@hooks.register("register_account_settings_panel")
def register_two_factor_panel(request, user, profile):
    return TwoFactorPanel(request, user, profile)
