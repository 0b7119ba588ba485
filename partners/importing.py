"""Reading, checking and importing partnerships from CSV or XLSX files.

Used by both `manage.py import_partnerships` and the admin's import view. A file is first
checked as a whole (`plan_import`): every bad row is reported with its row number and a
reason, and nothing is written. Only a file without problems can be applied
(`apply_plan`), inside one transaction, so a failed import changes nothing.

Row numbers are those a spreadsheet shows: the header is row 1, the first record row 2.

A plan says for every row whether it creates a partnership, updates one (and which fields)
or leaves one as it is. Applying it writes in batches: a fixed number of queries per
BATCH_SIZE rows rather than a few dozen per row, so that files of 10,000 rows import in
seconds. Bulk writes send no model signals, so `apply_plan` itself does what the signals
would have done: revisions and log entries, the search text, Wagtail's reference index and
the public page cache.
"""

import codecs
import csv
import hashlib
import io
import json
import time
import uuid
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import CharField, CheckConstraint, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

from icld_site.cache import retire_pages

from .models import (
    ContactPerson,
    Country,
    Organisation,
    Partnership,
    Phase,
    Status,
    ThematicArea,
    unique_slugs,
)
from .search import fill_document, update_vectors

MAX_FILE_SIZE = 5 * 1024 * 1024
# Rows written per round of bulk queries.
BATCH_SIZE = 500
# The log action of an imported partnership; its message is registered in wagtail_hooks.
LOG_ACTION = "partners.import"
FILE_TOO_LARGE = gettext_lazy(
    "The file is larger than 5 MB. Split it into smaller files and import each."
)
# Several organisations or areas in one cell are separated by a vertical bar.
LIST_SEPARATOR = "|"

# The many-to-many relations a row sets.
RELATIONS = ("swedish_organisations", "partner_organisations", "thematic_areas")
REQUIRED_COLUMNS = [
    "title_sv",
    "country",
    "start_year",
    "swedish_organisations",
    "partner_organisations",
]
OPTIONAL_COLUMNS = [
    "slug",
    "title_en",
    "description_sv",
    "description_en",
    "thematic_areas",
    "phase",
    "status",
    "end_year",
]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# The columns that are the partnership's own fields, checked by the model; the country and
# the relations are named by text and found by the importer.
FIELD_COLUMNS = [column for column in COLUMNS if column not in ("country", *RELATIONS)]

# Swedish column headings an editor may prefer; they mean the same as the English ones.
COLUMN_ALIASES = {
    "titel_sv": "title_sv",
    "titel_en": "title_en",
    "beskrivning_sv": "description_sv",
    "beskrivning_en": "description_en",
    "land": "country",
    "svenska_organisationer": "swedish_organisations",
    "partnerorganisationer": "partner_organisations",
    "tematiska_områden": "thematic_areas",
    "tematiska_omraden": "thematic_areas",
    "fas": "phase",
    "startår": "start_year",
    "startar": "start_year",
    "slutår": "end_year",
    "slutar": "end_year",
}

# A cell may name a choice by its value or its label in either language (any case), or
# by one of these spellings.
SPELLINGS = {
    "status": {
        "aktiv": Status.ACTIVE,
        "avslutad": Status.FINISHED,
        "seeking partner": Status.SEEKING_PARTNER,
    },
    "phase": {"prestudy": Phase.PRE_STUDY},
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


@dataclass
class RowProblem:
    row: int
    message: str


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ALL_RELATIONS = (*RELATIONS, "contacts")


@dataclass
class PlannedRow:
    row: int
    values: dict
    swedish_organisations: list
    partner_organisations: list
    # None when the file has no such column: an update leaves the areas as they are.
    thematic_areas: list | None
    existing: Partnership | None = None
    # Names of the fields and relations an update changes.
    changes: list = field(default_factory=list)

    @property
    def action(self):
        if self.existing is None:
            return CREATE
        return UPDATE if self.changes else UNCHANGED

    @property
    def changed_labels(self):
        return [str(Partnership._meta.get_field(name).verbose_name) for name in self.changes]


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


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0


class Progress:
    """Calls `report(message)` with rows done of total and elapsed time, now and then."""

    def __init__(self, report, label, every=100):
        self.report, self.label, self.every = report, label, every
        self.started = time.monotonic()

    @property
    def elapsed(self):
        return time.monotonic() - self.started

    def __call__(self, done, total):
        if self.report and (done == total or done % self.every == 0):
            self.report(f"{self.label}: {done}/{total} ({self.elapsed:.1f} s)")


# Reading -------------------------------------------------------------------------------


def decode(data):
    """Text of a CSV file saved as UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV" on Swedish Windows.
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file could not be read as text. Save it as CSV (UTF-8) or as XLSX.")
        ) from error


def sniff_delimiter(text):
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        # Swedish Excel separates with semicolons; fall back to whichever is most used.
        return max(",;\t", key=first_line.count)


def read_csv(data):
    text = decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        return [list(row) for row in reader]
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not valid CSV: %(error)s") % {"error": error}
        ) from error


def read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("The file is not a valid XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [
            ["" if value is None else value for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


def is_xlsx(data, filename):
    return filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"


def normalise_heading(heading):
    key = str(heading).strip().lower().replace(" ", "_").replace("-", "_")
    return COLUMN_ALIASES.get(key, key)


def read_records(data, filename=""):
    """[(row number, {column: text})] of the file's records, blank rows left out."""
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(FILE_TOO_LARGE)
    table = read_xlsx(data) if is_xlsx(data, filename) else read_csv(data)
    if not table:
        raise ImportFileError(_("The file is empty."))
    headings = [normalise_heading(heading) for heading in table[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in headings]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)}
        )
    records = []
    for index, row in enumerate(table[1:], start=2):
        cells = [cell_text(value) for value in row]
        if not any(cells):
            continue
        # Every column of the file is in every record, also where a row's cells end early.
        cells += [""] * (len(headings) - len(cells))
        records.append((index, dict(zip(headings, cells, strict=False))))
    return records


def cell_text(value):
    # Excel stores 2019 as the number 2019.0; read it back as "2019".
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Checking ------------------------------------------------------------------------------


class Lookups:
    """Everything rows refer to, loaded once, found by code, slug or name (any case)."""

    def __init__(self):
        self.countries = {}
        for country in Country.objects.all():
            for key in (country.code, country.name_sv, country.name_en):
                if key:
                    self.countries[key.casefold()] = country
        self.swedish = {}
        self.partner = {}
        self.organisation_by_pk = {}
        for organisation in Organisation.objects.all():
            self.organisation_by_pk[organisation.pk] = organisation
            index = self.swedish if organisation.is_swedish else self.partner
            for key in (organisation.name, organisation.slug):
                index[(key.casefold(), organisation.country_id)] = organisation
        self.choices = {name: choice_names(name) for name in SPELLINGS}
        self.areas = {}
        self.area_by_pk = {}
        for area in ThematicArea.objects.all():
            self.area_by_pk[area.pk] = area
            for key in (area.slug, area.name_sv, area.name_en):
                if key:
                    self.areas[key.casefold()] = area


def choice_names(name):
    """{casefolded name: value} of the choices of the field `name`."""
    choices = Partnership._meta.get_field(name).choices
    names = dict(SPELLINGS[name])
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update((str(label).casefold(), value) for value, label in choices)
    names.update((value.casefold(), value) for value, _label in choices)
    return names


def split_list(text):
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


class ConstraintCheck:
    """Partnership's constraints as `validate_constraints()` applies them, each checked once
    per distinct set of the values it reads. Django asks the database about every CHECK
    constraint (inside a transaction with a savepoint: three queries), and a file of 10,000
    rows has only a few distinct pairs of years."""

    def __init__(self):
        self.verdicts = {}

    def __call__(self, partnership, exclude):
        """{NON_FIELD_ERRORS: [ValidationError]} of the constraints `partnership` breaks."""
        errors = {}
        for constraint in Partnership._meta.constraints:
            key = self.key(constraint, partnership, exclude)
            verdict = self.verdicts.get(key) if key else None
            if verdict is None:
                verdict = self.verdict(constraint, partnership, exclude)
                if key:
                    self.verdicts[key] = verdict
            if verdict:
                errors = verdict[0].update_error_dict(errors)
        return errors

    @staticmethod
    def key(constraint, partnership, exclude):
        # Only a CHECK's verdict depends on nothing but the values it reads.
        if not isinstance(constraint, CheckConstraint):
            return None
        names = sorted(constraint.condition.referenced_base_fields)
        values = tuple(
            getattr(partnership, Partnership._meta.get_field(name).attname) for name in names
        )
        return constraint.name, frozenset(exclude.intersection(names)), values

    @staticmethod
    def verdict(constraint, partnership, exclude):
        """[] when the constraint holds, else [its ValidationError]."""
        try:
            constraint.validate(Partnership, partnership, exclude=exclude)
        except ValidationError as error:
            return [error]
        return []


def cell_value(name, text, lookups):
    """A cell's text for the model field `name`: an empty cell is the field's default or
    empty value, a choice may be named by its label. The model converts and checks the
    rest."""
    field = Partnership._meta.get_field(name)
    if not text:
        if field.has_default():
            return field.get_default()
        return "" if field.empty_strings_allowed else None
    return lookups.choices.get(name, {}).get(text.casefold(), text)


def row_message(name, error, record):
    """What one of the model's errors says in a row's report, in the user's language."""
    if name == NON_FIELD_ERRORS:
        return error.messages[0]
    column = {"column": name}
    if error.code in ("blank", "null", "required"):
        return _("%(column)s is empty.") % column
    if error.code == "invalid_choice":
        labels = [str(label) for _value, label in Partnership._meta.get_field(name).choices]
        return _("%(column)s: unknown value “%(value)s”. Use %(choices)s.") % {
            **column,
            "value": record.get(name, ""),
            "choices": ", ".join(labels),
        }
    value, message = record.get(name, ""), error.messages[0]
    # The cell's text, unless the model's message already quotes it.
    if not value or value in message:
        return _("%(column)s: %(message)s") % {**column, "message": message}
    return _("%(column)s “%(value)s”: %(message)s") % {
        **column,
        "value": Truncator(value).chars(40),
        "message": message,
    }


def find_relations(record, lookups, country):
    """(Swedish organisations, partner organisations, areas, [reasons]) a record names."""
    problems = []

    def find(column, index, key, unknown):
        found = []
        for name in split_list(record.get(column, "")):
            item = index.get(key(name))
            if item is None:
                problems.append(unknown % {"name": name, "country": country})
            else:
                found.append(item)
        return found

    swedish = find(
        "swedish_organisations",
        lookups.swedish,
        lambda name: (name.casefold(), None),
        _("Unknown Swedish organisation “%(name)s”."),
    )
    partner = []
    # Partner organisations are found in the row's country, so only once it is known.
    if country is not None:
        partner = find(
            "partner_organisations",
            lookups.partner,
            lambda name: (name.casefold(), country.pk),
            _("Unknown partner organisation “%(name)s” in %(country)s."),
        )
    areas = find(
        "thematic_areas",
        lookups.areas,
        lambda name: name.casefold(),
        _("Unknown thematic area “%(name)s”."),
    )
    return swedish, partner, areas, problems


def check_record(record, lookups, constraints):
    """(PlannedRow or None, [reasons]) for one record. The row's values go through the
    model's own validation (`full_clean()` and its constraints), so a rule added to the
    model applies here too; only finding what the row names by text is the importer's."""
    values = {
        name: cell_value(name, record[name], lookups) for name in FIELD_COLUMNS if name in record
    }
    # The untranslated `title` and `description` mirror title_sv and description_sv, whose
    # errors name the file's columns. Unique slugs are not checked: a row whose slug exists
    # updates that partnership, two rows with one slug are repeats (see duplicate_key), and
    # a slug taken between the check and the write is refused by the database's unique
    # index, which undoes the whole import.
    exclude = {"title", "description"}
    country_text = record.get("country", "")
    country = lookups.countries.get(country_text.casefold()) if country_text else None
    problems = []
    if country_text and country is None:
        problems.append(
            _("Unknown country “%(value)s”. Use an ISO code such as KE, or the name.")
            % {"value": country_text}
        )
        exclude.add("country")
    swedish, partner, areas, unknown = find_relations(record, lookups, country)
    problems += unknown

    partnership = Partnership(**values, country=country)
    errors = {}
    try:
        partnership.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    # Constraints are checked only on fields that passed validation, as full_clean() does.
    exclude.update(name for name in errors if name != NON_FIELD_ERRORS)
    errors = ValidationError(constraints(partnership, exclude)).update_error_dict(errors)
    if country is not None and not unknown:
        # Rules across the many-to-many relations, which full_clean() cannot see (and which
        # would only repeat that a name is unknown).
        sides = Partnership.clean_sides(partnership.status, swedish, partner, country)
        errors = ValidationError(sides).update_error_dict(errors)
    problems += [
        row_message(name, error, record)
        for name, field_errors in errors.items()
        for error in ValidationError(field_errors).error_list
    ]
    if problems:
        return None, problems

    # The values as the model converted them; a column the file does not have leaves an
    # existing partnership's value as it is (a new one gets the default), an empty cell
    # empties it. An empty slug is made from the title when the row is written.
    values = {name: getattr(partnership, name) for name in [*values, "country"]}
    if not values.get("slug"):
        values.pop("slug", None)
    row = PlannedRow(0, values, swedish, partner, areas if "thematic_areas" in record else None)
    return row, []


def duplicate_key(values):
    """Two rows describe the same partnership if they share a slug, or else a title,
    country and start year."""
    if values.get("slug"):
        return ("slug", values["slug"].casefold())
    return ("title", values["title_sv"].casefold(), values["country"].pk, values["start_year"])


def chunked(items, size=BATCH_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
    partnership: four queries per BATCH_SIZE partnerships, plus one for their contacts."""
    by_pk = {partnership.pk: partnership for partnership in partnerships}
    targets = {
        "swedish_organisations": lookups.organisation_by_pk,
        "partner_organisations": lookups.organisation_by_pk,
        "thematic_areas": lookups.area_by_pk,
    }
    for name in ALL_RELATIONS:
        source, target = _through_columns(name)
        related = defaultdict(list)
        for chunk in chunked(by_pk):
            pairs = (
                _through(name)
                .objects.filter(**{f"{source}__in": chunk})
                .values_list(source, target)
            )
            for partnership_pk, target_pk in pairs:
                related[partnership_pk].append(target_pk)
        objects = targets.get(name)
        if objects is None:
            wanted = {pk for pks in related.values() for pk in pks}
            objects = {}
            for chunk in chunked(wanted):
                objects.update(ContactPerson.objects.in_bulk(chunk))
        for pk, partnership in by_pk.items():
            getattr(partnership, name).set([objects[target] for target in related[pk]])


def _through(name):
    return Partnership._meta.get_field(name).remote_field.through


def _through_columns(name):
    """The through table's columns for the partnership and for the related object."""
    relation = Partnership._meta.get_field(name)
    through = relation.remote_field.through
    return tuple(
        through._meta.get_field(field_name).attname
        for field_name in (relation.m2m_field_name(), relation.m2m_reverse_field_name())
    )


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


# Writing -------------------------------------------------------------------------------


def apply_plan(plan, *, user=None, filename="", progress=None):
    """Write a checked plan in one transaction: all rows or, on any error, none.

    Each created or updated partnership gets a revision and a log entry ("imported from
    FILE by USER"); rows that change nothing are left alone."""
    if not plan.is_valid:
        raise ValueError("Only a plan without problems can be applied.")
    started = time.monotonic()
    rows = [row for row in plan.rows if row.action != UNCHANGED]
    summary = ImportSummary(
        created=plan.to_create, updated=plan.to_update, unchanged=plan.unchanged
    )
    now = timezone.now()
    # One uuid groups the log entries of one import, as Wagtail does for one action.
    batch = _ImportBatch(user=user, filename=filename, now=now, uuid=uuid.uuid4())
    with transaction.atomic():
        new = [row for row in rows if row.existing is None]
        slugs = unique_slugs(
            Partnership,
            [row.values["title_sv"] for row in new if not row.values.get("slug")],
            reserved=[row.values["slug"] for row in new if row.values.get("slug")],
        )
        generated = iter(slugs)
        for row in new:
            if not row.values.get("slug"):
                row.values["slug"] = next(generated)
        done = 0
        for chunk in chunked(rows):
            batch.write(chunk)
            done += len(chunk)
            if progress:
                progress(done, len(rows))
        transaction.on_commit(_retire_cached_pages)
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class _ImportBatch:
    """Writes rows of a plan, BATCH_SIZE at a time: a fixed number of queries per batch,
    plus one UPDATE per updated partnership (bulk_update() would build a CASE over every
    row for every field, which costs more than that)."""

    user: object
    filename: str
    now: object
    uuid: object

    def write(self, rows):
        pairs = [(self.prepare(row), row) for row in rows]
        partnerships = [partnership for partnership, _row in pairs]
        Partnership.objects.bulk_create([p for p, row in pairs if row.existing is None])
        for partnership, row in pairs:
            if row.existing is not None:
                fields = [name for name in row.changes if name not in RELATIONS]
                fields += ["search_document", "search_folded", "updated_at"]
                Partnership.objects.filter(pk=partnership.pk).update(
                    **{name: getattr(partnership, name) for name in fields}
                )
        self.write_relations(pairs)
        pks = [partnership.pk for partnership in partnerships]
        update_vectors(pks)
        revisions = self.write_revisions(partnerships)
        ModelLogEntry.objects.bulk_create(
            ModelLogEntry(
                content_type=partnership.get_content_type(),
                object_id=str(partnership.pk),
                label=ModelLogEntry.objects.get_instance_title(partnership),
                action=LOG_ACTION,
                data={"filename": self.filename, "row": row.row, "created": row.existing is None},
                user=self.user,
                revision=revision,
                content_changed=True,
                uuid=self.uuid,
                timestamp=self.now,
            )
            for (partnership, row), revision in zip(pairs, revisions, strict=True)
        )
        index_references(partnerships)

    def prepare(self, row):
        """The partnership as the row leaves it, relations and search text in memory,
        nothing written yet."""
        partnership = row.existing or Partnership()
        for name, value in row.values.items():
            setattr(partnership, name, value)
        partnership.updated_at = self.now
        for name in RELATIONS:
            if getattr(row, name) is not None:
                getattr(partnership, name).set(getattr(row, name))
            elif row.existing is None:
                getattr(partnership, name).set([])
        if row.existing is None:
            partnership.contacts.set([])
        fill_document(partnership)
        return partnership

    def write_relations(self, pairs):
        """Replace the through-table rows of the relations that each row sets or changes."""
        for name in RELATIONS:
            source, target = _through_columns(name)
            through = _through(name)
            changed = [
                (partnership, row)
                for partnership, row in pairs
                if (row.existing is None and getattr(row, name)) or name in row.changes
            ]
            through.objects.filter(
                **{f"{source}__in": [p.pk for p, row in changed if row.existing is not None]}
            ).delete()
            through.objects.bulk_create(
                through(**{source: partnership.pk, target: item.pk})
                for partnership, row in changed
                for item in getattr(row, name)
            )

    def write_revisions(self, partnerships):
        """A revision of each partnership as imported, made its latest (as save_revision()
        does, but for a whole batch in two queries)."""
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type=partnership.get_content_type(),
                base_content_type=partnership.get_base_content_type(),
                object_id=str(partnership.pk),
                user=self.user,
                created_at=self.now,
                content=partnership.serializable_data(),
                object_str=str(partnership),
            )
            for partnership in partnerships
        )
        for partnership, revision in zip(partnerships, revisions, strict=True):
            partnership.latest_revision = revision
        newest = (
            Revision.objects.filter(
                base_content_type=Partnership.get_base_content_type(),
                object_id=Cast(OuterRef("pk"), output_field=CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Partnership.objects.filter(pk__in=[p.pk for p in partnerships]).update(
            latest_revision=Subquery(newest)
        )
        return revisions


def index_references(partnerships):
    """What ReferenceIndex.create_or_update_for_object() does for each partnership (which
    the post_save signal would have queued), for a whole batch in three queries instead of
    two or three per partnership, the largest cost of an import otherwise. It reuses
    Wagtail's own extraction of references; a test checks that the records are the ones
    Wagtail would write."""
    content_type = Partnership.get_content_type()
    base_content_type = Partnership.get_base_content_type()
    existing = defaultdict(dict)
    records = ReferenceIndex.objects.filter(
        base_content_type=base_content_type,
        object_id__in=[str(partnership.pk) for partnership in partnerships],
    ).values_list(
        "id", "object_id", "to_content_type", "to_object_id", "model_path", "content_path"
    )
    for pk, object_id, *reference in records:
        existing[object_id][tuple(reference)] = pk
    added, removed = [], []
    for partnership in partnerships:
        references = set(ReferenceIndex._extract_references_from_object(partnership))
        recorded = existing[str(partnership.pk)]
        removed += [pk for reference, pk in recorded.items() if reference not in references]
        added += [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=partnership.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references
            - recorded.keys()
        ]
    ReferenceIndex.objects.bulk_create(added, ignore_conflicts=True)
    ReferenceIndex.objects.filter(pk__in=removed).delete()


def _retire_cached_pages():
    # Bulk writes send no post_save signal, so the page cache is told once, here, to take
    # effect when the import commits.
    retire_pages()


def import_partnerships(data, filename="", *, dry_run=False, progress=None, user=None):
    """(plan, summary or None). Nothing is written on a dry run or when a row is bad."""
    plan = plan_import(data, filename, progress=progress)
    if dry_run or not plan.is_valid:
        return plan, None
    try:
        return plan, apply_plan(plan, user=user, filename=filename, progress=progress)
    except DatabaseError as error:
        # Someone changed the data between the check and the write; the transaction is undone.
        plan.file_error = _("Nothing was imported: the database refused a row (%(error)s).") % {
            "error": error
        }
        return plan, None
