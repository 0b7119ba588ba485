"""Counting allowances across every worker and machine, and telling this site's own POSTs.

`allow(scope, identity, limit, window)` counts one use of `identity` (an IP address, an
e-mail address, a recipient id) in `scope` within fixed windows of `window` seconds, in the
page cache (Redis in production, so the count is shared by every gunicorn worker and
machine). The identity is stored only as a keyed hash. While the cache cannot be reached,
nothing is counted and everything is allowed (icld_site.cache_backends): a mail server or
a moderator is a better last line than an error page.
"""

import hashlib
import hmac
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches


def allow(scope, identity, limit, window):
    """Count one use; False once `identity` has used `limit` in the current window."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), str(identity).strip().lower().encode(), hashlib.sha256
    ).hexdigest()
    key = f"limit:{scope}:{digest}:{int(time.time() // window)}"
    cache = caches[settings.PAGE_CACHE_ALIAS]
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr(): a fresh window
        return True
    return count is None or count <= limit


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def is_from_this_site(request):
    """Whether the browser says this POST comes from one of this site's pages: its Origin
    header, or failing that its Referer, is this site's origin or a CSRF_TRUSTED_ORIGINS
    entry."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    try:
        parts = urlsplit(source)
    except ValueError:
        return False
    if not (parts.scheme and parts.netloc):
        return False
    origin = f"{parts.scheme}://{parts.netloc}"
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
