from django.core.management.base import BaseCommand, CommandError

from partners.database import charts


class Command(BaseCommand):
    help = (
        "Write static/img/world-map-base.svg, the partnership map's background of every "
        "country outline, from partners/data/world_map.json. Run after changing the outlines "
        "or the map colours, and commit the file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the file differs from what would be written.",
        )

    def handle(self, *args, check=False, **options):
        target = charts.WORLD_MAP_BASE_FILE
        if check:
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if current != charts.world_map_base_svg():
                raise CommandError(f"{target} is out of date: run manage.py build_map_background.")
            self.stdout.write(f"{target} is up to date.")
            return
        changed = charts.write_world_map_base(target)
        verb = "Wrote" if changed else "Unchanged:"
        self.stdout.write(self.style.SUCCESS(f"{verb} {target} ({target.stat().st_size} bytes)."))
