"""Reading, checking and importing partnerships from CSV or XLSX files.

Used by both `manage.py import_partnerships` and the admin's import view. A file is first
checked as a whole (`plan_import`): every bad row is reported with its row number and a
reason, and nothing is written. Only a file without problems can be applied
(`apply_plan`), inside one transaction, so a failed import changes nothing.

Row numbers are those a spreadsheet shows: the header is row 1, the first record row 2.

A plan says for every row whether it creates a partnership, updates one (and which fields)
or leaves one as it is. Applying it writes in batches: a fixed number of queries per
BATCH_SIZE rows rather than a few dozen per row, so that files of 10,000 rows import in
seconds. Bulk writes send no model signals, so `apply_plan` itself does what the signals
would have done: revisions and log entries, the search text, Wagtail's reference index and
the public page cache.

The package: `reading` turns a file into records, `rows` checks one record through the
partnership model, `planning` checks a whole file and says what importing it would do,
`writing` applies a plan, and `uploads` keeps a checked file on the server until the
editor confirms it in the admin.
"""

import time

from django.db import DatabaseError
from django.utils.translation import gettext as _

from .planning import ImportPlan, plan_import
from .reading import FILE_TOO_LARGE, MAX_FILE_SIZE, ImportFileError
from .writing import LOG_ACTION, ImportSummary, apply_plan

__all__ = [
    "FILE_TOO_LARGE",
    "LOG_ACTION",
    "MAX_FILE_SIZE",
    "ImportFileError",
    "ImportPlan",
    "ImportSummary",
    "Progress",
    "apply_plan",
    "import_partnerships",
    "plan_import",
]


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


def import_partnerships(data, filename="", *, dry_run=False, progress=None, user=None):
    """(plan, summary or None). Nothing is written on a dry run or when a row is bad."""
    plan = plan_import(data, filename, progress=progress)
    if dry_run or not plan.is_valid:
        return plan, None
    try:
        return plan, apply_plan(plan, user=user, filename=filename, progress=progress)
    except DatabaseError as error:
        # Someone changed the data between the check and the write; the transaction is undone.
        plan.file_error = _("Nothing was imported: the database refused a row (%(error)s).") % {
            "error": error
        }
        return plan, None
