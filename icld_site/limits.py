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
import ipaddress
import time
from functools import lru_cache
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
    """The address of the visitor who sent `request`: the limits here, the sign-in lock-out
    (AXES_CLIENT_IP_CALLABLE) and the logs all count by it.

    Without TRUSTED_PROXIES it is the peer of the connection (REMOTE_ADDR), and
    X-Forwarded-For is ignored: anybody can send that header. When the peer is one of the
    TRUSTED_PROXIES, the header is read from its right-hand end, where each trusted proxy
    appended the address it was connected from, and the first address that is not a trusted
    proxy is the visitor's; whatever stands to the left of it came from the visitor and is
    not believed."""
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not trusted or not is_within(parse_address(peer), trusted):
        return peer
    address = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop_address = parse_address(hop.strip())
        if hop_address is None:
            # Not an address: the proxy that appended it is unknown, so is anything further.
            break
        address = str(hop_address)
        if not is_within(hop_address, trusted):
            break
    return address


@lru_cache(maxsize=8)
def trusted_networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse_address(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_within(address, networks):
    return address is not None and any(address in network for network in networks)


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
