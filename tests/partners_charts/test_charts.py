import re
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

from partners.database.charts import (
    MAP_BASE_FILL,
    MAP_BASE_STROKE,
    WORLD_MAP_BASE_FILE,
    WORLD_MAP_BASE_STATIC,
    bar_chart,
    country_filter_url,
    fill_class,
    map_and_statistics_context,
    world_map,
    world_map_base_svg,
    world_map_data,
    write_world_map_base,
)
from partners.database.statistics import database_statistics
from partners.figures import key_figures
from partners.models import Partnership
from tests.factories import CountryFactory, PartnershipFactory, SwedishOrganisationFactory
from tests.helpers import DATABASE, soup

DATABASE_URL = DATABASE["sv"]


def render(context, template):
    return soup(render_to_string(f"partners/includes/{template}.html", context))


def map_links(soup):
    """{code: (href, css class, accessible name)} of the links drawn on the map."""
    return {
        link.path["data-code"]: (link["href"], link.path["class"][0], link.title.get_text())
        for link in soup.select("svg.world-map a")
    }


def table_rows(soup):
    return {
        row.th.a["href"]: (row.th.get_text(strip=True), int(row.td.get_text()))
        for row in soup.select(".partnership-map-table tbody tr")
    }


@pytest.mark.parametrize(
    ("count", "css_class"),
    [(0, "map-0"), (1, "map-1"), (2, "map-1"), (3, "map-2"), (5, "map-2"), (6, "map-3")]
    + [(10, "map-3"), (11, "map-4"), (500, "map-4")],
)
def test_fill_class_steps(count, css_class):
    assert fill_class(count) == css_class


def test_map_outlines_are_read_once():
    assert world_map_data() is world_map_data()
    view_box, outlines = world_map_data()
    assert view_box == "0 0 1000 445"
    assert {"SE", "KE", "UA", "XK"} <= {code for code, _d in outlines}


def test_world_map_is_pure_and_draws_only_countries_with_partnerships():
    result = world_map(
        {"KE": 12, "TZ": 0, "UA": 1}, lambda code: f"/db/?country={code}", {"KE": "Kenya"}
    )

    # Countries without partnerships are left to the static background; the others are
    # drawn in the order of the outlines.
    outline_order = [code for code, _d in world_map_data()[1]]
    assert [country.code for country in result.countries] == sorted(
        ["KE", "UA"], key=outline_order.index
    )
    linked = {country.code: country for country in result.countries}
    assert linked["KE"].url == "/db/?country=KE"
    assert linked["KE"].css_class == "map-4"
    assert linked["KE"].name == "Kenya"
    assert linked["KE"].d == dict(world_map_data()[1])["KE"]
    assert linked["UA"].css_class == "map-1"
    assert [step["css_class"] for step in result.legend] == [f"map-{i}" for i in range(5)]
    assert result.background == WORLD_MAP_BASE_STATIC
    assert result.box == {"x": "0", "y": "0", "width": "1000", "height": "445"}


def test_a_country_without_an_outline_stays_in_the_table_twin():
    # Tuvalu is too small for the map file, but it must not vanish from the figures.
    result = world_map({"TV": 2}, lambda code: f"?country={code}")

    assert [(c.code, c.count, c.d) for c in result.linked_countries] == [("TV", 2, "")]
    with translation.override("en"):
        soup = render({"world_map": result, "database_url": "/db/"}, "world_map")
    assert not soup.select("svg a")
    assert table_rows(soup) == {"?country=TV": ("Tuvalu", 2)}


def test_country_filter_url_keeps_existing_parameters():
    assert country_filter_url("/db/", "KE") == "/db/?country=KE"
    assert country_filter_url("/db/?q=vatten", "KE") == "/db/?q=vatten&country=KE"


def test_bar_widths_are_proportional_and_percentages_of_the_total():
    chart = bar_chart([("Water", 10), ("Climate", 5), ("Gender", 2), ("Other", 0)], max_width=400)

    assert [row.width for row in chart.rows] == [400, 200, 80, 0]
    assert [row.percentage for row in chart.rows] == [59, 29, 12, 0]
    assert [row.y for row in chart.rows] == [0, chart.row_height, 2 * chart.row_height, 168]
    assert chart.height == 4 * chart.row_height
    assert chart.width > 400, "room for the number beside the longest bar"
    for row in chart.rows:
        assert row.value_x > row.width

    of_partnerships = bar_chart([("Water", 10), ("Climate", 5)], max_width=300, total=20)
    assert [(row.width, row.percentage) for row in of_partnerships.rows] == [(300, 50), (150, 25)]


def test_bar_chart_of_nothing_has_no_rows():
    assert bar_chart([]).rows == []
    assert bar_chart([("Water", 0)]).rows[0].width == 0


@pytest.mark.parametrize("language", ["sv", "en"])
def test_map_links_every_country_with_partnerships_to_its_filter(partnerships, language):
    expected = {
        code: Partnership.objects.filter(status="active", country__code=code).count()
        for code in Partnership.objects.filter(status="active").values_list(
            "country__code", flat=True
        )
    }
    with translation.override(language):
        context = map_and_statistics_context(
            database_statistics(Partnership.objects.active()), DATABASE_URL
        )
        soup = render(context, "world_map")

    links = map_links(soup)
    assert set(links) == set(expected)
    for code, (href, css_class, label) in links.items():
        assert href == f"{DATABASE_URL}?country={code}"
        assert css_class == fill_class(expected[code])
        assert re.search(rf": {expected[code]} partner", label), label
    assert links["UA"][1] == "map-4"
    assert links["KE"][1] == "map-2"
    assert links["TZ"][1] == "map-1"
    # Where nothing is active there is no link and no inline outline: the country is only
    # in the background image, in the neutral shade.
    assert {"VN", "BW", "SE"}.isdisjoint(set(expected))
    paths = soup.select("svg.world-map path")
    assert len(paths) == len(expected)
    assert all(path.find_parent("a") for path in paths)
    assert background_image(soup)["href"] == static(WORLD_MAP_BASE_STATIC)


def background_image(soup):
    images = soup.select("svg.world-map image")
    assert len(images) == 1
    return images[0]


def test_only_countries_with_partnerships_are_inline_over_the_background(db):
    with translation.override("en"):
        soup = render(
            {
                "world_map": world_map({"KE": 3}, lambda code: f"/db/?country={code}"),
                "database_url": "/db/",
            },
            "world_map",
        )

    svg = soup.select_one("svg.world-map")
    # Tanzania has no partnerships: it is not drawn inline, only in the background.
    assert not svg.select('[data-code="TZ"]')
    assert svg.select("path") == svg.select('path[data-code="KE"]')
    link = svg.select_one("a")
    assert link["href"] == "/db/?country=KE"
    assert link["aria-label"] == link.title.get_text() == "Kenya: 3 partnerships"
    assert link.path["class"] == ["map-2"]
    assert link.path["d"] == dict(world_map_data()[1])["KE"]
    # The background is one cached, decorative image under the links, the map's full size.
    image = background_image(soup)
    assert image["href"] == static("img/world-map-base.svg")
    assert finders.find(WORLD_MAP_BASE_STATIC) == str(WORLD_MAP_BASE_FILE)
    assert image["aria-hidden"] == "true"
    assert [image[name] for name in ("x", "y", "width", "height")] == svg["viewbox"].split()
    children = [child.name for child in svg.find_all(recursive=False)]
    assert children.index("image") < children.index("a")


def test_the_committed_map_background_is_what_the_outlines_make():
    # Run `manage.py build_map_background` after changing world_map.json or the map colours.
    assert WORLD_MAP_BASE_FILE.read_text(encoding="utf-8") == world_map_base_svg()


def test_map_background_draws_every_outline_in_the_no_partnership_shade():
    text = world_map_base_svg()
    view_box, outlines = world_map_data()
    svg = ElementTree.fromstring(text)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == view_box
    (path,) = list(svg)
    assert path.get("d") == "".join(d for _code, d in outlines)
    assert all(d.startswith("M") for _code, d in outlines), "each outline starts anew"
    assert (path.get("fill"), path.get("stroke")) == (MAP_BASE_FILL, MAP_BASE_STROKE)
    # Not pretty-printed: hardly more than the outlines themselves.
    assert text.count("\n") == 1
    assert len(text) < sum(len(d) for _code, d in outlines) + 400


def test_map_background_colours_are_those_of_the_stylesheet():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    colours = dict(re.findall(r"--(map-0|map-border):\s*(#[0-9a-fA-F]{6})", css))
    assert colours == {"map-0": MAP_BASE_FILL, "map-border": MAP_BASE_STROKE}


def test_build_map_background_command_writes_and_checks_the_background(tmp_path, monkeypatch):
    target = tmp_path / "img" / "world-map-base.svg"
    assert write_world_map_base(target) is True
    assert target.read_text(encoding="utf-8") == world_map_base_svg()
    assert write_world_map_base(target) is False

    monkeypatch.setattr("partners.database.charts.WORLD_MAP_BASE_FILE", target)
    call_command("build_map_background", "--check", stdout=StringIO())
    target.write_text("<svg/>", encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("build_map_background", "--check", stdout=StringIO())
    call_command("build_map_background", stdout=StringIO())
    assert target.read_text(encoding="utf-8") == world_map_base_svg()


def test_table_twin_carries_the_same_countries_numbers_and_links(partnerships):
    with translation.override("en"):
        context = map_and_statistics_context(
            database_statistics(Partnership.objects.active()), DATABASE_URL
        )
        soup = render(context, "world_map")

    table = table_rows(soup)
    links = map_links(soup)
    assert set(table) == {href for href, _class, _label in links.values()}
    for href, _css_class, label in links.values():
        name, count = table[href]
        assert label == f"{name}: {count} partnership{'s' if count != 1 else ''}"
    assert table[f"{DATABASE_URL}?country=UA"] == ("Ukraine", 11)
    assert soup.select_one(".partnership-map-table caption").get_text() == (
        "Partnerships by country"
    )


def test_map_is_a_labelled_group_with_title_description_and_legend(partnerships):
    with translation.override("en"):
        soup = render(
            map_and_statistics_context(key_figures(), DATABASE_URL, current_country="KE"),
            "world_map",
        )

    svg = soup.select_one("svg.world-map")
    # A group, not an image: an image's children, the links, would be hidden.
    assert svg["role"] == "group"
    assert soup.find(id=svg["aria-labelledby"]).name == "title"
    assert soup.find(id=svg["aria-describedby"]).name == "desc"
    legend = [item.get_text(strip=True) for item in soup.select(".map-legend li")]
    assert legend == ["None", "1–2", "3–5", "6–10", "11 or more"]
    current = soup.select('[aria-current="true"]')
    assert [element["href"] for element in current] == [f"{DATABASE_URL}?country=KE"] * 2


def test_map_and_table_in_both_languages(partnerships):
    with translation.override("sv"):
        swedish = render(map_and_statistics_context(key_figures(), DATABASE_URL), "world_map")
    with translation.override("en"):
        english = render(map_and_statistics_context(key_figures(), "/en/db/"), "world_map")

    assert map_links(swedish)["UA"][2] == "Ukraina: 11 partnerskap"
    assert map_links(english)["UA"][2] == "Ukraine: 11 partnerships"
    assert map_links(english)["TZ"][2] == "Tanzania: 1 partnership"
    assert swedish.select_one("caption").get_text() == "Partnerskap per land"
    assert swedish.select_one("svg title").get_text() == "Karta över partnerskap per land"
    assert swedish.select(".map-legend li")[0].get_text(strip=True) == "Inga"
    assert swedish.select(".map-legend li")[-1].get_text(strip=True) == "11 eller fler"


def test_empty_result_renders_a_message_not_an_error(db):
    with translation.override("en"):
        context = map_and_statistics_context(
            database_statistics(Partnership.objects.none()), DATABASE_URL
        )
        world = render(context, "world_map")
        figures = render(context, "statistics")

    assert not world.select("svg a")
    assert "No partnerships match" in world.select_one(".notice").get_text()
    assert [dd.get_text() for dd in figures.select("dd")] == ["0", "0", "0"]
    assert not figures.select("svg")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_statistics_include_shows_key_figures_and_area_chart(partnerships, areas, language):
    with translation.override(language):
        context = map_and_statistics_context(key_figures(), DATABASE_URL)
        soup = render(context, "statistics")
        statistics = context["statistics"]
        expected_bars = [(area.name, count) for area, count in statistics.area_counts]

    figures = [int(dd.get_text()) for dd in soup.select(".key-figures dd")]
    assert figures == [
        statistics.partnership_count,
        statistics.swedish_organisation_count,
        statistics.country_count,
    ]
    svg = soup.select_one(".bar-chart svg")
    assert svg["role"] == "img"
    assert soup.find(id=svg["aria-labelledby"]).name == "title"
    assert soup.find(id=svg["aria-describedby"]).name == "desc"
    # The number is printed beside each bar, and a table repeats the figures.
    bars = [
        (row.select_one(".bar-label").get_text(), int(row.select_one(".bar-value").get_text()))
        for row in svg.select(".bar-row")
    ]
    assert bars == expected_bars
    table = [
        (row.th.get_text(), int(row.td.get_text()))
        for row in soup.select(".bar-chart table tbody tr")
    ]
    assert table == bars
    climate = areas["climate"]
    assert (climate.name_sv if language == "sv" else climate.name_en, 15) in bars
    heading = soup.select_one("h2").get_text()
    caption = soup.select_one(".bar-chart-caption").get_text()
    if language == "sv":
        assert (heading, caption) == (
            "Aktiva partnerskap i siffror",
            "Partnerskap per tematiskt område",
        )
    else:
        assert (heading, caption) == (
            "Active partnerships in figures",
            "Partnerships by thematic area",
        )


def test_svg_numbers_are_not_localised_with_a_decimal_comma(db):
    context = {"chart": bar_chart([("A", 3), ("B", 2)], max_width=100), "chart_id": "c"}
    with translation.override("sv"):
        soup = render(context, "bar_chart")

    assert [rect["width"] for rect in soup.select("rect")] == ["100.0", "66.7"]


@pytest.mark.parametrize("total", [10, 200])
def test_map_and_statistics_need_the_same_queries_for_10_or_200_partnerships(
    db, django_assert_max_num_queries, total
):
    swedish = SwedishOrganisationFactory.create_batch(5)
    for index in range(total):
        PartnershipFactory(
            country=CountryFactory(code=["KE", "TZ", "UA", "MZ"][index % 4]),
            swedish_organisations=swedish[index % 5 :][:2],
        )

    with django_assert_max_num_queries(4), translation.override("en"):
        context = map_and_statistics_context(
            database_statistics(Partnership.objects.active()), DATABASE_URL
        )
        render(context, "world_map")
        render(context, "statistics")
    assert context["statistics"].partnership_count >= total


def relative_luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first, second):
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_map_shades_have_non_text_contrast():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    colours = dict(re.findall(r"--(map-\d|map-border|paper):\s*(#[0-9a-fA-F]{6})", css))
    for step in range(1, 5):
        shade = colours[f"map-{step}"]
        for neighbour in ("paper", "map-0", "map-border"):
            assert contrast(shade, colours[neighbour]) >= 3, (step, neighbour)
