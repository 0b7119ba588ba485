"""A search's partnerships as CSV, XLSX and JSON, and the record the API shares with the JSON
export. Field names are stable: scripts depend on them.

Records are built from plain rows, not model instances: for each chunk of partnerships, one
query for each of their relations (Swedish organisations, partner organisations, thematic
areas, published contacts), so the number of queries is fixed per chunk.

Only published contacts are ever written out, and the address of a contact reached through
the contact form only never is.
"""

import csv
import json
import tempfile
from collections import defaultdict
from itertools import islice

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from icld_site.spreadsheets import csv_cell

from ..models import ContactPerson, Country, Organisation, ThematicArea, route_url
from .columns import COLUMNS

CHUNK_SIZE = 500
# A slug no partnership has, marking where a slug goes in the address of a partnership.
SLUG_MARK = "__slug__"
# Exports of up to this many rows are built whole and sent as an ordinary response, which
# the anonymous page cache can keep (it never keeps a streamed one). A row is about 0.4 KB
# of CSV or 1 KB of JSON, so such a response, and each cached copy of it, stays within a
# few megabytes. Larger exports are streamed chunk by chunk, so that a worker's memory does
# not grow with the number of rows.
CACHEABLE_EXPORT_ROWS = 2000
# An Excel file is written whole before it is sent, at about 0.4 ms a row on two cores: this
# many rows take a few seconds, well inside a worker's timeout. A larger search is refused
# with a page that says why and links the CSV export, which streams any number of rows.
XLSX_MAX_ROWS = 20_000

PARTNERSHIP_FIELDS = (
    "pk",
    "slug",
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "country__code",
    "country__name_sv",
    "country__name_en",
    "country__region",
    "phase",
    "status",
    "start_year",
    "end_year",
    "updated_at",
    "seeking_until",
)


def _rows(queryset, *fields):
    """Plain tuples of `fields`. Translated models' querysets (django-modeltranslation) are
    read without their per-row fallback step: only explicit _sv/_en fields are asked for,
    and their default ordering has already been set for the active language."""
    if hasattr(queryset, "rewrite"):
        queryset = queryset.rewrite(False)
    return queryset.values_list(*fields)


def _grouped(rows, build):
    """{partnership id: [build(row without its first column), ...]}, in the rows' order."""
    grouped = defaultdict(list)
    for partnership_id, *values in rows:
        grouped[partnership_id].append(build(*values))
    return grouped


def _swedish_organisation(slug, name, organisation_type, county):
    return {"slug": slug, "name": name, "type": organisation_type, "county": county}


def _partner_organisation(slug, name, organisation_type, country_code):
    return {"slug": slug, "name": name, "type": organisation_type, "country": country_code}


def _thematic_area(slug, name_sv, name_en):
    return {"slug": slug, "name": {"sv": name_sv or "", "en": name_en or ""}}


def _contact(name, role_sv, role_en, organisation, email, phone, last_verified):
    return {
        "name": name,
        "role": {"sv": role_sv or "", "en": role_en or ""},
        "organisation": organisation,
        "email": email,
        "phone": phone,
        "last_verified": last_verified.isoformat() if last_verified else None,
    }


def related_rows(ids):
    """What the records of the partnerships `ids` list besides their own fields, by
    partnership id, in the order the site shows them: five queries."""
    return {
        "swedish_organisations": _grouped(
            _rows(
                Organisation.objects.filter(swedish_partnerships__in=ids),
                "swedish_partnerships",
                "slug",
                "name",
                "organisation_type",
                "county",
            ),
            _swedish_organisation,
        ),
        "partner_organisations": _grouped(
            _rows(
                Organisation.objects.filter(partner_partnerships__in=ids),
                "partner_partnerships",
                "slug",
                "name",
                "organisation_type",
                "country__code",
            ),
            _partner_organisation,
        ),
        "thematic_areas": _grouped(
            _rows(
                ThematicArea.objects.filter(partnerships__in=ids),
                "partnerships",
                "slug",
                "name_sv",
                "name_en",
            ),
            _thematic_area,
        ),
        "wanted_countries": _grouped(
            _rows(Country.objects.filter(wanted_by__in=ids).order_by("code"), "wanted_by", "code"),
            lambda code: code,
        ),
        "contacts": _grouped(
            _rows(
                ContactPerson.objects.public().with_public_email().filter(partnerships__in=ids),
                "partnerships",
                "name",
                "role_sv",
                "role_en",
                "organisation__name",
                "public_email",
                "phone",
                "last_verified",
            ),
            _contact,
        ),
    }


def absolute_partnership_url(request):
    """slug → the absolute URL of that partnership's page (None without a database page).

    The address is built once, around a marker, and each slug put in its place: a hundred
    thousand rows do not resolve a hundred thousand routes.
    """
    path = route_url("partnership", slug=SLUG_MARK)
    if path is None:
        return lambda slug: None
    before, after = request.build_absolute_uri(path).split(SLUG_MARK)
    return lambda slug: f"{before}{slug}{after}"


def partnership_record(row, related, url_of):
    """One partnership with both languages' texts and ISO country codes, from a row of
    PARTNERSHIP_FIELDS and the related_rows() of its chunk; url_of(slug) gives its page."""
    (
        pk,
        slug,
        title_sv,
        title_en,
        description_sv,
        description_en,
        country_code,
        country_name_sv,
        country_name_en,
        region,
        phase,
        status,
        start_year,
        end_year,
        updated_at,
        seeking_until,
    ) = row
    return {
        "id": pk,
        "slug": slug,
        "url": url_of(slug),
        "title": {"sv": title_sv or "", "en": title_en or ""},
        "description": {"sv": description_sv or "", "en": description_en or ""},
        "country": {
            "code": country_code,
            "name": {"sv": country_name_sv or "", "en": country_name_en or ""},
            "region": region,
        },
        "swedish_organisations": related["swedish_organisations"].get(pk, []),
        "partner_organisations": related["partner_organisations"].get(pk, []),
        "thematic_areas": related["thematic_areas"].get(pk, []),
        "phase": phase,
        "status": status,
        "start_year": start_year,
        "end_year": end_year,
        "contacts": related["contacts"].get(pk, []),
        "wanted_countries": related["wanted_countries"].get(pk, []),
        "seeking_until": seeking_until.isoformat() if seeking_until else None,
        "updated_at": updated_at.isoformat() if updated_at else None,
    }


def partnership_records(partnerships, url_of):
    """The records of a queryset of partnerships, in its order: one query for the
    partnerships and five for each chunk of CHUNK_SIZE."""
    rows = _rows(partnerships.prefetch_related(None), *PARTNERSHIP_FIELDS).iterator(
        chunk_size=CHUNK_SIZE
    )
    while chunk := list(islice(rows, CHUNK_SIZE)):
        related = related_rows([row[0] for row in chunk])
        for row in chunk:
            yield partnership_record(row, related, url_of)


CSV_COLUMNS = [column.name for column in COLUMNS]


def csv_row(record):
    return [
        csv_cell("" if value is None else value) for value in (c.value(record) for c in COLUMNS)
    ]


def records(search, url_of):
    return partnership_records(search.ordered(), url_of)


def _in_chunks(pieces):
    """The strings of `pieces` joined CHUNK_SIZE at a time: fewer, larger writes to send."""
    pieces = iter(pieces)
    while batch := list(islice(pieces, CHUNK_SIZE)):
        yield "".join(batch)


class _Echo:
    def write(self, value):
        return value


def _filename(extension):
    return f"partnerships-{timezone.localdate().isoformat()}.{extension}"


def _response(count, pieces, content_type, extension):
    """The whole export in one response up to CACHEABLE_EXPORT_ROWS rows, streamed above."""
    if count <= CACHEABLE_EXPORT_ROWS:
        response = HttpResponse("".join(pieces), content_type=content_type)
    else:
        response = StreamingHttpResponse(_in_chunks(pieces), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    return response


def licence_metadata(licence):
    """The licence as the JSON export states it: its SPDX identifier and its text's URL."""
    return {"id": licence.value, "url": licence.url}


def link_licence(response, licence):
    """Name the licence in a Link header (RFC 8288's "license" relation): every export and
    API answer carries it without changing its body."""
    if licence is not None:
        response["Link"] = f'<{licence.url}>; rel="license"'
    return response


def csv_response(search, url_of, licence=None):
    """CSV has no place for metadata: its licence is in the Link header only."""
    writer = csv.writer(_Echo())

    def rows():
        # The byte-order mark makes Excel read the file as UTF-8 (å, ä, ö intact).
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for record in records(search, url_of):
            yield writer.writerow(csv_row(record))

    return _response(search.queryset().count(), rows(), "text/csv; charset=utf-8", "csv")


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_cell(sheet, value):
    """A cell that shows `value` as it is: text is never read as a formula, and the control
    characters a worksheet cannot hold are left out."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def xlsx_response(search, url_of, licence):
    """The export as an Excel workbook. openpyxl's write-only mode writes each row to a
    temporary file as it comes, so memory does not grow with the rows; the finished file is
    then sent from disk."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = str(_("Partnerships"))
    workbook.properties.description = f"{licence.label} {licence.url}"
    workbook.properties.keywords = licence.value
    sheet = workbook.create_sheet("partnerships")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, column.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for record in records(search, url_of):
        sheet.append([_xlsx_cell(sheet, column.value(record)) for column in COLUMNS])
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(file)
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_CONTENT_TYPE
    )


def json_response(search, url_of, licence):
    count = search.queryset().count()

    def chunks():
        metadata = json.dumps(licence_metadata(licence))
        yield f'{{"licence": {metadata}, "count": {count}, "results": ['
        for index, record in enumerate(records(search, url_of)):
            yield ("," if index else "") + json.dumps(record, ensure_ascii=False)
        yield "]}"

    return _response(count, chunks(), "application/json; charset=utf-8", "json")
