"""A live server with the demo site and one headless Chromium, shared by every browser test.

pytest-django's `live_server` fixture would make each test transactional: the database is
flushed after every test, which also wipes the demo content that the rest of the suite
shares (tests/conftest.py loads it once per session). Instead one server thread is started
for the session on the same test database, reading the committed demo content; a test that
writes (the editor's journey) puts the demo content back itself.
"""

import os
from pathlib import Path

import pytest

from .helpers import DESKTOP

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Chromium must not call home: this machine's network is closed, and the tests must not
# depend on anything but the local server.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
LOCALES = {"sv": "sv-SE", "en": "en-GB"}


def pytest_collection_modifyitems(config, items):
    missing = not CHROMIUM.exists()
    for item in items:
        if "tests/browser/" not in str(item.path).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.browser)
        # Makes pytest-django create the test database even when only browser tests run;
        # _django_db_helper below keeps the marker from wrapping the test in a transaction.
        item.add_marker(pytest.mark.django_db)
        if missing:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"Chromium not found at {CHROMIUM}: install Debian's chromium "
                    "or set CHROMIUM_PATH (Playwright never downloads its own browser)."
                )
            )


@pytest.fixture(scope="session")
def site_server(django_db_setup, django_db_blocker):
    """The demo site served by a thread on 127.0.0.1, on the session's test database."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
    server._live_server_modified_settings.enable()
    yield server.url
    server._live_server_modified_settings.disable()
    server.stop()
    with django_db_blocker.unblock():
        _close_server_connections()


def _close_server_connections():
    """End the server's request threads' sessions on the test database.

    Each request thread closes its connection when the browser drops the socket, which may
    come a moment after the session ends; PostgreSQL then refuses to drop the test database
    while "another session" is using it.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def _django_db_helper(django_db_setup, django_db_blocker):
    """Browser tests read and write the committed database, as the server thread does.

    Overrides pytest-django's helper behind the django_db marker, which would otherwise
    hold each test in a transaction that the server thread cannot see into.
    """
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="package")
def chromium(site_server):
    """One browser for all the browser tests, closed before the rest of the suite runs.

    Playwright's sync API keeps an event loop running in the test thread while it is
    open, so Django's guard against the ORM in async code is lifted meanwhile.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(site_server, chromium):
    """new_page(language, viewport=DESKTOP, javascript=True): a page in a fresh context."""
    contexts = []

    def make(language="sv", viewport=None, javascript=True):
        context = chromium.new_context(
            base_url=site_server,
            locale=LOCALES[language],
            viewport=viewport or DESKTOP,
            accept_downloads=True,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
