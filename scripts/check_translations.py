"""Fail when a .po file has untranslated or fuzzy entries, or when makemessages would change it."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
# Python and templates ("django"), and JavaScript ("djangojs": the admin strings Wagtail's
# JavaScript catalogue lacks, see icld_site/wagtail_strings.js).
DOMAINS = ("django", "djangojs")
# Installed and collected copies of other projects' files are not ours to translate.
IGNORED = ["--ignore=.venv", "--ignore=node_modules", "--ignore=staticfiles", "--ignore=media"]


def incomplete_entries():
    problems = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        for entry in po.untranslated_entries():
            problems.append(f"{po_path.relative_to(ROOT)}: untranslated: {entry.msgid!r}")
        for entry in po.fuzzy_entries():
            problems.append(f"{po_path.relative_to(ROOT)}: fuzzy: {entry.msgid!r}")
    return problems


def stale_files():
    """Run makemessages on a copy of locale/ and report which msgids it would add or drop."""
    with tempfile.TemporaryDirectory() as scratch:
        backup = Path(scratch) / "locale"
        shutil.copytree(LOCALE, backup)
        try:
            for domain in DOMAINS:
                subprocess.run(
                    [
                        sys.executable,
                        "manage.py",
                        "makemessages",
                        "-d",
                        domain,
                        "-l",
                        "sv",
                        "-l",
                        "en",
                        "--no-obsolete",
                        "--no-location",
                        *IGNORED,
                    ],
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                )
            problems = []
            for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
                before_path = backup / po_path.relative_to(LOCALE)
                after = {e.msgid for e in polib.pofile(str(po_path))}
                before = (
                    {e.msgid for e in polib.pofile(str(before_path))}
                    if before_path.exists()
                    else set()
                )
                for msgid in sorted(after - before):
                    problems.append(f"{po_path.relative_to(ROOT)}: not in the file: {msgid!r}")
                for msgid in sorted(before - after):
                    problems.append(f"{po_path.relative_to(ROOT)}: no longer used: {msgid!r}")
            return problems
        finally:
            shutil.rmtree(LOCALE)
            shutil.copytree(backup, LOCALE)


def main():
    problems = incomplete_entries() + stale_files()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s). Run `make messages` and translate.")
        return 1
    print("Translations complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
