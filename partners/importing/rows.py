"""Checking one row: finding what it names (country, organisations, areas) and validating
its values through the partnership model, whose errors become the row's messages."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from partners.models import Country, Organisation, Partnership, Phase, Status, ThematicArea

from .reading import COLUMNS
from .relations import RELATIONS

# Several organisations or areas in one cell are separated by a vertical bar.
LIST_SEPARATOR = "|"
# The columns that are the partnership's own fields, checked by the model; the country and
# the relations are named by text and found by the importer.
FIELD_COLUMNS = [column for column in COLUMNS if column not in ("country", *RELATIONS)]
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


@dataclass
class RowProblem:
    row: int
    message: str


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class PlannedRow:
    row: int
    values: dict
    swedish_organisations: list
    partner_organisations: list
    # None when the file has no such column: an update leaves the areas as they are.
    thematic_areas: list | None
    # The row as a new partnership, as the model checked it; written if nothing matches.
    partnership: Partnership | None = None
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
        self.areas = {}
        self.area_by_pk = {}
        for area in ThematicArea.objects.all():
            self.area_by_pk[area.pk] = area
            for key in (area.slug, area.name_sv, area.name_en):
                if key:
                    self.areas[key.casefold()] = area
        self.choices = {name: choice_names(name) for name in SPELLINGS}


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
            for error in self.verdict(constraint, partnership, exclude):
                errors = error.update_error_dict(errors)
        return errors

    def verdict(self, constraint, partnership, exclude):
        key = self.key(constraint, partnership, exclude)
        if key is None:
            return broken(constraint, partnership, exclude)
        if key not in self.verdicts:
            self.verdicts[key] = broken(constraint, partnership, exclude)
        return self.verdicts[key]

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


def broken(constraint, partnership, exclude):
    """[] when `partnership` meets the constraint, else [its ValidationError]."""
    try:
        constraint.validate(Partnership, partnership, exclude=exclude)
    except ValidationError as error:
        return [error]
    return []


def cell_value(name, text, lookups):
    """A cell's text for the model field `name`: an empty cell is the field's default or
    empty value, a choice may be named by its label. The model converts and checks the
    rest."""
    model_field = Partnership._meta.get_field(name)
    if not text:
        if model_field.has_default():
            return model_field.get_default()
        return "" if model_field.empty_strings_allowed else None
    return lookups.choices.get(name, {}).get(text.casefold(), text)


def row_message(name, error, record):
    """What one of the model's errors says in a row's report, in the user's language."""
    if name == NON_FIELD_ERRORS:
        return error.messages[0]
    column = {"column": name}
    if error.code in ("blank", "null"):
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
    errors = model_errors(partnership, exclude, constraints)
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
    if "thematic_areas" not in record:
        areas = None
    return PlannedRow(0, values, swedish, partner, areas, partnership), []


def model_errors(partnership, exclude, constraints):
    """{field: [ValidationError]} of the model's validation of `partnership`, as
    full_clean() finds them, but for the unique checks (see check_record)."""
    # A country found by the lookups exists: Django would ask the database again, per row.
    found = {"country"} if partnership.country_id else set()
    errors = {}
    try:
        partnership.full_clean(
            exclude=exclude | found, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    # Constraints are checked only on fields that passed validation, as full_clean() does.
    failed = {name for name in errors if name != NON_FIELD_ERRORS}
    return ValidationError(constraints(partnership, exclude | failed)).update_error_dict(errors)


def duplicate_key(values):
    """Two rows describe the same partnership if they share a slug, or else a title,
    country and start year."""
    if values.get("slug"):
        return ("slug", values["slug"].casefold())
    return ("title", values["title_sv"].casefold(), values["country"].pk, values["start_year"])
