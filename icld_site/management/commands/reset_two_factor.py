from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from icld_site.two_factor.policy import reset_devices


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes (a lost phone): the user sets up "
        "a new app at the next sign-in, and no remembered browser skips the code."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"No user is called {username!r}.") from error
        removed = reset_devices(user)
        self.stdout.write(f"Removed {removed} two-factor device(s) of {user.get_username()}.")
