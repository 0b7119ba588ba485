"""A whole-page cache for anonymous visitors.

A cached page is keyed by scheme, host, path and query string, so Swedish and English pages can
never be mixed up. It is current only on the day it was stored (in Europe/Stockholm), so
the application-round status is right on the day it is shown, and for PAGE_CACHE_SECONDS.
A content change bumps a generation number that is stored with every cached page, which
retires every cached page at once; the number and the page are read together, in one round
trip to the cache.

A retired page is kept for PAGE_STALE_SECONDS all the same: when the database cannot be
reached, an anonymous visitor gets that copy, marked `X-Page-Cache: stale`, rather than
the 503 page (icld_site.views.server_error). When the cache itself cannot be reached
(icld_site.cache_backends), pages render uncached; a process that comes back to the cache
retires every cached page first, because a retirement may have been lost meanwhile.

What retires cached pages:
- a page published, unpublished or moved, by an editor or by `publish_scheduled`; deleting a
  live page counts as unpublishing it (Wagtail unpublishes it first);
- saving or deleting content that pages show but that is not a page, or changing its
  many-to-many links: the models that apps register with `retire_pages_on_change` (partners,
  news categories, site settings, documents, images, redirects, privacy settings, sites).
Nothing else does. Saving a draft (also Wagtail's autosave), opening the editor and previewing
write revisions, log entries, editing sessions and preview data, none of which a visitor
sees; a public page must stay cached while someone edits. The new generation is taken when
the change is committed: taken earlier, a request could render the old content in between
and keep it under the new number.

A front cache, when configured (WAGTAILFRONTENDCACHE), is told to drop the Swedish and the
English address of a page that is published or unpublished, once each.

Requests that carry a session cookie (editors) and previews are never served from or stored
in the cache; nor is anything outside the /sv/ and /en/ trees (the admin, documents), or
any response that sets a cookie, streams, or says it is private.

A page is stored gzip-compressed when it may be compressed at all (icld_site.compression):
clients that accept gzip, nearly all, get the stored bytes as they are; others get them
decompressed.

`content_cached` keeps smaller things under the same generation: figures that many pages
show alike (database counts, the latest news, the menu), so that a page rendered afresh
does not recompute them. Within a public GET request the generation is read once, with
the first such entry; each process also keeps the entries it has read, pickled, for as
long as the generation stays the same, so a request that finds them there makes no round
trip to the cache for them.
"""

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from .compression import compressed, for_client

GENERATION_KEY = "page-cache:generation"
# When a page was last stored: the health check's sign that stale pages exist to serve.
LAST_STORED_KEY = "page-cache:last-stored"
# What Wagtail's save_revision() and locking write on a snippet: records of editing, which
# no page shows. Such a save leaves the cached pages alone.
EDITING_FIELDS = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by"}
)


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def invalidate_pages():
    """Retire every cached page now (see `retire_pages` for changes in a transaction)."""
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _first_generation(), timeout=None)


def retire_pages():
    """Retire every cached page once the current transaction commits (at once outside one).
    A failure to reach the cache is logged, not raised: the change itself is committed."""
    transaction.on_commit(invalidate_pages, robust=True)


def page_urls(page):
    """The page's full URL in every language, each once."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_full_url()
        if url and url not in urls:
            urls.append(url)
    return urls


def purge_front_cache(page):
    """Tell a configured front cache, after the commit, to drop the page in every language."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    # The addresses now, while the page exists: a deleted page is unpublished just before.
    urls = page_urls(page)
    transaction.on_commit(lambda: purge_urls_from_cache(urls), robust=True)


def _on_page_published_or_unpublished(instance, **kwargs):
    retire_pages()
    purge_front_cache(instance)


def _on_cache_recovered(**kwargs):
    invalidate_pages()


def _on_page_moved(**kwargs):
    retire_pages()


def _on_save(update_fields=None, raw=False, **kwargs):
    if raw or (update_fields and set(update_fields) <= EDITING_FIELDS):
        return
    retire_pages()


def _on_delete(**kwargs):
    retire_pages()


def _on_m2m_changed(action, **kwargs):
    if action.startswith("post_"):
        retire_pages()


def retire_pages_on_change(*models):
    """Saving or deleting an instance of one of `models`, or changing its many-to-many
    links (from either side), retires every cached page.

    For content that pages show but that is not a page; apps register theirs in
    AppConfig.ready(). Pages retire through publishing, never through a save, so that
    drafts leave the cache alone: register neither pages nor their inline (ParentalKey)
    models, which a page's draft writes too.
    """
    for model in models:
        label = model._meta.label
        post_save.connect(_on_save, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"page-cache-delete-{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _on_m2m_changed,
                sender=through,
                dispatch_uid=f"page-cache-m2m-{through._meta.label}",
            )


def connect_signals():
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .cache_backends import cache_recovered
    from .models import SiteSettings

    cache_recovered.connect(_on_cache_recovered, dispatch_uid="page-cache-recovered")
    for signal in (page_published, page_unpublished):
        signal.connect(_on_page_published_or_unpublished, dispatch_uid=f"page-cache-{id(signal)}")
    post_page_move.connect(_on_page_moved, dispatch_uid="page-cache-move")
    retire_pages_on_change(
        SiteSettings,
        Site,
        PageViewRestriction,
        get_document_model(),
        get_image_model(),
        Redirect,
    )
    _disconnect_wagtail_front_cache_handlers()


def _disconnect_wagtail_front_cache_handlers():
    """Wagtail's front-cache app purges a published page's address in the active language
    only; `purge_front_cache` covers both languages, so Wagtail's handlers are taken off.

    The app stays installed: Wagtail's redirects app, when it creates redirects for a moved
    or renamed page, purges the old addresses only if it is. Its handlers are connected in
    its ready(), which must run before ours: INSTALLED_APPS lists it before icld_site
    (tests/site/test_cache_retirement.py fails if a page is purged twice).
    """
    from wagtail.contrib.frontend_cache import signal_handlers
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished

    for model in apps.get_models():
        if issubclass(model, Page):
            page_published.disconnect(signal_handlers.page_published_signal_handler, sender=model)
            page_unpublished.disconnect(
                signal_handlers.page_unpublished_signal_handler, sender=model
            )


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        # A preview renders a draft through the middleware chain again (Wagtail's
        # make_preview_request): it must never get, or become, the public page.
        and not getattr(request, "is_dummy", False)
        and request.path.startswith(settings.PAGE_CACHE_PATH_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


def cache_key(request):
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    # The scheme too: a page's canonical and alternate links name it, and a request that
    # says it came over HTTPS (X-Forwarded-Proto) must not store a page for the others.
    raw = f"{request.scheme}|{request.get_host()}|{request.path}|{query}"
    return f"page-cache:{hashlib.sha256(raw.encode()).hexdigest()}"


def _first_generation():
    """A starting number never used before: if the cache drops the generation key, pages
    stored under an earlier number must not become current again."""
    return time.time_ns()


def _generation_or_first(cache, generation):
    """`generation` as read from the cache, or a new first one when the cache has none."""
    if generation is None:
        generation = _first_generation()
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


def lookup(cache, key):
    """(current generation, what is stored under `key`, of whatever generation), read in one
    round trip to the cache."""
    found = cache.get_many([GENERATION_KEY, key])
    return _generation_or_first(cache, found.get(GENERATION_KEY)), found.get(key)


def page_entry(generation, response):
    return (generation, timezone.localdate().isoformat(), time.time(), response)


def store_page(cache, key, entry):
    timeout = max(settings.PAGE_CACHE_SECONDS, settings.PAGE_STALE_SECONDS)
    cache.set_many({key: entry, LAST_STORED_KEY: entry[2]}, timeout)


def current_page(entry, generation):
    """The cached response if it is of the current generation, day and not too old."""
    if entry is None:
        return None
    stored_generation, day, stored_at, response = entry
    current = (
        stored_generation == generation
        and day == timezone.localdate().isoformat()
        and time.time() - stored_at < settings.PAGE_CACHE_SECONDS
    )
    return response if current else None


def stale_page(entry):
    """The cached response if it was stored within PAGE_STALE_SECONDS, current or not."""
    if entry is None or time.time() - entry[2] >= settings.PAGE_STALE_SECONDS:
        return None
    return entry[3]


def has_stale_pages():
    """Whether a page stored within PAGE_STALE_SECONDS can be read from the cache."""
    stored_at = page_cache().get(LAST_STORED_KEY)
    return stored_at is not None and time.time() - stored_at < settings.PAGE_STALE_SECONDS


class ContentGeneration:
    """The content generation a request renders, read once (None until then)."""

    def __init__(self, generation=None):
        self.generation = generation


_request_generation = ContextVar("content_generation", default=None)


@contextmanager
def content_generation_scope():
    """Within it, every `content_cached` entry is of one generation, read at most once."""
    scope = ContentGeneration()
    token = _request_generation.set(scope)
    try:
        yield scope
    finally:
        _request_generation.reset(token)


def reads_public_content(request):
    """A request that only reads the public site: one generation serves all of it. Not a
    POST, which may change content, nor a preview, which renders a draft."""
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_dummy", False)
        and request.path.startswith(settings.PAGE_CACHE_PATH_PREFIXES)
    )


class RecentEntries:
    """Content entries this process has read, as (generation, pickled value), the most
    recently used `size` of them. Pickled, so that every request gets its own copy, as it
    would from the cache."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, generation):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != generation:
                return None
            self.entries.move_to_end(key)
        return pickle.loads(entry[1])  # noqa: S301 (pickled by put(), in this process)

    def put(self, key, generation, value):
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self.lock:
            self.entries[key] = (generation, data)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


recent_entries = RecentEntries(size=1000)


def content_cached(key, compute):
    """`compute()`, computed once for each state of the site's content.

    For figures that every visitor sees alike and that cost whole-table queries (counts
    over the partnership database, the latest news, the menu): they are stored under the
    current content generation, so any content change retires them with the cached pages.
    Off when CONTENT_CACHE_SECONDS is 0. `compute` must not return None.
    """
    if settings.CONTENT_CACHE_SECONDS <= 0:
        return compute()
    cache = page_cache()
    key = f"content:{key}"
    scope = _request_generation.get()
    if scope is not None and scope.generation is not None:
        generation = scope.generation
        value = recent_entries.get(key, generation)
        if value is not None:
            return value
        entry = cache.get(key)
    else:
        generation, entry = lookup(cache, key)
        if scope is not None:
            scope.generation = generation
    stored_generation, value = entry or (None, None)
    if stored_generation != generation:
        value = compute()
        cache.set(key, (generation, value), settings.CONTENT_CACHE_SECONDS)
    if scope is not None:
        recent_entries.put(key, generation, value)
    return value


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not reads_public_content(request):
            return self.serve(request)
        with content_generation_scope() as scope:
            return self.serve(request, scope)

    def serve(self, request, scope=None):
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if request.path.startswith(settings.PAGE_CACHE_PATH_PREFIXES):
                # Pages seen with a session may carry the editor's userbar: keep them private.
                patch_vary_headers(response, ["Cookie"])
                if settings.SESSION_COOKIE_NAME in request.COOKIES:
                    patch_cache_control(response, private=True, no_cache=True)
            return response

        cache = page_cache()
        key = cache_key(request)
        generation, entry = lookup(cache, key)
        scope.generation = generation
        cached = current_page(entry, generation)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return for_client(request, cached)

        response = self.get_response(request)
        stale = stale_page(entry) if getattr(response, "database_unavailable", False) else None
        if stale is not None:
            stale["X-Page-Cache"] = "stale"
            # Not to be kept by browsers or proxies: the current page is back with the database.
            patch_cache_control(stale, no_cache=True)
            return for_client(request, stale)
        patch_vary_headers(response, ["Cookie"])
        if is_cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            # Stored compressed (once, whatever this client accepts): a hit costs no gzip.
            response = compressed(request, response)
            store_page(cache, key, page_entry(generation, response))
            response["X-Page-Cache"] = "miss"
            response = for_client(request, response)
        return response
