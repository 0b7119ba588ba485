from django.conf import settings
from django.core.management.base import BaseCommand

from partners.expiry import remove_expired, send_reminders


class Command(BaseCommand):
    help = (
        "Remove entries seeking a partner whose twelve months have ended (and their contact "
        "persons if no other partnership names them), and remind the contacts of entries "
        "that end within 30 days. Run daily; running it again does nothing more."
    )

    def handle(self, *args, **options):
        entries, contacts = remove_expired()
        reminded = send_reminders(settings.WAGTAILADMIN_BASE_URL.rstrip("/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {entries} expired entries and {contacts} contact persons; "
                f"reminders queued: {reminded}."
            )
        )
