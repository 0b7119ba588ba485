from django.core.management.base import BaseCommand

from icld_site.mail import retry_due


class Command(BaseCommand):
    help = "Queue again every e-mail that waits for another attempt (run from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {retry_due()} message(s) again.")
