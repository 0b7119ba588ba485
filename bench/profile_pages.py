"""Where an uncached page's time goes: pyinstrument over repeated requests of each page type,
in-process, with the production settings and a benchmark database (page cache off).

    python bench/profile_pages.py [database] [requests per page] [page name ...]

Prints, per page, milliseconds per request and the functions that take the largest share
of it (inclusive time), then pyinstrument's call tree. The database defaults to the 10k
data set of `make bench` (kp_bench10k), which must exist.
"""

import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import environment  # noqa: E402

DATABASE = sys.argv[1] if len(sys.argv) > 1 else "kp_bench10k"
REQUESTS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
os.environ.update(environment(DATABASE, PAGE_CACHE_SECONDS=0))

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from bench.inspect_site import HOST, page_urls  # noqa: E402

PAGES = ("programme", "news index", "news article", "database", "home")
# Functions whose inclusive time is reported, by (file fragment, function name).
MARKERS = {
    "SQL (execute)": ("django/db/backends/utils.py", "_execute"),
    "template rendering": ("django/template/base.py", "render"),
    "{% include %}": ("django/template/loader_tags.py", "render"),
    "Wagtail routing (route)": ("icld_site/routing.py", "route"),
    "wagtail serve": ("wagtail/views.py", "serve"),
    "content cache (Redis)": ("icld_site/cache.py", "content_cached"),
    "middleware before the view": ("django/core/handlers/base.py", "_get_response"),
    "translation lookups": ("django/utils/translation/trans_real.py", "gettext"),
    "reverse()": ("django/urls/base.py", "reverse"),
    "page.url / get_url_parts": ("wagtail/models/pages.py", "get_url_parts"),
    "model instances (from_db)": ("django/db/models/base.py", "from_db"),
}


def inclusive_times(frame, totals, on_stack=()):
    """Inclusive seconds per marker: a frame counts unless an outer frame of the same
    marker is already counting it (recursion)."""
    hit = None
    for label, (path, function) in MARKERS.items():
        if function == frame.function and path in (frame.file_path or ""):
            hit = label
    if hit and hit not in on_stack:
        totals[hit] += frame.time
        on_stack = (*on_stack, hit)
    for child in frame.children:
        inclusive_times(child, totals, on_stack)


def profile(client, url):
    for _ in range(3):
        client.get(url, HTTP_HOST=HOST)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    for _ in range(REQUESTS):
        if client.get(url, HTTP_HOST=HOST).status_code != 200:
            sys.exit(f"{url} did not answer 200")
    profiler.stop()
    return (time.perf_counter() - started) / REQUESTS, profiler


def main():
    wanted = sys.argv[3:] or PAGES
    urls = page_urls()
    client = Client()
    for name in wanted:
        url = urls[name]["url"] if isinstance(urls[name], dict) else urls[name]
        per_request, profiler = profile(client, url)
        root = profiler.last_session.root_frame()
        totals = defaultdict(float)
        inclusive_times(root, totals)
        print(f"\n== {name} {url}: {per_request * 1000:.1f} ms per request (profiled)")
        for label, seconds in sorted(totals.items(), key=lambda item: -item[1]):
            share = seconds / root.time if root.time else 0
            print(f"  {label:<30}{seconds / REQUESTS * 1000:>8.2f} ms {share:>6.1%}")
        if os.environ.get("PROFILE_TREE"):
            print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
