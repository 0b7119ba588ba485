"""Fault fixtures: a TCP proxy (tcp_proxy.TCPProxy) in front of Redis and in front of
PostgreSQL, through which the site under test reaches them, so that a test can cut, slow
and restore each service. Redis tests skip when Redis is not reachable; PostgreSQL tests
skip unless the suite runs on PostgreSQL."""

import copy
import os
import socket
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.db import connection, connections
from django.test import Client, override_settings

from icld_site import cache_backends

from .tcp_proxy import TCPProxy

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _reachable(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_proxy():
    url = urlsplit(REDIS_URL)
    host, port = url.hostname or "127.0.0.1", url.port or 6379
    if not _reachable(host, port):
        pytest.skip(f"Redis is not reachable at {host}:{port} (TEST_REDIS_URL)")
    proxy = TCPProxy(host, port).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def redis_cache(redis_proxy, settings):
    """The site's cache in Redis through the proxy, with the page and content caches on.
    Keys carry a prefix of their own (other people's tests share the Redis server), and are
    removed afterwards."""
    import redis

    prefix = f"faulttest-{uuid.uuid4().hex}"
    url = urlsplit(REDIS_URL)
    location = f"redis://127.0.0.1:{redis_proxy.port}{url.path or '/0'}"
    caches = {
        "default": {
            "BACKEND": "icld_site.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "socket_connect_timeout": settings.CACHE_TIMEOUT_SECONDS,
                "socket_timeout": settings.CACHE_TIMEOUT_SECONDS,
            },
        }
    }
    # The proxy's port may be one an earlier test's proxy had: forget that one's outage.
    cache_backends._outages.clear()
    with override_settings(
        CACHES=caches,
        PAGE_CACHE_SECONDS=300,
        CONTENT_CACHE_SECONDS=300,
        PAGE_STALE_SECONDS=600,
        CACHE_RETRY_SECONDS=1,
    ):
        yield redis_proxy
    direct = redis.Redis.from_url(REDIS_URL)
    keys = list(direct.scan_iter(match=f"{prefix}:*"))
    if keys:
        direct.delete(*keys)


@pytest.fixture
def postgres_proxy(db):
    if connection.vendor != "postgresql":
        pytest.skip("database fault tests need PostgreSQL (DATABASE_URL=postgres://...)")
    proxy = TCPProxy(
        connection.settings_dict["HOST"] or "127.0.0.1", connection.settings_dict["PORT"] or 5432
    ).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def through_postgres_proxy(postgres_proxy):
    """While the test runs, the site's requests reach PostgreSQL through the proxy, on a
    connection of their own (in autocommit: they see the demo content, not the test's own
    uncommitted changes). The test's connection is put back afterwards."""

    @contextmanager
    def swapped(**options):
        original = connections["default"]
        settings_dict = copy.deepcopy(original.settings_dict)
        settings_dict.update(HOST="127.0.0.1", PORT=str(postgres_proxy.port))
        settings_dict["OPTIONS"].update(options)
        proxied = type(original)(settings_dict, alias="default")
        connections["default"] = proxied
        try:
            yield postgres_proxy
        finally:
            proxied.close()
            connections["default"] = original

    return swapped


@pytest.fixture
def visitor():
    """A client that gets the response a visitor would, not the exception behind a 500."""
    return Client(raise_request_exception=False)
