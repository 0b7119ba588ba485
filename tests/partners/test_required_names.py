"""A snippet with a translated name cannot be saved without its Swedish name, and never
shows as Django's "X object (N)"."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction

from news.models import NewsArticlePartnership, NewsCategory
from partners.models import Country, Organisation, OrganisationType, Region, ThematicArea
from programmes.models import ProgrammeDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("namn-admin", "n@example.org", "x"))
    return client


ADD_FORMS = [
    (
        ThematicArea,
        "/admin/snippets/partners/thematicarea/add/",
        {"name_sv": "", "name_en": "Nameless", "slug": "nameless"},
        {"slug": "nameless"},
    ),
    (
        NewsCategory,
        "/admin/snippets/news/newscategory/add/",
        {"name_sv": "", "name_en": "Nameless", "slug_sv": "namnlos", "slug_en": "nameless"},
        {"slug_sv": "namnlos"},
    ),
]


@pytest.mark.parametrize(("model", "url", "data", "lookup"), ADD_FORMS)
def test_admin_form_refuses_an_empty_swedish_name(admin_client, model, url, data, lookup):
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert not model.objects.filter(**lookup).exists()
    form = response.context["form"]
    assert "name_sv" in form.errors


@pytest.mark.parametrize(
    "make",
    [
        lambda: ThematicArea(name_sv="", name_en="Nameless", slug="nameless"),
        lambda: NewsCategory(name_sv="", name_en="Nameless", slug_sv="a", slug_en="b"),
        lambda: Country(code="ZZ", name_sv="", region=Region.AFRICA),
    ],
)
def test_model_clean_refuses_an_empty_swedish_name(make):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make().full_clean()
    # ZZ is no ISO code, so its name cannot be filled in either.
    assert "name_sv" in error.value.message_dict or "code" in error.value.message_dict


@pytest.mark.parametrize(
    "create",
    [
        lambda: ThematicArea.objects.create(name_sv="", name_en="Nameless", slug="nameless"),
        lambda: ThematicArea.objects.create(name_sv=None, name_en="Nameless", slug="nameless"),
        lambda: NewsCategory.objects.create(name_sv="", name_en="X", slug_sv="a", slug_en="b"),
        lambda: Organisation.objects.create(
            name="", county="W", organisation_type=OrganisationType.MUNICIPALITY
        ),
    ],
)
def test_database_refuses_an_empty_name(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_country_name_is_filled_in_from_iso_3166():
    country = Country(code="gh", region=Region.AFRICA)
    country.full_clean()
    country.save()
    assert (country.name_sv, country.name_en) == ("Ghana", "Ghana")


@pytest.mark.parametrize(
    "obj",
    [
        ThematicArea(name_sv="", name_en="", slug="miljo"),
        NewsCategory(name_sv="", name_en="", slug="nyheter"),
        Country(code="KE", name_sv="", name_en=""),
        Organisation(name="", slug="borlange"),
        ProgrammeDocument(title=""),
        NewsArticlePartnership(),
    ],
)
def test_str_never_falls_back_to_object_number(obj):
    text = str(obj)
    assert text
    assert "object" not in text


def test_data_migration_repairs_empty_names(capsys):
    """The repair step of the migration fills empty Swedish names and reports each one."""
    area = ThematicArea.objects.create(name_sv="Tillfälligt", name_en="Gender equality", slug="x1")
    bare = ThematicArea.objects.create(name_sv="Tillfälligt", name_en="", slug="lokal-demokrati")
    category = NewsCategory.objects.create(
        name_sv="Tillfälligt", name_en="Events", slug_sv="evenemang", slug_en="events"
    )
    country = Country.objects.get(code="KE")
    # Rows written before the constraints existed could have empty names.
    with transaction.atomic(), _constraints_dropped(ThematicArea, NewsCategory, Country):
        ThematicArea.objects.filter(pk__in=[area.pk, bare.pk]).update(name_sv="")
        NewsCategory.objects.filter(pk=category.pk).update(name_sv=None)
        Country.objects.filter(pk=country.pk).update(name_sv="")
        partners_repair = importlib.import_module(
            "partners.migrations.0007_repair_empty_names"
        ).repair
        news_repair = importlib.import_module(
            "news.migrations.0005_repair_empty_category_names"
        ).repair
        partners_repair(apps, None)
        news_repair(apps, None)
    for obj in (area, bare, category, country):
        obj.refresh_from_db()
    assert area.name_sv == "Gender equality"
    assert bare.name_sv == "Lokal demokrati"
    assert category.name_sv == "Events"
    assert country.name_sv == "Kenya"
    output = capsys.readouterr().out
    assert f"partners.ThematicArea {area.pk}: empty Swedish name set to 'Gender equality'" in output
    assert f"news.NewsCategory {category.pk}" in output


class _constraints_dropped:
    """Let rows break the models' name constraints, as rows written before them could.

    SQLite can ignore CHECK constraints for a while; PostgreSQL drops them inside the
    test's transaction, which the end of the test rolls back.
    """

    def __init__(self, *models):
        self.models = models

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA ignore_check_constraints = ON")
                return
            for model in self.models:
                for constraint in model._meta.constraints:
                    if constraint.name.endswith("_has_swedish_name"):
                        cursor.execute(
                            f"ALTER TABLE {model._meta.db_table} DROP CONSTRAINT {constraint.name}"
                        )

    def __exit__(self, *exc):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
