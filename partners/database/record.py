"""The fields of a partnership's record in the JSON export and the API, declared once: the
"about the data" page's field guide and the API's OpenAPI schema are built from them.

A path names a field inside the record: `country.name.sv` is the `sv` key of the `name`
object of `country`; `contacts[].email` is the `email` of each item of the `contacts` list.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..models import County, OrganisationType, Phase, Region, Status
from .columns import YEARS


@dataclass(frozen=True)
class Field:
    path: str
    # A JSON Schema type: integer, string, object or array.
    type: str
    description: Any
    # A TextChoices class whose values the field holds, or a text saying what it holds.
    allowed: Any = ""
    nullable: bool = False
    # A JSON Schema format, such as "uri", "date" or "date-time".
    format: str = ""
    # For an array of plain values, their JSON Schema type (objects otherwise).
    item_type: str = ""

    @property
    def choices(self):
        return getattr(self.allowed, "choices", ())


def _texts(path, what):
    """An object of a text in Swedish and in English."""
    return [
        Field(path, "object", what, _("an object with the keys sv and en")),
        Field(f"{path}.sv", "string", _("In Swedish.")),
        Field(f"{path}.en", "string", _("In English (empty if not translated).")),
    ]


RECORD_FIELDS = [
    Field(
        "id", "integer", _("The partnership's number, which never changes."), _("a whole number")
    ),
    Field(
        "slug",
        "string",
        _("The last part of the partnership's address; it may change."),
        _("lower-case letters, digits and hyphens"),
    ),
    Field(
        "url",
        "string",
        _("The partnership's page on this site."),
        _("a web address"),
        nullable=True,
        format="uri",
    ),
    *_texts("title", _("The project's title.")),
    *_texts("description", _("The project's description.")),
    Field("country", "object", _("The partner country.")),
    Field(
        "country.code",
        "string",
        _("The partner country's code."),
        _("an ISO 3166-1 alpha-2 code, e.g. KE"),
    ),
    *_texts("country.name", _("The partner country's name.")),
    Field("country.region", "string", _("The partner country's region."), Region),
    Field(
        "swedish_organisations",
        "array",
        _("The Swedish municipalities, regions and federations in the partnership."),
    ),
    Field(
        "swedish_organisations[].slug",
        "string",
        _("The organisation's code."),
        _("lower-case letters, digits and hyphens"),
    ),
    Field("swedish_organisations[].name", "string", _("The organisation's name.")),
    Field(
        "swedish_organisations[].type", "string", _("The kind of organisation."), OrganisationType
    ),
    Field(
        "swedish_organisations[].county", "string", _("The organisation's county (län)."), County
    ),
    Field("partner_organisations", "array", _("The local governments in the partner country.")),
    Field(
        "partner_organisations[].slug",
        "string",
        _("The organisation's code."),
        _("lower-case letters, digits and hyphens"),
    ),
    Field("partner_organisations[].name", "string", _("The organisation's name.")),
    Field(
        "partner_organisations[].type", "string", _("The kind of organisation."), OrganisationType
    ),
    Field(
        "partner_organisations[].country",
        "string",
        _("The organisation's country."),
        _("an ISO 3166-1 alpha-2 code, e.g. KE"),
        nullable=True,
    ),
    Field("thematic_areas", "array", _("The partnership's thematic areas.")),
    Field(
        "thematic_areas[].slug",
        "string",
        _("The thematic area's code."),
        _("lower-case letters, digits and hyphens"),
    ),
    *_texts("thematic_areas[].name", _("The thematic area's name.")),
    Field("phase", "string", _("How far the partnership has come."), Phase),
    Field("status", "string", _("Whether the partnership is running."), Status),
    Field("start_year", "integer", _("The year the partnership started."), YEARS),
    Field(
        "end_year",
        "integer",
        _("The year the partnership ended or will end."),
        YEARS,
        nullable=True,
    ),
    Field("contacts", "array", _("The published contact persons.")),
    Field("contacts[].name", "string", _("The person's name.")),
    *_texts("contacts[].role", _("The person's role.")),
    Field("contacts[].organisation", "string", _("The person's organisation."), nullable=True),
    Field(
        "contacts[].email",
        "string",
        _(
            "The person's e-mail address; empty when none is published or the person is "
            "reached through the contact form on the partnership page only."
        ),
    ),
    Field("contacts[].phone", "string", _("The person's telephone number (may be empty).")),
    Field(
        "contacts[].last_verified",
        "string",
        _("When the contact details were last checked."),
        _("a date, YYYY-MM-DD"),
        nullable=True,
        format="date",
    ),
    Field(
        "wanted_countries",
        "array",
        _(
            "Entries seeking a partner: the countries a Swedish municipality, region or "
            "federation wants a partner in."
        ),
        _("ISO 3166-1 alpha-2 codes, e.g. KE"),
        item_type="string",
    ),
    Field(
        "seeking_until",
        "string",
        _("Entries seeking a partner: the last day the entry is listed unless renewed."),
        _("a date, YYYY-MM-DD"),
        nullable=True,
        format="date",
    ),
    Field(
        "updated_at",
        "string",
        _("When the partnership was last changed."),
        _("a date and time, ISO 8601"),
        nullable=True,
        format="date-time",
    ),
]
