"""The database's sitemaps list every partnership, organisation and country at the address
its page answers, in Swedish and English."""

import re

import pytest
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory

from partners.models import Country, Organisation, Partnership
from partners.sitemaps import SITEMAPS


@pytest.mark.parametrize("name", sorted(SITEMAPS))
def test_every_address_in_the_sitemap_answers(client, data, name):
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request, sitemaps={name: SITEMAPS[name]})
    response.render()
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    model = {"partnerships": Partnership, "organisations": Organisation, "countries": Country}
    assert len(locations) == 2 * model[name].objects.count()
    assert any("/sv/" in url for url in locations) and any("/en/" in url for url in locations)
    for url in locations:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url
