"""Server-rendered map and bar charts of the partnership database (no JavaScript).

`world_map` and `bar_chart` are pure: they take numbers and return what the templates
templates/partners/includes/world_map.html and bar_chart.html draw.
`map_and_statistics_context` puts both together for the database page.

The map is two layers. Every country outline, drawn in the no-partnership shade, is one
static file, static/img/world-map-base.svg, that browsers cache: `world_map_base_svg` makes
it from partners/data/world_map.json and `manage.py build_map_background` writes it. Only the
countries with partnerships, the links, are drawn inline on top of it.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ..countries import country_names

WORLD_MAP_FILE = Path(__file__).resolve().parent.parent / "data" / "world_map.json"
# The static background layer of the map: its name for {% static %} and its file.
WORLD_MAP_BASE_STATIC = "img/world-map-base.svg"
WORLD_MAP_BASE_FILE = Path(__file__).resolve().parents[2] / "static" / WORLD_MAP_BASE_STATIC
# The shade of a country without partnerships and of the borders between countries: the
# values of --map-0 and --map-border in static/css/site.css (a test keeps them equal).
# An SVG used as an image cannot see the page's stylesheet.
MAP_BASE_FILL = "#e3e8ec"
MAP_BASE_STROKE = "#ffffff"

# Number of partnerships → fill class map-0 … map-4. Few steps: a reader can tell five
# shades apart, and the table beside the map carries the exact numbers.
MAP_STEPS = ((0, 0), (1, 2), (3, 5), (6, 10), (11, None))


@cache
def world_map_data():
    """The projected country outlines, read from disk once per process."""
    with WORLD_MAP_FILE.open(encoding="utf-8") as file:
        data = json.load(file)
    return data["viewBox"], tuple(data["countries"].items())


def world_map_base_svg():
    """The map's static background: every country outline in the no-partnership shade.

    One path of all outlines (each starts with an absolute moveto), no whitespace beyond
    what SVG needs, so the file stays small.
    """
    view_box, outlines = world_map_data()
    d = "".join(d for _code, d in outlines)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}">'
        f'<path fill="{MAP_BASE_FILL}" stroke="{MAP_BASE_STROKE}" stroke-width="1" '
        f'stroke-linejoin="round" vector-effect="non-scaling-stroke" d="{d}"/></svg>\n'
    )


def write_world_map_base(path=None):
    """Write the background file (default WORLD_MAP_BASE_FILE); True if it changed."""
    text = world_map_base_svg()
    path = Path(path or WORLD_MAP_BASE_FILE)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


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
    """A country with partnerships: drawn inline over the background, as a link."""

    code: str
    d: str
    count: int
    css_class: str
    name: str
    url: str
    is_current: bool = False

    @property
    def label(self):
        """ "Kenya: 12 partnerships", the link's name."""
        return ngettext(
            "%(name)s: %(counter)s partnership", "%(name)s: %(counter)s partnerships", self.count
        ) % {"name": self.name, "counter": self.count}


@dataclass(frozen=True)
class WorldMap:
    view_box: str
    # The countries with partnerships, drawn over the static background of all outlines.
    countries: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    background: str = WORLD_MAP_BASE_STATIC

    @property
    def box(self):
        """The viewBox as {"x", "y", "width", "height"}: where the background is drawn."""
        x, y, width, height = self.view_box.split()
        return {"x": x, "y": y, "width": width, "height": height}

    @property
    def linked_countries(self):
        """The countries with partnerships, by name: the map's table twin."""
        return sorted(self.countries, key=lambda country: country.name.casefold())


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
    outline_by_code = dict(outlines)
    # In the outlines' order; a country too small for the map (no outline) comes last and
    # still belongs in the table twin. Countries without partnerships are only in the
    # static background.
    order = {code: index for index, code in enumerate(outline_by_code)}
    codes = sorted(
        (code for code, count in counts_by_code.items() if count > 0),
        key=lambda code: (order.get(code, len(order)), code),
    )
    countries = [
        MapCountry(
            code=code,
            d=outline_by_code.get(code, ""),
            count=counts_by_code[code],
            css_class=fill_class(counts_by_code[code]),
            name=_name(code, names_by_code),
            url=url_for_code(code),
            is_current=code == current_code,
        )
        for code in codes
    ]
    legend = [
        {"css_class": f"map-{step}", "label": _step_label(low, high)}
        for step, (low, high) in enumerate(MAP_STEPS)
    ]
    return WorldMap(view_box=view_box, countries=countries, legend=legend)


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


# The id of the table of partnerships by country (world_map.html); key figures of countries
# link to it.
COUNTRY_TABLE_ID = "partnership-countries"


def country_filter_url(database_url, code):
    separator = "&" if "?" in database_url else "?"
    return f"{database_url}{separator}{urlencode({'country': code})}"


def map_and_statistics_context(
    statistics, database_url="", *, current_country=None, url_for_code=None, captions=None
):
    """Context for the map and statistics includes of the database page.

    statistics: partners.database.statistics.DatabaseStatistics of the current search or of every
    active partnership; database_url: the database page's URL; url_for_code(code): where a
    country of the map leads, by default database_url with ?country=<code>; captions: what
    the search's lists count, in words (views.search_context).
    """
    if url_for_code is None:

        def url_for_code(code):
            return country_filter_url(database_url, code)

    return {
        "statistics": statistics,
        "world_map": world_map(
            statistics.counts_by_code,
            url_for_code,
            names_by_code=statistics.names_by_code,
            current_code=current_country,
        ),
        "country_table_id": COUNTRY_TABLE_ID,
        "captions": captions or {},
        "area_chart": bar_chart(statistics.area_counts, total=statistics.partnership_count or None),
        "database_url": database_url,
    }
