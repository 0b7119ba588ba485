"""E-mail about new articles: an alert when an article is first published, and the weekly
digest.

Publishing only queues one task (`send_news_alert`, on the "mail" queue) in the transaction
that records the alert (`NewsArticlePage.alert_queued_at`); the worker then queues one
message per subscriber whose confirmed "news" subscription (immediate) is about all news or
about one of the article's categories. The key `news-alert:<page>:<subscriber>` makes it one
message per article and subscriber, however many of their subscriptions match and however
often the article is published again.

Articles in one language only go to every subscriber: a subscriber of the other language
gets the message in their own language, with the article's title and teaser as written and
a notice that the article is only in that language (as the site shows it). The link leads
to the article on the subscriber's language's site.

An article whose editor unticked "send an e-mail alert" is in no e-mail: neither an alert
nor a digest.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from icld_site.models import Subscription
from icld_site.notifications import (
    CHUNK_SIZE,
    digest_period,
    due_for_digest,
    queue_to_subscriptions,
)
from icld_site.subscriptions import page_address

from .models import CATEGORY_PARAMETER, NewsArticlePage

TOPIC = "news"


def params_for(categories):
    """The subscription params that an article of `categories` matches: all news, or one
    of its categories (by its slug in either language)."""
    params = {""}
    for category in categories:
        params.update(
            f"{CATEGORY_PARAMETER}={slug}" for slug in (category.slug_sv, category.slug_en) if slug
        )
    return params


def queue_alert_on_first_publication(sender, instance, **kwargs):
    """page_published: queue the alert of an article going live for the first time."""
    article = instance
    if not (article.live and article.send_alert):
        return
    # Published before (then unpublished): no news.
    if article.first_published_at != article.last_published_at:
        return
    now = timezone.now()
    # Whoever sets the time first queues the alert: never two, even for publications
    # that race each other.
    claimed = NewsArticlePage.objects.filter(pk=article.pk, alert_queued_at__isnull=True).update(
        alert_queued_at=now
    )
    if claimed:
        article.alert_queued_at = now
        transaction.on_commit(lambda: send_news_alert.enqueue(article.pk))


def alert_subscriptions(article):
    """The confirmed immediate subscriptions an alert about `article` goes to, grouped by
    subscriber."""
    return (
        Subscription.objects.confirmed()
        .of_topic(TOPIC)
        .filter(
            frequency=Subscription.Frequency.IMMEDIATE,
            params__in=params_for(article.categories.all()),
        )
    )


def one_per_subscriber(subscriptions):
    """The first of each subscriber's subscriptions, from subscriptions ordered by
    subscriber: their alert names that one in its footer."""
    previous = None
    for subscription in subscriptions:
        if subscription.subscriber_id != previous:
            previous = subscription.subscriber_id
            yield subscription


@task(backend="mail")
def send_news_alert(page_id):
    """Queue the alert about article `page_id` to every subscriber it concerns; returns how
    many messages were queued. Nothing when the article is no longer public."""
    article = NewsArticlePage.objects.live().public().filter(pk=page_id).first()
    if article is None:
        return 0
    started = timezone.now()
    subscriptions = alert_subscriptions(article)
    queued = queue_to_subscriptions(
        one_per_subscriber(
            subscriptions.select_related("subscriber")
            .order_by("subscriber_id", "pk")
            .iterator(chunk_size=CHUNK_SIZE)
        ),
        template="news_alert",
        key=lambda subscription: f"news-alert:{page_id}:{subscription.subscriber_id}",
        context=lambda language, _subscription: {"article": article_in(article, language)},
    )
    subscriptions.update(last_sent_at=started)
    return queued


def article_in(article, language):
    """What a message in `language` says about `article`: its title and teaser in the
    language the reader will read it in, and its address on `language`'s site."""
    with translation.override(language):
        reading = article.content_language
    url = page_address(article, language)
    with translation.override(reading):
        return {
            "title": article.title,
            "teaser": article.teaser,
            "date": article.date,
            "url": url,
            "only_in": reading if reading != language else None,
        }


def articles_for_digest(period):
    """The public articles first published in the week before the digest day (alerts
    allowed), newest first, with their categories."""
    return list(
        NewsArticlePage.objects.live()
        .public()
        .filter(
            send_alert=True,
            first_published_at__gte=period.previous_starts,
            first_published_at__lt=period.starts,
        )
        .newest()
        .prefetch_related("categories")
    )


def news_digest(today):
    """Queue the weekly news digest due on `today` (see icld_site.notifications.digest_period)
    to each weekly subscription with articles to tell about."""
    period = digest_period(today)
    started = timezone.now()
    due = due_for_digest(
        Subscription.objects.confirmed()
        .of_topic(TOPIC)
        .filter(frequency=Subscription.Frequency.WEEKLY),
        period,
    )
    articles = articles_for_digest(period)
    queued = 0
    if articles:
        matches = {article.pk: params_for(article.categories.all()) for article in articles}
        for params in due.order_by().values_list("params", flat=True).distinct():
            chosen = [article for article in articles if params in matches[article.pk]]
            if not chosen:
                continue
            queued += queue_to_subscriptions(
                due.filter(params=params)
                .select_related("subscriber")
                .order_by("pk")
                .iterator(chunk_size=CHUNK_SIZE),
                template="news_digest",
                key=lambda subscription: f"news-digest:{subscription.pk}:{period.week}",
                context=lambda language, _subscription, chosen=chosen: {
                    "articles": [article_in(article, language) for article in chosen],
                    "first_day": period.previous_starts.date(),
                    "last_day": period.day - timedelta(days=1),
                },
            )
    # An empty week is dealt with too: it is not looked at again until the next digest day.
    handled = due.update(last_sent_at=started)
    return {"news digests": queued, "news digest subscriptions looked at": handled}
