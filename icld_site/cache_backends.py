"""A Redis cache that the site can do without.

When Redis refuses a connection, times out or fails otherwise, a call answers what an
empty cache would (a miss; nothing stored) instead of raising, so pages render uncached.
After a failure the process leaves Redis alone for CACHE_RETRY_SECONDS, so that an outage
costs a request no waiting, and the failure is logged at most once per
CACHE_FAILURE_LOG_SECONDS. Connection and socket time-outs come from the cache's OPTIONS
(`socket_connect_timeout`, `socket_timeout`).

Writes made during an outage are lost, a retired page generation among them. So the first
time a process reaches Redis again after a failure, before anything else, it sends
`cache_recovered`; icld_site.cache retires every cached page on it.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

cache_recovered = Signal()


class _Outage:
    """Per process and Redis server: whether to leave it alone, and when we last said so."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = None  # time.monotonic() after which Redis is tried again
        self.logged_at = None


_outages = {}
_outages_lock = threading.Lock()

# What each call answers while Redis cannot be reached: what an empty cache would.
_FALLBACKS = {
    "add": lambda *args: False,
    "get": lambda key, default: default,
    "set": lambda *args: None,
    "touch": lambda *args: False,
    "delete": lambda *args: False,
    "get_many": lambda *args: {},
    "has_key": lambda *args: False,
    "incr": lambda *args: None,
    "set_many": lambda *args: None,
    "delete_many": lambda *args: None,
    "clear": lambda *args: False,
}


def _guarded(name, fallback):
    method = getattr(RedisCacheClient, name)

    def call(self, *args):
        if self.reachable():
            try:
                return method(self, *args)
            except RedisError as error:
                self.failed(error)
        return fallback(*args)

    call.__name__ = name
    return call


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}
        with _outages_lock:
            self._outage = _outages.setdefault(tuple(servers), _Outage())

    def get_client(self, key=None, *, write=False):
        # Django builds a new redis.Redis, with its table of reply handlers, for every call;
        # one client per connection pool serves them all (clients share the pool's
        # connections, thread-safely).
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def reachable(self):
        outage = self._outage
        if outage.retry_at is None:
            return True
        if time.monotonic() < outage.retry_at:
            return False
        with outage.lock:
            if outage.retry_at is None:  # another thread found it back meanwhile
                return True
            try:
                self.get_client(write=True).ping()
            except RedisError as error:
                self.failed(error)
                return False
            outage.retry_at = None
        logger.warning("The cache is reachable again.")
        cache_recovered.send(sender=type(self))
        return True

    def failed(self, error):
        outage = self._outage
        now = time.monotonic()
        outage.retry_at = now + settings.CACHE_RETRY_SECONDS
        if outage.logged_at is None or now - outage.logged_at >= settings.CACHE_FAILURE_LOG_SECONDS:
            outage.logged_at = now
            logger.error("The cache is unavailable; pages are served uncached: %r", error)


for _name, _fallback in _FALLBACKS.items():
    setattr(ResilientRedisCacheClient, _name, _guarded(_name, _fallback))


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis is unavailable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def is_available(self):
        """Whether Redis answers now (for the health check; asks even during an outage)."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError:
            return False
        return True
