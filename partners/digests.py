"""The weekly digest of a saved search of the database ("search" subscriptions): the
partnerships and entries seeking a partner that were listed (Partnership.listed_at: became
public as active or seeking a partner) since the subscription's last digest, or since it
was confirmed, and that match its filters.

The filters are applied by the database page's own search (PartnershipSearch), so a digest
lists exactly what the page shows for that search. Subscriptions with the same filters
share one query. Sent on the digest weekday (icld_site.notifications.digest_period); nothing
is sent to a subscription with nothing new, and the next digest then covers both weeks.
"""

from django.http import QueryDict
from django.utils import timezone, translation

from icld_site.batches import each_row
from icld_site.models import Subscription
from icld_site.notifications import (
    CHUNK_SIZE,
    absolute,
    digest_period,
    due_for_digest,
    queue_to_subscriptions,
)
from icld_site.subscriptions import topic

from .database.facets import PartnershipSearch
from .models import Partnership, Status

TOPIC = "search"
# Listed in the message; the rest are counted, with a link to the search.
MAX_LISTED = 20


def matches(params, since):
    """[(pk, listed_at)] of the public partnerships matching the saved search `params`
    that were listed after `since`, newest first."""
    search = PartnershipSearch(QueryDict(params))
    return list(
        search.queryset()
        .listed_since(since)
        .order_by("-listed_at", "-pk")
        .values_list("pk", "listed_at")
    )


def since(subscription):
    return subscription.last_sent_at or subscription.confirmed_at


def entry_in(partnership, language):
    """What a message in `language` says about one partnership."""
    with translation.override(language):
        return {
            "title": partnership.title,
            "who": partnership.public_title,
            "country": str(partnership.country),
            "years": partnership.years,
            "status": partnership.get_status_display(),
            "seeking_partner": partnership.status == Status.SEEKING_PARTNER,
            "url": absolute(partnership.get_absolute_url()),
        }


def search_digests(today):
    """Queue the saved-search digests due on `today`."""
    period = digest_period(today)
    started = timezone.now()
    due = due_for_digest(Subscription.objects.confirmed().of_topic(TOPIC), period)
    queued = 0
    # Anything listed at all since the oldest subscription's last digest? When nothing, no
    # search needs running.
    if due.exists() and Partnership.objects.public().listed_since(since_oldest(due)).exists():
        searches = due.order_by().values_list("params", flat=True).distinct()
        counts = []
        # A saved search that fails is left out (and logged, never its text); the rest go.
        each_row(
            list(searches),
            lambda params: counts.append(
                digest_for_search(due.filter(params=params), params, period)
            ),
            what="saved-search digests",
            name=lambda _params: "one saved search",
        )
        queued = sum(counts)
    handled = due.update(last_sent_at=started)
    return {"saved-search digests": queued, "saved searches looked at": handled}


def since_oldest(subscriptions):
    """The earliest moment any of `subscriptions` needs news from."""
    moments = [
        subscriptions.filter(last_sent_at__isnull=True).order_by("confirmed_at"),
        subscriptions.filter(last_sent_at__isnull=False).order_by("last_sent_at"),
    ]
    found = [since(first) for first in (queryset.first() for queryset in moments) if first]
    return min(found)


def digest_for_search(subscriptions, params, period):
    """Queue the digests of `subscriptions`, which all save the search `params`."""
    found = matches(params, since_oldest(subscriptions))
    if not found:
        return 0
    entries = {}

    def new_for(subscription):
        moment = since(subscription)
        return [pk for pk, listed_at in found if listed_at > moment]

    def variant(subscription):
        new = new_for(subscription)
        return (tuple(new[:MAX_LISTED]), len(new))

    def context(language, subscription):
        shown, count = variant(subscription)
        missing = [pk for pk in shown if pk not in entries]
        if missing:
            entries.update(Partnership.objects.with_related().in_bulk(missing))
        return {
            "entries": [entry_in(entries[pk], language) for pk in shown],
            "count": count,
            "more": count - len(shown),
            "search_url": topic(TOPIC).page_url(params, language),
        }

    with_news = (
        subscription
        for subscription in subscriptions.select_related("subscriber")
        .order_by("pk")
        .iterator(chunk_size=CHUNK_SIZE)
        if new_for(subscription)
    )
    return queue_to_subscriptions(
        with_news,
        template="search_digest",
        key=lambda subscription: f"search-digest:{subscription.pk}:{period.week}",
        context=context,
        variant=variant,
    )
