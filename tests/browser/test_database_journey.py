"""A municipal officer finds a partnership, its contacts, and takes the results home as CSV."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from .helpers import DATABASE, LANGUAGES


def demo_partnership():
    """A demo partnership with a published contact, and the filters that lead to it."""
    from partners.models import Partnership

    for partnership in Partnership.objects.order_by("pk"):
        contacts = list(partnership.public_contacts)
        areas = list(partnership.thematic_areas.all())
        swedish = list(partnership.swedish_organisations.all())
        if contacts and areas and swedish:
            return partnership, swedish[0], areas[0], contacts
    raise AssertionError("the demo content has no partnership with a published contact")


def choose(page, facet_name, label):
    """Pick a filter option; the form submits itself, or the button does without JavaScript."""
    form = page.locator("form.database-filters")
    option = (
        form.locator(f"input[name={facet_name}]")
        .locator("xpath=..")
        .filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*\("))
    )
    option.locator("input").check()
    try:
        page.wait_for_url(re.compile(rf"[?&]{facet_name}=[^&]"), timeout=3000)
    except Exception:  # noqa: BLE001 - no auto-submit: submit as a visitor without JS would
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(rf"[?&]{facet_name}=[^&]"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_officer_finds_a_partnership_and_downloads_the_results(new_page, language):
    partnership, municipality, area, contacts = demo_partnership()
    with translation.override(language):
        title = partnership.public_title
        country_name = partnership.country.name
        area_name = area.name

    page = new_page(language)
    page.goto(DATABASE[language])
    search = page.locator("form.database-filters input[name=q]")
    search.fill(municipality.name)
    search.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))

    choose(page, "country", country_name)
    choose(page, "area", area_name)
    filtered_url = page.url
    results = page.locator(".database-results")
    results.get_by_role("link", name=title, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    for contact in contacts:
        expect(page.locator(".contacts")).to_contain_text(contact.name)

    page.go_back()
    expect(page).to_have_url(filtered_url)
    expect(page.locator("form.database-filters input[name=q]")).to_have_value(municipality.name)
    expect(page.locator(f"input[name=country][value={partnership.country.code}]")).to_be_checked()

    with page.expect_download() as download_info:
        page.locator(".exports").get_by_role("link", name=re.compile("CSV")).click()
    raw = Path(download_info.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(
        csv.reader(io.StringIO(raw), delimiter=";" if raw.count(";") > raw.count(",") else ",")
    )
    assert len(rows) >= 2
    assert any(partnership.title_sv in row or title in row for row in rows[1:])
