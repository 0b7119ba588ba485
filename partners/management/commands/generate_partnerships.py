import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import (
    Country,
    County,
    Organisation,
    OrganisationType,
    Partnership,
    Phase,
    Status,
    ThematicArea,
)
from partners.search import rebuild

BATCH_SIZE = 2000
PREFIX = "synthetic"


class Command(BaseCommand):
    help = (
        "Create a large synthetic partnership data set (for performance work), with bulk "
        "inserts. Organisations and partnerships get slugs starting with 'synthetic-'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="Partnerships to create.")
        parser.add_argument(
            "--organisations",
            type=int,
            default=None,
            help="Organisations to create on each side (default: count / 10, at least 10).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed.")

    def handle(self, *args, count, organisations=None, seed=1, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        countries = list(Country.objects.eligible())
        if not countries:
            raise CommandError("No countries; run load_demo_content first.")
        organisations = organisations or max(10, count // 10)
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.started = time.monotonic()
        run = f"{PREFIX}-{seed}-{int(time.time())}"
        with transaction.atomic():
            swedish, partners = self.create_organisations(run, organisations, countries, rng)
            self.create_partnerships(run, count, swedish, partners, rng)
            # Bulk inserts send no signals: give the new partnerships their search text.
            indexed = rebuild(Partnership.objects.filter(slug__startswith=run))
            self.progress("Search documents", indexed, count)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {2 * organisations} organisations and {count} partnerships "
                f"in {self.elapsed:.1f} s."
            )
        )

    @property
    def elapsed(self):
        return time.monotonic() - self.started

    def progress(self, label, done, total):
        self.stdout.write(f"{label}: {done}/{total} ({self.elapsed:.1f} s)")

    def create_organisations(self, run, number, countries, rng):
        counties = list(County.values)
        swedish = [
            Organisation(
                name=f"Syntetisk kommun {index}",
                slug=f"{run}-se-{index}",
                organisation_type=rng.choice(
                    [OrganisationType.MUNICIPALITY] * 4 + [OrganisationType.REGION]
                ),
                county=rng.choice(counties),
            )
            for index in range(number)
        ]
        partners = [
            Organisation(
                name=f"Synthetic local government {index}",
                slug=f"{run}-partner-{index}",
                organisation_type=OrganisationType.LOCAL_GOVERNMENT,
                country=rng.choice(countries),
            )
            for index in range(number)
        ]
        Organisation.objects.bulk_create(swedish + partners, batch_size=BATCH_SIZE)
        # SQLite and PostgreSQL both return primary keys from bulk_create, but read them back
        # by slug so the command also works where they do not.
        by_slug = dict(Organisation.objects.filter(slug__startswith=run).values_list("slug", "pk"))
        for organisation in swedish + partners:
            organisation.pk = by_slug[organisation.slug]
        self.progress("Organisations", 2 * number, 2 * number)
        return swedish, partners

    def create_partnerships(self, run, count, swedish, partners, rng):
        areas = list(ThematicArea.objects.values_list("pk", flat=True))
        partners_by_country = {}
        for organisation in partners:
            partners_by_country.setdefault(organisation.country_id, []).append(organisation)
        country_ids = list(partners_by_country)
        through = {
            name: Partnership._meta.get_field(name).remote_field.through
            for name in ("swedish_organisations", "partner_organisations", "thematic_areas")
        }
        statuses = [Status.ACTIVE] * 7 + [Status.FINISHED] * 2 + [Status.SEEKING_PARTNER]
        for start in range(0, count, BATCH_SIZE):
            size = min(BATCH_SIZE, count - start)
            batch, links = [], []
            for index in range(start, start + size):
                country_id = rng.choice(country_ids)
                start_year = rng.randrange(2000, 2026)
                status = rng.choice(statuses)
                end_year = start_year + rng.randrange(1, 5) if status == Status.FINISHED else None
                batch.append(
                    Partnership(
                        title_sv=f"Syntetiskt partnerskap {index}",
                        title_en=f"Synthetic partnership {index}",
                        description_sv="Genererad testdata.",
                        description_en="Generated test data.",
                        slug=f"{run}-{index}",
                        country_id=country_id,
                        status=status,
                        phase=rng.choice([Phase.PRE_STUDY, Phase.PROJECT]),
                        start_year=start_year,
                        end_year=end_year,
                    )
                )
                links.append(
                    (
                        [] if status == Status.SEEKING_PARTNER else [rng.choice(swedish).pk],
                        [rng.choice(partners_by_country[country_id]).pk],
                        rng.sample(areas, min(2, len(areas))),
                    )
                )
            Partnership.objects.bulk_create(batch)
            ids = dict(
                Partnership.objects.filter(
                    slug__in=[partnership.slug for partnership in batch]
                ).values_list("slug", "pk")
            )
            rows = {name: [] for name in through}
            for partnership, (swedish_ids, partner_ids, area_ids) in zip(batch, links, strict=True):
                pk = ids[partnership.slug]
                Swedish = through["swedish_organisations"]
                Partner = through["partner_organisations"]
                Area = through["thematic_areas"]
                rows["swedish_organisations"] += [
                    Swedish(partnership_id=pk, organisation_id=o) for o in swedish_ids
                ]
                rows["partner_organisations"] += [
                    Partner(partnership_id=pk, organisation_id=o) for o in partner_ids
                ]
                rows["thematic_areas"] += [
                    Area(partnership_id=pk, thematicarea_id=a) for a in area_ids
                ]
            for name, model in through.items():
                model.objects.bulk_create(rows[name], batch_size=BATCH_SIZE)
            self.progress("Partnerships", start + size, count)
