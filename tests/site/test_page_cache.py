from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine

from programmes.models import ContentPage, ProgrammePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
PROGRAMME = {"sv": "/sv/kommunalt-partnerskap/", "en": "/en/municipal-partnership/"}


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


def test_editors_are_never_served_or_stored(admin_client, client):
    editor_view = admin_client.get(PROGRAMME["sv"])
    assert "X-Page-Cache" not in editor_view
    assert "private" in editor_view["Cache-Control"]
    # The editor's page (with the userbar) must not reach an anonymous visitor.
    anonymous = client.get(PROGRAMME["sv"])
    assert anonymous["X-Page-Cache"] == "miss"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_previews_are_never_cached(admin_client):
    page = ProgrammePage.objects.get()
    url = f"/admin/pages/{page.pk}/edit/preview/"
    response = admin_client.get(url)
    assert "X-Page-Cache" not in response


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
