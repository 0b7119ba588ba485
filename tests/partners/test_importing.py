import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from partners.importing import import_partnerships, plan_import
from partners.models import Partnership, Status

pytestmark = pytest.mark.django_db

HEADER = [
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
GOOD = [
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


def row(**changes):
    values = dict(zip(HEADER, GOOD, strict=True))
    values.update(changes)
    return [values[column] for column in HEADER]


def csv_bytes(rows, delimiter=",", encoding="utf-8", header=HEADER):
    lines = [delimiter.join(header)]
    for cells in rows:
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for values in rows:
        sheet.append([int(v) if v.isdigit() else v for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_dry_run_reports_and_writes_nothing():
    before = Partnership.objects.count()
    plan, summary = import_partnerships(csv_bytes([row()]), "a.csv", dry_run=True)
    assert plan.is_valid
    assert (plan.total, plan.to_create, plan.to_update) == (1, 1, 0)
    assert summary is None
    assert Partnership.objects.count() == before


def test_import_creates_partnership_with_relations():
    plan, summary = import_partnerships(csv_bytes([row()]), "a.csv")
    assert summary.created == 1
    partnership = Partnership.objects.get(title_sv="Klimatarbete i Kisumu")
    assert partnership.title_en == "Climate work in Kisumu"
    assert partnership.status == Status.ACTIVE
    assert [o.name for o in partnership.swedish_organisations.all()] == ["Borlänge kommun"]
    assert [o.name for o in partnership.partner_organisations.all()] == ["Kisumu County"]
    assert {a.slug for a in partnership.thematic_areas.all()} == {
        "miljo-och-klimat",
        "delaktighet",
    }
    # Importing the same file again updates rather than duplicates.
    plan, summary = import_partnerships(csv_bytes([row(end_year="2027")]), "a.csv")
    assert (summary.created, summary.updated) == (0, 1)
    partnership.refresh_from_db()
    assert partnership.end_year == 2027


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"country": "Atlantis"}, "Unknown country “Atlantis”"),
        ({"swedish_organisations": "Ankeborgs kommun"}, "Unknown Swedish organisation"),
        ({"partner_organisations": "Tbilisi City Hall"}, "Unknown partner organisation"),
        ({"thematic_areas": "rymdfart"}, "Unknown thematic area"),
        ({"start_year": "tjugohundra"}, "is not a year"),
        ({"start_year": "1850"}, "outside 1990–2100"),
        ({"end_year": "2101"}, "outside 1990–2100"),
        ({"end_year": "2020"}, "before the start year"),
        ({"start_year": ""}, "start year is empty"),
        ({"title_sv": ""}, "Swedish title"),
        ({"status": "pausad"}, "Unknown status"),
        ({"phase": "fas 3"}, "Unknown phase"),
        ({"partner_organisations": ""}, "at least one partner organisation"),
        ({"swedish_organisations": ""}, "at least one Swedish organisation"),
    ],
)
def test_each_bad_row_kind_has_a_clear_reason(changes, reason):
    with translation.override("en"):
        plan = plan_import(csv_bytes([row(), row(**{"title_sv": "Annan", **changes})]), "a.csv")
    assert not plan.is_valid
    assert [problem.row for problem in plan.problems] == [3] * len(plan.problems)
    assert any(reason in problem.message for problem in plan.problems), plan.problems


def test_duplicate_rows_are_reported_with_the_first_row():
    with translation.override("en"):
        plan = plan_import(csv_bytes([row(), row(title_en="Other"), row()]), "a.csv")
    assert [(p.row, p.message) for p in plan.problems] == [
        (3, "This row repeats row 2 (same partnership)."),
        (4, "This row repeats row 2 (same partnership)."),
    ]


def test_messages_are_translated_to_swedish():
    with translation.override("sv"):
        plan = plan_import(csv_bytes([row(country="Atlantis")]), "a.csv")
    assert plan.problems[0].message.startswith("Okänt land")


@pytest.mark.parametrize(
    "header",
    [HEADER[1:], [h for h in HEADER if h != "partner_organisations"]],
)
def test_missing_required_columns_are_named(header):
    with translation.override("en"):
        plan = plan_import(csv_bytes([], header=header), "a.csv")
    assert "Required columns are missing" in plan.file_error
    missing = "title_sv" if "title_sv" not in header else "partner_organisations"
    assert missing in plan.file_error


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (",", "utf-8-sig"), (";", "utf-8"), (";", "utf-8-sig"), (";", "cp1252")],
)
def test_encodings_and_separators(delimiter, encoding):
    data = csv_bytes(
        [row(swedish_organisations="Malmö stad|Västerås stad", status="söker partner")],
        delimiter,
        encoding,
    )
    plan, summary = import_partnerships(data, "a.csv")
    assert plan.is_valid, plan.problems
    partnership = Partnership.objects.get(title_sv="Klimatarbete i Kisumu")
    assert {o.name for o in partnership.swedish_organisations.all()} == {
        "Malmö stad",
        "Västerås stad",
    }
    assert partnership.status == Status.SEEKING_PARTNER


def test_swedish_column_headings_and_country_names():
    header = ["titel_sv", "land", "svenska_organisationer", "partnerorganisationer", "startår"]
    data = csv_bytes(
        [["Dialog i Tbilisi", "Georgien", "Uppsala kommun", "Tbilisi City Hall", "2024"]],
        ";",
        "cp1252",
        header=header,
    )
    plan, summary = import_partnerships(data, "a.csv")
    assert summary.created == 1, plan.problems


def test_xlsx_is_imported():
    plan, summary = import_partnerships(xlsx_bytes([row()]), "partnerskap.xlsx")
    assert summary.created == 1, plan.problems
    assert Partnership.objects.get(title_sv="Klimatarbete i Kisumu").start_year == 2023


def test_xlsx_bad_rows_are_reported():
    plan = plan_import(xlsx_bytes([row(), row(title_sv="B", start_year="1800")]), "p.xlsx")
    assert [problem.row for problem in plan.problems] == [3]


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"", "a.csv"), (b"PK\x03\x04not really a workbook", "a.xlsx"), (b"\x81\x8d\x8f", "a.csv")],
)
def test_unreadable_files_give_a_message(data, filename):
    plan = plan_import(data, filename)
    assert plan.file_error
    assert not plan.is_valid


def test_one_bad_row_in_500_writes_nothing():
    rows = [row(title_sv=f"Partnerskap {n}") for n in range(500)]
    rows[321] = row(title_sv="Dålig rad", country="Atlantis")
    before = Partnership.objects.count()
    plan, summary = import_partnerships(csv_bytes(rows), "a.csv")
    assert summary is None
    assert [problem.row for problem in plan.problems] == [323]
    assert Partnership.objects.count() == before


def test_command_dry_run_and_import(tmp_path, capsys):
    path = tmp_path / "partnerskap.csv"
    path.write_bytes(csv_bytes([row()], ";", "utf-8-sig"))
    before = Partnership.objects.count()
    call_command("import_partnerships", str(path), "--dry-run")
    assert Partnership.objects.count() == before
    call_command("import_partnerships", str(path))
    out = capsys.readouterr().out
    assert "1/1" in out
    assert Partnership.objects.count() == before + 1


def test_command_reports_bad_rows_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "partnerskap.csv"
    path.write_bytes(csv_bytes([row(), row(title_sv="B", end_year="1999")]))
    before = Partnership.objects.count()
    with translation.override("en"), pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_partnerships", str(path))
    assert "Row 3:" in capsys.readouterr().err
    assert Partnership.objects.count() == before


def test_command_rejects_missing_file():
    with pytest.raises(CommandError):
        call_command("import_partnerships", "/nonexistent/file.csv")


def test_sample_file_is_valid():
    sample = Path(__file__).resolve().parents[2] / "docs" / "partnerships-sample.csv"
    plan = plan_import(sample.read_bytes(), sample.name)
    assert plan.is_valid, plan.problems
    assert plan.total == 4


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("redaktor", password="x")
    user.groups.add(Group.objects.get(name="Redaktörer"))
    client.force_login(user)
    return client


def upload(client, data, name="partnerskap.csv"):
    return client.post(
        "/admin/partners/import/", {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def test_admin_import_upload_check_then_confirm(editor_client):
    assert editor_client.get("/admin/partners/import/").status_code == 200
    before = Partnership.objects.count()
    response = upload(editor_client, csv_bytes([row()], ";", "cp1252"))
    assert response.status_code == 200
    assert Partnership.objects.count() == before  # the check writes nothing
    form = BeautifulSoup(response.content, "html.parser").find("button", attrs={"name": "confirm"})
    assert form is not None
    fields = {
        field["name"]: field.get("value", "")
        for field in form.find_parent("form").find_all("input")
    }
    response = editor_client.post("/admin/partners/import/", {**fields, "confirm": "1"})
    assert response.status_code == 302
    assert Partnership.objects.count() == before + 1


def test_admin_import_lists_bad_rows(editor_client):
    before = Partnership.objects.count()
    data = csv_bytes([row(), row(title_sv="B", country="Atlantis")])
    response = upload(editor_client, data)
    html = BeautifulSoup(response.content, "html.parser")
    cells = [td.get_text(strip=True) for td in html.select("table.listing td")]
    assert cells[0] == "3"
    assert "Atlantis" in cells[1]
    assert html.find("button", attrs={"name": "confirm"}) is None
    assert Partnership.objects.count() == before


def test_admin_import_xlsx_and_bad_uploads(editor_client):
    response = upload(editor_client, xlsx_bytes([row()]), "p.xlsx")
    assert BeautifulSoup(response.content, "html.parser").find("button", attrs={"name": "confirm"})
    assert upload(editor_client, b"\x00\x01", "p.pdf").status_code == 200
    response = editor_client.post(
        "/admin/partners/import/", {"confirm": "1", "filename": "a.csv", "content": "%%%"}
    )
    assert response.status_code == 302


def test_admin_import_needs_permission(client):
    user = User.objects.create_user("utan", password="x")
    user.groups.add(Group.objects.get(name="Redaktörer"))
    user.groups.clear()
    client.force_login(user)
    assert client.get("/admin/partners/import/").status_code in (302, 403)
