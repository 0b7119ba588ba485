import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from icld_site.notifications import run_notifiers
from icld_site.subscriptions import purge_unconfirmed


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Queue the e-mail to subscribers that is due today (weekly digests, round "
        "reminders) and delete sign-ups left unconfirmed; run daily from cron. Running it "
        "again the same day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=iso_date,
            help="the day to run for (YYYY-MM-DD); default: today in Europe/Stockholm",
        )

    def handle(self, *args, date=None, **options):
        # The site's day, as the round status knows it: after midnight in Stockholm it is
        # the next day, whatever the server's clock says.
        today = date or timezone.localdate()
        counts = run_notifiers(today)
        purged = purge_unconfirmed(timezone.now())
        counts["unconfirmed subscriptions deleted"] = purged["subscriptions"]
        counts["subscribers deleted"] = purged["subscribers"]
        self.stdout.write(f"{today.isoformat()}:")
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count}")
