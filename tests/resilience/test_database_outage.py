"""Database down, unreachable or slow: anonymous visitors get the page cached in the last
PAGE_STALE_SECONDS, marked stale; every other request gets the 503 page in the URL's
language, which makes no query; robots.txt, static files and the health check answer.

The first tests make the database fail inside Django (any database); the rest cut, slow
and hang PostgreSQL itself through the proxy of tests/resilience/conftest.py."""

import logging
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory, override_settings

from icld_site.cache import invalidate_pages
from icld_site.views import service_unavailable
from programmes.models import HomePage

pytestmark = pytest.mark.django_db

UNAVAILABLE = {
    "sv": "Webbplatsen är tillfälligt otillgänglig",
    "en": "The site is temporarily unavailable",
}
HOME = {"sv": "/sv/", "en": "/en/"}
PROGRAMME = "/sv/kommunalt-partnerskap/"
NEVER_CACHED = {"sv": "/sv/aktuellt/", "en": "/en/news/"}


def database_fails():
    return mock.patch.object(
        HomePage, "get_context", side_effect=OperationalError("connection refused")
    )


def assert_unavailable_page(response, language):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert UNAVAILABLE[language] in html
    other = "en" if language == "sv" else "sv"
    assert UNAVAILABLE[other] not in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_unavailable_page_makes_no_query(language, django_assert_num_queries):
    request = RequestFactory().get(HOME[language])
    with django_assert_num_queries(0):
        response = service_unavailable(request)
    assert_unavailable_page(response, language)


def test_outside_the_language_trees_the_unavailable_page_has_both_languages():
    html = service_unavailable(RequestFactory().get("/admin/")).content.decode()
    assert UNAVAILABLE["sv"] in html and UNAVAILABLE["en"] in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_database_error_gives_the_unavailable_page(visitor, language):
    with database_fails():
        response = visitor.get(HOME[language])
    assert_unavailable_page(response, language)


def test_an_outage_is_logged_once_not_once_a_request(visitor, caplog):
    for log_filter in logging.getLogger("django.request").filters:
        log_filter.logged_at = None  # an earlier test's outage
    with database_fails(), caplog.at_level(logging.ERROR, logger="django.request"):
        for _ in range(3):
            assert visitor.get(HOME["sv"]).status_code == 503
    with mock.patch.object(HomePage, "get_context", side_effect=ValueError("a bug")):
        visitor.get(HOME["sv"])
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert [type(record.exc_info[1]) for record in logged] == [OperationalError, ValueError]


def test_other_errors_stay_errors(visitor):
    with mock.patch.object(HomePage, "get_context", side_effect=ValueError("a bug")):
        response = visitor.get(HOME["sv"])
    assert response.status_code == 500


def test_a_retired_cached_page_is_served_stale_when_the_database_fails(
    visitor, page_cache_on, committed
):
    assert visitor.get(HOME["sv"])["X-Page-Cache"] == "miss"
    with committed():
        invalidate_pages()
    with database_fails():
        response = visitor.get(HOME["sv"])
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale"
    assert "no-cache" in response["Cache-Control"]
    # With the database back the page renders afresh.
    assert visitor.get(HOME["sv"])["X-Page-Cache"] == "miss"


def test_no_stale_page_after_its_time(visitor, page_cache_on, committed):
    visitor.get(HOME["sv"])
    with committed():
        invalidate_pages()
    with override_settings(PAGE_STALE_SECONDS=0), database_fails():
        assert visitor.get(HOME["sv"]).status_code == 503


def test_signed_in_editors_get_the_unavailable_page_not_a_stale_one(
    visitor, admin_client, page_cache_on, committed
):
    visitor.get(HOME["sv"])
    with committed():
        invalidate_pages()
    admin_client.raise_request_exception = False
    with database_fails():
        assert admin_client.get(HOME["sv"]).status_code == 503


def test_health_reports_the_database_down_but_stale_pages_to_serve(client, visitor, page_cache_on):
    visitor.get(HOME["sv"])
    with mock.patch("icld_site.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "unavailable", "cache": "ok"}


# PostgreSQL itself cut, slowed and hung, with the cache in Redis.


@pytest.fixture
def site_through_proxies(through_postgres_proxy, redis_cache):
    with through_postgres_proxy() as postgres:
        yield postgres, redis_cache


def test_with_postgres_cut_pages_cached_earlier_are_served(visitor, site_through_proxies):
    postgres, _redis = site_through_proxies
    for url in (*HOME.values(), PROGRAMME):
        assert visitor.get(url)["X-Page-Cache"] == "miss"
    invalidate_pages()  # as another worker's publishing would, a minute before the outage
    postgres.cut()
    for url in (*HOME.values(), PROGRAMME):
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert response["X-Page-Cache"] == "stale"
    for language, url in NEVER_CACHED.items():
        assert_unavailable_page(visitor.get(url), language)
    assert visitor.get("/robots.txt").status_code == 200
    assert visitor.get("/healthz").json() == {
        "status": "degraded",
        "database": "unavailable",
        "cache": "ok",
    }
    postgres.restore()
    # Django closes a broken connection when a request ends; the test client does not.
    connection.close()
    response = visitor.get(NEVER_CACHED["sv"])
    assert response.status_code == 200
    assert visitor.get("/healthz").json()["status"] == "ok"


def test_with_postgres_and_redis_cut_the_health_check_says_the_site_cannot_serve(
    client, visitor, site_through_proxies
):
    postgres, redis = site_through_proxies
    visitor.get(HOME["sv"])
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    redis.cut()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    postgres.cut()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "unavailable"}
    assert_unavailable_page(visitor.get(HOME["en"]), "en")


def test_static_files_are_served_with_postgres_cut(through_postgres_proxy, settings, tmp_path):
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0],
        "whitenoise.middleware.WhiteNoiseMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    settings.WHITENOISE_USE_FINDERS = True
    settings.STATIC_ROOT = tmp_path

    with through_postgres_proxy() as postgres:
        postgres.cut()
        assert Client().get("/static/css/site.css").status_code == 200


def test_the_web_server_cancels_slow_statements():
    if connection.vendor != "postgresql":
        pytest.skip("statement time-outs are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"


def test_a_request_whose_query_times_out_gets_the_unavailable_page(visitor, through_postgres_proxy):
    original = HomePage.get_context

    def slow_context(page, request, *args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(10)")
        return original(page, request, *args, **kwargs)

    with (
        through_postgres_proxy(options="-c statement_timeout=500"),
        mock.patch.object(HomePage, "get_context", slow_context),
    ):
        started = time.monotonic()
        response = visitor.get(HOME["sv"])
    assert time.monotonic() - started < 8
    assert_unavailable_page(response, "sv")


def test_an_unanswering_database_is_given_up_quickly(visitor, through_postgres_proxy):
    with through_postgres_proxy() as postgres:
        postgres.hang()
        started = time.monotonic()
        response = visitor.get(HOME["en"])
    # connect_timeout is 2 s; generous for a loaded machine, far below gunicorn's 30 s.
    assert time.monotonic() - started < 15
    assert_unavailable_page(response, "en")


def test_a_slow_database_still_serves(visitor, through_postgres_proxy):
    with through_postgres_proxy() as postgres:
        postgres.slow(0.05)
        assert visitor.get(NEVER_CACHED["sv"]).status_code == 200
