"""gzip for public responses: pages, feeds, sitemaps, the API and the exports.

Compression and secrets in one response invite BREACH: an attacker who can put text into a
page (a search term) and watch its compressed size can guess a secret on it byte by byte.
So a response is compressed only when it can hold no secret:

- it is public: under the language trees (PAGE_CACHE_PATH_PREFIXES, /sv/ and /en/) or a
  sitemap; never the admin, documents or anything else;
- the request carries no session cookie (an editor's page may show the user bar and
  personal data) and no Authorization header;
- the response sets no cookie, and its rendering did not ask for the CSRF token
  (`{% csrf_token %}` or get_token() mark the request; Django then also sets the cookie).

Everything else goes out as it is. Django's GZipMiddleware does the work (with its random
padding against size guessing); streamed exports are compressed chunk by chunk.

The page cache (icld_site.cache) stores a page compressed, once, whatever the first
client accepted, and decompresses a stored page for the rare client that takes no gzip
(`for_client`).
"""

import gzip

from django.conf import settings
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip

PUBLIC_PATHS_OUTSIDE_LANGUAGES = ("/sitemap",)


def accepts_gzip(request):
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def may_compress(request, response):
    """Whether `response` to `request` is public and free of secrets (see above)."""
    return (
        request.path.startswith(settings.PAGE_CACHE_PATH_PREFIXES + PUBLIC_PATHS_OUTSIDE_LANGUAGES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
    )


class _AcceptsGzip:
    META = {"HTTP_ACCEPT_ENCODING": "gzip"}


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for the responses that `may_compress`."""

    def process_response(self, request, response):
        if not may_compress(request, response):
            return response
        return super().process_response(request, response)


def compressed(request, response):
    """`response`, gzip-compressed for storage whatever `request` accepts, when it may be;
    otherwise unchanged."""
    if response.has_header("Content-Encoding") or not may_compress(request, response):
        return response
    return GZipMiddleware(lambda request: response).process_response(_AcceptsGzip(), response)


def for_client(request, response):
    """A stored response as `request` accepts it: decompressed when it is gzip-compressed
    and the client takes no gzip."""
    if response.get("Content-Encoding") == "gzip" and not accepts_gzip(request):
        response.content = gzip.decompress(response.content)
        del response.headers["Content-Encoding"]
        response.headers["Content-Length"] = str(len(response.content))
    return response
