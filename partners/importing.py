"""Reading, checking and importing partnerships from CSV or XLSX files.

Used by both `manage.py import_partnerships` and the admin's import view. A file is first
checked as a whole (`plan_import`): every bad row is reported with its row number and a
reason, and nothing is written. Only a file without problems can be applied
(`apply_plan`), inside one transaction, so a failed import changes nothing.

Row numbers are those a spreadsheet shows: the header is row 1, the first record row 2.
"""

import codecs
import csv
import io
import time
import zipfile
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .models import (
    FIRST_YEAR,
    LAST_YEAR,
    Country,
    Organisation,
    Partnership,
    Phase,
    Status,
    ThematicArea,
)

MAX_FILE_SIZE = 5 * 1024 * 1024
# Several organisations or areas in one cell are separated by a vertical bar.
LIST_SEPARATOR = "|"

REQUIRED_COLUMNS = [
    "title_sv",
    "country",
    "start_year",
    "swedish_organisations",
    "partner_organisations",
]
OPTIONAL_COLUMNS = [
    "slug",
    "title_en",
    "description_sv",
    "description_en",
    "thematic_areas",
    "phase",
    "status",
    "end_year",
]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# Swedish column headings an editor may prefer; they mean the same as the English ones.
COLUMN_ALIASES = {
    "titel_sv": "title_sv",
    "titel_en": "title_en",
    "beskrivning_sv": "description_sv",
    "beskrivning_en": "description_en",
    "land": "country",
    "svenska_organisationer": "swedish_organisations",
    "partnerorganisationer": "partner_organisations",
    "tematiska_områden": "thematic_areas",
    "tematiska_omraden": "thematic_areas",
    "fas": "phase",
    "startår": "start_year",
    "startar": "start_year",
    "slutår": "end_year",
    "slutar": "end_year",
}

STATUS_VALUES = {
    "active": Status.ACTIVE,
    "aktiv": Status.ACTIVE,
    "finished": Status.FINISHED,
    "avslutad": Status.FINISHED,
    "seeking-partner": Status.SEEKING_PARTNER,
    "seeking partner": Status.SEEKING_PARTNER,
    "seeking a partner": Status.SEEKING_PARTNER,
    "söker partner": Status.SEEKING_PARTNER,
}
PHASE_VALUES = {
    "pre-study": Phase.PRE_STUDY,
    "prestudy": Phase.PRE_STUDY,
    "förstudie": Phase.PRE_STUDY,
    "project": Phase.PROJECT,
    "projekt": Phase.PROJECT,
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


@dataclass
class RowProblem:
    row: int
    message: str


@dataclass
class PlannedRow:
    row: int
    values: dict
    swedish_organisations: list
    partner_organisations: list
    thematic_areas: list
    existing: Partnership | None = None


@dataclass
class ImportPlan:
    total: int = 0
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    file_error: str = ""

    @property
    def is_valid(self):
        return not self.file_error and not self.problems

    @property
    def to_create(self):
        return sum(1 for row in self.rows if row.existing is None)

    @property
    def to_update(self):
        return sum(1 for row in self.rows if row.existing is not None)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    seconds: float = 0.0


class Progress:
    """Calls `report(message)` with rows done of total and elapsed time, now and then."""

    def __init__(self, report, label, every=100):
        self.report, self.label, self.every = report, label, every
        self.started = time.monotonic()

    @property
    def elapsed(self):
        return time.monotonic() - self.started

    def __call__(self, done, total):
        if self.report and (done == total or done % self.every == 0):
            self.report(f"{self.label}: {done}/{total} ({self.elapsed:.1f} s)")


# Reading -------------------------------------------------------------------------------


def decode(data):
    """Text of a CSV file saved as UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV" on Swedish Windows.
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file could not be read as text. Save it as CSV (UTF-8) or as XLSX.")
        ) from error


def sniff_delimiter(text):
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        # Swedish Excel separates with semicolons; fall back to whichever is most used.
        return max(",;\t", key=first_line.count)


def read_csv(data):
    text = decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        return [list(row) for row in reader]
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not valid CSV: %(error)s") % {"error": error}
        ) from error


def read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("The file is not a valid XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [
            ["" if value is None else value for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


def is_xlsx(data, filename):
    return filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"


def normalise_heading(heading):
    key = str(heading).strip().lower().replace(" ", "_").replace("-", "_")
    return COLUMN_ALIASES.get(key, key)


def read_records(data, filename=""):
    """[(row number, {column: text})] of the file's records, blank rows left out."""
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(_("The file is larger than 5 MB."))
    table = read_xlsx(data) if is_xlsx(data, filename) else read_csv(data)
    if not table:
        raise ImportFileError(_("The file is empty."))
    headings = [normalise_heading(heading) for heading in table[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in headings]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)}
        )
    records = []
    for index, row in enumerate(table[1:], start=2):
        cells = [cell_text(value) for value in row]
        if not any(cells):
            continue
        records.append((index, dict(zip(headings, cells, strict=False))))
    return records


def cell_text(value):
    # Excel stores 2019 as the number 2019.0; read it back as "2019".
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Checking ------------------------------------------------------------------------------


class Lookups:
    """Everything rows refer to, loaded once, found by code, slug or name (any case)."""

    def __init__(self):
        self.countries = {}
        for country in Country.objects.all():
            for key in (country.code, country.name_sv, country.name_en):
                if key:
                    self.countries[key.casefold()] = country
        self.swedish = {}
        self.partner = {}
        for organisation in Organisation.objects.all():
            index = self.swedish if organisation.is_swedish else self.partner
            for key in (organisation.name, organisation.slug):
                index[(key.casefold(), organisation.country_id)] = organisation
        self.areas = {}
        for area in ThematicArea.objects.all():
            for key in (area.slug, area.name_sv, area.name_en):
                if key:
                    self.areas[key.casefold()] = area


def split_list(text):
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def parse_year(text, label, problems):
    if not text:
        return None
    try:
        year = int(text)
    except ValueError:
        problems.append(
            _("%(column)s “%(value)s” is not a year.") % {"column": label, "value": text}
        )
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(
            _("%(column)s %(value)s is outside %(first)s–%(last)s.")
            % {"column": label, "value": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
        return None
    return year


def check_record(record, lookups):
    """(PlannedRow or None, [reasons]) for one record."""
    problems = []
    title_sv = record.get("title_sv", "")
    if not title_sv:
        problems.append(_("The Swedish title (title_sv) is empty."))
    for column in ("title_sv", "title_en"):
        if len(record.get(column, "")) > 255:
            problems.append(_("%(column)s is longer than 255 characters.") % {"column": column})

    country = None
    country_text = record.get("country", "")
    if not country_text:
        problems.append(_("The country is empty."))
    else:
        country = lookups.countries.get(country_text.casefold())
        if country is None:
            problems.append(
                _("Unknown country “%(value)s”. Use an ISO code such as KE, or the name.")
                % {"value": country_text}
            )

    status_text = record.get("status", "").casefold() or Status.ACTIVE
    status = STATUS_VALUES.get(status_text)
    if status is None:
        problems.append(
            _("Unknown status “%(value)s”. Use active, finished or seeking-partner.")
            % {"value": record["status"]}
        )
    phase_text = record.get("phase", "").casefold() or Phase.PROJECT
    phase = PHASE_VALUES.get(phase_text)
    if phase is None:
        problems.append(
            _("Unknown phase “%(value)s”. Use pre-study or project.") % {"value": record["phase"]}
        )

    start_year = parse_year(record.get("start_year", ""), "start_year", problems)
    if start_year is None and not record.get("start_year"):
        problems.append(_("The start year is empty."))
    end_year = parse_year(record.get("end_year", ""), "end_year", problems)
    if start_year and end_year and end_year < start_year:
        problems.append(
            _("The end year %(end)s is before the start year %(start)s.")
            % {"end": end_year, "start": start_year}
        )

    swedish = []
    for name in split_list(record.get("swedish_organisations", "")):
        organisation = lookups.swedish.get((name.casefold(), None))
        if organisation is None:
            problems.append(_("Unknown Swedish organisation “%(name)s”.") % {"name": name})
        else:
            swedish.append(organisation)
    partner = []
    for name in split_list(record.get("partner_organisations", "")):
        organisation = country and lookups.partner.get((name.casefold(), country.pk))
        if organisation:
            partner.append(organisation)
        elif country is not None:
            problems.append(
                _("Unknown partner organisation “%(name)s” in %(country)s.")
                % {"name": name, "country": country}
            )
    areas = []
    for name in split_list(record.get("thematic_areas", "")):
        area = lookups.areas.get(name.casefold())
        if area is None:
            problems.append(_("Unknown thematic area “%(name)s”.") % {"name": name})
        else:
            areas.append(area)

    if status and country is not None:
        problems.extend(
            str(message)
            for message in Partnership.clean_sides(status, swedish, partner, country).values()
        )
    if problems:
        return None, problems

    values = {
        "title_sv": title_sv,
        "title_en": record.get("title_en", ""),
        "description_sv": record.get("description_sv", ""),
        "description_en": record.get("description_en", ""),
        "country": country,
        "status": status,
        "phase": phase,
        "start_year": start_year,
        "end_year": end_year,
    }
    if record.get("slug"):
        values["slug"] = record["slug"]
    row = PlannedRow(0, values, swedish, partner, areas)
    return row, []


def duplicate_key(values):
    """Two rows describe the same partnership if they share a slug, or else a title,
    country and start year."""
    if values.get("slug"):
        return ("slug", values["slug"].casefold())
    return ("title", values["title_sv"].casefold(), values["country"].pk, values["start_year"])


def find_existing(values):
    if values.get("slug"):
        return Partnership.objects.filter(slug=values["slug"]).first()
    return Partnership.objects.filter(
        title_sv__iexact=values["title_sv"],
        country=values["country"],
        start_year=values["start_year"],
    ).first()


def plan_import(data, filename="", progress=None):
    """Check a whole file and say what importing it would do. Writes nothing."""
    plan = ImportPlan()
    try:
        records = read_records(data, filename)
    except ImportFileError as error:
        plan.file_error = str(error)
        return plan
    plan.total = len(records)
    lookups = Lookups()
    first_row_of = {}
    for done, (number, record) in enumerate(records, start=1):
        row, problems = check_record(record, lookups)
        if row is not None:
            key = duplicate_key(row.values)
            if key in first_row_of:
                problems = [
                    _("This row repeats row %(row)s (same partnership).")
                    % {"row": first_row_of[key]}
                ]
            else:
                first_row_of[key] = number
        if problems:
            plan.problems.extend(RowProblem(number, message) for message in problems)
        else:
            row.row = number
            row.existing = find_existing(row.values)
            plan.rows.append(row)
        if progress:
            progress(done, plan.total)
    return plan


# Writing -------------------------------------------------------------------------------


def apply_plan(plan, progress=None):
    """Write a checked plan in one transaction: all rows or, on any error, none."""
    if not plan.is_valid:
        raise ValueError("Only a plan without problems can be applied.")
    summary = ImportSummary()
    started = time.monotonic()
    with transaction.atomic():
        for done, row in enumerate(plan.rows, start=1):
            partnership = row.existing or Partnership()
            for name, value in row.values.items():
                setattr(partnership, name, value)
            partnership.swedish_organisations.set(row.swedish_organisations)
            partnership.partner_organisations.set(row.partner_organisations)
            partnership.thematic_areas.set(row.thematic_areas)
            # A ClusterableModel writes its parental many-to-many relations on save.
            partnership.save()
            if row.existing is None:
                summary.created += 1
            else:
                summary.updated += 1
            if progress:
                progress(done, len(plan.rows))
    summary.seconds = time.monotonic() - started
    return summary


def import_partnerships(data, filename="", *, dry_run=False, progress=None):
    """(plan, summary or None). Nothing is written on a dry run or when a row is bad."""
    plan = plan_import(data, filename, progress=progress)
    if dry_run or not plan.is_valid:
        return plan, None
    try:
        return plan, apply_plan(plan, progress=progress)
    except DatabaseError as error:
        # Someone changed the data between the check and the write; the transaction is undone.
        plan.file_error = _("Nothing was imported: the database refused a row (%(error)s).") % {
            "error": error
        }
        return plan, None
