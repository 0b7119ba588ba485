from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partners.importing import Progress, import_partnerships


class Command(BaseCommand):
    help = (
        "Import partnerships from a CSV or XLSX file. Every row is checked first; if any row "
        "is bad, the problems are listed and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (comma or semicolon) or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        report = self.stdout.write if options["verbosity"] >= 1 else None
        progress = Progress(report, _("Rows"))
        plan, summary = import_partnerships(
            path.read_bytes(), path.name, dry_run=dry_run, progress=progress
        )
        if plan.file_error:
            raise CommandError(plan.file_error)
        for problem in plan.problems:
            self.stderr.write(_("Row %(row)s: %(message)s") % vars(problem))
        if plan.problems:
            raise CommandError(
                _("%(count)s problem(s) in %(total)s rows. Nothing was imported.")
                % {"count": len(plan.problems), "total": plan.total}
            )
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Dry run: %(total)s rows are valid; %(create)s would be created, "
                        "%(update)s updated and %(unchanged)s left unchanged. Nothing was "
                        "written."
                    )
                    % {
                        "total": plan.total,
                        "create": plan.to_create,
                        "update": plan.to_update,
                        "unchanged": plan.unchanged,
                    }
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(total)s rows: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged in %(s).1f s."
                )
                % {
                    "total": plan.total,
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                    "s": progress.elapsed,
                }
            )
        )
