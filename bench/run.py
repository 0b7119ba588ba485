"""`make bench`: how fast the production configuration serves each public page type.

For each data set (10,000 and 100,000 partnerships; `--quick` for a small smoke run) it
prepares a PostgreSQL database, then starts gunicorn twice on loopback with the
production settings: once with the anonymous page cache (Redis database 5) and once with
it off. wrk measures every page type and a small static file on the same server; each
page's throughput is printed as a share of the static file's. Query counts come from
bench/inspect_site.py (in-process, same database), transfer sizes from fetching each page
and everything it references once, worker memory from /proc.

Prints one table per data set and writes every figure to bench/results.json.
"""

import argparse
import atexit
import os
import signal
import sys
import time
from pathlib import Path

# `python bench/run.py` (as the Makefile runs it) puts bench/ on the import path, not the
# project: add the project so that the `bench` package and the apps import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ROOT, log  # noqa: E402
from bench.data import prepare  # noqa: E402
from bench.measurement import run_dataset, subscription_costs  # noqa: E402
from bench.report import (  # noqa: E402
    check_subscription_targets,
    check_targets,
    print_subscriptions,
    print_table,
    write_results,
)
from bench.servers import manage, require, stop_all  # noqa: E402

FULL = {
    "name": "full",
    "datasets": [
        {"label": "10k", "database": "kp_bench10k", "partnerships": 10_000},
        {"label": "100k", "database": "kp_bench100k", "partnerships": 100_000, "base": "10k"},
    ],
    "news": 1000,
    "organisations": 300,
    "seconds": 10,
    "subscribers": 10_000,
    "saved_searches": 1000,
}
QUICK = {
    "name": "quick",
    "datasets": [
        {
            "label": "1k",
            "database": os.environ.get("BENCH_QUICK_DATABASE", "kp_bench_quick"),
            "partnerships": 1000,
        }
    ],
    "news": 50,
    "organisations": 50,
    "seconds": 2,
    "subscribers": 1000,
    "saved_searches": 100,
}


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, 2 s per page")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--seconds", type=int, help="wrk duration per page")
    parser.add_argument("--only", help="run only this data set (e.g. 10k)")
    parser.add_argument(
        "--subscriptions-only",
        action="store_true",
        help="only the e-mail subscriptions part, on the first data set",
    )
    return parser.parse_args()


def main():
    args = arguments()
    config = QUICK if args.quick else FULL
    if args.seconds:
        config = {**config, "seconds": args.seconds}
    require()
    # Every server started is stopped on the way out, also when the run is terminated.
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()

    first_database = config["datasets"][0]["database"]
    manage(first_database, "compile_translations")
    manage(first_database, "collectstatic", "--noinput")
    by_label = {dataset["label"]: dataset for dataset in config["datasets"]}
    all_results = {}
    for dataset in config["datasets"]:
        if args.subscriptions_only or (args.only and dataset["label"] != args.only):
            continue
        prepare(dataset, config, by_label, args.fresh)
        all_results[dataset["label"]] = run_dataset(dataset, config)
        print_table(all_results[dataset["label"]])
    # E-mail to subscribers: on the first (10,000-partnership) data set.
    first = config["datasets"][0]
    if first["label"] not in all_results:
        prepare(first, config, by_label, args.fresh)
    subscriptions = subscription_costs(first["database"], config)
    print_subscriptions(subscriptions)
    checks = check_targets(all_results) + check_subscription_targets(subscriptions)
    name = "results-quick.json" if args.quick else "results.json"
    if args.subscriptions_only:
        name = name.replace("results", "results-subscriptions")
    output = ROOT / "bench" / name
    write_results(
        output,
        config,
        round(time.monotonic() - started),
        all_results,
        checks,
        subscriptions=subscriptions,
    )
    log(f"done in {time.monotonic() - started:.0f} s; figures in {output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
