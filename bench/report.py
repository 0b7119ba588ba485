"""The benchmark's report: one table per data set, the targets met or missed, and every
figure in bench/results.json."""

import json
import os

# What the issue asks of the site, as shares of the static file's requests per second.
CACHED_TARGET = 0.50
UNCACHED_TARGETS = {
    "home": 0.05,
    "programme": 0.05,
    "news index": 0.05,
    "news article": 0.05,
    "database": 0.03,
}
SEARCH_TARGET = 0.03
# Searches for other words at every request: no cache can answer them.
DISTINCT_SEARCH = "distinct searches"
SEARCH_SCALING_TARGET = 0.5
WORKER_RSS_LIMIT_MB = 200
# E-mail subscriptions (issue 16): worker seconds to queue every alert, and to run the
# weekly saved-search digests.
ALERT_QUEUE_SECONDS = 30
DIGEST_RUN_SECONDS = 60


def ratio(results, mode, name):
    static = results[mode]["static"]["rps"]
    return results[mode][name]["rps"] / static if static else 0.0


def print_table(results):
    dataset = results["dataset"]
    print()
    print(f"== {dataset['partnerships']:,} partnerships ({dataset['database']}) ==")
    header = (
        f"{'page':<22}{'cached r/s':>11}{'ratio':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
        f"{'uncached r/s':>13}{'ratio':>7}{'p50':>7}{'p95':>7}{'p99':>8}"
        f"{'SQL':>5}{'HTML kB':>9}{'total kB':>9}{'reqs':>5}"
    )
    print(header)
    print("-" * len(header))
    for name in results["cached"]:
        cached, uncached = results["cached"][name], results["uncached"][name]
        page = results["pages"].get(name, {})
        size = results["transfer"].get(name, {})
        print(
            f"{name:<22}{cached['rps']:>11.0f}{ratio(results, 'cached', name):>7.1%}"
            f"{cached['p50_ms']:>7.1f}{cached['p95_ms']:>7.1f}{cached['p99_ms']:>7.1f}"
            f"{uncached['rps']:>13.0f}{ratio(results, 'uncached', name):>7.1%}"
            f"{uncached['p50_ms']:>7.1f}{uncached['p95_ms']:>7.1f}{uncached['p99_ms']:>8.1f}"
            f"{page.get('queries', ''):>5}"
            f"{size.get('html_bytes', 0) / 1024:>9.1f}{size.get('transfer_bytes', 0) / 1024:>9.1f}"
            f"{size.get('requests', ''):>5}"
        )
    errors = {
        f"{mode}/{name}": figures["errors"] + figures["non_2xx_3xx"]
        for mode in ("cached", "uncached")
        for name, figures in results[mode].items()
        if figures["errors"] + figures["non_2xx_3xx"]
    }
    if errors:
        print(f"errors or non-2xx answers: {errors}")
    print(
        f"worker RSS after the run (MB): cached {results['cached_worker_rss_mb']}, "
        f"uncached {results['uncached_worker_rss_mb']}"
    )
    for key, label in (("csv_memory", "CSV"), ("xlsx_export", "XLSX")):
        if results.get(key):
            cost = results[key]
            if cost.get("status", 200) != 200:
                print(
                    f"{label} export of {cost['rows']:,} rows refused ({cost['status']}) "
                    f"in {cost['seconds']:.2f} s: larger than the export allows"
                )
                continue
            print(
                f"{label} export of {cost['rows']:,} rows ({cost['bytes'] / 1e6:.1f} MB) in "
                f"{cost.get('seconds', 0):.1f} s: worker RSS "
                f"{cost['rss_before_mb']} -> {cost['rss_after_mb']} MB ({cost['growth_mb']:+} MB)"
            )
    print("latencies in ms; ratio = requests per second as a share of the static file's")


def check_targets(all_results):
    """Each target of the issue: met or missed, and by how much."""
    checks = []

    def check(label, value, target, shown=lambda v: f"{v:.1%}"):
        checks.append({"target": label, "value": value, "limit": target, "met": value >= target})
        mark = "ok  " if value >= target else "MISS"
        print(f"  {mark} {label}: {shown(value)} (target {shown(target)})")

    print("\nTargets")
    for label, results in all_results.items():
        # Distinct searches are new words at every request: no cache can serve them.
        pages = [name for name in results["cached"] if name not in ("static", DISTINCT_SEARCH)]
        worst = min(pages, key=lambda name: ratio(results, "cached", name))
        check(
            f"{label}: slowest cached page ({worst})",
            ratio(results, "cached", worst),
            CACHED_TARGET,
        )
        for name, target in UNCACHED_TARGETS.items():
            if name in results["uncached"]:
                check(f"{label}: uncached {name}", ratio(results, "uncached", name), target)
        for search in ("database search", DISTINCT_SEARCH):
            if search in results["uncached"]:
                check(
                    f"{label}: uncached {search}",
                    ratio(results, "uncached", search),
                    SEARCH_TARGET,
                )
    scaled = (
        DISTINCT_SEARCH
        if DISTINCT_SEARCH in all_results.get("10k", {}).get("uncached", {})
        else "database search"
    )
    searches = [
        all_results[label]["uncached"].get(scaled, {}).get("rps", 0)
        for label in ("10k", "100k")
        if label in all_results
    ]
    if len(searches) == 2 and searches[0]:
        check(f"{scaled} at 100k / at 10k", searches[1] / searches[0], SEARCH_SCALING_TARGET)
    if "100k" in all_results:
        largest = max(
            all_results["100k"]["cached_worker_rss_mb"]
            + all_results["100k"]["uncached_worker_rss_mb"]
        )
        check(
            "100k: largest worker RSS after the run, MB under the limit",
            WORKER_RSS_LIMIT_MB - largest,
            0,
            shown=lambda v: f"{v:.0f}",
        )
    return checks


def print_subscriptions(results):
    """The subscription figures: publishing, queueing every alert, the weekly digests."""
    without, with_ = results["publish_without_subscribers"], results["publish_with_subscribers"]
    fan_out, digests = results["alert_fan_out"], results["saved_search_digests"]
    print()
    print(f"== e-mail subscriptions ({results['subscribers']:,} confirmed subscribers) ==")
    print(
        f"publish an article (p50 / p95 / max ms, {without['publishes']} each): "
        f"without subscribers {without['p50_ms']} / {without['p95_ms']} / {without['max_ms']}, "
        f"with {with_['p50_ms']} / {with_['p95_ms']} / {with_['max_ms']}; "
        f"tasks queued per publication: {results['tasks_per_publish']}"
    )
    print(
        f"queue every alert: {fan_out['queued']:,} messages in {fan_out['seconds']} s "
        f"({fan_out['messages_per_second']:,}/s, {fan_out['delivery_tasks']} delivery tasks); "
        f"peak memory +{fan_out['peak_rss_growth_mb']} MB RSS, "
        f"{fan_out['tracemalloc_peak_mb']} MB traced"
    )
    print(
        f"saved-search digests: {digests['saved_searches']:,} searches, "
        f"{digests['newly_listed_partnerships']} newly listed partnerships, "
        f"{digests['digests_queued']:,} digests in {digests['seconds']} s; peak memory "
        f"+{digests['peak_rss_growth_mb']} MB RSS, {digests['tracemalloc_peak_mb']} MB traced"
    )


def check_subscription_targets(results):
    """The issue's limits for e-mail to subscribers, met or missed (seconds under them)."""
    checks = []
    figures = [
        (
            "queue every alert: seconds under the limit",
            results["alert_fan_out"],
            ALERT_QUEUE_SECONDS,
        ),
        (
            "saved-search digest run: seconds under the limit",
            results["saved_search_digests"],
            DIGEST_RUN_SECONDS,
        ),
    ]
    print("\nTargets (subscriptions)")
    for label, figure, limit in figures:
        spare = limit - figure["seconds"]
        checks.append({"target": label, "value": spare, "limit": 0, "met": spare >= 0})
        mark = "ok  " if spare >= 0 else "MISS"
        print(f"  {mark} {label}: {figure['seconds']} s (limit {limit} s)")
    return checks


def write_results(path, config, seconds_total, all_results, checks, subscriptions=None):
    path.write_text(
        json.dumps(
            {
                "config": config,
                "cpus": os.cpu_count(),
                "seconds_total": seconds_total,
                "results": all_results,
                "subscriptions": subscriptions,
                "targets": checks,
            },
            indent=2,
        )
    )
