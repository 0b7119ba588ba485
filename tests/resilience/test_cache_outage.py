"""Redis down or slow: the site serves uncached, editors stay signed in, sign-in limits hold,
and no page retired during the outage comes back with Redis. Redis is reached through
the proxy of `redis_cache` (tests/resilience/conftest.py), which cuts, slows and restores it."""

import logging
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from programmes.models import ProgrammePage

pytestmark = pytest.mark.django_db

PROGRAMME = "/sv/kommunalt-partnerskap/"
PAGES = ["/sv/", "/en/", PROGRAMME, "/sv/aktuellt/", "/sv/kommunalt-partnerskap/databas/?q=kommun"]
# The proxy's pause on every chunk: far beyond the cache's socket time-out.
SLOW_SECONDS = 5


def wait_for_retry(settings):
    time.sleep(settings.CACHE_RETRY_SECONDS + 0.2)


def test_pages_are_cached_in_redis_while_it_answers(client, redis_cache):
    assert client.get(PROGRAMME)["X-Page-Cache"] == "miss"
    assert client.get(PROGRAMME)["X-Page-Cache"] == "hit"


def test_with_redis_cut_every_page_renders_uncached(client, redis_cache, caplog):
    for url in PAGES:
        client.get(url)
    redis_cache.cut()
    with caplog.at_level(logging.ERROR, logger="icld_site.cache_backends"):
        for url in PAGES * 2:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"
    # Logged once for the outage, not once a request.
    assert len(caplog.records) == 1
    assert "cache is unavailable" in caplog.records[0].getMessage()


def test_a_slow_redis_costs_a_request_at_most_its_time_out(client, redis_cache, settings):
    redis_cache.slow(SLOW_SECONDS)
    started = time.monotonic()
    assert client.get(PROGRAMME).status_code == 200
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(2):
        assert client.get(PROGRAMME).status_code == 200
    # The first request waits one socket time-out; later ones leave Redis alone.
    assert first < SLOW_SECONDS
    assert time.monotonic() - started < SLOW_SECONDS


def test_redis_back_serves_cached_pages_again(client, redis_cache, settings):
    redis_cache.cut()
    client.get(PROGRAMME)
    redis_cache.restore()
    wait_for_retry(settings)
    assert client.get(PROGRAMME)["X-Page-Cache"] == "miss"
    assert client.get(PROGRAMME)["X-Page-Cache"] == "hit"


def test_a_page_published_during_the_outage_replaces_the_cached_one(
    client, redis_cache, committed, settings
):
    assert client.get(PROGRAMME)["X-Page-Cache"] == "miss"
    assert client.get(PROGRAMME)["X-Page-Cache"] == "hit"
    redis_cache.cut()
    page = ProgrammePage.objects.get()
    page.title_sv = "Publicerad medan cachen låg nere"
    with committed():
        page.save_revision().publish()
    assert "Publicerad medan cachen låg nere" in client.get(PROGRAMME).content.decode()
    redis_cache.restore()
    wait_for_retry(settings)
    response = client.get(PROGRAMME)
    assert "Publicerad medan cachen låg nere" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_editors_stay_signed_in_and_can_sign_in_and_out(redis_cache, admin_user):
    editor = Client()
    editor.force_login(admin_user)
    assert editor.get("/admin/").status_code == 200
    redis_cache.cut()
    assert editor.get("/admin/").status_code == 200
    newcomer = Client()
    response = newcomer.post("/admin/login/", {"username": "admin", "password": "password"})
    assert response.status_code == 302
    assert newcomer.get("/admin/").status_code == 200
    signed_out_cookie = editor.cookies["sessionid"].value
    editor.post("/admin/logout/")
    redis_cache.restore()
    returning = Client()
    returning.cookies["sessionid"] = signed_out_cookie
    assert returning.get("/admin/").status_code == 302


LOCKED = {
    "sv": "Inloggningen är spärrad efter för många misslyckade försök",
    "en": "Sign-in is locked after too many failed attempts",
}


@override_settings(AXES_ENABLED=True)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_sign_in_lock_out_holds_without_redis(redis_cache, language):
    get_user_model().objects.create_user("redaktor", password="ratt-losenord-123", is_staff=True)
    redis_cache.cut()
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    for _ in range(5):
        browser.post("/admin/login/", {"username": "redaktor", "password": "fel"})
    response = browser.post(
        "/admin/login/", {"username": "redaktor", "password": "ratt-losenord-123"}
    )
    assert response.status_code == 429
    assert LOCKED[language] in response.content.decode()


def test_page_feedback_is_limited_in_redis_and_still_taken_without_it(client, redis_cache):
    """The hourly allowance is counted in Redis, which every app server shares; while Redis
    is down answers are taken uncounted rather than refused or answered with a 500."""
    from icld_site.models import PageFeedback

    page = ProgrammePage.objects.get()
    answer = {"page": page.pk, "helpful": "yes"}

    def send():
        return client.post("/sv/feedback/", answer, HTTP_ORIGIN="http://testserver").status_code

    # Inside redis_cache's own override: the `settings` fixture would be undone after it and
    # put the Redis cache back for the tests that follow.
    with override_settings(FEEDBACK_RATE_LIMIT=1):
        assert [send(), send()] == [200, 429]
        redis_cache.cut()
        assert [send(), send()] == [200, 200]
    assert PageFeedback.objects.count() == 3
