import xml.etree.ElementTree as ET

import pytest

from tests.helpers import soup

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_index_lists_the_pages_and_the_database(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sections = [loc.text for loc in ET.fromstring(response.content).findall("s:sitemap/s:loc", NS)]
    assert sections[0] == "http://testserver/sitemap-pages.xml"
    for name in ("partnerships", "organisations", "countries"):
        assert f"http://testserver/sitemap-{name}.xml" in sections
    for section in sections:
        assert client.get(section.removeprefix("http://testserver")).status_code == 200


def test_sitemap_lists_every_page_in_both_languages_with_alternates(client):
    response = client.get("/sitemap-pages.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }
    programme_sv = "http://testserver/sv/kommunalt-partnerskap/"
    programme_en = "http://testserver/en/municipal-partnership/"
    assert entries[programme_sv] == {"sv": programme_sv, "en": programme_en}
    assert entries[programme_en] == {"sv": programme_sv, "en": programme_en}
    assert "http://testserver/sv/" in entries and "http://testserver/en/" in entries
    for location in entries:
        assert client.get(location).status_code == 200, location


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "locale", "title"),
    [
        ("/sv/kommunalt-partnerskap/", "sv_SE", "Kommunalt Partnerskap"),
        ("/en/municipal-partnership/", "en_GB", "Municipal Partnership"),
        ("/en/municipal-partnership/how-to-apply/", "en_GB", "How to apply"),
        ("/sv/", "sv_SE", "Kommunalt Partnerskap"),
    ],
)
def test_canonical_and_open_graph_metadata(client, url, locale, title):
    html = soup(client.get(url + "?utm_source=x"))

    def meta(prop):
        return html.find("meta", property=prop)["content"]

    assert html.find("link", rel="canonical")["href"] == f"http://testserver{url}"
    assert meta("og:url") == f"http://testserver{url}"
    assert meta("og:locale") == locale
    assert meta("og:title") == title
    assert html.find("meta", attrs={"name": "description"})["content"]
    assert meta("og:description")
