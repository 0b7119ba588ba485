"""A first visit to the programme page stays light and never reaches another host; the
database page's world map does not weigh down every search result page."""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from bench.measurement import Resources

PAGE_WEIGHT_LIMIT = 100 * 1024


def resource_size(client, url):
    path = urlparse(url).path
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        assert found, f"{url} is not a static file"
        return Path(found).stat().st_size
    response = client.get(url)
    assert response.status_code == 200, url
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sv/kommunalt-partnerskap/", "/en/municipal-partnership/"])
def test_programme_page_first_visit_is_under_100_kb_and_stays_on_the_site(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = Resources()
    parser.feed(response.content.decode())
    assert any(link.endswith(".css") for link in parser.urls), "the stylesheet was not found"

    other_hosts = [link for link in parser.urls if urlparse(link).netloc or link.startswith("//")]
    assert other_hosts == []

    total = len(response.content) + sum(
        resource_size(client, link) for link in dict.fromkeys(parser.urls)
    )
    assert total < PAGE_WEIGHT_LIMIT, f"{total} bytes"


# Before the map's countries without partnerships became a cached background image, the
# inline map alone was about 150 KB and the page about 190 KB.
DATABASE_PAGE_LIMIT = 100 * 1024
INLINE_MAP_LIMIT = 40 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/sv/kommunalt-partnerskap/databas/", "/en/municipal-partnership/database/"]
)
def test_database_page_draws_only_the_linked_countries_inline(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<svg class="world-map"')
    inline_map = html[start : html.index("</svg>", start)]
    assert 'class="map-link"' in inline_map
    assert len(inline_map) < INLINE_MAP_LIMIT, f"inline map: {len(inline_map)} bytes"
    assert len(response.content) < DATABASE_PAGE_LIMIT, f"{len(response.content)} bytes"

    parser = Resources()
    parser.feed(html)
    backgrounds = [link for link in parser.urls if "world-map-base" in link]
    assert len(backgrounds) == 1
    # A static file of this site, which the Content-Security-Policy lets the page load.
    assert backgrounds[0].startswith(settings.STATIC_URL)
    assert resource_size(client, backgrounds[0]) > 50 * 1024
    img_src = next(
        directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.split()[:1] == ["img-src"]
    )
    assert "'self'" in img_src
    assert not [source for source in img_src if "." in source or source.endswith("*")]


# The programme page's HTML was about 22 kB on the wire before it was sent compressed.
COMPRESSED_PROGRAMME_LIMIT = 10 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sv/kommunalt-partnerskap/", "/en/municipal-partnership/"])
def test_programme_page_html_is_sent_compressed_and_small(client, url):
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < COMPRESSED_PROGRAMME_LIMIT
    assert len(packed.content) < len(plain.content) / 3
