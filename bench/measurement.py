"""What the benchmark measures for each data set: requests per second and latency (wrk),
SQL queries per page (bench/inspect_site.py, in-process), the bytes of a first visit and
the memory of the gunicorn workers."""

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlparse

from bench import PYTHON, ROOT, log
from bench.servers import Server, environment, fetch, flush_redis

PORTS = {"cached": 8101, "uncached": 8102, "memory": 8103}
STATIC_PATH = "/static/img/favicon.svg"
# Not served from the page cache, so not expected to be a cache hit.
UNCACHED_PAGES = ("feed", "csv export", "distinct searches")

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


# A request per call, with words picked at random from WORDS (one word, or two in a third
# of the requests); each wrk thread seeds its own generator.
WORDS_SCRIPT = """
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
init = function(args)
  math.randomseed(os.time() * 100 + seed)
end
request = function()
  local q = WORDS[math.random(#WORDS)]
  if math.random(3) == 1 then
    q = q .. "+" .. WORDS[math.random(#WORDS)]
  end
  return wrk.format("GET", PATH .. "?q=" .. q)
end
"""


def words_script(path, words):
    """Lua for wrk that asks `path` for a search of random `words`, URL-encoded."""
    listed = ",".join(json.dumps(quote(word)) for word in words)
    return f"WORDS = {{{listed}}}\nPATH = {json.dumps(path)}\n" + WORDS_SCRIPT


def parse_wrk(output):
    """The figures of one wrk run, from the line that WRK_SCRIPT writes."""
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
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


def wrk(url, seconds, words=None):
    """wrk's figures for `url`; with `words`, each request searches for other words."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if words:
            script.write(words_script(urlparse(url).path, words))
        script.write(WRK_SCRIPT)
    try:
        result = subprocess.run(
            # As browsers do: every page and the static file may come compressed.
            [
                "wrk",
                "-t2",
                "-c16",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-H",
                "Accept-Encoding: gzip",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    return parse_wrk(result.stdout)


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
    status, headers, sent = fetch(server.url(path), gzip=True)
    html = gzip.decompress(sent) if headers.get("Content-Encoding") == "gzip" else sent
    content_type = headers.get("Content-Type", "")
    result = {"html_bytes": len(html), "requests": 1, "transfer_bytes": len(sent)}
    if "html" not in content_type or headers.get("Content-Encoding") not in (None, "gzip"):
        return result
    parser = Resources()
    parser.feed(html.decode("utf-8", "replace"))
    other_hosts = set()
    for url in dict.fromkeys(parser.urls):
        absolute = urljoin(server.url(path), url)
        if urlparse(absolute).netloc != server.netloc:
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


def measure_server(server, pages, seconds, expect_cache):
    results = {"static": wrk(server.url(STATIC_PATH), seconds)}
    log(f"{server.label}: static {results['static']['rps']} req/s")
    for name, info in pages.items():
        url = server.url(info["url"])
        for _ in range(3):  # warm the cache and the workers
            _status, headers, _body = fetch(url)
        cache_header = headers.get("X-Page-Cache")
        results[name] = wrk(url, seconds, info.get("words"))
        results[name]["x_page_cache"] = cache_header
        if expect_cache and cache_header != "hit" and name not in UNCACHED_PAGES:
            log(f"{server.label}: {name} was not served from the cache ({cache_header})")
        log(f"{server.label}: {name} {results[name]['rps']} req/s")
    return results


# Whole-database downloads: measured one at a time on one worker, not under wrk.
FULL_EXPORTS = {"csv_memory": "csv export (all)", "xlsx_export": "xlsx export (all)"}


def export_cost(database, pages, name):
    """Time and worker RSS before and after downloading the whole export `name`, with one
    worker."""
    export = pages.get(name)
    if not export:
        return None
    with Server(
        "memory", database, PORTS["memory"], WEB_CONCURRENCY=1, PAGE_CACHE_SECONDS=0
    ) as server:
        fetch(server.url(pages["csv export"]["url"]))
        before = max(server.worker_rss_mb())
        started = time.perf_counter()
        status, _headers, body = fetch(server.url(export["url"]))
        seconds = time.perf_counter() - started
        after = max(server.worker_rss_mb())
    return {
        # 403: an XLSX export larger than XLSX_MAX_ROWS, refused with a page that says so.
        "status": status,
        # Lines of a CSV; a spreadsheet of the same search holds the same rows.
        "rows": body.count(b"\n") - 1 if name.startswith("csv") else None,
        "bytes": len(body),
        "seconds": round(seconds, 2),
        "rss_before_mb": before,
        "rss_after_mb": after,
        "growth_mb": round(after - before, 1),
    }


def subscription_costs(database, config):
    """Publishing with and without subscribers, queueing every alert and the weekly run of
    saved-search digests, from bench/subscriptions.py (in-process, same database)."""
    log(
        f"{database}: subscriptions ({config['subscribers']:,} subscribers, "
        f"{config['saved_searches']:,} saved searches)"
    )
    result = subprocess.run(
        [
            PYTHON,
            str(ROOT / "bench" / "subscriptions.py"),
            str(config["subscribers"]),
            str(config["saved_searches"]),
        ],
        cwd=ROOT,
        env=environment(database),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"bench/subscriptions.py failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def run_dataset(dataset, config):
    """Every figure of one data set: the page cache on, then off, then the CSV export."""
    database = dataset["database"]
    flush_redis()
    pages = inspect(database)
    benchmarked = {name: info for name, info in pages.items() if name not in FULL_EXPORTS.values()}
    results = {"dataset": dataset, "pages": pages}
    flush_redis()
    for mode in ("cached", "uncached"):
        extra = {} if mode == "cached" else {"PAGE_CACHE_SECONDS": 0}
        with Server(mode, database, PORTS[mode], ACCESS_LOG="-", **extra) as server:
            results[mode] = measure_server(server, benchmarked, config["seconds"], mode == "cached")
            if mode == "uncached":
                results["transfer"] = {
                    name: transfer(server, info["url"]) for name, info in benchmarked.items()
                }
            results[f"{mode}_worker_rss_mb"] = server.worker_rss_mb()
    for key, name in FULL_EXPORTS.items():
        results[key] = export_cost(database, pages, name)
    if results["csv_memory"] and results["xlsx_export"]:
        results["xlsx_export"]["rows"] = results["csv_memory"]["rows"]
    return results
