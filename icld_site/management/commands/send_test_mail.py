import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from icld_site.mail import queue_mail


class Command(BaseCommand):
    help = "Queue a test message, to check that the site's e-mail reaches an address."

    def add_arguments(self, parser):
        parser.add_argument("address")
        parser.add_argument("--language", choices=["sv", "en"], default="sv")

    def handle(self, *args, address, language, **options):
        try:
            with transaction.atomic():
                message = queue_mail(
                    f"test-message:{uuid.uuid4()}",
                    "test_message",
                    to=address,
                    language=language,
                    context={"address": address},
                )
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {address!r}") from error
        self.stdout.write(f"Queued {message.key} to {message.recipient}.")
