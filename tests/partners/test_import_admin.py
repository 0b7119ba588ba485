"""The admin's import: upload and check, keep the file on the server, confirm, import.

Large files (4.9 MB) go through the real views with the test client, as an editor would
send them; the confirmation carries only a signed token."""

import base64
import hashlib
import io
import os
import random
import time
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone
from openpyxl import Workbook
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from partners.importing import MAX_FILE_SIZE, import_partnerships, uploads
from partners.models import Organisation, Partnership
from tests.helpers import (
    IMPORT_HEADER,
    LARGE_IMPORT,
    MB,
    csv_bytes,
    import_row,
    large_csv,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

URL = "/admin/partners/import/"
LIST = "/admin/snippets/partners/partnership/"


@pytest.fixture
def stored_files(settings, tmp_path):
    """The directory where checked files wait, empty and private to the test."""
    directory = tmp_path / "imports"
    settings.STORAGES = {
        **settings.STORAGES,
        "partner_imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": directory},
        },
    }

    def listing():
        return sorted(directory.iterdir()) if directory.exists() else []

    return listing


@pytest.fixture
def editor(client, stored_files):
    user = User.objects.create_user(
        "redaktor", password="x", first_name="Rita", last_name="Redaktör"
    )
    user.groups.add(Group.objects.get(name="Redaktörer"))
    client.force_login(user)
    client.user = user
    return client


def use_language(client, language):
    profile = UserProfile.get_for_user(client.user)
    profile.preferred_language = language
    profile.save()


def upload(client, data, name="partnerskap.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def page(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def token_of(response):
    field = page(response).find("input", attrs={"name": "token"})
    assert field is not None, "no confirmation form"
    return field["value"]


def confirm(client, token, action="import"):
    return client.post(URL, {"token": token, "action": action})


def messages_after(client, response):
    assert response.status_code == 302
    html = page(client.get(response["Location"]))
    return " ".join(html.select_one(".messages").get_text(" ").split())


def report_rows(response):
    table = page(response).select("table.listing")[-1]
    return [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")
    ]


# Large files ---------------------------------------------------------------------------


def large_xlsx():
    """A 4.9 MB workbook of 10,000 partnerships; random descriptions so that it cannot be
    compressed below that."""
    rng = random.Random(14)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([*IMPORT_HEADER, "description_sv"])
    for number in range(10_000):
        description = base64.b64encode(rng.randbytes(455)).decode()
        values = import_row(title_sv=f"Partnerskap ur arbetsbok {number}")
        sheet.append([int(v) if v.isdigit() else v for v in values] + [description])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_large_csv_is_checked_kept_on_the_server_and_imported(editor, stored_files):
    upload_and_confirm(editor, csv_bytes([import_row()]))
    before = Partnership.objects.count()
    data = large_csv("Klimatarbete i Kisumu")
    assert len(data) == LARGE_IMPORT
    total = data.count(b"\r\n") - 1  # records, without the header
    started = time.monotonic()

    response = upload(editor, data)
    text = " ".join(page(response).get_text(" ").split())
    assert f"{total - 1} nya partnerskap skapas" in text
    assert "1 partnerskap uppdateras" in text
    assert f"Tabellen visar 500 av de {total} raderna" in text
    rows = report_rows(response)
    assert len(rows) == 500
    # The update comes first, with what it changes and a link to the partnership.
    assert rows[0][:3] == ["2", "Uppdateras: beskrivning [sv], slutår", "Klimatarbete i Kisumu"]
    assert rows[1][:2] == ["3", "Nytt partnerskap"]
    # The file waits on the server; the page carries only a short token.
    [stored] = stored_files()
    assert stored.read_bytes() == data
    token = token_of(response)
    assert len(token) < 500
    assert len(response.content) < MB
    assert Partnership.objects.count() == before

    response = confirm(editor, token)
    assert response["Location"] == LIST
    print(f"4.9 MB CSV, {total} rows: checked and imported in {time.monotonic() - started:.1f} s")
    assert Partnership.objects.count() == before + total - 1
    assert stored_files() == []
    assert (
        f"Importerade {total} rader från partnerskap.csv: {total - 1} skapade, 1 uppdaterade, "
        "0 oförändrade" in messages_after(editor, response)
    )
    assert Partnership.objects.get(title_sv="Klimatarbete i Kisumu").end_year == 2027
    imported = Partnership.objects.get(title_sv=f"Stort partnerskap {total - 1}")
    assert imported.latest_revision.user == editor.user
    assert imported.description_sv.startswith("Samarbete om lokal demokrati")


def test_a_large_xlsx_is_imported(editor, stored_files):
    data = large_xlsx()
    assert 4.85 * MB < len(data) < 4.95 * MB
    before = Partnership.objects.count()
    response = upload(editor, data, "partnerskap.xlsx")
    assert "10000 nya partnerskap skapas" in page(response).get_text()
    [stored] = stored_files()
    response = confirm(editor, token_of(response))
    assert response["Location"] == LIST
    assert Partnership.objects.count() == before + 10_000
    assert stored_files() == []
    entry = ModelLogEntry.objects.filter(action="partners.import").latest("pk")
    assert entry.data["filename"] == "partnerskap.xlsx"
    assert entry.data["row"] == 10_001


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Filen är större än 5 MB. Dela upp den i mindre filer och importera var för sig."),
        ("en", "The file is larger than 5 MB. Split it into smaller files and import each."),
    ],
)
def test_a_file_of_5_mb_and_one_byte_gets_a_clear_message(editor, stored_files, language, message):
    use_language(editor, language)
    data = csv_bytes([import_row()])
    data += b" " * (MAX_FILE_SIZE + 1 - len(data))
    response = upload(editor, data)
    html = page(response)
    assert message in " ".join(html.get_text(" ").split())
    assert html.find("input", attrs={"name": "token"}) is None
    assert stored_files() == []


# The token and the stored file -----------------------------------------------------------


@pytest.fixture
def checked(editor):
    """A small file checked and waiting for confirmation: (token, partnerships before)."""
    before = Partnership.objects.count()
    response = upload(editor, csv_bytes([import_row(), import_row(title_sv="Andra raden")]))
    return token_of(response), before


def test_confirming_imports_once(editor, checked, stored_files):
    token, before = checked
    response = confirm(editor, token)
    assert Partnership.objects.count() == before + 2
    # The same confirmation again (back button, double click) imports nothing more.
    response = confirm(editor, token)
    assert "finns inte längre på servern" in messages_after(editor, response)
    assert Partnership.objects.count() == before + 2


def test_cancel_removes_the_file(editor, checked, stored_files):
    token, before = checked
    assert len(stored_files()) == 1
    response = confirm(editor, token, action="cancel")
    assert "Importen avbröts" in messages_after(editor, response)
    assert stored_files() == []
    assert Partnership.objects.count() == before


INVALID = "Bekräftelsen är inte giltig"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        lambda token: "x" + token,
        lambda token: token.replace(":", ";"),
    ],
)
def test_a_tampered_token_changes_nothing(editor, checked, stored_files, tamper):
    token, before = checked
    response = confirm(editor, tamper(token))
    assert INVALID in messages_after(editor, response)
    assert Partnership.objects.count() == before
    assert len(stored_files()) == 1


def test_a_signed_token_cannot_name_a_file_outside_the_storage(editor, stored_files, tmp_path):
    # Only the server can sign, but a name it would never make is refused all the same.
    outside = tmp_path / "outside.csv"
    outside.write_bytes(csv_bytes([import_row(title_sv="Utifrån")]))
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    forged = uploads.StoredUpload("../outside.csv", "a.csv", digest, "", editor.user.pk)
    for action in ("import", "cancel"):
        response = confirm(editor, forged.token, action)
        assert INVALID in messages_after(editor, response)
    assert not Partnership.objects.filter(title_sv="Utifrån").exists()
    assert outside.exists()


def test_another_users_token_is_refused(editor, checked):
    token, before = checked
    other = User.objects.create_user("annan", password="x")
    other.groups.add(Group.objects.get(name="Redaktörer"))
    editor.force_login(other)
    response = confirm(editor, token)
    assert INVALID in messages_after(editor, response)
    assert Partnership.objects.count() == before


def test_an_expired_token_changes_nothing_and_the_file_is_removed(editor, checked, stored_files):
    token, before = checked
    with time_machine.travel(timezone.now() + uploads.MAX_AGE + timedelta(minutes=1)):
        response = confirm(editor, token)
        message = messages_after(editor, response)
    assert "mer än 60 minuter gammal" in message
    assert Partnership.objects.count() == before
    assert stored_files() == []


def test_a_file_changed_between_check_and_confirm_is_refused(editor, checked, stored_files):
    token, before = checked
    [stored] = stored_files()
    stored.write_bytes(
        csv_bytes(
            [import_row(), import_row(title_sv="Andra raden"), import_row(title_sv="Smugglad")]
        )
    )
    response = confirm(editor, token)
    assert "ändrades efter kontrollen" in messages_after(editor, response)
    assert Partnership.objects.count() == before
    assert not Partnership.objects.filter(title_sv="Smugglad").exists()
    assert stored_files() == []


def test_a_database_changed_since_the_check_is_shown_again(editor, checked, kenya):
    token, before = checked
    # Someone adds one of the file's partnerships meanwhile: the row now updates it.
    import_partnerships(csv_bytes([import_row(end_year="2030")]), "annan.csv")
    response = confirm(editor, token)
    html = page(response)
    assert "Partnerskap har ändrats sedan filen kontrollerades" in html.get_text()
    assert report_rows(response)[0][:2] == ["2", "Uppdateras: slutår"]
    assert Partnership.objects.count() == before + 1
    # The new report can be confirmed.
    response = confirm(editor, token_of(response))
    assert response.status_code == 302
    assert Partnership.objects.count() == before + 2
    assert Partnership.objects.get(title_sv="Klimatarbete i Kisumu").end_year == 2026


def test_stale_files_are_removed_at_the_next_upload(editor, stored_files):
    upload(editor, csv_bytes([import_row()]))
    [old] = stored_files()
    hours_ago = time.time() - uploads.MAX_AGE.total_seconds() - 60
    os.utime(old, (hours_ago, hours_ago))
    upload(editor, csv_bytes([import_row(title_sv="Nyare")]))
    remaining = stored_files()
    assert old not in remaining
    assert len(remaining) == 1


def test_a_file_with_bad_rows_is_not_kept(editor, stored_files):
    response = upload(
        editor, csv_bytes([import_row(), import_row(title_sv="B", country="Atlantis")])
    )
    cells = [td.get_text(strip=True) for td in page(response).select("table.listing td")]
    assert cells[0] == "3"
    assert "Atlantis" in cells[1]
    assert page(response).find("input", attrs={"name": "token"}) is None
    assert stored_files() == []


def test_many_bad_rows_are_listed_up_to_a_limit(editor):
    rows = [import_row(title_sv=f"R {n}", country="Atlantis") for n in range(600)]
    response = upload(editor, csv_bytes(rows))
    assert len(report_rows(response)) == 500
    assert "Tabellen visar de 500 första problemen" in page(response).get_text()


def test_unreadable_and_wrong_files(editor, stored_files):
    response = upload(editor, b"\x00\x01", "p.pdf")
    assert "Välj en fil av typen .csv eller .xlsx" in page(response).get_text()
    response = upload(editor, xlsx_bytes([import_row()]), "p.xlsx")
    assert token_of(response)


# Both languages, the page itself, history -----------------------------------------------


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "sv",
            ["Kontroll av partnerskap.csv", "Uppdateras: slutår", "Nytt partnerskap", "Oförändrat"],
        ),
        (
            "en",
            ["Check of partnerskap.csv", "Update: end year", "New partnership", "Unchanged"],
        ),
    ],
)
def test_report_in_each_admin_language(editor, language, texts):
    upload_and_confirm(editor, csv_bytes([import_row(), import_row(title_sv="Andra")]))
    use_language(editor, language)
    data = csv_bytes(
        [import_row(), import_row(title_sv="Andra", end_year="2030"), import_row(title_sv="Tredje")]
    )
    text = " ".join(page(upload(editor, data)).get_text(" ").split())
    for expected in texts:
        assert expected in text


def upload_and_confirm(client, data, name="partnerskap.csv"):
    response = confirm(client, token_of(upload(client, data, name)))
    assert response.status_code == 302
    return response


def test_the_header_has_no_unlabelled_link_to_the_page_itself(editor):
    html = page(editor.get(URL))
    header = html.find("header")
    for control in header.find_all(["a", "button"]):
        name = control.get_text(strip=True) or control.get("aria-label", "")
        assert name, control
        assert control.get("href") != URL, control
    # The breadcrumbs lead back to the partnerships.
    assert header.find("a", href=LIST)


def test_imported_partnerships_show_when_they_were_updated(editor):
    upload_and_confirm(editor, csv_bytes([import_row(title_sv="Vattenrening i Kisumu")]))
    partnership = Partnership.objects.get(title_sv="Vattenrening i Kisumu")
    html = page(editor.get(LIST, {"q": "Vattenrening"}))
    [line] = [tr for tr in html.select("tbody tr") if "Vattenrening" in tr.get_text()]
    # The "Uppdaterad" column: when the import's log entry was written.
    updated = line.select_one("td time")
    assert updated["datetime"].startswith(timezone.localdate().isoformat())
    history = page(editor.get(f"{LIST}history/{partnership.pk}/")).get_text(" ")
    assert "Skapat genom import från partnerskap.csv (rad 2) av Rita Redaktör" in " ".join(
        history.split()
    )


def test_import_needs_permission(client):
    user = User.objects.create_user("utan", password="x")
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    assert client.post(URL, {"token": "x"}).status_code in (302, 403)


def test_a_file_no_longer_valid_at_confirmation_shows_its_problems(editor, checked, stored_files):
    token, before = checked
    Organisation.objects.filter(name="Borlänge kommun").update(name="Borlänge kommun (gamla)")
    response = confirm(editor, token)
    html = page(response)
    assert "Okänd svensk organisation ”Borlänge kommun”" in html.get_text()
    assert html.find("input", attrs={"name": "token"}) is None
    assert Partnership.objects.count() == before
    assert stored_files() == []


def test_a_refusing_database_gives_a_message_and_keeps_the_file(
    editor, checked, stored_files, monkeypatch
):
    token, before = checked

    def refuse(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("partners.import_views.apply_plan", refuse)
    response = confirm(editor, token)
    html = page(response)
    assert "databasen godtog inte en rad" in html.get_text()
    assert html.find("input", attrs={"name": "token"})["value"]
    assert len(stored_files()) == 1
    assert Partnership.objects.count() == before


def test_the_file_name_is_shown_as_text(editor):
    name = "<img src=x onerror=alert(1)>.csv"
    response = upload(editor, csv_bytes([import_row()]), name)
    assert b"<img src=x" not in response.content
    assert f"Kontroll av {name}" in page(response).get_text()
