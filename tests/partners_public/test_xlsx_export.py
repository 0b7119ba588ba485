"""The XLSX export: the same rows, order and columns as the CSV, in a workbook Excel reads
as it is (a bold, frozen header, widths, numbers as numbers, text never a formula)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from partners.database.exports import CSV_COLUMNS, XLSX_CONTENT_TYPE
from partners.models import Partnership
from tests.helpers import DATABASE, LANGUAGES, get_soup, soup, text

URL = DATABASE["sv"]


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(client, params):
    text = body(client.get(URL + "export/csv/", params)).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def workbook(client, params):
    response = client.get(URL + "export/xlsx/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="partnerships-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(body(response)))


def as_csv(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize(
    "params", [{}, {"q": "Malmö"}, {"country": "KE"}, {"area": "dialogue", "sort": "start"}]
)
def test_xlsx_has_the_csv_rows(client, data, params):
    sheet = workbook(client, params).active
    rows = [[as_csv(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    expected = csv_rows(client, params)
    assert len(expected) > 1 or params
    assert rows == expected
    assert rows[0] == CSV_COLUMNS


def test_xlsx_layout_and_types(client, data):
    sheet = workbook(client, {"q": "klimatanpassning"}).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["D"].width
    row = dict(zip(CSV_COLUMNS, (cell.value for cell in sheet[2]), strict=True))
    assert row["id"] == data["malmo_kisumu"].pk
    assert (row["start_year"], row["end_year"]) == (2021, 2023)
    assert row["title_sv"] == "Samarbeten om klimatanpassning"


def test_xlsx_text_is_never_a_formula(client, data):
    partnership = data["malmo_kisumu"]
    Partnership.objects.filter(pk=partnership.pk).update(
        title_sv='=HYPERLINK("http://example.com")', description_sv="Rad\x0bett"
    )
    sheet = workbook(client, {"country": "KE"}).active
    cells = {cell.value: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert cells['=HYPERLINK("http://example.com")'] == "s"
    assert "Radett" in cells


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_links_the_xlsx_beside_csv_and_json(client, data, language):
    page = get_soup(client, DATABASE[language], {"country": "KE"})
    links = [a["href"] for a in page.select(".exports a")]
    assert links[1] == f"{DATABASE[language]}export/xlsx/?country=KE"
    assert text(page.select(".exports a")[1]) == "Excel (XLSX)"


@pytest.mark.parametrize("kind", ["xml", "xls", "pdf"])
def test_unknown_export_format_is_404(client, data, kind):
    assert client.get(f"{URL}export/{kind}/").status_code == 404


TOO_LARGE = {
    "sv": ("För många partnerskap för en Excelfil", "Excel (XLSX) för högst 2 partnerskap"),
    "en": ("Too many partnerships for one Excel file", "Excel (XLSX) for at most 2 partnerships"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_search_too_large_for_excel_is_refused_with_the_csv_offered(
    client, data, language, monkeypatch
):
    monkeypatch.setattr("partners.database.views.XLSX_MAX_ROWS", 2)
    assert Partnership.objects.public().count() > 2
    heading, notice = TOO_LARGE[language]
    response = client.get(DATABASE[language] + "export/xlsx/", {"sort": "start"})
    page = soup(response.content)
    assert response.status_code == 403
    assert text(page.h1) == heading
    assert response.headers["Content-Type"].startswith("text/html")
    links = [a["href"] for a in page.select("main a")]
    assert f"{DATABASE[language]}export/csv/?sort=start" in links
    assert f"{DATABASE[language]}?sort=start" in links
    # The results page says so instead of linking a download that would be refused.
    results = get_soup(client, DATABASE[language], {"sort": "start"})
    assert notice in text(results.select_one(".exports"))
    assert not [a for a in results.select(".exports a") if "xlsx" in a["href"]]


def test_a_search_within_the_excel_limit_is_a_workbook(client, data, monkeypatch):
    monkeypatch.setattr("partners.database.views.XLSX_MAX_ROWS", 2)
    sheet = workbook(client, {"country": "KE"}).active
    assert 1 < sheet.max_row <= 3
