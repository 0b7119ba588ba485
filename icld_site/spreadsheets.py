"""Every CSV file the site writes: text that a spreadsheet program would run as a formula
is written so that it is shown as text.

A cell that starts with "=", "+", "-", "@", a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (CSV injection: `=HYPERLINK(...)` in a feedback
comment or a partner request becomes a live link, or worse, on an editor's computer). Such a
cell gets an apostrophe in front, which these programs show as text and hide. Numbers are
left alone (a negative number is a number, not text), and only CSV is changed: the JSON
export and the API give every value exactly, and the Excel files mark every text cell as
text already.

`csv_cell` is the one rule. The public export applies it to each cell; Wagtail's admin
writes the CSV of every listing (`list_export` on the viewsets) and of its reports in
SpreadsheetExportMixin.write_csv_row, which `install()` makes apply it too, so no listing can
be left out.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """`value` as a CSV cell: text that starts like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv_row(self, writer, row_dict):
    return writer.writerow(
        {
            field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
    )


def install():
    SpreadsheetExportMixin.write_csv_row = _write_csv_row
