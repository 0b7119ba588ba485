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
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_superuser(username, "admin@example.org", password)
            self.stdout.write(f"Created the development administrator {username!r}.")
        # Wagtail's account settings refuse to save without a first and last name.
        if not (user.first_name and user.last_name):
            user.first_name = user.first_name or "Admin"
            user.last_name = user.last_name or "Utvecklare"
            user.save(update_fields=["first_name", "last_name"])
        self.stdout.write(
            self.style.WARNING(
                f"Admin: http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/ "
                f"user {username!r}, password {password!r} (development only)"
            )
        )
