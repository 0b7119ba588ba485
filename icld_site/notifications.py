"""Sending to subscribers: many messages at once, and the daily run that decides what is due.

`queue_to_subscriptions` queues one message per subscription through
icld_site.mail.queue_mail_many. A message's text is rendered once per language and variant
(e.g. the articles of one category), with placeholders where the subscriber's own
unsubscribe and manage links go; each message is that text with the links filled in. So
10,000 alerts cost two renderings and 10,000 string replacements, not 10,000 renderings,
and the subscriptions are read a chunk at a time, never all at once.

`run_notifiers(today)` runs every notifier that apps registered
(icld_site.subscriptions.register_notifier); `manage.py send_notifications` calls it with
the Europe/Stockholm date. Weekly digests go out on SUBSCRIPTION_DIGEST_WEEKDAY; see
`digest_period`.
"""

import html
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from .batches import each_made, each_row
from .mail import Mail, queue_mail_many, render, site_language
from .subscriptions import describe, notifiers, subscription_links, unsubscribe_headers

# Subscriptions read from the database, and messages inserted, at a time.
CHUNK_SIZE = 500
# Stand-ins for what differs between subscribers, replaced after rendering. Characters no
# template or content produces, and that HTML escaping leaves alone.
PLACEHOLDERS = {
    name: f"\x1f{name}\x1f" for name in ("unsubscribe_url", "manage_url", "description")
}


def _fill(text, values, escape=False):
    for name, marker in PLACEHOLDERS.items():
        value = values[name]
        text = text.replace(marker, html.escape(value) if escape else value)
    return text


def queue_to_subscriptions(subscriptions, *, template, key, context, variant=None):
    """Queue `template` to the subscriber of each of `subscriptions` (an iterable of
    Subscription with `subscriber` loaded; a queryset's .iterator() keeps memory flat), in
    the subscriber's language, with the footer's links and the RFC 8058 headers.

    key(subscription) -> str: the message's key (sent once per key).
    context(language, subscription) -> dict: what the text says; called once per language
        and `variant(subscription)` (default: one variant), so it must depend on nothing
        else of the subscription.
    Returns how many messages were new."""
    rendered = {}
    descriptions = {}

    def mail(subscription):
        subscriber = subscription.subscriber
        language = site_language(subscriber.language)
        which = (language, variant(subscription) if variant else None)
        if which not in rendered:
            rendered[which] = render(
                template, language, {**context(language, subscription), **PLACEHOLDERS}
            )
        about = (subscription.topic, subscription.params, language)
        if about not in descriptions:
            descriptions[about] = describe(subscription, language)
        values = {**subscription_links(subscription), "description": descriptions[about]}
        subject, text, body_html = rendered[which]
        return Mail(
            key=key(subscription),
            to=subscriber.email,
            language=language,
            subject=_fill(subject, values),
            text=_fill(text, values),
            html=_fill(body_html, values, escape=True),
            headers=unsubscribe_headers(values["unsubscribe_url"]),
        )

    # A subscription whose message cannot be made is left out; the others go.
    mails = each_made(subscriptions, mail, what=f"{template} messages")
    return queue_mail_many(mails, chunk_size=CHUNK_SIZE)


def absolute(url):
    """An absolute address for a site-relative URL (e.g. a route of the database page);
    pages have icld_site.subscriptions.page_address."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


@dataclass(frozen=True)
class DigestPeriod:
    """The weekly digest due on a day: the digest day on or before it (`day`), the moment
    that day began in Europe/Stockholm (`starts`) and the ISO week it belongs to (`week`,
    e.g. "2026-W49", part of each digest's key)."""

    day: date
    starts: datetime

    @property
    def week(self):
        year, week, _weekday = self.day.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def previous_starts(self):
        return self.starts - timedelta(days=7)


def digest_period(today):
    """The digest due on `today`. On the digest weekday that is today's; on the other days
    of the week it is the same one, so a digest missed on its day (cron did not run, the
    server was down) goes out on the next run instead, and never twice in a week."""
    days_since = (today.weekday() - settings.SUBSCRIPTION_DIGEST_WEEKDAY) % 7
    day = today - timedelta(days=days_since)
    starts = timezone.make_aware(datetime.combine(day, time.min))
    return DigestPeriod(day=day, starts=starts)


def due_for_digest(subscriptions, period):
    """Of `subscriptions`, those whose digest for `period` has not been dealt with: confirmed
    before the digest day began, and not sent (or found empty) since."""
    return subscriptions.filter(confirmed_at__lt=period.starts).exclude(
        last_sent_at__gte=period.starts
    )


def run_notifiers(today):
    """Run every registered notifier for `today`; returns {figure: count} of all of them.
    A notifier that fails is logged and counted, and the others run all the same."""
    counts = {}

    def run(notifier):
        for name, count in (notifier(today) or {}).items():
            counts[name] = counts.get(name, 0) + count

    outcome = each_row(
        notifiers(),
        run,
        what="send_notifications",
        name=lambda notifier: f"{notifier.__module__}.{notifier.__qualname__}",
    )
    if outcome.failed:
        counts["notifiers failed"] = outcome.failed
    return counts
