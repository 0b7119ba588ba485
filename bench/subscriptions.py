"""The in-process half of the subscription benchmark: what publishing costs with many
subscribers, how long the worker takes to queue every alert, and how long the weekly run
of saved-search digests takes, with the peak memory of both.

Run by bench/run.py in a subprocess with the production settings against a benchmark
database (`python bench/subscriptions.py SUBSCRIBERS SAVED_SEARCHES`); prints one JSON object
on stdout. Everything it creates (subscribers, articles, messages, tasks) is removed again,
and the partnerships it marks as newly listed are unmarked.
"""

import json
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icld_site.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from icld_site.models import OutgoingMessage, Subscriber, Subscription  # noqa: E402
from icld_site.notifications import digest_period  # noqa: E402
from news.alerts import send_news_alert  # noqa: E402
from news.models import NewsArticlePage, NewsIndexPage  # noqa: E402
from partners.digests import search_digests  # noqa: E402
from partners.models import Country, Partnership, Status, ThematicArea  # noqa: E402

EMAIL_DOMAIN = "bench-subscriber.example.org"
PUBLISHES = 20
# Partnerships marked as listed in the week before the digest.
NEWLY_LISTED = 300
SEARCH_WORDS = ("vatten", "demokrati", "klimat", "skola", "miljö", "jämställdhet")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def editor():
    user, _ = get_user_model().objects.get_or_create(
        username="bench-publisher", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def new_article(number, user):
    """A draft article under the news index, then its publication as the admin's publish
    action does it (a revision, published, in one transaction); returns the page and the
    seconds the publication took."""
    index = NewsIndexPage.objects.get()
    title = f"Benchmark article {number} {time.time_ns()}"
    article = NewsArticlePage(
        title=title,
        title_sv=title,
        title_en=title,
        slug_sv=f"bench-{time.time_ns()}",
        slug_en=f"bench-{time.time_ns()}-en",
        teaser_sv="Ingress",
        teaser_en="Teaser",
        live=False,
    )
    index.add_child(instance=article)
    started = time.perf_counter()
    with transaction.atomic():
        article.save_revision(user=user).publish(user=user)
    return article, time.perf_counter() - started


def publish_latencies(user, label, pages):
    seconds = []
    for number in range(PUBLISHES):
        article, elapsed = new_article(f"{label} {number}", user)
        pages.append(article.pk)
        seconds.append(elapsed)
    return {
        "publishes": PUBLISHES,
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
    }


def create_subscribers(count):
    """`count` confirmed subscribers of all news, immediate alerts, half in each language."""
    confirmed = timezone.now() - timedelta(days=30)
    for start in range(0, count, 2000):
        numbers = range(start, min(count, start + 2000))
        subscribers = Subscriber.objects.bulk_create(
            Subscriber(
                email=f"s{number}@{EMAIL_DOMAIN}",
                language="sv" if number % 2 else "en",
                confirmed_at=confirmed,
            )
            for number in numbers
        )
        Subscription.objects.bulk_create(
            Subscription(
                subscriber=subscriber,
                topic="news",
                params="",
                frequency=Subscription.Frequency.IMMEDIATE,
                confirmed_at=confirmed,
            )
            for subscriber in subscribers
        )


def measured(function, *args):
    """(result, seconds, peak RSS growth MB) of function(*args)."""
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started, round(peak_rss_mb() - rss_before, 1)


def traced_peak_mb(function, *args):
    """The peak of memory allocated by Python while function(*args) runs (tracemalloc; it
    slows the run, so it is a run of its own)."""
    tracemalloc.start()
    try:
        function(*args)
        return round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    finally:
        tracemalloc.stop()


def alert_fan_out(user, pages, subscribers):
    """The worker's share: the task that queues one alert per subscriber."""
    article, _elapsed = new_article("fan-out", user)
    pages.append(article.pk)
    # Counted as a difference: a reused data set keeps the task rows of earlier runs.
    deliveries = DBTaskResult.objects.filter(task_path="icld_site.mail.deliver_many")
    earlier = deliveries.count()
    queued, seconds, rss_growth = measured(send_news_alert.call, article.pk)
    delivery_tasks = deliveries.count() - earlier
    second, _ = new_article("fan-out traced", user)
    pages.append(second.pk)
    peak = traced_peak_mb(send_news_alert.call, second.pk)
    return {
        "subscribers": subscribers,
        "queued": queued,
        "seconds": round(seconds, 2),
        "messages_per_second": round(queued / seconds) if seconds else None,
        "delivery_tasks": delivery_tasks,
        "peak_rss_growth_mb": rss_growth,
        "tracemalloc_peak_mb": peak,
    }


def saved_search_params(count):
    """`count` distinct saved searches, as visitors make them: a country, a thematic area, a
    status, a word, or two of these together."""
    rng = random.Random(7)  # noqa: S311 - repeatable test data
    countries = list(
        Country.objects.filter(partnerships__isnull=False).distinct().values_list("code", flat=True)
    )
    areas = list(ThematicArea.objects.values_list("slug", flat=True))
    statuses = [Status.ACTIVE, Status.SEEKING_PARTNER]
    made = set()
    while len(made) < count:
        parts = {}
        for _ in range(rng.choice((1, 2, 2, 3))):
            kind = rng.choice(("country", "area", "status", "q"))
            parts[kind] = {
                "country": lambda: rng.choice(countries),
                "area": lambda: rng.choice(areas),
                "status": lambda: rng.choice(statuses),
                "q": lambda: rng.choice(SEARCH_WORDS),
            }[kind]()
        ordered = [
            (name, parts[name]) for name in ("q", "country", "area", "status") if name in parts
        ]

        made.add("&".join(f"{name}={value}" for name, value in ordered))
    return sorted(made)


def digest_run(searches):
    """The weekly run of saved-search digests for `searches` subscriptions."""
    today = timezone.localdate()
    period = digest_period(today)
    confirmed = period.starts - timedelta(days=8)
    subscribers = list(Subscriber.objects.filter(email__endswith=EMAIL_DOMAIN)[:searches])
    subscriptions = Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            topic="search",
            params=params,
            frequency=Subscription.Frequency.WEEKLY,
            confirmed_at=confirmed,
        )
        for subscriber, params in zip(subscribers, saved_search_params(searches), strict=True)
    )
    ids = [subscription.pk for subscription in subscriptions]
    sample = list(
        Partnership.objects.public()
        .filter(status__in=[Status.ACTIVE, Status.SEEKING_PARTNER], listed_at__isnull=True)
        .order_by("?")
        .values_list("pk", flat=True)[:NEWLY_LISTED]
    )
    rng = random.Random(3)  # noqa: S311 - repeatable test data
    for pk in sample:
        listed = confirmed + timedelta(hours=rng.uniform(1, 24 * 7))
        Partnership.objects.filter(pk=pk).update(listed_at=listed)

    def again():
        Subscription.objects.filter(pk__in=ids).update(last_sent_at=None)
        OutgoingMessage.objects.filter(key__startswith="search-digest:").delete()

    try:
        counts, seconds, rss_growth = measured(search_digests, today)
        queued = counts["saved-search digests"]
        again()
        peak = traced_peak_mb(search_digests, today)
    finally:
        Partnership.objects.filter(pk__in=sample).update(listed_at=None)
    return {
        "saved_searches": searches,
        "newly_listed_partnerships": len(sample),
        "digests_queued": queued,
        "seconds": round(seconds, 2),
        "peak_rss_growth_mb": rss_growth,
        "tracemalloc_peak_mb": peak,
    }


def clean_up(pages, task_ids_before):
    Subscriber.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
    OutgoingMessage.objects.filter(recipient__endswith=EMAIL_DOMAIN).delete()
    DBTaskResult.objects.exclude(pk__in=task_ids_before).delete()
    for page in NewsArticlePage.objects.filter(pk__in=pages):
        page.delete()


def main():
    subscribers, searches = (int(value) for value in sys.argv[1:3])
    user = editor()
    pages = []
    task_ids_before = list(DBTaskResult.objects.values_list("pk", flat=True))
    clean_up([], task_ids_before)  # what a run that was stopped half-way left behind
    try:
        results = {"publish_without_subscribers": publish_latencies(user, "without", pages)}
        create_subscribers(subscribers)
        results["publish_with_subscribers"] = publish_latencies(user, "with", pages)
        results["subscribers"] = subscribers
        # What publishing left for the worker: one task per article, no message.
        results["tasks_per_publish"] = round(
            DBTaskResult.objects.exclude(pk__in=task_ids_before).count() / (2 * PUBLISHES), 2
        )
        DBTaskResult.objects.exclude(pk__in=task_ids_before).delete()
        results["alert_fan_out"] = alert_fan_out(user, pages, subscribers)
        results["saved_search_digests"] = digest_run(searches)
    finally:
        clean_up(pages, task_ids_before)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
