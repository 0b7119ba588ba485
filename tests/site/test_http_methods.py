"""What an outsider can send in the request line and headers: HEAD is answered as GET
without a body, TRACE is refused, the page cache keeps each scheme's pages apart, and a bad
Host or an oversized body is logged as one warning line."""

import io
import json
import logging

import pytest
from django.test import override_settings

from icld_site.logging import JsonFormatter
from partners.models import Partnership
from tests.helpers import DATABASE, HOME, NEWS, PROGRAMME, soup

pytestmark = pytest.mark.django_db


def public_urls():
    partnership = Partnership.objects.public().order_by("pk").first()
    return [
        HOME["sv"],
        PROGRAMME["en"],
        NEWS["sv"],
        DATABASE["sv"],
        partnership.get_absolute_url(),
        DATABASE["sv"] + "export/csv/",
        DATABASE["sv"] + "export/json/",
        DATABASE["sv"] + "export/xlsx/",
        "/sv/api/v1/partnerships/",
        f"/sv/api/v1/partnerships/{partnership.pk}/",
        "/sv/api/v1/openapi.json",
        "/sv/feeds/news/rss/",
        "/en/feeds/news/atom/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/sv/sok/?q=kommun",
        "/sv/prenumerera/",
        f"/sv/skriv-till/{partnership.slug}/",
    ]


def test_head_is_answered_as_get_without_a_body(client):
    for url in public_urls():
        got = client.get(url)
        head = client.head(url)
        assert (url, head.status_code) == (url, got.status_code) and got.status_code == 200
        assert head["Content-Type"] == got["Content-Type"]
        body = b"".join(head.streaming_content) if head.streaming else head.content
        assert body == b""


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT"])
@pytest.mark.parametrize(
    "url", ["/", HOME["sv"], DATABASE["en"], "/sv/api/v1/partnerships/", "/healthz", "/admin/"]
)
def test_trace_is_refused(client, method, url):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"] and "GET" in response["Allow"]


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
@pytest.mark.usefixtures("page_cache_on")
def test_a_page_stored_for_one_scheme_is_never_served_to_another(client):
    # Behind a proxy both come with the same Host header.
    client.defaults["HTTP_HOST"] = "testserver"
    client.get(PROGRAMME["sv"])
    plain = client.get(PROGRAMME["sv"])
    assert plain["X-Page-Cache"] == "hit"
    assert soup(plain).select_one('link[rel="canonical"]')["href"].startswith("http://")
    over_https = client.get(PROGRAMME["sv"], HTTP_X_FORWARDED_PROTO="https")
    assert over_https["X-Page-Cache"] == "miss"
    assert soup(over_https).select_one('link[rel="canonical"]')["href"].startswith("https://")
    again = client.get(PROGRAMME["sv"])
    assert again["X-Page-Cache"] == "hit"
    assert soup(again).select_one('link[rel="canonical"]')["href"].startswith("http://")


@pytest.fixture
def log_lines():
    """What the site's own log handler (JSON lines on the console) writes meanwhile."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, JsonFormatter)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


def test_a_bad_host_is_one_warning_line(client, log_lines):
    response = client.get(HOME["sv"], HTTP_HOST="evil.example")
    assert response.status_code == 400
    [entry] = log_lines()
    assert entry["level"] == "WARNING" and "exception" not in entry
    assert "evil.example" in entry["message"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversized_body_is_one_warning_line(client, log_lines):
    response = client.post(
        "/sv/prenumerera/",
        "email=" + "x" * 5000,
        content_type="application/x-www-form-urlencoded",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    [entry] = log_lines()
    assert entry["level"] == "WARNING" and "exception" not in entry
