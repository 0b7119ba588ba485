from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from programmes.models import ContentPage, ProgrammePage
from tests.helpers import PROGRAMME

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_second_anonymous_request_is_served_from_the_cache(client):
    first = client.get(PROGRAMME["sv"])
    second = client.get(PROGRAMME["sv"])
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]
    assert "Content-Security-Policy" in second


def test_languages_are_never_mixed(client):
    client.get(PROGRAMME["sv"])
    english = client.get(PROGRAMME["en"])
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()
    again = client.get(PROGRAMME["sv"])
    assert again["X-Page-Cache"] == "hit" and '<html lang="sv">' in again.content.decode()


def test_publishing_a_change_gives_a_fresh_page(client, committed):
    client.get(PROGRAMME["sv"])
    page = ProgrammePage.objects.get()
    page.title_sv = "Kommunalt Partnerskap – nytt namn"
    with committed():
        page.save_revision().publish()
    response = client.get(PROGRAMME["sv"])
    assert response["X-Page-Cache"] == "miss"
    assert "Kommunalt Partnerskap – nytt namn" in response.content.decode()


def test_unpublishing_removes_the_page_at_once(client, committed):
    child = ContentPage.objects.get(slug_sv="sa-ansoker-du")
    url = "/sv/kommunalt-partnerskap/sa-ansoker-du/"
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"
    with committed():
        child.unpublish()
    assert client.get(url).status_code == 404


def test_a_signed_in_editor_is_neither_served_from_nor_stored_in_the_cache(client, editor_client):
    client.get(PROGRAMME["sv"])
    assert client.get(PROGRAMME["sv"])["X-Page-Cache"] == "hit"
    # The page is cached, yet the editor gets a page of their own, with the userbar.
    editor_view = editor_client.get(PROGRAMME["sv"])
    assert editor_view.status_code == 200
    assert "X-Page-Cache" not in editor_view
    assert "wagtail-userbar" in editor_view.content.decode()
    assert "private" in editor_view["Cache-Control"]
    assert "Cookie" in editor_view["Vary"]
    # With the cache empty, the editor's page is not stored for the next visitor either.
    cache.clear()
    editor_client.get(PROGRAMME["sv"])
    anonymous = client.get(PROGRAMME["sv"])
    assert anonymous["X-Page-Cache"] == "miss"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_a_preview_is_never_the_cached_page(client):
    """Wagtail renders a preview through the middleware chain again, at the page's public
    address: even without the editor's session cookie it must show the draft."""
    page = ProgrammePage.objects.get()
    host = {"host": urlsplit(page.get_full_url()).netloc}  # the address a preview imitates
    client.get(PROGRAMME["sv"], headers=host)
    assert client.get(PROGRAMME["sv"], headers=host)["X-Page-Cache"] == "hit"
    page.title_sv = "Ett utkast i förhandsvisningen"
    preview = page.make_preview_request()
    assert "Ett utkast i förhandsvisningen" in preview.content.decode()
    assert "X-Page-Cache" not in preview
    assert "Ett utkast" not in client.get(PROGRAMME["sv"], headers=host).content.decode()


def test_application_status_is_right_after_midnight(client):
    stockholm = ZoneInfo("Europe/Stockholm")
    with time_machine.travel(datetime(2027, 3, 15, 23, 50, tzinfo=stockholm), tick=False):
        assert "i dag, 15 mars 2027" in client.get(PROGRAMME["sv"]).content.decode()
        assert client.get(PROGRAMME["sv"])["X-Page-Cache"] == "hit"
    with time_machine.travel(datetime(2027, 3, 16, 0, 5, tzinfo=stockholm), tick=False):
        after = client.get(PROGRAMME["sv"])
    assert after["X-Page-Cache"] == "miss"
    assert "Nästa ansökningsomgång öppnar 15 september 2027" in after.content.decode()


def test_errors_and_redirects_are_not_cached(client):
    client.get("/sv/finns-inte/")
    assert "X-Page-Cache" not in client.get("/sv/finns-inte/")
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/en/"
    assert client.get("/", headers={"accept-language": "sv"})["Location"] == "/sv/"
