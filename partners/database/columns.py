"""The columns of the CSV and XLSX exports, declared once: each column's name, what it
means, which values it may hold and how it is read from a partnership's record. The exports
write them and the "about the data" page's field guide describes them, so the two cannot
drift apart."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Phase, Region, Status
from ..models.choices import FIRST_YEAR, LAST_YEAR

# Lists inside a cell are separated by this.
SEPARATOR = "; "
YEARS = format_lazy(_("a year from {first} to {last}"), first=FIRST_YEAR, last=LAST_YEAR)


@dataclass(frozen=True)
class Column:
    name: str
    description: Any
    value: Callable[[dict], Any]
    # A TextChoices class whose values the column holds, or a text saying what it holds.
    allowed: Any = ""
    # Excel's character widths, for the XLSX export.
    width: int = 20

    @property
    def choices(self):
        """(value, label) pairs when the column holds one of a fixed set, else ()."""
        return getattr(self.allowed, "choices", ())


def _joined(key, *path):
    def value(record):
        items = record
        for step in path:
            items = items[step]
        return SEPARATOR.join(key(item) for item in items)

    return value


def _contact(contact):
    email = f"<{contact['email']}>" if contact["email"] else ""
    return " ".join(part for part in (contact["name"], email) if part)


COLUMNS = [
    Column(
        "id",
        _("The partnership's number, which never changes."),
        lambda r: r["id"],
        _("a whole number"),
        8,
    ),
    Column(
        "slug",
        _("The last part of the partnership's address; it may change."),
        lambda r: r["slug"],
        _("lower-case letters, digits and hyphens"),
        30,
    ),
    Column(
        "url",
        _("The partnership's page on this site."),
        lambda r: r["url"] or "",
        _("a web address"),
        40,
    ),
    Column("title_sv", _("The project's title in Swedish."), lambda r: r["title"]["sv"], width=40),
    Column(
        "title_en",
        _("The project's title in English (empty if not translated)."),
        lambda r: r["title"]["en"],
        width=40,
    ),
    Column(
        "swedish_organisations",
        _("The Swedish municipalities, regions and federations in the partnership."),
        _joined(lambda o: o["name"], "swedish_organisations"),
        _('names separated by "; "'),
        35,
    ),
    Column(
        "partner_organisations",
        _("The local governments in the partner country."),
        _joined(lambda o: o["name"], "partner_organisations"),
        _('names separated by "; "'),
        35,
    ),
    Column(
        "country_code",
        _("The partner country."),
        lambda r: r["country"]["code"],
        _("an ISO 3166-1 alpha-2 code, e.g. KE"),
        12,
    ),
    Column(
        "country_name_sv",
        _("The partner country's name in Swedish."),
        lambda r: r["country"]["name"]["sv"],
    ),
    Column(
        "country_name_en",
        _("The partner country's name in English."),
        lambda r: r["country"]["name"]["en"],
    ),
    Column(
        "region", _("The partner country's region."), lambda r: r["country"]["region"], Region, 16
    ),
    Column(
        "thematic_areas",
        _("The partnership's thematic areas, by their codes."),
        _joined(lambda a: a["slug"], "thematic_areas"),
        _('thematic-area codes separated by "; "'),
        30,
    ),
    Column(
        "thematic_area_names_sv",
        _("The thematic areas' names in Swedish."),
        _joined(lambda a: a["name"]["sv"], "thematic_areas"),
        width=35,
    ),
    Column(
        "thematic_area_names_en",
        _("The thematic areas' names in English."),
        _joined(lambda a: a["name"]["en"], "thematic_areas"),
        width=35,
    ),
    Column("phase", _("How far the partnership has come."), lambda r: r["phase"], Phase, 12),
    Column("status", _("Whether the partnership is running."), lambda r: r["status"], Status, 16),
    Column(
        "start_year", _("The year the partnership started."), lambda r: r["start_year"], YEARS, 10
    ),
    Column(
        "end_year",
        _("The year the partnership ended or will end; empty if not known."),
        lambda r: r["end_year"],
        YEARS,
        10,
    ),
    Column(
        "contacts",
        _(
            "The published contact persons, with their e-mail addresses (none for those "
            "reached through the contact form on the partnership page only)."
        ),
        _joined(_contact, "contacts"),
        _('"Name <e-mail>" separated by "; "'),
        40,
    ),
    Column(
        "wanted_countries",
        _(
            "Entries seeking a partner: the countries a Swedish municipality, region or "
            "federation wants a partner in."
        ),
        lambda r: SEPARATOR.join(r["wanted_countries"]),
        _('ISO 3166-1 alpha-2 codes separated by "; "'),
        20,
    ),
    Column(
        "seeking_until",
        _("Entries seeking a partner: the last day the entry is listed unless renewed."),
        lambda r: r["seeking_until"] or "",
        _("a date, YYYY-MM-DD"),
        12,
    ),
    Column(
        "description_sv",
        _("The project's description in Swedish."),
        lambda r: r["description"]["sv"],
        width=60,
    ),
    Column(
        "description_en",
        _("The project's description in English."),
        lambda r: r["description"]["en"],
        width=60,
    ),
]
