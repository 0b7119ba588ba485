"""Addresses of the demo site and plain helpers, shared by every test suite."""

from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

LANGUAGES = ["sv", "en"]
OTHER = {"sv": "en", "en": "sv"}

HOME = {"sv": "/sv/", "en": "/en/"}
PROGRAMME = {"sv": "/sv/kommunalt-partnerskap/", "en": "/en/municipal-partnership/"}
CONTENT = {
    "sv": "/sv/kommunalt-partnerskap/sa-ansoker-du/",
    "en": "/en/municipal-partnership/how-to-apply/",
}
STATEMENT = {"sv": "/sv/tillganglighetsredogorelse/", "en": "/en/accessibility-statement/"}
NEWS = {"sv": "/sv/aktuellt/", "en": "/en/news/"}
ARTICLE = {
    "sv": "/sv/aktuellt/tack-for-en-mycket-lyckad-almedalsvecka-hos-oss-pa-icld/",
    "en": "/en/news/thank-you-for-a-very-successful-almedalen-week-at-icld/",
}
DATABASE = {
    "sv": "/sv/kommunalt-partnerskap/databas/",
    "en": "/en/municipal-partnership/database/",
}
NOT_FOUND = {"sv": "/sv/finns-inte/", "en": "/en/does-not-exist/"}
SEARCH = {"sv": "/sv/sok/?q=kommun", "en": "/en/search/?q=municipal"}


def soup(source):
    """The parsed HTML of a response, or of rendered HTML (str or bytes)."""
    return BeautifulSoup(getattr(source, "content", source), "html.parser")


def get_soup(client, url, params=None):
    """GET `url` (with `params`), check that it answers 200, and parse the page."""
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return soup(response)


def text(source):
    """The text a reader sees in a response, HTML or parsed element, whitespace collapsed."""
    element = source if hasattr(source, "get_text") else soup(source)
    return " ".join(element.get_text(" ").split())


def facet_counts(soup, name):
    """{value: count} of a facet of the partnership database, as the page shows them."""
    counts = {}
    for item in soup.select(f"fieldset input[name={name}]"):
        if item["value"]:
            label = soup.select_one(f"label[for={item['id']}]")
            counts[item["value"]] = int(label.select_one(".facet-count").text.strip("()"))
    return counts


def article_form_data(category, **overrides):
    """The admin form's data for a new news article in `category`, with `overrides`."""
    data = {
        "title_sv": "Ny omgång öppnar",
        "title_en": "New round opens",
        "slug_sv": "ny-omgang-oppnar",
        "slug_en": "new-round-opens",
        "date": "2024-02-15",
        "languages": "both",
        "teaser_sv": "Ansökningsomgången öppnar den 15 februari.",
        "teaser_en": "The application round opens on 15 February.",
        "image_alt_sv": "",
        "image_alt_en": "",
        "body_sv": streamfield([("paragraph", rich_text("<p>Välkommen att ansöka.</p>"))]),
        "body_en": streamfield([("paragraph", rich_text("<p>Welcome to apply.</p>"))]),
        "comments": inline_formset([]),
        "partnership_links": inline_formset([]),
    }
    data.update(overrides)
    # nested_form_data would flatten a list into categories-0, so add it afterwards.
    return {**nested_form_data(data), "categories": [category.pk]}


def partnership_form_data(partnership, **changes):
    """The admin edit form's data for `partnership` as it is, with `changes`."""
    data = {
        "title_sv": partnership.title_sv,
        "title_en": partnership.title_en or "",
        "slug": partnership.slug,
        "description_sv": "",
        "description_en": "",
        "country": partnership.country_id,
        "swedish_organisations": [o.pk for o in partnership.swedish_organisations.all()],
        "partner_organisations": [o.pk for o in partnership.partner_organisations.all()],
        "thematic_areas": [a.pk for a in partnership.thematic_areas.all()],
        "status": partnership.status,
        "phase": partnership.phase,
        "start_year": partnership.start_year,
        "end_year": partnership.end_year or "",
        "contacts": [c.pk for c in partnership.contacts.all()],
    }
    data.update(changes)
    return data


# Import files -----------------------------------------------------------------------------
# Builders of the partnership import's CSV and XLSX files, shared by the importer's tests,
# its admin tests and the browser journey. (The imports stay with the section, so that it
# can grow or move without touching the top of the file.)

import io  # noqa: E402

from openpyxl import Workbook  # noqa: E402

IMPORT_HEADER = [
    "title_sv",
    "title_en",
    "country",
    "swedish_organisations",
    "partner_organisations",
    "thematic_areas",
    "phase",
    "status",
    "start_year",
    "end_year",
]
# A row that imports as it is: a new active partnership of the demo content's organisations.
GOOD_IMPORT_ROW = [
    "Klimatarbete i Kisumu",
    "Climate work in Kisumu",
    "KE",
    "Borlänge kommun",
    "Kisumu County",
    "miljo-och-klimat|Delaktighet",
    "projekt",
    "aktiv",
    "2023",
    "2026",
]
MB = 1024 * 1024
# The size of the large import files: just under the 5 MB limit.
LARGE_IMPORT = int(4.9 * MB)


def import_row(**changes):
    """The cells of GOOD_IMPORT_ROW with `changes`, in IMPORT_HEADER's order."""
    values = dict(zip(IMPORT_HEADER, GOOD_IMPORT_ROW, strict=True))
    values.update(changes)
    return [values[column] for column in IMPORT_HEADER]


def csv_bytes(rows, delimiter=",", encoding="utf-8", header=IMPORT_HEADER):
    lines = [delimiter.join(header)]
    for cells in rows:
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(IMPORT_HEADER)
    for values in rows:
        sheet.append([int(v) if v.isdigit() else v for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def large_csv(first_title, prefix="Stort partnerskap"):
    """A 4.9 MB CSV of about 9,000 partnerships with descriptions: `first_title`, then
    "`prefix` 1", "`prefix` 2", …"""
    description = "Samarbete om lokal demokrati, medborgardialog och hållbar planering. " * 6

    def line(*values):
        return (",".join(values) + "\r\n").encode()

    lines = [line(*IMPORT_HEADER, "description_sv")]
    lines.append(line(*import_row(title_sv=first_title, end_year="2027"), description))
    size = sum(map(len, lines))
    while size < LARGE_IMPORT - 1000:
        lines.append(line(*import_row(title_sv=f"{prefix} {len(lines) - 1}"), description))
        size += len(lines[-1])
    # The last description is padded so that the file has exactly 4.9 MB.
    size -= len(lines.pop())
    title = f"{prefix} {len(lines) - 1}"
    padding = "x" * (LARGE_IMPORT - size - len(line(*import_row(title_sv=title), description)))
    lines.append(line(*import_row(title_sv=title), description + padding))
    return b"".join(lines)
