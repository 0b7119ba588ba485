"""`make backup` and `make restore`: a restored copy of the demo site serves the same pages."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "scripts" / "backup.sh"
PAGES = [
    "/sv/",
    "/en/",
    "/sv/kommunalt-partnerskap/",
    "/en/municipal-partnership/",
    "/sv/aktuellt/",
    "/en/news/",
    "/sv/feeds/news/rss/",
    "/sitemap.xml",
]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.USING_POSTGRES, reason="backup and restore use pg_dump: PostgreSQL only"
    ),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")),
        reason="pg_dump, pg_restore or psql is not installed",
    ),
]

# Runs in a child process against the database in DATABASE_URL: what a visitor would see.
SNAPSHOT = """
import json, re, sys
import django
django.setup()
from django.apps import apps
from django.test import Client

counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
client, pages = Client(), {}
for url in sys.argv[1:]:
    response = client.get(url)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    pages[url] = [response.status_code, html]
print(json.dumps({"counts": counts, "pages": pages}))
"""


def database_url(name):
    db = connection.settings_dict
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{name}"


def run(args, **env):
    return subprocess.run(  # noqa: S603 - our own script and interpreter
        args,
        env={**os.environ, **env},
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def snapshot(url):
    result = run(
        [sys.executable, "-c", SNAPSHOT, *PAGES],
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="icld_site.settings.test",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin_url = database_url("postgres")
    run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'])
    yield database_url(name)
    run(["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


def test_a_restored_backup_serves_the_same_site(tmp_path, empty_database):
    # The demo content was committed when the test database was built, so pg_dump sees it.
    original_url = database_url(connection.settings_dict["NAME"])
    media = Path(settings.MEDIA_ROOT)
    backup_dir = tmp_path / "backup"

    backup = run(
        [str(SCRIPT), "backup", str(backup_dir)], DATABASE_URL=original_url, MEDIA_ROOT=str(media)
    )
    assert backup.returncode == 0, backup.stderr
    assert {p.name for p in backup_dir.iterdir()} == {"db.dump", "media.tar.gz", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    restore = run(
        [str(SCRIPT), "restore", str(backup_dir)],
        DATABASE_URL=empty_database,
        MEDIA_ROOT=str(restored_media),
    )
    assert restore.returncode == 0, restore.stderr

    before, after = snapshot(original_url), snapshot(empty_database)
    assert after["counts"] == before["counts"]
    assert before["counts"]["wagtailcore.Page"] > 5
    for url in PAGES:
        assert after["pages"][url][0] == 200, url
        assert after["pages"][url] == before["pages"][url], url

    def files(root):
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert files(media)
    assert files(restored_media) == files(media)


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    original_url = database_url(connection.settings_dict["NAME"])
    backup = run([str(SCRIPT), "backup", str(tmp_path / "b")], DATABASE_URL=original_url)
    assert backup.returncode == 0, backup.stderr
    restore = run(
        [str(SCRIPT), "restore", str(tmp_path / "b")],
        DATABASE_URL=original_url,
        MEDIA_ROOT=str(tmp_path / "m"),
    )
    assert restore.returncode != 0
    assert "not empty" in restore.stderr


def test_restore_refuses_a_damaged_backup(tmp_path, empty_database):
    original_url = database_url(connection.settings_dict["NAME"])
    run([str(SCRIPT), "backup", str(tmp_path / "b")], DATABASE_URL=original_url)
    with (tmp_path / "b" / "db.dump").open("ab") as dump:
        dump.write(b"garbage")
    restore = run(
        [str(SCRIPT), "restore", str(tmp_path / "b")],
        DATABASE_URL=empty_database,
        MEDIA_ROOT=str(tmp_path / "m"),
    )
    assert restore.returncode != 0
    assert "checksums do not match" in restore.stderr
