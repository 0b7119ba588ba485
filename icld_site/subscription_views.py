"""The public side of e-mail subscriptions (icld_site.subscriptions).

Sign-up forms sit on pages the page cache keeps whole (news, programme, database), so, like
the contact form and page feedback (icld_site.feedback), they carry no CSRF token: the
endpoint is exempt from Django's token check and accepts a POST only when the browser says
it comes from this site. A field hidden from people catches form-filling robots, and
sign-ups are counted per IP address and per e-mail address (SUBSCRIBE_LIMIT_PER_IP,
SUBSCRIBE_LIMIT_PER_ADDRESS, an hour, icld_site.limits). Every answer is the same page,
"check your inbox", whether or not the address was already subscribed.

The pages that signed links open are never cached. Confirming and managing change things
only on POST, since mail scanners open (GET) every link in a message. The unsubscribe link
is the List-Unsubscribe target: mail programs POST to it from outside (RFC 8058, with a body
of "List-Unsubscribe=One-Click" and no Origin), so it takes any POST and no CSRF token; the
signed link is what proves the right to unsubscribe. The link in a message opens a page whose
one button unsubscribes (the message says so); a GET changes nothing, so a mail scanner that
opens the link does not unsubscribe anyone. A link used again says the subscription is gone,
which is what the visitor wanted. Either way the page leads on: to the start page, the page
the subscription was about, a form to subscribe again and, while the address has other
subscriptions, the page to manage them.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import subscriptions
from .limits import allow, client_address, is_from_this_site
from .models import Subscription
from .subscription_forms import ManageForm, ManageLinkForm, SubscribeForm
from .subscriptions import LinkError
from .validators import canonical_address

HOUR = 3600
LINK_STATUS = {"invalid": 404, "expired": 410, "stale": 410}
REFUSALS = {
    "not_from_this_site": _(
        "The form did not come from a page on this website. Check it below and send it again "
        "from here."
    ),
    "too_many_from_connection": _(
        "Too many sign-ups have been sent from your connection in the last hour. Try again "
        "later; what you entered is kept below."
    ),
    "too_many_for_address": _(
        "Too many sign-ups have been sent for this e-mail address in the last hour. Try again "
        "later; what you entered is kept below."
    ),
}


def limit_refusal(request, email):
    """The key of the first sign-up limit this request exceeds (see REFUSALS), or None."""
    if not allow("subscribe-ip", client_address(request), settings.SUBSCRIBE_LIMIT_PER_IP, HOUR):
        return "too_many_from_connection"
    address = canonical_address(email)
    if not allow("subscribe-address", address, settings.SUBSCRIBE_LIMIT_PER_ADDRESS, HOUR):
        return "too_many_for_address"
    return None


def chosen_topic(request):
    """The registered topic named by ?topic=, or "news"."""
    name = request.GET.get("topic", "")
    return name if name in {topic.name for topic in subscriptions.topics()} else "news"


def signup_page(request, form=None, manage_form=None, status=200, **context):
    return render(
        request,
        "icld_site/subscriptions/subscribe.html",
        {
            "form": form or SubscribeForm.for_topic(chosen_topic(request)),
            "manage_form": manage_form or ManageLinkForm(),
            "link_days": settings.SUBSCRIPTION_CONFIRM_LINK_DAYS,
            **context,
        },
        status=status,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """GET: a page with the sign-up form (for all news, or ?topic=) and the form that mails
    a manage link. POST: a sign-up from any page's form."""
    if request.method == "GET":
        return signup_page(request)
    form = SubscribeForm(request.POST)
    if not is_from_this_site(request):
        return signup_page(request, form, status=403, refusal=REFUSALS["not_from_this_site"])
    if not form.is_valid():
        return signup_page(request, form, status=400)
    email = form.cleaned_data["email"]
    refusal = limit_refusal(request, email)
    if refusal:
        return signup_page(request, form, status=429, refusal=REFUSALS[refusal])
    subscriptions.subscribe(
        email,
        translation.get_language(),
        form.topic.name,
        form.cleaned_data["params"],
        form.cleaned_data.get("frequency"),
    )
    # The way back to the page the subscription is about, on this site.
    back_url = form.topic.page_url(form.cleaned_data["params"], translation.get_language())
    return signup_page(
        request,
        form,
        signed_up=True,
        description=form.description,
        back_url=back_url.removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/")),
    )


@csrf_exempt
@never_cache
@require_http_methods(["POST"])
def request_manage_link(request):
    """Mail a manage link to the address, if it has subscriptions; the answer is the same
    either way, so the form tells no one whether an address is subscribed."""
    form = ManageLinkForm(request.POST)
    if not is_from_this_site(request):
        return signup_page(
            request, manage_form=form, status=403, manage_refusal=REFUSALS["not_from_this_site"]
        )
    if not form.is_valid():
        return signup_page(request, manage_form=form, status=400)
    email = form.cleaned_data["email"]
    refusal = limit_refusal(request, email)
    if refusal:
        return signup_page(request, manage_form=form, status=429, manage_refusal=REFUSALS[refusal])
    with transaction.atomic():
        subscriptions.send_manage_link(email)
    return signup_page(request, manage_form=form, link_sent=True)


def link_refused(request, error, template):
    return render(
        request,
        template,
        {
            "link_error": error.reason,
            "confirm_days": settings.SUBSCRIPTION_CONFIRM_LINK_DAYS,
            "link_days": settings.SUBSCRIPTION_LINK_DAYS,
        },
        status=LINK_STATUS[error.reason],
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    template = "icld_site/subscriptions/confirm.html"
    try:
        with transaction.atomic():
            subscription = subscriptions.subscription_for_confirm_token(
                token, lock=request.method == "POST"
            )
            already = subscription.confirmed_at is not None
            done = request.method == "POST" and subscriptions.confirm(subscription)
    except LinkError as error:
        return link_refused(request, error, template)
    return render(
        request,
        template,
        {
            "subscription": subscription,
            "description": subscriptions.describe(subscription, translation.get_language()),
            "already": already,
            "done": done,
            # On this site, in the page's language (the mailed link is absolute and in the
            # subscriber's).
            "manage_url": reverse(
                "subscription_manage", args=[subscriptions.manage_token(subscription.subscriber)]
            ),
        },
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    template = "icld_site/subscriptions/unsubscribe.html"
    try:
        subscription = subscriptions.subscription_for_unsubscribe_token(token)
    except LinkError as error:
        if error.reason == "stale":
            # Used before (or the subscription was removed otherwise): the wish is granted.
            return render(request, template, {"gone": True})
        return link_refused(request, error, template)
    language = translation.get_language()
    context = {
        "subscription": subscription,
        "description": subscriptions.describe(subscription, language),
    }
    if request.method == "POST":
        subscriptions.unsubscribe(subscription)
        context.update(done=True, **onward_from(subscription, language))
    return render(request, template, context)


def onward_from(subscription, language):
    """Where to go after unsubscribing from `subscription`: the page it was about, the same
    subscription to take out again, and the manage page when the address has others."""
    onward = {}
    try:
        topic = subscriptions.topic(subscription.topic)
    except KeyError:
        topic = None
    if topic is not None:
        page_url = topic.page_url(subscription.params, language)
        onward["page_url"] = page_url.removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/"))
        onward["form"] = SubscribeForm.for_topic(topic.name, subscription.params)
    subscriber = subscription.subscriber
    if subscriber.subscriptions.exists():
        onward["manage_url"] = reverse(
            "subscription_manage", args=[subscriptions.manage_token(subscriber)]
        )
    return onward


# "E-mail is sent in Swedish", "E-post skickas på svenska": lower case in a Swedish sentence.
LANGUAGE_IN_A_SENTENCE = {
    "sv": pgettext_lazy("in a sentence", "Swedish"),
    "en": pgettext_lazy("in a sentence", "English"),
}


def manage_entries(subscriber, language):
    """The subscriber's subscriptions with their descriptions and frequency choices."""
    frequency_names = dict(Subscription.Frequency.choices)
    entries = []
    for subscription in subscriber.subscriptions.order_by("created_at", "pk"):
        try:
            frequencies = subscriptions.topic(subscription.topic).frequencies
        except KeyError:
            frequencies = ()
        entries.append(
            {
                "subscription": subscription,
                "description": subscriptions.describe(subscription, language),
                "frequencies": [(value, frequency_names[value]) for value in frequencies],
            }
        )
    return entries


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    template = "icld_site/subscriptions/manage.html"
    try:
        subscriber = subscriptions.subscriber_for_manage_token(token)
    except LinkError as error:
        if error.reason == "stale":
            return render(request, template, {"gone": True}, status=410)
        return link_refused(request, error, template)
    status, bad_request = 200, False
    if request.method == "POST":
        form = ManageForm(request.POST)
        if form.is_valid():
            outcome = apply_change(subscriber, form.cleaned_data)
            if outcome == "deleted":
                return render(request, template, {"gone": True, "deleted": True})
            if outcome:
                # Back to the page (in the subscriber's language after a change of language),
                # so that reloading it does not send the change again.
                url = request.path
                if outcome == "language":
                    with translation.override(subscriber.language):
                        url = reverse("subscription_manage", args=[token])
                return HttpResponseRedirect(f"{url}?done={outcome}")
        status, bad_request = 400, True
    return render(
        request,
        template,
        {
            "subscriber": subscriber,
            "entries": manage_entries(subscriber, translation.get_language()),
            "done": request.GET.get("done") if request.method == "GET" else None,
            "bad_request": bad_request,
            "languages": settings.LANGUAGES,
            "subscriber_language": LANGUAGE_IN_A_SENTENCE.get(subscriber.language, ""),
        },
        status=status,
    )


def apply_change(subscriber, change):
    """Make one change from the manage page; returns what was done ("deleted" when the
    address is gone), or None when the change does not apply to this subscriber."""
    action = change["action"]
    with transaction.atomic():
        if action == "remove_all":
            subscriber.delete()
            return "deleted"
        if action == "language":
            if not change["language"]:
                return None
            subscriber.language = change["language"]
            subscriber.save(update_fields=["language"])
            return "language"
        subscription = (
            subscriber.subscriptions.select_for_update().filter(pk=change["subscription"]).first()
        )
        if subscription is None:
            return None
        if action == "remove":
            subscriptions.unsubscribe(subscription)
            return "remove" if subscriber.subscriptions.exists() else "deleted"
        if action == "confirm":
            subscriptions.confirm(subscription)
            return "confirm"
        try:
            allowed = subscriptions.topic(subscription.topic).frequencies
        except KeyError:
            return None
        if change["frequency"] not in allowed:
            return None
        subscription.frequency = change["frequency"]
        subscription.save(update_fields=["frequency"])
        return "frequency"
