"""A first visit to the programme page stays light and never reaches another host."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

PAGE_WEIGHT_LIMIT = 100 * 1024


class ReferencedResources(HTMLParser):
    """What a browser fetches with the page: stylesheets and icons, scripts, images."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = set((attrs.get("rel") or "").split())
        if tag == "link" and rel & {"stylesheet", "icon"}:
            self.urls.append(attrs.get("href") or "")
        elif tag in ("script", "img", "source") and "src" in attrs:
            self.urls.append(attrs["src"] or "")


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
    parser = ReferencedResources()
    parser.feed(response.content.decode())
    assert any(link.endswith(".css") for link in parser.urls), "the stylesheet was not found"

    other_hosts = [link for link in parser.urls if urlparse(link).netloc or link.startswith("//")]
    assert other_hosts == []

    total = len(response.content) + sum(
        resource_size(client, link) for link in dict.fromkeys(parser.urls)
    )
    assert total < PAGE_WEIGHT_LIMIT, f"{total} bytes"
