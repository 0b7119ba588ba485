"""Reading an import file: CSV (any common encoding and separator) or XLSX, as records of
text keyed by column."""

import codecs
import csv
import io
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

MAX_FILE_SIZE = 5 * 1024 * 1024


FILE_TOO_LARGE = gettext_lazy(
    "The file is larger than 5 MB. Split it into smaller files and import each."
)


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


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


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
        raise ImportFileError(FILE_TOO_LARGE)
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
        # Every column of the file is in every record, also where a row's cells end early.
        cells += [""] * (len(headings) - len(cells))
        records.append((index, dict(zip(headings, cells, strict=False))))
    return records


def cell_text(value):
    # Excel stores 2019 as the number 2019.0; read it back as "2019".
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
