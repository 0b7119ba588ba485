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
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORTS = {"cached": 8101, "uncached": 8102, "memory": 8103}
STATIC_PATH = "/static/img/favicon.svg"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
LOG_DIR = Path(tempfile.gettempdir()) / "kp-bench-logs"

# What the issue asks of the site, as shares of the static file's requests per second.
CACHED_TARGET = 0.50
UNCACHED_TARGETS = {"programme": 0.05, "news index": 0.05, "news article": 0.05}
SEARCH_TARGET = 0.03
SEARCH_SCALING_TARGET = 0.5
WORKER_RSS_LIMIT_MB = 200

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
    .. '"p99_us": %d, "errors": %d, "non_2xx_3xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.connect + errors.read + errors.write + errors.timeout,
    errors.status))
end
"""

FULL = {
    "name": "full",
    "datasets": [
        {"label": "10k", "database": "kp_bench10k", "partnerships": 10_000},
        {"label": "100k", "database": "kp_bench100k", "partnerships": 100_000, "base": "10k"},
    ],
    "news": 1000,
    "organisations": 300,
    "seconds": 10,
}
QUICK = {
    "name": "quick",
    "datasets": [{"label": "1k", "database": "kp_bench_quick", "partnerships": 1000}],
    "news": 50,
    "organisations": 50,
    "seconds": 2,
}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# Processes started here; every one is stopped on exit, however the run ends.
_servers = []


def _stop_all():
    for server in list(_servers):
        server.stop()


atexit.register(_stop_all)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing the Debian package")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-q"], check=False)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk: run `sudo apt-get install -y wrk` and try again.")


def database_url(name):
    return f"{POSTGRES}/{name}"


def psql(sql, database="postgres"):
    result = subprocess.run(
        ["psql", database_url(database), "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def database_exists(name):
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def environment(database, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icld_site.settings.production",
        "DATABASE_URL": database_url(database),
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "REDIS_URL": REDIS_URL,
        "LOG_LEVEL": "WARNING",
        # At thousands of requests a second the production default (a worker recycled after
        # about 5,000 requests) would restart workers during a measurement and time their
        # start-up instead of the pages.
        "GUNICORN_MAX_REQUESTS": "200000",
        # The benchmark measures how slow the slowest searches are; the production statement
        # time-out would cancel them under its 16 connections at 100,000 partnerships.
        "DATABASE_STATEMENT_TIMEOUT": "0",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(database, *args):
    log(f"{database}: manage.py {' '.join(args)}")
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(database),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def count_rows(database, table):
    """Rows in `table`; 0 when it does not exist (a preparation that stopped half-way)."""
    try:
        return int(psql(f"SELECT count(*) FROM {table}", database) or 0)
    except subprocess.CalledProcessError:
        return 0


def prepare(dataset, config, datasets_by_label, fresh):
    """A database with the demo site plus the synthetic data set; reused when it is there."""
    name = dataset["database"]
    if fresh and database_exists(name):
        psql(f"DROP DATABASE {name}")
    if database_exists(name):
        if (
            count_rows(name, "partners_partnership") >= dataset["partnerships"]
            and count_rows(name, "news_newsarticlepage") >= config["news"]
        ):
            log(f"{name}: reusing the existing data set")
            manage(name, "migrate", "--noinput")
            return
        psql(f"DROP DATABASE {name}")
    base = datasets_by_label.get(dataset.get("base"))
    if base and database_exists(base["database"]):
        # A copy of the smaller set, topped up: much faster than starting again.
        log(f"{name}: copying {base['database']}")
        psql(f"CREATE DATABASE {name} TEMPLATE {base['database']}")
        manage(name, "migrate", "--noinput")
        missing = dataset["partnerships"] - count_rows(name, "partners_partnership")
        if missing > 0:
            manage(
                name,
                "generate_partnerships",
                f"--count={missing}",
                f"--organisations={config['organisations']}",
                "--seed=2",
            )
        psql("VACUUM ANALYZE", name)
        return
    psql(f"CREATE DATABASE {name}")
    manage(name, "migrate", "--noinput")
    manage(name, "load_demo_content")
    manage(
        name,
        "generate_partnerships",
        f"--count={dataset['partnerships']}",
        f"--organisations={config['organisations']}",
    )
    manage(name, "generate_news", f"--count={config['news']}")
    psql("VACUUM ANALYZE", name)


class Server:
    """gunicorn with the production settings, in its own process group."""

    def __init__(self, label, database, port, **env):
        self.label, self.port = label, port
        self.env = environment(database, PORT=port, BIND=f"{HOST}:{port}", **env)
        self.process = None

    def start(self):
        LOG_DIR.mkdir(exist_ok=True)
        self.logfile = open(LOG_DIR / f"gunicorn-{self.label}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "icld_site.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _servers.append(self)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.label}) exited; see {self.logfile.name}")
            with contextlib.suppress(OSError):
                status, _headers, _body = fetch(self.url("/healthz"))
                if status == 200 and len(self.worker_pids()) >= self.expected_workers:
                    return self
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn ({self.label}) did not answer; see {self.logfile.name}")

    @property
    def expected_workers(self):
        return int(self.env.get("WEB_CONCURRENCY") or os.cpu_count() * 2)

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_rss_mb(self):
        sizes = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                kilobytes = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
                sizes.append(round(kilobytes / 1024, 1))
        return sizes

    def stop(self):
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self in _servers:
            _servers.remove(self)
            self.logfile.close()


def fetch(url, gzip=False):
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wrk(url, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        result = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "10s", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "requests": raw["requests"],
        "errors": raw["errors"],
        "non_2xx_3xx": raw["non_2xx_3xx"],
    }


class Resources(HTMLParser):
    """What a browser fetches on a first visit: stylesheets, icons, scripts, images."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and ({"stylesheet", "icon"} & set(rel)) and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img", "source") and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "image" and attrs.get("href"):  # inside an inline SVG: the map background
            self.urls.append(attrs["href"])


def transfer(server, path):
    """HTML size, and bytes on the wire (gzip accepted) for the page and what it references."""
    status, headers, html = fetch(server.url(path), gzip=True)
    content_type = headers.get("Content-Type", "")
    result = {"html_bytes": len(html), "requests": 1, "transfer_bytes": len(html)}
    if "html" not in content_type or headers.get("Content-Encoding"):
        return result
    parser = Resources()
    parser.feed(html.decode("utf-8", "replace"))
    other_hosts = set()
    for url in dict.fromkeys(parser.urls):
        absolute = urljoin(server.url(path), url)
        if urlparse(absolute).netloc != f"{HOST}:{server.port}":
            other_hosts.add(urlparse(absolute).netloc)
            continue
        _status, _headers, body = fetch(absolute, gzip=True)
        result["requests"] += 1
        result["transfer_bytes"] += len(body)
    result["other_hosts"] = sorted(other_hosts)
    return result


def inspect(database):
    """Query counts and the URL of every page type, from bench/inspect_site.py."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "inspect_site.py")],
        cwd=ROOT,
        env=environment(database, PAGE_CACHE_SECONDS=0),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"bench/inspect_site.py failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def flush_redis():
    """Empty the benchmark's cache database: no page or figure carries over between runs
    or data sets."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def measure_server(server, pages, seconds, expect_cache):
    results = {"static": wrk(server.url(STATIC_PATH), seconds)}
    log(f"{server.label}: static {results['static']['rps']} req/s")
    for name, info in pages.items():
        url = server.url(info["url"])
        for _ in range(3):  # warm the cache and the workers
            _status, headers, _body = fetch(url)
        cache_header = headers.get("X-Page-Cache")
        results[name] = wrk(url, seconds)
        results[name]["x_page_cache"] = cache_header
        if expect_cache and cache_header != "hit" and name not in ("feed", "csv export"):
            log(f"{server.label}: {name} was not served from the cache ({cache_header})")
        log(f"{server.label}: {name} {results[name]['rps']} req/s")
    return results


def csv_memory(database, pages):
    """Worker RSS before and after streaming the whole CSV export, with one worker."""
    export = pages.get("csv export (all)")
    if not export:
        return None
    server = Server("memory", database, PORTS["memory"], WEB_CONCURRENCY=1, PAGE_CACHE_SECONDS=0)
    server.start()
    try:
        fetch(server.url(pages["csv export"]["url"]))
        before = max(server.worker_rss_mb())
        _status, _headers, body = fetch(server.url(export["url"]))
        after = max(server.worker_rss_mb())
    finally:
        server.stop()
    return {
        "rows": body.count(b"\n") - 1,
        "bytes": len(body),
        "rss_before_mb": before,
        "rss_after_mb": after,
        "growth_mb": round(after - before, 1),
    }


def run_dataset(dataset, config):
    database = dataset["database"]
    flush_redis()
    pages = inspect(database)
    benchmarked = {name: info for name, info in pages.items() if name != "csv export (all)"}
    results = {"dataset": dataset, "pages": pages}
    flush_redis()
    for mode in ("cached", "uncached"):
        extra = {} if mode == "cached" else {"PAGE_CACHE_SECONDS": 0}
        server = Server(mode, database, PORTS[mode], ACCESS_LOG="-", **extra)
        server.start()
        try:
            results[mode] = measure_server(server, benchmarked, config["seconds"], mode == "cached")
            if mode == "uncached":
                results["transfer"] = {
                    name: transfer(server, info["url"]) for name, info in benchmarked.items()
                }
            results[f"{mode}_worker_rss_mb"] = server.worker_rss_mb()
        finally:
            server.stop()
    results["csv_memory"] = csv_memory(database, pages)
    return results


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
    if results["csv_memory"]:
        memory = results["csv_memory"]
        print(
            f"CSV export of {memory['rows']:,} rows ({memory['bytes'] / 1e6:.1f} MB): worker RSS "
            f"{memory['rss_before_mb']} -> {memory['rss_after_mb']} MB "
            f"({memory['growth_mb']:+} MB)"
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
        pages = [name for name in results["cached"] if name != "static"]
        worst = min(pages, key=lambda name: ratio(results, "cached", name))
        check(
            f"{label}: slowest cached page ({worst})",
            ratio(results, "cached", worst),
            CACHED_TARGET,
        )
        for name, target in UNCACHED_TARGETS.items():
            if name in results["uncached"]:
                check(f"{label}: uncached {name}", ratio(results, "uncached", name), target)
        if "database search" in results["uncached"]:
            check(
                f"{label}: uncached database search",
                ratio(results, "uncached", "database search"),
                SEARCH_TARGET,
            )
    searches = [
        all_results[label]["uncached"].get("database search", {}).get("rps", 0)
        for label in ("10k", "100k")
        if label in all_results
    ]
    if len(searches) == 2 and searches[0]:
        check("search at 100k / at 10k", searches[1] / searches[0], SEARCH_SCALING_TARGET)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, 2 s per page")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--seconds", type=int, help="wrk duration per page")
    parser.add_argument("--only", help="run only this data set (e.g. 10k)")
    args = parser.parse_args()
    config = QUICK if args.quick else FULL
    if args.seconds:
        config = {**config, "seconds": args.seconds}
    ensure_wrk()
    started = time.monotonic()

    env = environment(config["datasets"][0]["database"])
    subprocess.run(
        [PYTHON, "manage.py", "compile_translations"], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    by_label = {dataset["label"]: dataset for dataset in config["datasets"]}
    all_results = {}
    for dataset in config["datasets"]:
        if args.only and dataset["label"] != args.only:
            continue
        prepare(dataset, config, by_label, args.fresh)
        all_results[dataset["label"]] = run_dataset(dataset, config)
        print_table(all_results[dataset["label"]])
    checks = check_targets(all_results)
    output = ROOT / "bench" / ("results-quick.json" if args.quick else "results.json")
    output.write_text(
        json.dumps(
            {
                "config": config,
                "cpus": os.cpu_count(),
                "seconds_total": round(time.monotonic() - started),
                "results": all_results,
                "targets": checks,
            },
            indent=2,
        )
    )
    log(f"done in {time.monotonic() - started:.0f} s; figures in {output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
