"""CSV formula injection (icld_site.spreadsheets): text from outside (a feedback comment, a
partner request once approved, a contact's own correction) that starts like a formula is
written to every CSV file the site writes so that a spreadsheet program shows it as text;
JSON and Excel keep it exactly."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.log_actions import log

from icld_site.models import PageFeedback
from partners.models import (
    ContactMessageLog,
    ContactPerson,
    Country,
    Organisation,
    PartnerRequest,
    Partnership,
    ThematicArea,
)
from partners.pages import PartnershipDatabasePage
from programmes.models import HomePage
from tests.factories import (
    ContactPersonFactory,
    NewsCategoryFactory,
    PartnerOrganisationFactory,
    PartnershipFactory,
    SwedishOrganisationFactory,
    ThematicAreaFactory,
)
from tests.helpers import DATABASE, soup

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
# What spreadsheet programs run as a formula when a cell starts with it.
DANGEROUS = tuple(PREFIXES)
OWN_APPS = {"icld_site", "partners", "news", "programmes"}


def payload(prefix, name):
    return f'{prefix}HYPERLINK("http://evil.example/{name}","x")'


def text_fields(model):
    """Every free-text column of `model` that can hold the payload."""
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and not isinstance(field, (models.SlugField, models.URLField, models.EmailField))
            and not field.choices
            and (field.max_length or 1000) >= 60
        ):
            yield field.name


def plant(obj, prefix):
    """Every text field of `obj` starts with `prefix`; update() bypasses every check, as
    data stored before them, or typed by an editor, would. Returns the values planted."""
    values = {
        name: payload(prefix, f"{type(obj).__name__}-{name}") for name in text_fields(type(obj))
    }
    email = f"{prefix}{type(obj).__name__.lower()}{obj.pk}@example.se" if prefix in "=+-" else None
    for field in ("email", "sender_email", "contact_email"):
        if email and hasattr(obj, field):
            values[field] = email
    type(obj).objects.filter(pk=obj.pk).update(**values)
    return set(values.values())


@pytest.fixture
def planted(db):
    """One of everything the CSV files list per dangerous prefix, every text field planted."""
    today = timezone.localdate()
    home = HomePage.objects.get()
    values = set()
    for number, prefix in enumerate(PREFIXES):
        code = f"X{'ABCDEF'[number]}"
        country = Country.objects.create(code=code, name_sv=code, name_en=code, region="africa")
        swedish = SwedishOrganisationFactory()
        partner = PartnerOrganisationFactory(country=country)
        contact = ContactPersonFactory(
            organisation=swedish,
            is_published=True,
            consent_date=today,
            last_verified=today,
        )
        partnership = PartnershipFactory(
            swedish_organisations=[swedish],
            partner_organisations=[partner],
            country=country,
            thematic_areas=[ThematicAreaFactory()],
            contacts=[contact],
        )
        request = PartnerRequest.objects.create(
            language="sv",
            organisation=swedish,
            description_sv="x",
            contact_name="x",
            contact_email="x@example.se",
        )
        rows = [
            country,
            swedish,
            partner,
            contact,
            partnership,
            request,
            partnership.thematic_areas.get(),
            NewsCategoryFactory(),
            PageFeedback.objects.create(page=home, language="sv", helpful=False),
            ContactMessageLog.objects.create(
                sender_email="x@example.se", partnership=partnership, contact=contact
            ),
        ]
        for row in rows:
            values |= plant(row, prefix)
        contact.refresh_from_db()
        log(contact, "wagtail.edit")  # its label reaches the admin's site history report
    return values


@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("csv-admin", "csv@example.se", "x")
    client = Client()
    client.force_login(user)
    return client


def admin_csv_urls(admin_client):
    """The CSV export of every admin listing of the site's own models, the site history
    report (which names objects by their text) and the page explorer's listing."""
    admin_client.get("/admin/")  # the admin's URLs, and with them its viewsets, are loaded
    urls = [
        viewset.menu_url + "?export=csv"
        for viewset in exporting_viewsets()
        if viewset.model._meta.app_label in OWN_APPS
    ]
    home = HomePage.objects.get()
    return [
        *urls,
        "/admin/reports/site-history/?export=csv",
        f"/admin/pages/{home.pk}/?export=csv",
    ]


def exporting_viewsets():
    """The admin's listings with a spreadsheet export (the page explorer, one viewset per
    page type, is read at its own address)."""
    return [
        viewset
        for viewset in viewsets.viewsets
        # (A viewset without an export says UNDEFINED, which is true.)
        if isinstance(getattr(viewset, "list_export", None), (list, tuple))
        and viewset.list_export
        and not isinstance(viewset, PageViewSet)
        and getattr(viewset, "model", None) is not None
    ]


def cells(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def test_no_csv_the_site_writes_holds_a_formula(client, admin_client, planted):
    exported = {DATABASE["sv"] + "export/csv/": cells(client.get(DATABASE["sv"] + "export/csv/"))}
    urls = admin_csv_urls(admin_client)
    expected_models = {
        Partnership,
        Organisation,
        ContactPerson,
        ThematicArea,
        Country,
        PageFeedback,
        ContactMessageLog,
    }
    listed = {viewset.model for viewset in exporting_viewsets()}
    assert expected_models <= listed
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        exported[url] = cells(response)

    for url, found in exported.items():
        dangerous = [cell for cell in found if cell.startswith(DANGEROUS)]
        assert dangerous == [], url
    every_cell = {cell for found in exported.values() for cell in found}
    # The planted text is all there, shown as text: nothing was lost on the way.
    shown = {value for value in planted if "'" + value in every_cell}
    names = [value for value in planted if "Partnership-title_sv" in value]
    names += [value for value in planted if "PageFeedback-comment" in value]
    names += [value for value in planted if "ContactPerson-name" in value]
    # Partner requests have no export; the rest of the addresses are listed.
    names += [
        value
        for value in planted
        if value.endswith("@example.se") and "partnerrequest" not in value
    ]
    assert set(names) <= shown
    public = set(exported[DATABASE["sv"] + "export/csv/"])
    assert {"'" + value for value in planted if "Partnership-title_sv" in value} <= public


def test_json_and_excel_keep_the_text_exactly(client, planted):
    titles = {value for value in planted if "Partnership-title_sv" in value}
    records = json.loads(client.get(DATABASE["sv"] + "export/json/").content)["results"]
    assert titles <= {record["title"]["sv"] for record in records}
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(DATABASE["sv"] + "export/xlsx/").streaming_content))
    )
    sheet_cells = {cell.value for row in workbook.active.iter_rows() for cell in row}
    # Excel keeps what a worksheet can hold (not a carriage return or tab at the start).
    assert {title for title in titles if title[0] not in "\t\r"} <= sheet_cells


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("sv", "en apostrof (') framför sig, så att kalkylprogram visar den som text"),
        ("en", "an apostrophe (') in front of it, so that spreadsheet programs show it as text"),
    ],
)
def test_the_field_guide_says_so(client, language, said):
    page = PartnershipDatabasePage.published()
    with translation.override(language):
        url = page.get_url() + page.reverse_subpage("about_data")
    response = client.get(url)
    assert response.status_code == 200
    assert said in soup(response).select_one("#csv-formulas").text
