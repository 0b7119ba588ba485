from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import CheckConstraint, Q
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import ModelLogEntry, ReferenceIndex

from partners.importing import MAX_FILE_SIZE, apply_plan, import_partnerships, plan_import
from partners.models import Partnership, Status
from tests.helpers import IMPORT_HEADER, csv_bytes, import_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_dry_run_reports_and_writes_nothing():
    before = Partnership.objects.count()
    plan, summary = import_partnerships(csv_bytes([import_row()]), "a.csv", dry_run=True)
    assert plan.is_valid
    assert (plan.total, plan.to_create, plan.to_update) == (1, 1, 0)
    assert summary is None
    assert Partnership.objects.count() == before


def test_import_creates_partnership_with_relations():
    plan, summary = import_partnerships(csv_bytes([import_row()]), "a.csv")
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
    plan, summary = import_partnerships(csv_bytes([import_row(end_year="2027")]), "a.csv")
    assert (summary.created, summary.updated) == (0, 1)
    partnership.refresh_from_db()
    assert partnership.end_year == 2027


LONG_TITLE = "x" * 256


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # What the importer finds by name.
        (
            {"country": "Atlantis"},
            "Unknown country “Atlantis”. Use an ISO code such as KE, or the name.",
        ),
        (
            {"swedish_organisations": "Ankeborgs kommun"},
            "Unknown Swedish organisation “Ankeborgs kommun”.",
        ),
        (
            {"partner_organisations": "Tbilisi City Hall"},
            "Unknown partner organisation “Tbilisi City Hall” in Kenya.",
        ),
        ({"thematic_areas": "rymdfart"}, "Unknown thematic area “rymdfart”."),
        # The model's rules: its fields, its constraints and clean_sides().
        ({"start_year": "tjugohundra"}, "start_year: “tjugohundra” value must be an integer."),
        ({"start_year": "1850"}, "The start year must be between 1990 and 2100."),
        ({"end_year": "2101"}, "The end year must be between 1990 and 2100."),
        ({"end_year": "2020"}, "The end year cannot be before the start year."),
        ({"start_year": ""}, "start_year is empty."),
        ({"title_sv": ""}, "title_sv is empty."),
        ({"country": ""}, "country is empty."),
        (
            {"title_en": LONG_TITLE},
            f"title_en “{LONG_TITLE[:39]}…”: "
            "Ensure this value has at most 255 characters (it has 256).",
        ),
        (
            {"status": "pausad"},
            "status: unknown value “pausad”. Use Active, Finished, Seeking a partner.",
        ),
        ({"phase": "fas 3"}, "phase: unknown value “fas 3”. Use Pre-study, Project."),
        (
            {"partner_organisations": ""},
            "partner_organisations: An active partnership needs at least one partner organisation.",
        ),
        (
            {"swedish_organisations": ""},
            "swedish_organisations: An active partnership needs at least one Swedish organisation.",
        ),
        (
            {"status": "söker partner", "swedish_organisations": "", "partner_organisations": ""},
            "partner_organisations: A partnership seeking a partner needs the organisation "
            "that is looking.",
        ),
    ],
)
def test_each_bad_row_kind_has_a_clear_reason(changes, message):
    with translation.override("en"):
        plan = plan_import(
            csv_bytes([import_row(), import_row(**{"title_sv": "Annan", **changes})]), "a.csv"
        )
    assert [(problem.row, problem.message) for problem in plan.problems] == [(3, message)]


def test_a_validator_that_only_the_model_has_reaches_the_import(monkeypatch):
    def no_test_titles(value):
        if value.startswith("Test"):
            raise ValidationError("A title may not begin with “Test”.", code="test_title")

    field = Partnership._meta.get_field("title_sv")
    monkeypatch.setattr(field, "validators", [*field.validators, no_test_titles])
    with translation.override("en"):
        plan = plan_import(
            csv_bytes([import_row(), import_row(title_sv="Testpartnerskap")]), "a.csv"
        )
    assert [(problem.row, problem.message) for problem in plan.problems] == [
        (3, "title_sv “Testpartnerskap”: A title may not begin with “Test”.")
    ]


def test_a_constraint_that_only_the_model_has_reaches_the_import(monkeypatch):
    rule = CheckConstraint(
        condition=~Q(status=Status.FINISHED) | Q(end_year__isnull=False),
        name="finished_partnership_has_end_year",
        violation_error_message="A finished partnership needs an end year.",
    )
    monkeypatch.setattr(Partnership._meta, "constraints", [*Partnership._meta.constraints, rule])
    rows = [
        import_row(status="avslutad"),
        import_row(title_sv="Utan slut", status="avslutad", end_year=""),
        import_row(title_sv="Pågår", end_year=""),
    ]
    plan = plan_import(csv_bytes(rows), "a.csv")
    assert [(problem.row, problem.message) for problem in plan.problems] == [
        (3, "A finished partnership needs an end year.")
    ]


def test_the_database_refuses_what_changed_after_the_check_and_nothing_is_written(kenya):
    # A slug is unique in the database; the check leaves that to it (a row with a known slug
    # updates that partnership), so a slug taken meanwhile undoes the whole import.
    header = [*IMPORT_HEADER, "slug"]
    rows = [[*import_row(title_sv="Först"), ""], [*import_row(title_sv="Sedan"), "tagen"]]
    plan = plan_import(csv_bytes(rows, header=header), "a.csv")
    assert plan.is_valid
    Partnership.objects.create(title_sv="Hann före", country=kenya, start_year=2020, slug="tagen")
    before = Partnership.objects.count()
    with pytest.raises(IntegrityError):
        apply_plan(plan)
    assert Partnership.objects.count() == before
    assert not Partnership.objects.filter(title_sv="Först").exists()


def test_duplicate_rows_are_reported_with_the_first_row():
    with translation.override("en"):
        plan = plan_import(
            csv_bytes([import_row(), import_row(title_en="Other"), import_row()]), "a.csv"
        )
    assert [(p.row, p.message) for p in plan.problems] == [
        (3, "This row repeats row 2 (same partnership)."),
        (4, "This row repeats row 2 (same partnership)."),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"country": "Atlantis"},
            "Okänt land ”Atlantis”. Ange en ISO-kod, till exempel KE, eller landets namn.",
        ),
        ({"start_year": ""}, "start_year saknar värde."),
        ({"end_year": "2020"}, "Slutåret kan inte vara före startåret."),
        (
            {"status": "pausad"},
            "status: okänt värde ”pausad”. Ange Aktivt, Avslutat, Söker partner.",
        ),
        (
            {"partner_organisations": ""},
            "partner_organisations: Ett aktivt partnerskap behöver minst en partnerorganisation.",
        ),
    ],
)
def test_messages_are_translated_to_swedish(changes, message):
    with translation.override("sv"):
        plan = plan_import(csv_bytes([import_row(**changes)]), "a.csv")
    assert [problem.message for problem in plan.problems] == [message]


@pytest.mark.parametrize(
    "header",
    [IMPORT_HEADER[1:], [h for h in IMPORT_HEADER if h != "partner_organisations"]],
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
        [import_row(swedish_organisations="Malmö stad|Västerås stad", status="söker partner")],
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
    plan, summary = import_partnerships(xlsx_bytes([import_row()]), "partnerskap.xlsx")
    assert summary.created == 1, plan.problems
    assert Partnership.objects.get(title_sv="Klimatarbete i Kisumu").start_year == 2023


def test_xlsx_bad_rows_are_reported():
    plan = plan_import(
        xlsx_bytes([import_row(), import_row(title_sv="B", start_year="1800")]), "p.xlsx"
    )
    assert [problem.row for problem in plan.problems] == [3]


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"", "a.csv"), (b"PK\x03\x04not really a workbook", "a.xlsx"), (b"\x81\x8d\x8f", "a.csv")],
)
def test_unreadable_files_give_a_message(data, filename):
    plan = plan_import(data, filename)
    assert plan.file_error
    assert not plan.is_valid


def test_a_file_over_5_mb_is_refused_with_a_message():
    with translation.override("en"):
        plan = plan_import(csv_bytes([import_row()]) + b" " * MAX_FILE_SIZE, "a.csv")
    assert plan.file_error.startswith("The file is larger than 5 MB.")


def test_one_bad_row_in_500_writes_nothing():
    rows = [import_row(title_sv=f"Partnerskap {n}") for n in range(500)]
    rows[321] = import_row(title_sv="Dålig rad", country="Atlantis")
    before = Partnership.objects.count()
    plan, summary = import_partnerships(csv_bytes(rows), "a.csv")
    assert summary is None
    assert [problem.row for problem in plan.problems] == [323]
    assert Partnership.objects.count() == before


def test_command_dry_run_and_import(tmp_path, capsys):
    path = tmp_path / "partnerskap.csv"
    path.write_bytes(csv_bytes([import_row()], ";", "utf-8-sig"))
    before = Partnership.objects.count()
    call_command("import_partnerships", str(path), "--dry-run")
    assert Partnership.objects.count() == before
    call_command("import_partnerships", str(path))
    out = capsys.readouterr().out
    assert "1/1" in out
    assert Partnership.objects.count() == before + 1


def test_command_reports_bad_rows_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "partnerskap.csv"
    path.write_bytes(csv_bytes([import_row(), import_row(title_sv="B", end_year="1999")]))
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


# What a plan says about each row ---------------------------------------------------------


def test_dry_run_says_per_row_what_will_be_created_updated_or_left_alone():
    import_partnerships(csv_bytes([import_row(), import_row(title_sv="Andra")]), "a.csv")
    plan = plan_import(
        csv_bytes(
            [import_row(), import_row(title_sv="ANDRA", end_year="2027"), import_row(title_sv="Ny")]
        ),
        "a.csv",
    )
    assert [(r.row, r.action, r.changes) for r in plan.rows] == [
        (2, "unchanged", []),
        # Found whatever the case of the title, which the file then changes.
        (3, "update", ["title_sv", "end_year"]),
        (4, "create", []),
    ]
    assert plan.rows[1].existing == Partnership.objects.get(title_sv="Andra")
    with translation.override("en"):
        assert plan.rows[1].changed_labels == ["title [sv]", "end year"]
    assert (plan.to_create, plan.to_update, plan.unchanged) == (1, 1, 1)
    # Updates come first in the report, then new partnerships, then unchanged rows.
    assert [r.row for r in plan.preview(2)] == [3, 4]


def test_changed_relations_are_named():
    import_partnerships(csv_bytes([import_row()]), "a.csv")
    plan = plan_import(csv_bytes([import_row(thematic_areas="Delaktighet")]), "a.csv")
    assert plan.rows[0].changes == ["thematic_areas"]


def test_columns_missing_from_the_file_are_left_as_they_are():
    header = [*IMPORT_HEADER, "description_sv"]
    import_partnerships(
        csv_bytes([[*import_row(status="avslutad"), "Om klimat"]], header=header), ""
    )
    required = ["title_sv", "country", "start_year", "swedish_organisations"]
    header = [*required, "partner_organisations", "end_year"]
    values = ["Klimatarbete i Kisumu", "KE", "2023", "Borlänge kommun", "Kisumu County", "2027"]
    plan, summary = import_partnerships(csv_bytes([values], header=header), "")
    assert plan.rows[0].changes == ["end_year"]
    partnership = Partnership.objects.get(title_sv="Klimatarbete i Kisumu")
    assert (partnership.end_year, partnership.status) == (2027, Status.FINISHED)
    assert partnership.description_sv == "Om klimat"
    assert partnership.title_en == "Climate work in Kisumu"
    assert partnership.thematic_areas.count() == 2
    # An empty cell, unlike a missing column, empties the field.
    plan, summary = import_partnerships(
        csv_bytes([[*import_row(end_year=""), ""]], header=[*IMPORT_HEADER, "description_sv"]), ""
    )
    partnership.refresh_from_db()
    assert (partnership.end_year, partnership.description_sv) == (None, "")


def test_fingerprint_changes_when_the_database_does():
    data = csv_bytes([import_row()])
    before = plan_import(data, "a.csv").fingerprint
    assert plan_import(data, "a.csv").fingerprint == before
    import_partnerships(data, "a.csv")
    assert plan_import(data, "a.csv").fingerprint != before


def test_bad_slug_is_reported():
    with translation.override("en"):
        plan = plan_import(csv_bytes([import_row()], header=IMPORT_HEADER), "a.csv")
        bad = plan_import(
            csv_bytes([[*import_row(), "inte en slug!"]], header=[*IMPORT_HEADER, "slug"]), "a.csv"
        )
    assert plan.is_valid
    assert bad.problems[0].row == 2
    assert "inte en slug!" in bad.problems[0].message


def test_new_partnerships_get_unique_slugs_in_bulk(kenya):
    # Partnership.save() would give "klimat", "klimat-2", …; bulk writing must agree.
    Partnership.objects.create(title_sv="Klimat", country=kenya, start_year=2020)
    Partnership.objects.create(title_sv="Klimat 3", country=kenya, start_year=2020, slug="klimat-3")
    rows = [import_row(title_sv="Klimat", start_year=str(year)) for year in (2021, 2022, 2023)]
    file_slug = [*import_row(title_sv="Annat"), "klimat-2"]
    data = csv_bytes([[*r, ""] for r in rows] + [file_slug], header=[*IMPORT_HEADER, "slug"])
    plan, summary = import_partnerships(data, "a.csv")
    assert summary.created == 4, plan.problems
    assert Partnership.objects.get(title_sv="Annat").slug == "klimat-2"
    new = Partnership.objects.filter(title_sv="Klimat", start_year__gt=2020).order_by("pk")
    assert [p.slug for p in new] == ["klimat-4", "klimat-5", "klimat-6"]


# What applying a plan writes -------------------------------------------------------------


@pytest.fixture
def editor():
    return User.objects.create_user(
        "importer", password="x", first_name="Ingrid", last_name="Import"
    )


def test_imported_partnerships_get_a_revision_and_a_log_entry(editor):
    import_partnerships(csv_bytes([import_row()]), "a.csv")
    existing = Partnership.objects.get(title_sv="Klimatarbete i Kisumu")
    before = existing.updated_at
    data = csv_bytes([import_row(end_year="2027"), import_row(title_sv="Ny")])
    plan, summary = import_partnerships(data, "partnerskap.csv", user=editor)
    assert (summary.created, summary.updated) == (1, 1)
    for partnership in Partnership.objects.filter(title_sv__in=["Klimatarbete i Kisumu", "Ny"]):
        revision = partnership.latest_revision
        assert revision is not None
        assert revision.user == editor
        assert revision.content["end_year"] == partnership.end_year
        assert revision.content["swedish_organisations"] == [
            o.pk for o in partnership.swedish_organisations.all()
        ]
        entry = ModelLogEntry.objects.for_instance(partnership).get(user=editor)
        assert entry.action == "partners.import"
        assert entry.revision == revision
        assert entry.timestamp == revision.created_at
    existing.refresh_from_db()
    assert existing.updated_at > before
    with translation.override("en"):
        entry = ModelLogEntry.objects.for_instance(existing).get(user=editor)
        assert entry.message == ("Updated by import from partnerskap.csv (row 2) by Ingrid Import")
    new = Partnership.objects.get(title_sv="Ny")
    with translation.override("sv"):
        entry = ModelLogEntry.objects.for_instance(new).get(user=editor)
        assert entry.message == "Skapat genom import från partnerskap.csv (rad 3) av Ingrid Import"


def test_unchanged_rows_are_not_written(editor):
    import_partnerships(csv_bytes([import_row()]), "a.csv")
    partnership = Partnership.objects.get(title_sv="Klimatarbete i Kisumu")
    plan, summary = import_partnerships(csv_bytes([import_row()]), "a.csv", user=editor)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
    partnership_after = Partnership.objects.get(pk=partnership.pk)
    assert partnership_after.updated_at == partnership.updated_at
    assert partnership_after.latest_revision == partnership.latest_revision
    assert not ModelLogEntry.objects.filter(user=editor).exists()


def test_import_keeps_search_text_current(kenya):
    import_partnerships(csv_bytes([import_row(title_sv="Vattenrening i Kisumu")]), "a.csv")
    assert Partnership.objects.search("vattenrening").count() == 1
    import_partnerships(
        csv_bytes([import_row(title_sv="Vattenrening i Kisumu", thematic_areas="Delaktighet")]),
        "a.csv",
    )
    # The thematic area's name is part of the search text.
    assert Partnership.objects.search("delaktighet vattenrening").count() == 1
    assert Partnership.objects.search("klimat vattenrening").count() == 0


def test_import_keeps_wagtails_reference_index_as_wagtail_would(kenya):
    import_partnerships(csv_bytes([import_row()]), "a.csv")
    partnership = Partnership.objects.get(title_sv="Klimatarbete i Kisumu")

    def recorded():
        return set(
            ReferenceIndex.get_references_for_object(partnership).values_list(
                "to_content_type", "to_object_id", "model_path", "content_path", "content_path_hash"
            )
        )

    imported = recorded()
    assert imported
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(Partnership.objects.get(pk=partnership.pk))
    assert recorded() == imported
    assert ReferenceIndex.get_references_to(kenya).filter(object_id=str(partnership.pk)).exists()
    # A changed country moves the reference.
    import_partnerships(
        csv_bytes([import_row(country="TZ", partner_organisations="Moshi Municipal Council")]),
        "a.csv",
    )
    moved = Partnership.objects.get(title_sv="Klimatarbete i Kisumu", country__code="TZ")
    assert not ReferenceIndex.get_references_to(kenya).filter(object_id=str(moved.pk)).exists()


def test_queries_do_not_grow_with_the_number_of_new_rows():
    def queries(count, prefix):
        data = csv_bytes([import_row(title_sv=f"{prefix} {n}") for n in range(count)])
        plan = plan_import(data, "a.csv")
        with CaptureQueriesContext(connection) as captured:
            apply_plan(plan)
        return len(captured)

    # SQLite splits a bulk insert into a few statements; one query per row would be 180.
    assert queries(200, "Större") - queries(20, "Liten") < 20


def test_checking_costs_no_query_per_row():
    # The model's validation would ask the database about each row's country and each CHECK
    # constraint; the check asks once per distinct value instead.
    def queries(count):
        rows = [import_row(title_sv=f"P {n}", end_year=str(2026 + n % 3)) for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            assert plan_import(csv_bytes(rows), "a.csv").is_valid
        return len(captured)

    assert queries(200) == queries(20)


def test_an_update_costs_one_query_per_changed_row():
    data = csv_bytes([import_row(title_sv=f"P {n}") for n in range(40)])
    import_partnerships(data, "a.csv")
    few = plan_import(
        csv_bytes([import_row(title_sv=f"P {n}", end_year="2029") for n in range(10)]), ""
    )
    many = plan_import(
        csv_bytes([import_row(title_sv=f"P {n}", end_year="2029") for n in range(40)]), ""
    )
    with CaptureQueriesContext(connection) as small:
        apply_plan(few)
    with CaptureQueriesContext(connection) as large:
        apply_plan(many)
    assert len(large) - len(small) == 30


def test_import_retires_cached_public_pages(
    client, page_cache_on, django_capture_on_commit_callbacks
):
    url = "/sv/kommunalt-partnerskap/databas/?q=vattenrening"
    assert "Vattenrening i Kisumu" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        import_partnerships(csv_bytes([import_row(title_sv="Vattenrening i Kisumu")]), "a.csv")
    assert "Vattenrening i Kisumu" in client.get(url).content.decode()
