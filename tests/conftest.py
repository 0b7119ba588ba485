import os
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import translation

from tests.factories import EditorFactory

# The suite never reads the real clock. The demo content is loaded at DEMO_LOADED_AT, and the
# tests then run on a clock that starts at TEST_NOW and ticks. CI runs the tests marked
# `clock` again with KP_TEST_NOW set to days on which dates turn (see .ci/run).
DEMO_LOADED_AT = "2026-02-02 09:00:00+01:00"
TEST_NOW = os.environ.get("KP_TEST_NOW") or "2026-02-10 10:00:00+01:00"


def pytest_configure(config):
    # Started here, before collection, so that nothing a test module computes on import
    # reads the real day either.
    config._test_clock = time_machine.travel(TEST_NOW, tick=True)
    config._test_clock.start()


def pytest_unconfigure(config):
    config._test_clock.stop()


# Tests of what shows or acts on dates: the snapshot, round status and calendar, reminders and
# digests, expiry, verification age, "last updated", feeds.
CLOCK_MODULES = {
    "news/test_alerts.py",
    "news/test_articles.py",
    "news/test_feeds.py",
    "partners/test_contact_verification.py",
    "partners/test_saved_search_digest.py",
    "partners_public/test_partner_requests.py",
    "programmes/test_programme_page.py",
    "programmes/test_rounds.py",
    "site/test_last_updated.py",
    "site/test_send_notifications.py",
    "site/test_subscription_life.py",
    "site/test_subscriptions.py",
    "site/test_visible_text_snapshot.py",
}


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).parent
    for item in items:
        if item.path.relative_to(tests).as_posix() in CLOCK_MODULES:
            item.add_marker(pytest.mark.clock)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo site; each test's changes are rolled back."""
    with django_db_blocker.unblock(), time_machine.travel(DEMO_LOADED_AT, tick=False):
        call_command("load_demo_content", verbosity=0)


@pytest.fixture(autouse=True)
def _reset_language():
    """A test that activates a language must not leak it into the next test."""
    yield
    translation.activate("sv")


@pytest.fixture
def home_page(db):
    from programmes.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def editor(db):
    """A member of the editors' group ("Redaktörer"), the programme team's role."""
    return EditorFactory()


@pytest.fixture
def editor_client(editor):
    """A client signed in as `editor`; the `client` fixture stays anonymous beside it."""
    signed_in = Client()
    signed_in.force_login(editor)
    return signed_in


@pytest.fixture
def page_cache_on():
    """The anonymous page cache switched on, empty before and after the test."""
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield
    cache.clear()


@pytest.fixture
def content_cache_on():
    """Only the content cache (icld_site.cache.content_cached) on, empty before and after."""
    cache.clear()
    with override_settings(CONTENT_CACHE_SECONDS=300, PAGE_CACHE_SECONDS=0):
        yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs, when the block ends, what waits for a commit (the test's own
    transaction never commits): the page cache retires pages only after a change commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


class SmtpServer:
    """A real SMTP server on loopback that keeps what it accepts in `received`: (the
    envelope's recipients, the parsed message). stop() and start() again keep its port."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


@pytest.fixture
def smtp_server(settings):
    """The site sends its e-mail over SMTP to a server on loopback started for the test."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    if server.controller:
        server.stop()
