"""Server-rendered map and bar charts of the partnership database (no JavaScript).

`world_map` and `bar_chart` are pure: they take numbers and return what the templates
templates/partners/includes/world_map.html and bar_chart.html draw.
`map_and_statistics_context` puts both together for the database page.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .countries import country_names
from .statistics import database_statistics

WORLD_MAP_FILE = Path(__file__).resolve().parent / "data" / "world_map.json"

# Number of partnerships → fill class map-0 … map-4. Few steps: a reader can tell five
# shades apart, and the table beside the map carries the exact numbers.
MAP_STEPS = ((0, 0), (1, 2), (3, 5), (6, 10), (11, None))


@cache
def world_map_data():
    """The projected country outlines, read from disk once per process."""
    with WORLD_MAP_FILE.open(encoding="utf-8") as file:
        data = json.load(file)
    return data["viewBox"], tuple(data["countries"].items())


def fill_class(count):
    for step, (low, high) in enumerate(MAP_STEPS):
        if count >= low and (high is None or count <= high):
            return f"map-{step}"
    return "map-0"


def _step_label(low, high):
    if high is None:
        return _("%(number)s or more") % {"number": low}
    if low == high == 0:
        return pgettext_lazy("number of partnerships", "None")
    return f"{low}–{high}"


@dataclass(frozen=True)
class MapCountry:
    code: str
    d: str
    count: int = 0
    css_class: str = "map-0"
    name: str = ""
    url: str = ""
    is_current: bool = False


@dataclass(frozen=True)
class WorldMap:
    view_box: str
    # In drawing order: countries with partnerships last, so nothing is drawn over them.
    countries: list = field(default_factory=list)
    legend: list = field(default_factory=list)

    @property
    def linked_countries(self):
        """The countries with partnerships, by name: the map's table twin."""
        return sorted(
            (country for country in self.countries if country.url),
            key=lambda country: country.name.casefold(),
        )


def _name(code, names_by_code):
    if code in names_by_code:
        return str(names_by_code[code])
    names = country_names(code) or {}
    return names.get(get_language() or "sv") or names.get("en") or code


def world_map(counts_by_code, url_for_code, names_by_code=None, current_code=None):
    """What the map template draws.

    counts_by_code: {"KE": 12, ...}; url_for_code(code) gives the link of a country with
    partnerships; names_by_code: the countries' names in the current language (from the
    database), falling back to the ISO 3166 names.
    """
    names_by_code = names_by_code or {}
    view_box, outlines = world_map_data()
    drawn = {code for code, _d in outlines}
    # A country too small for the map (no outline) still belongs in the table twin.
    undrawn = [(code, "") for code in sorted(counts_by_code) if code not in drawn]
    plain, linked = [], []
    for code, d in (*outlines, *undrawn):
        count = counts_by_code.get(code, 0)
        if count > 0:
            linked.append(
                MapCountry(
                    code=code,
                    d=d,
                    count=count,
                    css_class=fill_class(count),
                    name=_name(code, names_by_code),
                    url=url_for_code(code),
                    is_current=code == current_code,
                )
            )
        else:
            plain.append(MapCountry(code=code, d=d, name=names_by_code.get(code, "")))
    legend = [
        {"css_class": f"map-{step}", "label": _step_label(low, high)}
        for step, (low, high) in enumerate(MAP_STEPS)
    ]
    return WorldMap(view_box=view_box, countries=plain + linked, legend=legend)


@dataclass(frozen=True)
class BarRow:
    label: str
    value: int
    width: float
    percentage: int
    y: float = 0

    @property
    def value_x(self):
        """Where the number beside the bar starts."""
        return round(self.width + 8, 1)


@dataclass(frozen=True)
class BarChart:
    rows: list
    max_width: int
    row_height: int
    bar_height: int
    # Room right of the longest bar for its number.
    value_width: int = 60

    @property
    def width(self):
        return self.max_width + self.value_width

    @property
    def height(self):
        return len(self.rows) * self.row_height


def bar_chart(items, max_width=400, total=None, row_height=56, bar_height=22):
    """Rows of a horizontal bar chart from (label, value) pairs, in the order given.

    Bar widths are proportional to the values, the largest `max_width` long.
    Percentages are of `total` (default: the sum of the values); pass the number of
    partnerships when one partnership can be counted under several labels.
    """
    items = [(str(label), value) for label, value in items]
    largest = max((value for _label, value in items), default=0)
    if total is None:
        total = sum(value for _label, value in items)
    rows = [
        BarRow(
            label=label,
            value=value,
            width=round(max_width * value / largest, 1) if largest else 0,
            percentage=round(100 * value / total) if total else 0,
            y=index * row_height,
        )
        for index, (label, value) in enumerate(items)
    ]
    return BarChart(rows=rows, max_width=max_width, row_height=row_height, bar_height=bar_height)


def country_filter_url(database_url, code):
    separator = "&" if "?" in database_url else "?"
    return f"{database_url}{separator}{urlencode({'country': code})}"


def map_and_statistics_context(
    partnerships=None, database_url="", *, is_filtered=None, current_country=None
):
    """Context for the map and statistics includes of the database page, in four queries.

    partnerships: the current search result (default: every active partnership);
    database_url: the database page's URL, to which the map links add ?country=<code>.
    """
    statistics = database_statistics(partnerships, is_filtered=is_filtered)
    return {
        "statistics": statistics,
        "world_map": world_map(
            statistics.counts_by_code,
            lambda code: country_filter_url(database_url, code),
            names_by_code=statistics.names_by_code,
            current_code=current_country,
        ),
        "area_chart": bar_chart(statistics.area_counts, total=statistics.partnership_count or None),
        "database_url": database_url,
    }
