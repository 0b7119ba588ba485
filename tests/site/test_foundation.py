import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page

from programmes.models import ContentPage, HomePage
from tests.helpers import soup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("", "/sv/"), ("sv-SE,sv;q=0.9", "/sv/"), ("en-GB,en;q=0.9", "/en/"), ("fr", "/sv/")],
)
def test_root_redirects_to_preferred_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("language", "title"), [("sv", "Kommunalt Partnerskap"), ("en", "Municipal Partnership")]
)
def test_home_renders_in_each_language(client, language, title):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == language
    assert html.h1.get_text(strip=True) == title
    assert html.find("a", class_="skip-link")["href"] == "#main"
    assert "partnership@icld.se" in html.find("footer").get_text()
    alternates = {link["hreflang"]: link["href"] for link in html.find_all("link", hreflang=True)}
    assert alternates == {"sv": "http://testserver/sv/", "en": "http://testserver/en/"}


def test_language_switcher_leads_to_same_page(client, home_page):
    page = ContentPage(
        title_sv="Så ansöker du",
        title_en="How to apply",
        slug_sv="sa-ansoker-du",
        slug_en="how-to-apply",
        slug="sa-ansoker-du",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()

    sv = soup(client.get("/sv/sa-ansoker-du/"))
    switch = sv.select_one(".language-switcher a[hreflang=en]")
    assert switch["href"] == "/en/how-to-apply/"

    en = client.get(switch["href"])
    assert en.status_code == 200
    assert soup(en).h1.get_text(strip=True) == "How to apply"
    assert soup(en).select_one(".language-switcher a[hreflang=sv]")["href"] == "/sv/sa-ansoker-du/"


def test_demo_content_is_idempotent_and_keeps_editor_changes():
    def counts():
        from partners.models import Country

        return Page.objects.count(), Country.objects.count(), get_document_model().objects.count()

    before = counts()
    home = HomePage.objects.get()
    home.title_sv = "Redaktörens rubrik"
    home.save_revision().publish()

    call_command("load_demo_content", verbosity=0)
    assert counts() == before
    assert HomePage.objects.get().title_sv == "Redaktörens rubrik"

    call_command("load_demo_content", "--reset", verbosity=0)
    assert counts() == before
    assert HomePage.objects.get().title_sv == "Kommunalt Partnerskap"


@pytest.mark.parametrize(
    ("language", "heading"), [("sv", "Sidan finns inte"), ("en", "Page not found")]
)
def test_unknown_path_gives_branded_404_in_language(client, language, heading):
    response = client.get(f"/{language}/finns-inte/alls/")
    assert response.status_code == 404
    html = soup(response)
    assert html.html["lang"] == language
    assert html.h1.get_text(strip=True) == heading
    assert html.find("a", class_="skip-link")


def test_static_500_page_needs_no_context():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "partnership@icld.se" in html and "<h1>" in html


def test_active_language_is_reset_between_tests():
    from django.utils import translation

    assert translation.get_language() == "sv"
    translation.activate("en")
