from django.core.management.base import BaseCommand

from icld_site.demo import DemoLoader, run_steps

# Order matters: pages refer to countries, news and the database refer to pages.
DEMO_STEPS = [
    "partners.demo.load_countries",
    "programmes.demo.load_pages",
    "partners.demo_pages.load_database_page",
    "news.demo.load_news",
    "partners.demo.load_partnerships",
    "news.demo.link_partnerships",
]


class Command(BaseCommand):
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
        loader = run_steps(DEMO_STEPS, DemoLoader(reset=reset))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {loader.created} created, {loader.updated} reset."
            )
        )
