"""Planning an import: check every row, then find the partnerships the rows describe and
what each row would change. Writes nothing."""

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from partners.models import Partnership

from .reading import ImportFileError, read_records
from .relations import ALL_RELATIONS, RELATIONS, chunked, through, through_columns
from .rows import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ConstraintCheck,
    Lookups,
    RowProblem,
    check_record,
    duplicate_key,
)


@dataclass
class ImportPlan:
    total: int = 0
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    file_error: str = ""

    @property
    def is_valid(self):
        return not self.file_error and not self.problems

    @property
    def counts(self):
        return Counter(row.action for row in self.rows)

    @property
    def to_create(self):
        return self.counts[CREATE]

    @property
    def to_update(self):
        return self.counts[UPDATE]

    @property
    def unchanged(self):
        return self.counts[UNCHANGED]

    @property
    def fingerprint(self):
        """A digest of what applying the plan would do to which partnership: the same file
        gives another fingerprint once the database has changed under it."""
        outline = [
            [row.row, row.action, row.existing and row.existing.pk, row.changes]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(outline).encode()).hexdigest()

    def preview(self, limit):
        """Up to `limit` rows for the dry-run report: updates first, as they change what
        is there, then new partnerships, then the rows that change nothing."""
        order = {UPDATE: 0, CREATE: 1, UNCHANGED: 2}
        return sorted(self.rows, key=lambda row: (order[row.action], row.row))[:limit]


def find_existing(rows, lookups):
    """Set `existing` on every row that describes a partnership already in the database,
    with its relations loaded; a few queries for the whole file."""
    by_slug = {}
    slugs = [row.values["slug"] for row in rows if row.values.get("slug")]
    for chunk in chunked(slugs):
        by_slug.update(
            (slug, pk)
            for pk, slug in Partnership.objects.filter(slug__in=chunk).values_list("pk", "slug")
        )
    by_title = {}
    titled = [row.values for row in rows if not row.values.get("slug")]
    if titled:
        # Titles are compared casefolded here rather than by the database, whose idea of
        # case (SQLite's is ASCII only) would make "Åre" and "åre" differ on one and not
        # the other. The candidates are those of the file's countries and years.
        candidates = (
            Partnership.objects.filter(
                country__in={values["country"].pk for values in titled},
                start_year__in={values["start_year"] for values in titled},
            )
            .order_by("pk")
            .values_list("pk", "title_sv", "country_id", "start_year")
        )
        for pk, title, country_id, year in candidates.iterator(chunk_size=2000):
            by_title.setdefault(((title or "").casefold(), country_id, year), pk)

    def existing_pk(values):
        if values.get("slug"):
            return by_slug.get(values["slug"])
        key = (values["title_sv"].casefold(), values["country"].pk, values["start_year"])
        return by_title.get(key)

    wanted = {row.row: existing_pk(row.values) for row in rows}
    found = {}
    for chunk in chunked({pk for pk in wanted.values() if pk}):
        found.update(Partnership.objects.in_bulk(chunk))
    load_relations(found.values(), lookups)
    for row in rows:
        row.existing = found.get(wanted[row.row])
        if row.existing is not None:
            row.changes = changed_fields(row.existing, row)


def load_relations(partnerships, lookups):
    """Keep each partnership's many-to-many relations in memory, as a ClusterableModel does
    while it is edited, so that comparing, writing and serialising them takes no query per
    partnership: four queries per BATCH_SIZE partnerships, plus one each for their contacts
    and wanted countries."""
    by_pk = {partnership.pk: partnership for partnership in partnerships}
    targets = {
        "swedish_organisations": lookups.organisation_by_pk,
        "partner_organisations": lookups.organisation_by_pk,
        "thematic_areas": lookups.area_by_pk,
    }
    for name in ALL_RELATIONS:
        source, target = through_columns(name)
        related = defaultdict(list)
        for chunk in chunked(by_pk):
            pairs = (
                through(name).objects.filter(**{f"{source}__in": chunk}).values_list(source, target)
            )
            for partnership_pk, target_pk in pairs:
                related[partnership_pk].append(target_pk)
        objects = targets.get(name)
        if objects is None:
            wanted = {pk for pks in related.values() for pk in pks}
            objects = {}
            model = Partnership._meta.get_field(name).related_model
            for chunk in chunked(wanted):
                objects.update(model.objects.in_bulk(chunk))
        for pk, partnership in by_pk.items():
            getattr(partnership, name).set([objects[target] for target in related[pk]])


def changed_fields(partnership, row):
    """Names of the fields and relations that `row` would change in `partnership`."""
    changes = []
    for name, value in row.values.items():
        model_field = Partnership._meta.get_field(name)
        current = getattr(partnership, model_field.attname)
        new = value.pk if model_field.is_relation else value
        # An empty translation may be stored as NULL or as "".
        if (current or None) != (new or None):
            changes.append(name)
    for name in RELATIONS:
        new = getattr(row, name)
        current = {item.pk for item in getattr(partnership, name).all()}
        if new is not None and current != {item.pk for item in new}:
            changes.append(name)
    return changes


def plan_import(data, filename="", progress=None):
    """Check a whole file and say what importing it would do. Writes nothing."""
    plan = ImportPlan()
    try:
        records = read_records(data, filename)
    except ImportFileError as error:
        plan.file_error = str(error)
        return plan
    plan.total = len(records)
    lookups, constraints = Lookups(), ConstraintCheck()
    first_row_of = {}
    for done, (number, record) in enumerate(records, start=1):
        row, problems = check_record(record, lookups, constraints)
        if row is not None:
            key = duplicate_key(row.values)
            if key in first_row_of:
                problems = [
                    _("This row repeats row %(row)s (same partnership).")
                    % {"row": first_row_of[key]}
                ]
            else:
                first_row_of[key] = number
        if problems:
            plan.problems.extend(RowProblem(number, message) for message in problems)
        else:
            row.row = number
            plan.rows.append(row)
        if progress:
            progress(done, plan.total)
    if plan.is_valid:
        find_existing(plan.rows, lookups)
    return plan
