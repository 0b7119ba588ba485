import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a development administrator (development settings only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_dev_admin only runs with development settings (DEBUG).")
        username = os.environ.get("DEV_ADMIN_USER", "admin")
        password = os.environ.get("DEV_ADMIN_PASSWORD", "kp-admin-dev")
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.stdout.write(f"Created the development administrator {username!r}.")
        self.stdout.write(
            self.style.WARNING(
                f"Admin: http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/ "
                f"user {username!r}, password {password!r} (development only)"
            )
        )
