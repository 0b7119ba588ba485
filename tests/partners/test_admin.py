import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.http import QueryDict

from partners.database.facets import PartnershipSearch
from partners.models import Country, Partnership, Status
from tests.helpers import partnership_form_data

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/partners/partnership/"


@pytest.fixture
def editor(client):
    user = User.objects.create_user("redaktor", password="x")
    user.groups.add(Group.objects.get(name="Redaktörer"))
    client.force_login(user)
    return client


def exported_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_editor_sees_the_partnership_database_menu(editor):
    html = editor.get("/admin/").content.decode()
    assert "Partnerskapsdatabas" in html or "Partnership database" in html
    assert "/admin/partners/import/" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?status=finished",
        "?country=KE",
        "?area=miljo-och-klimat",
        "?type=region",
        "?county=W",
        "?q=Malm",
        "?status=nonsense&county=QQ",
    ],
)
def test_editor_lists_and_filters_partnerships(editor, query):
    assert editor.get(LIST + query).status_code == 200


def test_the_admin_filters_with_the_public_database_parameters(editor):
    query = "area=miljo-och-klimat&type=municipality&region=africa"
    rows = exported_rows(editor.get(f"{LIST}?{query}&export=csv"))[1:]
    public = PartnershipSearch(QueryDict(query)).queryset()
    assert rows
    assert sorted(r[0] for r in rows) == sorted(public.values_list("title_sv", flat=True))


def test_filters_narrow_the_list_and_export_matches(editor):
    response = editor.get(LIST + "?status=finished&county=W")
    expected = set(Partnership.objects.finished().in_county("W").values_list("title_sv", flat=True))
    assert expected
    rows = exported_rows(editor.get(LIST + "?status=finished&county=W&export=csv"))
    header, body = rows[0], rows[1:]
    titles = {r[0] for r in body}
    assert titles == expected
    assert len(body) == Partnership.objects.finished().in_county("W").count()
    html = response.content.decode()
    for title in expected:
        assert title in html
    assert len(header) == 11


def test_export_follows_the_search(editor):
    rows = exported_rows(editor.get(LIST + "?q=Kisumu&export=csv"))[1:]
    assert rows
    assert all("Kisumu" in ",".join(r) for r in rows)


def test_editor_edits_a_partnership_and_history_is_kept(editor):
    partnership = Partnership.objects.active().first()
    edit = f"{LIST}edit/{partnership.pk}/"
    assert editor.get(edit).status_code == 200
    data = partnership_form_data(
        partnership,
        title_sv="Ändrad titel",
        title_en="Changed title",
        status=Status.ACTIVE,
        end_year="",
        contacts=[],
    )
    response = editor.post(edit, data)
    assert response.status_code == 302, response.content[:2000]
    partnership.refresh_from_db()
    assert partnership.title_sv == "Ändrad titel"
    assert partnership.revisions.count() == 1
    history = editor.get(f"{LIST}history/{partnership.pk}/")
    assert history.status_code == 200


def test_admin_form_requires_both_sides_for_active(editor):
    partnership = Partnership.objects.active().first()
    response = editor.post(
        f"{LIST}edit/{partnership.pk}/",
        {
            "title_sv": "X",
            "slug": partnership.slug,
            "country": partnership.country_id,
            "status": Status.ACTIVE,
            "phase": "project",
            "start_year": 2020,
            "end_year": "2019",
        },
    )
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").get_text()
    assert "Swedish organisation" in errors or "svensk organisation" in errors
    partnership.refresh_from_db()
    assert partnership.title_sv != "X"


def test_editor_cannot_reach_users_groups_or_settings(editor):
    for url in ("/admin/users/", "/admin/groups/", "/admin/sites/"):
        response = editor.get(url)
        assert response.status_code in (302, 403), url


def test_editor_manages_other_partnership_data(editor):
    for model in ("organisation", "contactperson", "thematicarea", "country"):
        assert editor.get(f"/admin/snippets/partners/{model}/").status_code == 200
        assert editor.get(f"/admin/snippets/partners/{model}/add/").status_code == 200
    country = Country.objects.get(code="KE")
    assert editor.get(f"/admin/snippets/partners/country/edit/{country.pk}/").status_code == 200
