from django.core.management.base import BaseCommand

from icld_site.demo import DemoLoader, run_steps


class Command(BaseCommand):
    # Each app registers its steps and their stage (icld_site.demo.register_demo_step).
    help = (
        "Build the demo site (pages, news, partnership data). Safe to run again: "
        "content an editor changed is kept unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Write the demo values back over existing demo content.",
        )

    def handle(self, *args, reset=False, **options):
        loader = run_steps(DemoLoader(reset=reset))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {loader.created} created, {loader.updated} reset."
            )
        )
