"""E-mail subscriptions: what can be subscribed to, the signed links, and queueing messages.

Apps register a `Topic` in their AppConfig.ready() (news: "news", programmes: "rounds",
partners: "search"); icld_site names none of them. A subscription is a topic narrowed by
`params`, a canonical query string the topic itself validates ("" = everything), so the same
choice made twice is the same row.

Links (django.core.signing, a salt each, so one kind of link cannot stand in for another):
- confirmation, naming the subscription, valid SUBSCRIPTION_CONFIRM_LINK_DAYS;
- unsubscribe, naming the subscription, valid SUBSCRIPTION_LINK_DAYS (it sits in every
  message, so it must outlive a digest that is read late);
- manage, naming the subscriber, valid SUBSCRIPTION_LINK_DAYS.
Each carries a fingerprint of the row it names (its id, address and creation time), so a link
made for a row that has been deleted never reaches a later row that happens to get the same id.

`queue_subscription_mail` is the only way messages to subscribers are queued: it adds the
unsubscribe and manage links to the context and the RFC 8058 List-Unsubscribe headers.
"""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from .mail import queue_mail
from .models import Subscriber, Subscription
from .validators import canonical_address

CONFIRM_SALT = "icld_site.subscription-confirm"
UNSUBSCRIBE_SALT = "icld_site.subscription-unsubscribe"
MANAGE_SALT = "icld_site.subscription-manage"
DAY = 24 * 3600


class LinkError(Exception):
    """A link that cannot be used; `reason` is "invalid" (forged or damaged), "expired" or
    "stale" (what it names no longer exists)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Topic:
    """Something that can be subscribed to.

    clean_params(querydict) -> str: validate and canonicalise the choices sent with the form;
        raise ValidationError for unknown values.
    describe(params, language) -> str: what the subscription is about, in words.
    describe_filters(params, language) -> str: the same without anything the visitor typed
        (it may hold an address): what editors see. Default: `describe`.
    page_url(params, language) -> str: absolute address of the page it is about.
    frequencies: the Subscription.Frequency values a subscriber may choose; the first is
        the default.
    """

    name: str
    label: Any
    clean_params: Callable[[Any], str]
    describe: Callable[[str, str], str]
    page_url: Callable[[str, str], str]
    frequencies: Sequence[str] = field(default=(Subscription.Frequency.WEEKLY,))
    describe_filters: Callable[[str, str], str] | None = None

    def describe_for_editors(self, params, language):
        return (self.describe_filters or self.describe)(params, language)


_topics: dict[str, Topic] = {}
_notifiers: list[Callable] = []


def register_topic(topic):
    _topics[topic.name] = topic
    return topic


def topics():
    return list(_topics.values())


def topic(name):
    """The registered topic; KeyError when there is none of that name."""
    return _topics[name]


def register_notifier(notifier):
    """`notifier(today)` is run by `manage.py send_notifications`."""
    if notifier not in _notifiers:
        _notifiers.append(notifier)
    return notifier


def notifiers():
    return list(_notifiers)


def describe(subscription, language=None):
    """What `subscription` is about, in `language` (by default the subscriber's)."""
    language = language or subscription.subscriber.language
    try:
        described = topic(subscription.topic).describe(subscription.params, language)
    except KeyError:
        return subscription.topic
    return str(described)


# Links ---------------------------------------------------------------------------------


def _fingerprint(*parts):
    state = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def subscription_fingerprint(subscription):
    return _fingerprint(
        subscription.pk,
        subscription.subscriber_id,
        subscription.topic,
        subscription.params,
        subscription.created_at.isoformat(),
    )


def subscriber_fingerprint(subscriber):
    return _fingerprint(subscriber.pk, subscriber.email, subscriber.created_at.isoformat())


def confirm_token(subscription):
    return signing.dumps(
        {"s": subscription.pk, "f": subscription_fingerprint(subscription)}, salt=CONFIRM_SALT
    )


def unsubscribe_token(subscription):
    return signing.dumps(
        {"s": subscription.pk, "f": subscription_fingerprint(subscription)},
        salt=UNSUBSCRIBE_SALT,
    )


def manage_token(subscriber):
    return signing.dumps(
        {"p": subscriber.pk, "f": subscriber_fingerprint(subscriber)}, salt=MANAGE_SALT
    )


def _payload(token, salt, max_age_days, key):
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age_days * DAY)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except (signing.BadSignature, ValueError, UnicodeError):
        raise LinkError("invalid") from None
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get(key), int)
        or not isinstance(payload.get("f"), str)
    ):
        raise LinkError("invalid")
    return payload


def _subscription_for(token, salt, max_age_days, lock):
    payload = _payload(token, salt, max_age_days, "s")
    subscriptions = Subscription.objects.select_related("subscriber")
    if lock:
        subscriptions = subscriptions.select_for_update()
    subscription = subscriptions.filter(pk=payload["s"]).first()
    if subscription is None or subscription_fingerprint(subscription) != payload["f"]:
        raise LinkError("stale")
    return subscription


def subscription_for_confirm_token(token, *, lock=False):
    return _subscription_for(token, CONFIRM_SALT, settings.SUBSCRIPTION_CONFIRM_LINK_DAYS, lock)


def subscription_for_unsubscribe_token(token, *, lock=False):
    return _subscription_for(token, UNSUBSCRIBE_SALT, settings.SUBSCRIPTION_LINK_DAYS, lock)


def subscriber_for_manage_token(token, *, lock=False):
    payload = _payload(token, MANAGE_SALT, settings.SUBSCRIPTION_LINK_DAYS, "p")
    subscribers = Subscriber.objects.all()
    if lock:
        subscribers = subscribers.select_for_update()
    subscriber = subscribers.filter(pk=payload["p"]).first()
    if subscriber is None or subscriber_fingerprint(subscriber) != payload["f"]:
        raise LinkError("stale")
    return subscriber


def absolute_url(name, args, language):
    with translation.override(language):
        path = reverse(name, args=args)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_address(page, language, params=""):
    """The absolute address of `page` in `language`, with `params` as its query string; ""
    when there is no page."""
    if page is None:
        return ""
    with translation.override(language):
        url = page.get_url() or ""
    if url.startswith("/"):
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return f"{url}?{params}" if params and url else url


def confirm_url(subscription):
    return absolute_url(
        "subscription_confirm", [confirm_token(subscription)], subscription.subscriber.language
    )


def manage_url(subscriber):
    return absolute_url("subscription_manage", [manage_token(subscriber)], subscriber.language)


def subscription_links(subscription):
    """The absolute one-click unsubscribe and manage links of `subscription`, in its
    subscriber's language."""
    subscriber = subscription.subscriber
    return {
        "unsubscribe_url": absolute_url(
            "subscription_unsubscribe", [unsubscribe_token(subscription)], subscriber.language
        ),
        "manage_url": manage_url(subscriber),
    }


# Mail ----------------------------------------------------------------------------------


def unsubscribe_headers(unsubscribe_url):
    """RFC 8058: mail programs offer "unsubscribe", and unsubscribe with one POST."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def queue_subscription_mail(subscription, key, template, context=None):
    """Queue `template` to the subscriber of `subscription` in their language, with the
    unsubscribe and manage links in the context (for mail/includes/subscription_footer)
    and the RFC 8058 headers; returns the OutgoingMessage (queued once per `key`)."""
    subscriber = subscription.subscriber
    links = subscription_links(subscription)
    return queue_mail(
        key,
        template,
        to=subscriber.email,
        language=subscriber.language,
        context={
            "subscription": subscription,
            "subscriber": subscriber,
            "description": describe(subscription),
            **links,
            **(context or {}),
        },
        headers=unsubscribe_headers(links["unsubscribe_url"]),
    )


# What visitors do ----------------------------------------------------------------------


def subscribe(email, language, topic_name, params="", frequency=None):
    """Record a new, unconfirmed subscription and queue its one confirmation message.

    Asking again for the same thing changes nothing and queues nothing, whether or not it
    was confirmed: the answer to the visitor is the same either way, so the form tells no
    one whether an address is subscribed. Returns (subscription, created)."""
    chosen = topic(topic_name)
    if frequency not in chosen.frequencies:
        frequency = chosen.frequencies[0]
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=canonical_address(email), defaults={"language": language}
        )
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            topic=topic_name,
            params=params,
            defaults={"frequency": frequency},
        )
        if created:
            queue_subscription_mail(
                subscription,
                f"subscription-confirm:{subscription.pk}",
                "subscription_confirm",
                {
                    "confirm_url": confirm_url(subscription),
                    "days": settings.SUBSCRIPTION_CONFIRM_LINK_DAYS,
                },
            )
    return subscription, created


def confirm(subscription, now=None):
    """Confirm `subscription` (and its subscriber, the first time); False if it already was."""
    if subscription.confirmed_at is not None:
        return False
    now = now or timezone.now()
    subscription.confirmed_at = now
    subscription.save(update_fields=["confirmed_at"])
    Subscriber.objects.filter(pk=subscription.subscriber_id, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    return True


def unsubscribe(subscription):
    """Delete `subscription`, and its subscriber when it was the last one."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(pk=subscription.subscriber_id).first()
        )
        Subscription.objects.filter(pk=subscription.pk).delete()
        if subscriber is not None and not subscriber.subscriptions.exists():
            subscriber.delete()


def send_manage_link(email):
    """Mail the address a link to manage its subscriptions, if it has any; the caller says
    the same either way. At most one such message an hour per address."""
    subscriber = Subscriber.objects.filter(email=canonical_address(email)).first()
    if subscriber is None:
        return None
    hour = timezone.now().strftime("%Y-%m-%dT%H")
    return queue_mail(
        f"subscription-manage:{subscriber.pk}:{hour}",
        "subscription_manage",
        to=subscriber.email,
        language=subscriber.language,
        context={"subscriber": subscriber, "manage_url": manage_url(subscriber)},
    )


def purge_unconfirmed(now=None):
    """Delete subscriptions left unconfirmed for SUBSCRIPTION_UNCONFIRMED_DAYS, then every
    subscriber left with none; returns {"subscriptions": n, "subscribers": m}."""
    with transaction.atomic():
        subscriptions, _ = Subscription.objects.unconfirmed_older_than(
            settings.SUBSCRIPTION_UNCONFIRMED_DAYS, now
        ).delete()
        _, deleted = Subscriber.objects.filter(subscriptions__isnull=True).delete()
    return {"subscriptions": subscriptions, "subscribers": deleted.get(Subscriber._meta.label, 0)}
