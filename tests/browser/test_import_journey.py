"""An editor imports a 4.9 MB file of partnerships in the admin, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import large_csv

from .helpers import axe_violations

USERNAME = "importor"
PASSWORD = "browser-test-password-2"
PREFIX = "Webbläsarimport"


@pytest.fixture
def importer():
    """A member of the editors' group, removed again with everything the import made."""
    from django.contrib.auth.models import Group, User
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

    from partners.models import Partnership

    user = User.objects.create_user(USERNAME, "importor@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Redaktörer"))
    yield user
    imported = Partnership.objects.filter(title_sv__startswith=PREFIX)
    ids = [str(pk) for pk in imported.values_list("pk", flat=True)]
    content_type = ContentType.objects.get_for_model(Partnership)
    imported.delete()
    for model in (Revision, ReferenceIndex):
        model.objects.filter(base_content_type=content_type, object_id__in=ids).delete()
    ModelLogEntry.objects.filter(content_type=content_type, object_id__in=ids).delete()
    user.delete()


def test_editor_imports_a_large_file(new_page, importer, tmp_path):
    from partners.models import Partnership

    path = tmp_path / "partnerskap.csv"
    path.write_bytes(large_csv(f"{PREFIX} 0", prefix=PREFIX))
    rows = path.read_bytes().count(b"\r\n") - 1
    page = new_page("sv")
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/partners/import/")
    page.locator("input[type=file]").set_input_files(path)
    # Checking and importing some 9,000 rows take longer than a click's usual wait.
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="Kontrollera filen").click(no_wait_after=True)
    expect(page.get_by_role("main")).to_contain_text(f"{rows} nya partnerskap skapas")
    assert axe_violations(page) == []

    with page.expect_navigation(timeout=240_000):
        page.get_by_role("button", name="Importera", exact=True).click(no_wait_after=True)
    expect(page.locator(".messages")).to_contain_text(
        f"Importerade {rows} rader från partnerskap.csv"
    )
    assert Partnership.objects.filter(title_sv__startswith=PREFIX).count() == rows
