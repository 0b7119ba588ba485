"""Public responses go out gzip-compressed to clients that accept it; responses that may
hold a secret (the admin, an editor's pages, a page with a CSRF token) never do, and the
page cache stores pages compressed so that a hit costs no compression."""

import gzip
from unittest import mock

import pytest
from django.middleware import gzip as django_gzip
from wagtail.models import PageViewRestriction

from programmes.models import ContentPage
from tests.helpers import CONTENT, DATABASE, HOME, LANGUAGES, NEWS, PROGRAMME

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def public_urls(language):
    return [
        HOME[language],
        PROGRAMME[language],
        NEWS[language],
        f"{DATABASE[language]}?q=kommun",
        f"/{language}/feeds/news/rss/",
        f"/{language}/api/v1/partnerships/",
        f"{DATABASE[language]}export/json/",
        f"{DATABASE[language]}export/csv/",
    ]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_feeds_api_and_exports_are_compressed_for_clients_that_accept_gzip(
    client, language
):
    for url in public_urls(language):
        plain = client.get(url)
        packed = client.get(url, **GZIP)
        assert plain.status_code == packed.status_code == 200, url
        assert "Content-Encoding" not in plain, url
        assert packed["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in packed["Vary"], url
        assert "Accept-Encoding" in plain["Vary"], url
        assert gzip.decompress(body(packed)) == body(plain), url


@pytest.mark.django_db
def test_the_admin_is_never_compressed(client, editor_client):
    assert "Content-Encoding" not in client.get("/admin/login/", **GZIP)
    response = editor_client.get("/admin/", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response


@pytest.mark.django_db
def test_an_editors_view_of_a_public_page_is_not_compressed(editor_client):
    response = editor_client.get(HOME["sv"], **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_public_page_with_a_csrf_token_is_not_compressed(client, language):
    page = ContentPage.objects.get(url_path__endswith="/sa-ansoker-du/")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    response = client.get(CONTENT[language], **GZIP)
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cached_page_is_stored_compressed_and_served_without_compressing_again(
    client, page_cache_on, language
):
    url = PROGRAMME[language]
    compress = mock.Mock(wraps=django_gzip.compress_string)
    with mock.patch.object(django_gzip, "compress_string", compress):
        # The first visitor takes no gzip: the page is compressed once, for the cache.
        first = client.get(url)
        assert first["X-Page-Cache"] == "miss"
        assert "Content-Encoding" not in first
        assert compress.call_count == 1

        hit = client.get(url, **GZIP)
        assert hit["X-Page-Cache"] == "hit"
        assert hit["Content-Encoding"] == "gzip"
        assert gzip.decompress(hit.content) == first.content
        assert int(hit["Content-Length"]) == len(hit.content)

        plain_hit = client.get(url)
        assert plain_hit["X-Page-Cache"] == "hit"
        assert "Content-Encoding" not in plain_hit
        assert plain_hit.content == first.content
        assert int(plain_hit["Content-Length"]) == len(first.content)
        assert "Accept-Encoding" in plain_hit["Vary"]
    assert compress.call_count == 1


@pytest.mark.django_db
def test_a_page_first_asked_for_with_gzip_is_stored_as_sent(client, page_cache_on):
    compress = mock.Mock(wraps=django_gzip.compress_string)
    with mock.patch.object(django_gzip, "compress_string", compress):
        miss = client.get(NEWS["en"], **GZIP)
        hit = client.get(NEWS["en"], **GZIP)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.content == miss.content
    assert compress.call_count == 1


@pytest.mark.django_db
def test_a_streamed_export_is_compressed_chunk_by_chunk(client, monkeypatch):
    from partners.database import exports

    monkeypatch.setattr(exports, "CACHEABLE_EXPORT_ROWS", 1)
    url = f"{DATABASE['sv']}export/csv/"
    plain = client.get(url)
    packed = client.get(url, **GZIP)
    assert plain.streaming and packed.streaming
    assert packed["Content-Encoding"] == "gzip"
    assert "Content-Length" not in packed
    assert gzip.decompress(body(packed)) == body(plain)
