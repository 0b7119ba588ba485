"""Subscriptions in the admin (Settings menu).

Editors with "view subscription" see how many subscriptions there are per topic, choice and
frequency, confirmed and not, and never an address. Looking an address up, seeing its
subscriptions and deleting it (a GDPR request) needs the separate permission
"icld_site.view_subscriber_address". The address is not written to any log: it is sent in
the body of a POST, never in a URL, which access logs and browser histories keep. Editors
see what a subscription is about by its filters, never by the words a visitor typed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import subscriptions
from .fields import EmailAddressFormField
from .models import Subscriber, Subscription
from .validators import canonical_address

COUNTS_PERMISSION = "icld_site.view_subscription"
ADDRESS_PERMISSION = "icld_site.view_subscriber_address"


class LookupForm(forms.Form):
    email = EmailAddressFormField(label=gettext_lazy("E-mail address"))


class SubscriptionAdminView(WagtailAdminTemplateMixin, View):
    permission = COUNTS_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # The last item is the header's title.
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def render(self, **context):
        return self.render_to_response(self.get_context_data(**context))


def topic_label(name):
    try:
        return subscriptions.topic(name).label
    except KeyError:
        return name


def filters_of(subscription_topic, params, language):
    """What a subscription is about as editors see it: its filters, never the words a
    visitor typed (they may hold an address), nor raw params of an unknown topic."""
    try:
        return str(subscriptions.topic(subscription_topic).describe_for_editors(params, language))
    except KeyError:
        return "–"


class CountsView(SubscriptionAdminView):
    template_name = "icld_site/admin/subscription_counts.html"
    page_title = gettext_lazy("Subscriptions")
    header_icon = "mail"

    def get(self, request):
        language = translation.get_language()
        frequencies = dict(Subscription.Frequency.choices)
        # Searches that differ only in their words are one row: the words are not shown.
        rows = {}
        for row in Subscription.objects.counts():
            description = filters_of(row["topic"], row["params"], language)
            key = (row["topic"], description, row["frequency"])
            shown = rows.setdefault(
                key,
                {
                    "topic_label": topic_label(row["topic"]),
                    "description": description,
                    "frequency_label": frequencies.get(row["frequency"], row["frequency"]),
                    "confirmed": 0,
                    "unconfirmed": 0,
                },
            )
            shown["confirmed"] += row["confirmed"]
            shown["unconfirmed"] += row["unconfirmed"]
        return self.render(
            rows=list(rows.values()),
            can_look_up=request.user.has_perm(ADDRESS_PERMISSION),
            subscriber_count=Subscriber.objects.count(),
        )


class LookupView(SubscriptionAdminView):
    permission = ADDRESS_PERMISSION
    template_name = "icld_site/admin/subscriber_lookup.html"
    page_title = gettext_lazy("Look up a subscriber")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        subscriptions_item = {"url": reverse("subscription_counts"), "label": _("Subscriptions")}
        return [*self.breadcrumbs_items, subscriptions_item, *super().get_breadcrumbs_items()[-1:]]

    def get(self, request):
        return self.render(form=LookupForm())

    def post(self, request):
        """Look an address up, or (with `subscriber`) delete a subscriber."""
        if "subscriber" in request.POST:
            return self.delete(request)
        form = LookupForm(request.POST)
        subscriber = entries = None
        if form.is_valid():
            subscriber = Subscriber.objects.filter(
                email=canonical_address(form.cleaned_data["email"])
            ).first()
            if subscriber is not None:
                language = translation.get_language()
                entries = [
                    {
                        "subscription": subscription,
                        "topic_label": topic_label(subscription.topic),
                        "description": filters_of(
                            subscription.topic, subscription.params, language
                        ),
                    }
                    for subscription in subscriber.subscriptions.order_by("created_at", "pk")
                ]
        return self.render(form=form, subscriber=subscriber, entries=entries)

    def delete(self, request):
        """Delete the subscriber (and every subscription of it)."""
        raw = request.POST.get("subscriber", "")
        valid = raw.isascii() and raw.isdigit() and len(raw) < 10
        subscriber = Subscriber.objects.filter(pk=int(raw)).first() if valid else None
        if subscriber is None:
            messages.error(request, _("The subscriber could not be found; nothing was deleted."))
        else:
            subscriber.delete()
            messages.success(request, _("The address and all its subscriptions were deleted."))
        return redirect("subscription_lookup")
