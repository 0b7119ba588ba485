from django.conf import settings
from django.core.management.base import BaseCommand

from partners.models import ContactMessageLog


class Command(BaseCommand):
    help = (
        "Delete the entries of the contact form's log (who wrote to whom, and when) older "
        "than CONTACT_LOG_DAYS days. Run daily from cron."
    )

    def handle(self, *args, **options):
        days = settings.CONTACT_LOG_DAYS
        deleted, _ = ContactMessageLog.objects.older_than(days).delete()
        self.stdout.write(f"Deleted {deleted} contact form log entries older than {days} days.")
