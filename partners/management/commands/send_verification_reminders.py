from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from partners.models import ContactPerson
from partners.verification import request_verification


class Command(BaseCommand):
    help = (
        "E-mail a verification request to every published contact whose details were last "
        "confirmed more than CONTACT_VERIFICATION_REMINDER_DAYS ago and who has not been asked "
        "within CONTACT_VERIFICATION_REMINDER_INTERVAL_DAYS. Safe to run more than once a day."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        count = 0
        for contact in ContactPerson.objects.due_for_reminder(now).select_related("organisation"):
            try:
                request_verification(contact, now=now)
            except ValidationError:
                self.stderr.write(f"Not an e-mail address, skipped: contact {contact.pk}.")
                continue
            count += 1
        self.stdout.write(f"Verification reminders queued: {count}.")
