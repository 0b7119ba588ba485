"""An editor adds a partner organisation to a partnership through the searchable chooser,
in the Swedish and in the English admin."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import EditorFactory

USERNAME = "valjande-redaktor"
PASSWORD = "browser-test-password-2"
TEXTS = {
    "sv": {"add": "Lägg till partnerorganisationer", "title": "Välj en organisation"},
    "en": {"add": "Add partner organisations", "title": "Choose an organisation"},
}


@pytest.fixture
def editor_in(request):
    """editor_in(language): a member of the editors' group working in that language."""
    from wagtail.users.models import UserProfile

    user = EditorFactory(
        username=USERNAME, password=PASSWORD, first_name="Vera", last_name="Väljare"
    )

    def set_language(language):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()

    yield set_language
    user.delete()


@pytest.fixture
def partnership():
    """An active partnership in Kenya and a Kenyan organisation it does not have yet;
    its partner organisations are put back afterwards."""
    from partners.models import Organisation, Partnership

    partnership = Partnership.objects.active().filter(country__code="KE").order_by("pk").first()
    original = list(partnership.partner_organisations.all())
    candidate = (
        Organisation.objects.partner_side()
        .filter(country=partnership.country)
        .exclude(pk__in=[o.pk for o in original])
        .first()
    )
    yield partnership, candidate
    partnership.partner_organisations.set(original)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_editor_adds_an_organisation_through_the_searchable_chooser(
    new_page, editor_in, partnership, language
):
    partnership, candidate = partnership
    assert candidate is not None
    editor_in(language)
    page = new_page(language)
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"/admin/snippets/partners/partnership/edit/{partnership.pk}/")
    page.get_by_role("button", name=TEXTS[language]["add"]).click()
    modal = page.locator(".modal")
    expect(modal.get_by_role("heading", level=1)).to_contain_text(TEXTS[language]["title"])
    modal.locator("#id_q").fill(candidate.name)
    # The search replaces the results a moment after typing: wait for its count, which
    # the unfiltered list does not show, before ticking.
    expect(modal.locator("#search-results [role=alert]")).to_be_visible()
    row = modal.locator("#search-results tr", has_text=candidate.name)
    expect(row).to_have_count(1)
    row.locator("input[type=checkbox]").check()
    submit = modal.locator("[data-multiple-choice-submit]")
    expect(submit).to_be_enabled()
    submit.click()

    chosen = page.locator("#id_partner_organisations")
    expect(chosen.get_by_label(candidate.name)).to_be_checked()
    page.locator("footer button[type=submit]").first.click()
    expect(page.locator(".messages")).to_be_visible()
    assert candidate in partnership.partner_organisations.all()
