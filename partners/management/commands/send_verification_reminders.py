from django.core.management.base import BaseCommand
from django.utils import timezone

from icld_site.batches import each_row
from partners.models import ContactPerson
from partners.verification import request_verification


class Command(BaseCommand):
    help = (
        "E-mail a verification request to every published contact whose details were last "
        "confirmed more than CONTACT_VERIFICATION_REMINDER_DAYS ago and who has not been asked "
        "within CONTACT_VERIFICATION_REMINDER_INTERVAL_DAYS. Safe to run more than once a day. "
        "A contact whose request cannot be sent is logged and skipped."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        outcome = each_row(
            ContactPerson.objects.due_for_reminder(now).select_related("organisation"),
            lambda contact: request_verification(contact, now=now),
            what="send_verification_reminders",
        )
        self.stdout.write(f"Verification reminders queued: {outcome.done}.")
        if outcome.failed:
            self.stderr.write(f"Not sent, see the log: {outcome.failed}.")
