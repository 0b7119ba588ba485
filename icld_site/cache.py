"""A whole-page cache for anonymous visitors.

A cached page is keyed by host, path and query string, so Swedish and English pages can
never be mixed up, and by today's date in Europe/Stockholm, so the application-round
status is right on the day it is shown. Any content change (a page published or
unpublished, a news category, a partnership, a setting) bumps a generation number that is
stored with every cached page, which retires every cached page at once; the number and the
page are read together, in one round trip to the cache.

Requests that carry a session cookie (editors, previews) are never served from or stored
in the cache; nor is anything outside the /sv/ and /en/ trees (the admin, documents), or
any response that sets a cookie, streams, or says it is private.

`content_cached` keeps smaller things under the same generation: figures that many pages
show alike (database counts, the latest news, the menu), so that a page rendered afresh
does not recompute them.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "page-cache:generation"
# Saving a model of these apps can change what a public page shows.
CONTENT_APPS = {
    "programmes",
    "news",
    "partners",
    "icld_site",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "wagtailredirects",
}


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def invalidate_pages(**kwargs):
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _first_generation(), timeout=None)


def purge_front_cache(instance=None, **kwargs):
    """Tell a configured front cache to drop the page in every language."""
    if not settings.WAGTAILFRONTENDCACHE or instance is None:
        return
    from django.utils import translation
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = instance.get_full_url()
        if url:
            urls.append(url)
    purge_urls_from_cache(urls)


def _on_change(sender, **kwargs):
    if getattr(sender._meta, "app_label", None) in CONTENT_APPS:
        invalidate_pages()


def connect_signals():
    post_save.connect(_on_change, dispatch_uid="page-cache-save")
    post_delete.connect(_on_change, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_on_change, dispatch_uid="page-cache-m2m")
    from wagtail.signals import page_published, page_unpublished

    for signal in (page_published, page_unpublished):
        signal.connect(invalidate_pages, dispatch_uid=f"page-cache-{id(signal)}")
        signal.connect(purge_front_cache, dispatch_uid=f"front-cache-{id(signal)}")


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
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
    raw = f"{request.get_host()}|{request.path}|{query}|{timezone.localdate().isoformat()}"
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
    """(current generation, the value cached under `key` if it belongs to that
    generation), read in one round trip to the cache."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = _generation_or_first(cache, found.get(GENERATION_KEY))
    stored_generation, value = found.get(key, (None, None))
    return generation, value if stored_generation == generation else None


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
    generation, value = lookup(cache, key)
    if value is None:
        value = compute()
        cache.set(key, (generation, value), settings.CONTENT_CACHE_SECONDS)
    return value


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
        generation, cached = lookup(cache, key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached

        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if is_cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cache.set(key, (generation, response), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
