from django.core.management.base import BaseCommand

from partners.models import Partnership
from partners.search import rebuild


class Command(BaseCommand):
    help = (
        "Recompute every partnership's search text. Run after bulk inserts or imports, "
        "which bypass the signals that keep it current."
    )

    def handle(self, *args, **options):
        count = rebuild(Partnership.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Search text rebuilt for {count} partnerships."))
