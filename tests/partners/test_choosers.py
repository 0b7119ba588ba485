"""Organisations, countries, thematic areas and contacts are found by searching, in every
chooser and in the partnership form, also with a thousand organisations."""

import json

import pytest
from django.urls import reverse

from partners.models import (
    ContactPerson,
    Country,
    County,
    Organisation,
    OrganisationType,
    Partnership,
    Status,
    ThematicArea,
)
from tests.helpers import partnership_form_data, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def thousand_organisations(db):
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Provkommun {number:04d}",
            slug=f"provkommun-{number:04d}",
            organisation_type=OrganisationType.MUNICIPALITY,
            county=County.DALARNA,
        )
        for number in range(1000)
    )


def chooser(model):
    return reverse(f"wagtailsnippetchoosers_partners_{model._meta.model_name}:choose")


def chooser_results(model):
    return reverse(f"wagtailsnippetchoosers_partners_{model._meta.model_name}:choose_results")


def choices(response):
    """The names offered in a chooser modal or its results."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        html = json.loads(response.content)["html"]
    else:
        html = response.content.decode()
    page = soup(html)
    return [link.get_text(" ", strip=True) for link in page.select("td.title a, td.title label")]


def test_organisation_chooser_has_a_search_box(editor_client):
    html = json.loads(editor_client.get(chooser(Organisation)).content)["html"]
    page = soup(html)
    search = page.select_one("form[data-chooser-modal-search] input[name=q]")
    assert search is not None and search["id"] == "id_q"


def test_organisation_chooser_finds_one_of_a_thousand(editor_client, thousand_organisations):
    assert Organisation.objects.count() > 1000
    found = choices(editor_client.get(chooser_results(Organisation), {"q": "provkommun 0777"}))
    assert found == ["Provkommun 0777"]
    # Every word must match, in any order and case.
    assert (
        choices(editor_client.get(chooser_results(Organisation), {"q": "0777 PROVKOMMUN"})) == found
    )


def test_organisation_chooser_offers_one_side_of_the_partnership(editor_client):
    kenya = Country.objects.get(code="KE")
    partners = choices(
        editor_client.get(
            chooser(Organisation), {"side": "partner", "country": kenya.pk, "multiple": 1}
        )
    )
    expected = set(
        Organisation.objects.partner_side().filter(country=kenya).values_list("name", flat=True)
    )
    assert expected and set(partners) <= expected
    abroad = choices(editor_client.get(chooser_results(Organisation), {"side": "partner"}))
    assert abroad
    assert not any(Organisation.objects.get(name=name).is_swedish for name in abroad)
    swedish = choices(
        editor_client.get(chooser_results(Organisation), {"side": "swedish", "q": "kommun"})
    )
    assert swedish
    assert all(Organisation.objects.get(name=name).is_swedish for name in swedish)


@pytest.mark.parametrize(
    "query",
    [
        {"country": "abc"},
        {"side": "nonsense"},
        {"q": "x" * 5000},
        {"q": "\x00"},
        {"p": "999"},
        {"multiple": "1", "country": "99999999"},
    ],
)
def test_chooser_survives_bad_input(editor_client, query):
    response = editor_client.get(chooser(Organisation), query)
    # A page past the end is a 404 (which the locale middleware redirects); never a 500.
    assert response.status_code in (200, 302, 404)


@pytest.mark.parametrize(
    ("query", "code"), [("ken", "KE"), ("Sydafrika", "ZA"), ("south africa", "ZA"), ("XK", "XK")]
)
def test_country_chooser_searches_both_languages_and_code(editor_client, query, code):
    found = choices(editor_client.get(chooser_results(Country), {"q": query}))
    assert str(Country.objects.get(code=code)) in found


def test_thematic_area_and_contact_choosers_search(editor_client):
    area = ThematicArea.objects.filter(name_en__gt="").first()
    assert str(area) in choices(
        editor_client.get(chooser_results(ThematicArea), {"q": area.name_en})
    )
    contact = ContactPerson.objects.select_related("organisation").first()
    found = choices(
        editor_client.get(
            chooser_results(ContactPerson), {"q": contact.organisation.name.split()[0]}
        )
    )
    assert str(contact) in found


def test_chosen_organisations_come_back_to_the_form(editor_client):
    organisations = list(Organisation.objects.swedish()[:2])
    url = reverse("wagtailsnippetchoosers_partners_organisation:chosen_multiple")
    response = editor_client.get(url, {"id": [o.pk for o in organisations]})
    data = json.loads(response.content)
    assert data["step"] == "chosen"
    assert {item["string"] for item in data["result"]} == {o.name for o in organisations}


EDIT = "/admin/snippets/partners/partnership/edit/{}/"


def test_partnership_form_lists_only_what_is_chosen(editor_client, thousand_organisations):
    partnership = Partnership.objects.active().first()
    html = editor_client.get(EDIT.format(partnership.pk)).content.decode()
    page = soup(html)
    ticked = {int(box["value"]) for box in page.select("input[name=swedish_organisations]")}
    assert ticked == {o.pk for o in partnership.swedish_organisations.all()}
    assert all(box.has_attr("checked") for box in page.select("input[name=swedish_organisations]"))
    # No <select> of every organisation: the page stays small with a thousand of them.
    assert not page.select("select[name=swedish_organisations], select[name=partner_organisations]")
    assert "Provkommun 0001" not in html
    group = page.select_one("[data-controller=kp-multiple-chooser]")
    assert group["data-kp-multiple-chooser-url-value"] == chooser(Organisation)
    assert len(html) < 400_000


def test_partnership_form_adds_and_removes_organisations(editor_client):
    partnership = Partnership.objects.active().first()
    extra = Organisation.objects.swedish().exclude(swedish_partnerships=partnership).first()
    kept = list(partnership.swedish_organisations.all()[:1])
    response = editor_client.post(
        EDIT.format(partnership.pk),
        partnership_form_data(partnership, swedish_organisations=[o.pk for o in kept] + [extra.pk]),
    )
    assert response.status_code == 302
    assert set(partnership.swedish_organisations.all()) == {*kept, extra}


def test_partner_organisations_must_be_in_the_partnerships_country(editor_client):
    partnership = Partnership.objects.active().first()
    elsewhere = Organisation.objects.partner_side().exclude(country=partnership.country).first()
    response = editor_client.post(
        EDIT.format(partnership.pk),
        partnership_form_data(partnership, partner_organisations=[elsewhere.pk]),
    )
    assert response.status_code == 200
    assert "partner_organisations" in response.context["form"].errors
    assert elsewhere not in partnership.partner_organisations.all()
    # The refused choice is shown again, ticked, for the editor to correct.
    page = soup(response)
    assert page.select_one(f"input[name=partner_organisations][value='{elsewhere.pk}']")


@pytest.mark.parametrize(
    "changes",
    [
        {"swedish_organisations": ["abc"]},
        {"thematic_areas": ["999999"]},
        {"country": "abc"},
        {"contacts": ["\x00"]},
    ],
)
def test_tampered_choices_give_a_form_error(editor_client, changes):
    partnership = Partnership.objects.filter(status=Status.ACTIVE).first()
    title = partnership.title_sv
    response = editor_client.post(
        EDIT.format(partnership.pk),
        partnership_form_data(partnership, title_sv="Ändrad", **changes),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    partnership.refresh_from_db()
    assert partnership.title_sv == title
