"""Server-rendered SVG charts: accessible, escaped, proportional, never clipped, CSP-safe."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from salaries import charts
from salaries.charts import text_width

SVG = "{http://www.w3.org/2000/svg}"

LEVELS = [
    ("Junior Back Office Assistant", 42000, "$42,000"),
    ("Back Office Assistant", 52000, "$52,000"),
    ("Senior Back Office Assistant", 63000, "$63,000"),
    ("Back Office Supervisor", None, "not published"),
    ("Head of Back Office", 84000, "$84,000"),
]

PERCENTILES = [
    ("10th percentile", 31200, "$31,200"),
    ("25th percentile", 36900, "$36,900"),
    ("Median", 45010, "$45,010"),
    ("75th percentile", 58300, "$58,300"),
    ("90th percentile", 74800, "$74,800"),
]


# Every state's median annual wage, made up for the map: state n earns 40,000 + 1,000 n, so the
# fifths are known; Guam has no square on the map and Wyoming publishes no figure.
STATES = [
    (code, f"State {code}", 40000 + 1000 * number, f"${40 + number},000")
    for number, code in enumerate(sorted(charts.STATE_TILES))
    if code != "WY"
] + [("WY", "Wyoming", None, "not published"), ("GU", "Guam", 30000, "$30,000")]


def render(tag, data, title="Pay by career level", description="Median pay.", chart_id="x"):
    template = Template(
        "{% load chart_tags %}{% " + tag + " data title=t description=d chart_id=c %}"
    )
    return template.render(Context({"data": data, "t": title, "d": description, "c": chart_id}))


def parse(html):
    return ET.fromstring(html.strip())


def bar_svg(rows, **kwargs):
    return parse(render("bar_chart", rows, **kwargs))


def range_svg(points, **kwargs):
    return parse(render("range_chart", points, **kwargs))


def by_class(svg, name):
    return [el for el in svg.iter() if name in el.get("class", "").split()]


def viewbox(svg):
    x, y, width, height = (float(n) for n in svg.get("viewBox").split())
    return x, y, width, height


def text_extent(el):
    """The x range a text element covers, from its anchor and its (estimated) width."""
    x = float(el.get("x"))
    size = float(el.get("font-size"))
    bold = "chart__value" in el.get("class") and "chart__value--missing" not in el.get("class")
    width = float(el.get("textLength") or text_width(el.text, size, bold=bold))
    anchor = el.get("text-anchor", "start")
    start = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return start, start + width


def assert_inside_viewbox(svg):
    _, _, width, height = viewbox(svg)
    texts = list(svg.iter(f"{SVG}text"))
    assert texts
    for el in texts:
        start, end = text_extent(el)
        # Coordinates are written to 0.01 of a unit: within that, on the edge is inside.
        assert -0.01 <= start and end <= width + 0.01, (el.text, start, end, width)
        assert 0 < float(el.get("y")) < height
    for el in svg.iter(f"{SVG}rect"):
        assert 0 <= float(el.get("x"))
        assert float(el.get("x")) + float(el.get("width")) <= width
        assert float(el.get("y")) + float(el.get("height")) <= height


def assert_csp_safe(html, svg):
    assert "<style" not in html
    assert "<script" not in html
    for el in svg.iter():
        assert "style" not in el.attrib
        assert not el.tag.endswith("style") and not el.tag.endswith("script")
        assert not any(name.startswith("on") for name in el.attrib)


# Accessibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "data"),
    [("bar_chart", LEVELS), ("range_chart", PERCENTILES), ("tile_map", "states")],
)
def test_svg_is_an_image_labelled_by_its_title_and_description(tag, data):
    data = STATES if data == "states" else data
    svg = parse(render(tag, data, title="Pay by level", description="Pay.", chart_id="pay"))

    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("focusable") == "false"
    assert svg.get("aria-labelledby") == "pay-title pay-desc"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title.get("id") == "pay-title" and title.text == "Pay by level"
    assert desc.get("id") == "pay-desc"
    assert desc.text.startswith("Pay. ")
    # title and desc come first, where assistive technology looks for them.
    assert list(svg)[:2] == [title, desc]


def test_bar_description_lists_every_figure_in_words():
    desc = bar_svg(LEVELS, description="Median pay by level").find(f"{SVG}desc").text

    assert desc == (
        "Median pay by level. Junior Back Office Assistant: $42,000; "
        "Back Office Assistant: $52,000; Senior Back Office Assistant: $63,000; "
        "Back Office Supervisor: not published; Head of Back Office: $84,000."
    )
    for _, _, display in LEVELS:
        assert display in desc


def test_range_description_lists_every_figure_including_unpublished_ones():
    points = PERCENTILES[:3] + [
        ("75th percentile", None, "$239,200 or more"),
        ("90th percentile", None, "$239,200 or more"),
    ]
    desc = range_svg(points, description="").find(f"{SVG}desc").text

    assert desc.startswith("10th percentile: $31,200; 25th percentile: $36,900;")
    assert desc.endswith("90th percentile: $239,200 or more.")
    for _, _, display in points:
        assert display in desc


def test_chart_id_must_be_usable_as_an_id():
    with pytest.raises(ValueError, match="chart_id"):
        charts.bar_chart(LEVELS, title="t", description="d", chart_id="two words")
    with pytest.raises(ValueError, match="chart_id"):
        charts.range_chart(PERCENTILES, title="t", description="d", chart_id='x" onload="')


def test_tag_requires_title_description_and_chart_id():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load chart_tags %}{% bar_chart rows title='t' %}")


# Escaping and the Content Security Policy -----------------------------------------------------

HOSTILE = "<script>alert(1)</script> R&D \"quoted\" 'single'"


@pytest.mark.parametrize(("tag", "data"), [("bar_chart", LEVELS), ("range_chart", PERCENTILES)])
def test_text_is_escaped_and_nothing_is_styled_inline(tag, data):
    data = [(HOSTILE, value, f"{display} & <b>more</b>") for _, value, display in data]
    html = render(tag, data, title=HOSTILE, description=HOSTILE, chart_id="x")
    svg = parse(html)  # well-formed XML despite &, <, quotes

    assert_csp_safe(html, svg)
    assert svg.find(f"{SVG}title").text == HOSTILE
    assert HOSTILE in svg.find(f"{SVG}desc").text
    labels = [el.text for el in by_class(svg, "chart__label")]
    assert labels and all(label == HOSTILE for label in labels)
    assert all(el.text.endswith(" & <b>more</b>") for el in by_class(svg, "chart__value"))
    assert not any(el.tag.endswith("b") for el in svg.iter())


@pytest.mark.parametrize(
    ("tag", "data"),
    [("bar_chart", LEVELS), ("range_chart", PERCENTILES), ("tile_map", "states")],
)
def test_svg_fills_the_width_it_is_given(tag, data):
    data = STATES if data == "states" else data
    svg = parse(render(tag, data))

    assert svg.get("width") == "100%"
    assert svg.get("height") is None  # from the viewBox's aspect ratio
    assert svg.get("preserveAspectRatio") == "xMinYMin meet"
    assert "chart" in svg.get("class").split()
    assert viewbox(svg)[2] == charts.VIEW_WIDTH


def test_coordinates_are_never_localised(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("de"):
        svg = bar_svg([("a", Decimal("1.5"), "1.5"), ("b", Decimal("3"), "3")])
        assert Template("{{ n }}").render(Context({"n": 1.5})) == "1,5"  # what we avoid

    for el in svg.iter():
        for name in ("x", "y", "width", "height"):
            if el.get(name) not in (None, "100%"):
                float(el.get(name))  # "12,5" would fail


# Bar chart -------------------------------------------------------------------------------------


def bars(svg):
    return by_class(svg, "chart__bar")


def test_one_bar_per_row_with_a_value_and_none_for_unpublished_rows():
    svg = bar_svg(LEVELS)

    assert len(bars(svg)) == 4
    assert len(by_class(svg, "chart__row")) == 5
    assert [el.text for el in by_class(svg, "chart__label")] == [row[0] for row in LEVELS]
    missing = by_class(svg, "chart__value--missing")
    assert [el.text for el in missing] == ["not published"]
    supervisor = by_class(svg, "chart__row")[3]
    assert not by_class(supervisor, "chart__bar")


def test_bar_lengths_are_proportional_to_the_largest_value():
    rows = [
        ("Top", 80000, "$80,000"),
        ("Half", 40000, "$40,000"),
        ("Quarter", Decimal("20000.00"), "$20,000.00"),
        ("Nil", 0, "$0"),
    ]
    svg = bar_svg(rows)
    widths = [float(el.get("width")) for el in bars(svg)]
    context = charts.bar_chart(rows, title="", description="", chart_id="x")
    track = float(context["chart"]["track"])

    assert widths[0] == pytest.approx(track, abs=0.01)
    assert widths[1] == pytest.approx(widths[0] / 2, abs=0.01)
    assert widths[2] == pytest.approx(widths[0] / 4, abs=0.01)
    assert widths[3] == 0
    assert all(float(el.get("x")) == 0 for el in bars(svg))


def test_labels_sit_above_their_bars_and_values_after_them():
    svg = bar_svg(LEVELS)
    rows = by_class(svg, "chart__row")

    for row, (_, value, _) in zip(rows, LEVELS, strict=True):
        label = by_class(row, "chart__label")[0]
        text = by_class(row, "chart__value")[0]
        if value is None:
            assert float(text.get("y")) > float(label.get("y"))
            continue
        bar = by_class(row, "chart__bar")[0]
        assert float(label.get("y")) <= float(bar.get("y"))
        assert (
            float(bar.get("y"))
            < float(text.get("y"))
            <= float(bar.get("y")) + float(bar.get("height"))
        )
        assert text.get("text-anchor") == "start"
        assert float(text.get("x")) > float(bar.get("width"))
    # Rows do not overlap: each starts below the one before.
    tops = [float(by_class(row, "chart__label")[0].get("y")) for row in rows]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)


def test_the_longest_bar_leaves_room_for_its_value():
    svg = bar_svg(LEVELS)
    _, _, width, _ = viewbox(svg)
    longest = max(bars(svg), key=lambda el: float(el.get("width")))
    value = [el for el in by_class(svg, "chart__value") if el.text == "$84,000"][0]

    assert float(value.get("x")) >= float(longest.get("width"))
    assert (
        float(value.get("x")) + text_width("$84,000", float(value.get("font-size")), bold=True)
        <= width
    )
    assert_inside_viewbox(svg)


def test_the_track_narrows_to_leave_room_for_the_widest_value():
    narrow = charts.bar_chart(LEVELS, title="", description="", chart_id="x")["chart"]
    rows = LEVELS + [("Top-coded", 40000, "$239,200 or more")]
    wide = charts.bar_chart(rows, title="", description="", chart_id="x")["chart"]

    assert float(wide["track"]) < float(narrow["track"])
    assert_inside_viewbox(bar_svg(rows))


def test_a_display_wider_than_half_the_chart_is_squeezed_after_its_bar():
    long = "$239,200 or more, top-coded by the Bureau of Labor Statistics"
    svg = bar_svg([("Top-coded", 239200, long), ("Lower", 100000, "$100,000")])
    value = [el for el in by_class(svg, "chart__value") if el.text == long][0]
    bar = bars(svg)[0]

    assert float(bar.get("width")) == charts.BAR_MIN_TRACK
    assert float(value.get("x")) > float(bar.get("width"))
    assert value.get("lengthAdjust") == "spacingAndGlyphs"
    assert float(value.get("x")) + float(value.get("textLength")) <= charts.VIEW_WIDTH
    assert_inside_viewbox(svg)


def test_very_long_labels_are_squeezed_into_the_viewbox_not_clipped():
    label = "Senior Principal Back Office Operations and Compliance Assistant Manager"
    svg = bar_svg([(label, 50000, "$50,000"), ("Short", None, "not published" * 6)])

    squeezed = by_class(svg, "chart__label")[0]
    assert float(squeezed.get("textLength")) <= charts.VIEW_WIDTH
    assert squeezed.get("lengthAdjust") == "spacingAndGlyphs"
    assert by_class(svg, "chart__label")[1].get("textLength") is None
    assert_inside_viewbox(svg)


def test_fifty_four_states_fit_and_the_viewbox_grows_with_them():
    states = [
        (f"State number {i} of Columbia", 30000 + 1000 * i, f"${30 + i},000") for i in range(54)
    ]
    states[10] = ("District of Columbia", None, "not published")
    svg = bar_svg(states, chart_id="states")
    few = bar_svg(states[:5], chart_id="few")

    assert len(bars(svg)) == 53
    assert len(by_class(svg, "chart__row")) == 54
    assert viewbox(svg)[3] > 10 * viewbox(few)[3]
    assert_inside_viewbox(svg)
    assert_inside_viewbox(few)


def test_text_is_large_enough_to_read_on_a_phone():
    # 600 units drawn about 340 CSS px wide: 20 units is about 11px, the least we allow.
    for svg in (bar_svg(LEVELS), range_svg(PERCENTILES), map_svg(STATES)):
        assert all(float(el.get("font-size")) >= 20 for el in svg.iter(f"{SVG}text"))


@pytest.mark.parametrize(
    "rows", [[], [("Back Office Supervisor", None, "not published")]], ids=["empty", "unpublished"]
)
def test_a_chart_with_nothing_to_draw_renders_nothing(rows):
    assert render("bar_chart", rows).strip() == ""
    assert charts.bar_chart(rows, title="t", description="d", chart_id="x") == {"chart": None}


def test_bar_chart_accepts_any_iterable_of_rows():
    svg = bar_svg(iter(LEVELS))

    assert len(bars(svg)) == 4


# Range chart -----------------------------------------------------------------------------------


def centre(el):
    return float(el.get("x")) + float(el.get("width")) / 2


def ticks(svg):
    return by_class(svg, "chart__tick")


def test_percentiles_are_ordered_along_the_scale():
    svg = range_svg(PERCENTILES)
    xs = [centre(el) for el in ticks(svg)]

    assert len(xs) == 5
    assert xs == sorted(xs) and len(set(xs)) == 5
    median = by_class(svg, "chart__median")[0]
    assert centre(median) == pytest.approx(xs[2], abs=0.01)


def test_box_spans_the_quartiles_and_the_whisker_the_outer_percentiles():
    svg = range_svg(PERCENTILES)
    xs = [centre(el) for el in ticks(svg)]
    box = by_class(svg, "chart__box")[0]
    whisker = by_class(svg, "chart__whisker")[0]

    assert float(box.get("x")) == pytest.approx(xs[1], abs=0.01)
    assert float(box.get("x")) + float(box.get("width")) == pytest.approx(xs[3], abs=0.01)
    assert float(whisker.get("x")) == pytest.approx(xs[0], abs=0.01)
    assert float(whisker.get("x")) + float(whisker.get("width")) == pytest.approx(xs[4], abs=0.01)
    # Thin whisker, thicker box, taller median.
    heights = [float(by_class(svg, name)[0].get("height")) for name in charts_parts()]
    assert heights == sorted(heights)


def charts_parts():
    return ["chart__whisker", "chart__box", "chart__median"]


def test_positions_are_linear_from_a_round_lower_bound_to_the_largest_value():
    svg = range_svg(PERCENTILES)
    xs = [centre(el) for el in ticks(svg)]
    values = [value for _, value, _ in PERCENTILES]
    lower = charts.nice_floor(min(values), max(values))

    assert lower == 20000
    assert xs[4] == pytest.approx(charts.VIEW_WIDTH - charts.RANGE_PAD, abs=0.01)
    scale = (xs[4] - xs[0]) / (values[4] - values[0])
    for x, value in zip(xs, values, strict=True):
        assert x == pytest.approx(xs[0] + (value - values[0]) * scale, abs=0.02)
    assert xs[0] == pytest.approx(charts.RANGE_PAD + (values[0] - lower) * scale, abs=0.02)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (31200, 74800, 20000),
        (40100, 45500, 40000),
        (98000, 198500, 50000),
        (14.2, 27.9, 10),
        (50000, 50000, 40000),
        (0, 100, 0),
    ],
)
def test_nice_floor(low, high, expected):
    assert charts.nice_floor(low, high) == expected


def test_labels_and_values_alternate_above_and_below_the_scale():
    svg = range_svg(PERCENTILES)
    points = by_class(svg, "chart__point")
    sides = [el.get("class").split()[1] for el in points]

    assert sides == [
        "chart__point--above",
        "chart__point--below",
        "chart__point--above",
        "chart__point--below",
        "chart__point--above",
    ]
    scale_y = centre_y(by_class(svg, "chart__whisker")[0])
    for point, side in zip(points, sides, strict=True):
        label, value = point.findall(f"{SVG}text")
        above = side.endswith("above")
        assert (float(value.get("y")) < scale_y) is above
        assert float(label.get("y")) < float(value.get("y"))
    assert [el.text for el in by_class(svg, "chart__value")] == [p[2] for p in PERCENTILES]


def centre_y(el):
    return float(el.get("y")) + float(el.get("height")) / 2


def test_texts_on_one_side_never_overlap_even_when_the_points_are_close():
    points = [
        ("10th percentile", 40100, "$40,100"),
        ("25th percentile", 40200, "$40,200"),
        ("Median", 40300, "$40,300"),
        ("75th percentile", 40400, "$40,400"),
        ("90th percentile", 40500, "$40,500"),
    ]
    svg = range_svg(points)

    for side in ("above", "below"):
        extents = sorted(
            text_extent(text)
            for point in by_class(svg, f"chart__point--{side}")
            for text in point.findall(f"{SVG}text")
            if "chart__value" in text.get("class")
        )
        for (_, end), (start, _) in zip(extents, extents[1:], strict=False):
            assert end <= start
    assert_inside_viewbox(svg)


def test_top_coded_points_are_skipped_and_written_out_under_the_scale():
    points = PERCENTILES[:3] + [
        ("75th percentile", None, "$239,200 or more"),
        ("90th percentile", None, "$239,200 or more"),
    ]
    html = render("range_chart", points)
    svg = parse(html)

    assert len(ticks(svg)) == 3
    assert not by_class(svg, "chart__box")  # no 75th percentile to end it
    assert len(by_class(svg, "chart__median")) == 1
    whisker = by_class(svg, "chart__whisker")[0]
    xs = [centre(el) for el in ticks(svg)]
    assert float(whisker.get("x")) + float(whisker.get("width")) == pytest.approx(xs[2], abs=0.01)
    notes = [el.text for el in by_class(svg, "chart__note")]
    assert notes == ["75th percentile: $239,200 or more", "90th percentile: $239,200 or more"]
    notes_y = [float(el.get("y")) for el in by_class(svg, "chart__note")]
    assert min(notes_y) > max(float(el.get("y")) for el in by_class(svg, "chart__value"))
    assert_inside_viewbox(svg)
    assert_csp_safe(html, svg)


def test_a_missing_median_draws_no_median_marker():
    points = list(PERCENTILES)
    points[2] = ("Median", None, "not published")
    svg = range_svg(points)

    assert not by_class(svg, "chart__median")
    assert len(by_class(svg, "chart__box")) == 1
    assert [el.text for el in by_class(svg, "chart__note")] == ["Median: not published"]
    xs = [centre(el) for el in ticks(svg)]
    assert xs == sorted(xs) and len(xs) == 4


def test_a_single_known_point_is_drawn_without_error():
    points = [(label, None, "not published") for label, _, _ in PERCENTILES]
    points[0] = ("10th percentile", Decimal("14.20"), "$14.20")
    svg = range_svg(points)

    assert len(ticks(svg)) == 1
    assert float(by_class(svg, "chart__whisker")[0].get("width")) == 0
    assert len(by_class(svg, "chart__note")) == 4
    assert_inside_viewbox(svg)


def test_hourly_decimals_are_drawn():
    points = [
        ("10th percentile", Decimal("14.20"), "$14.20"),
        ("25th percentile", Decimal("16.85"), "$16.85"),
        ("Median", Decimal("21.64"), "$21.64"),
        ("75th percentile", Decimal("27.90"), "$27.90"),
        ("90th percentile", None, "$115.00 or more"),
    ]
    svg = range_svg(points)
    xs = [centre(el) for el in ticks(svg)]

    assert xs == sorted(xs) and len(xs) == 4
    assert_inside_viewbox(svg)


def test_range_chart_with_nothing_known_renders_nothing():
    points = [(label, None, "not published") for label, _, _ in PERCENTILES]

    assert render("range_chart", points).strip() == ""


def test_range_chart_takes_exactly_five_points():
    with pytest.raises(ValueError, match="five"):
        charts.range_chart(PERCENTILES[:4], title="t", description="d", chart_id="x")


def test_range_texts_stay_inside_the_viewbox_at_the_extremes():
    points = [
        ("10th percentile of all workers", 10000, "$10,000"),
        ("25th percentile", 10010, "$10,010"),
        ("Median", 150000, "$150,000"),
        ("75th percentile", 230000, "$230,000"),
        ("90th percentile of all workers", 239000, "$239,000"),
    ]
    assert_inside_viewbox(range_svg(points))


def test_text_width_estimate_errs_wide():
    # DejaVu Sans (the widest common fallback): "$98,000" bold at 24 units is 109.7 units.
    assert text_width("$98,000", 24, bold=True) >= 109.7
    assert text_width("", 24) > 0


# Tile-grid map --------------------------------------------------------------------------------


def map_svg(states, **kwargs):
    return parse(render("tile_map", states, **kwargs))


def tiles(svg):
    """{state code: (level class, x, y)} of each state's square."""
    found = {}
    for group in by_class(svg, "chart__tile"):
        text = group.find(f"{SVG}text")
        if text is None:
            continue  # a legend swatch
        rect = group.find(f"{SVG}rect")
        level = next(c for c in group.get("class").split() if c.startswith("chart__tile--"))
        found[text.text] = (level.removeprefix("chart__tile--"), rect.get("x"), rect.get("y"))
    return found


def test_each_state_has_its_own_square_in_the_view_and_territories_without_one_are_left_out():
    svg = map_svg(STATES)
    drawn = tiles(svg)

    assert set(drawn) == set(charts.STATE_TILES) and "GU" not in drawn
    assert len({(x, y) for _, x, y in drawn.values()}) == len(drawn)  # no two overlap
    assert_inside_viewbox(svg)


def test_each_state_is_coloured_by_the_fifth_its_figure_is_in():
    drawn = tiles(map_svg(STATES))
    levels = [drawn[code][0] for code, _, value, _ in STATES if value and code in drawn]

    known = [value for _, _, value, _ in STATES if value is not None]
    assert sorted(levels) == levels  # the figures rise with the states' order, so do the steps
    assert levels[0] == "1" and levels[-1] == "5"
    counts = [levels.count(str(step)) for step in range(1, 6)]
    assert max(counts) - min(counts) <= 2, counts  # fifths, near enough
    assert drawn["AK"][0] == "1" and drawn["WV"][0] == "5"  # lowest and highest drawn
    assert len(known) == len(levels) + 1  # Guam counts in the fifths without a square
    assert drawn["WY"][0] == "none"  # no figure: an outline


def test_the_legend_says_the_range_of_each_step_and_the_description_every_figure():
    svg = map_svg(STATES, description="Median annual wage.")

    legend = [el.text for el in by_class(svg, "chart__legend")]
    assert len(legend) == 5
    assert legend[0].startswith("$30,000 to ") and legend[-1].endswith(" to $90,000")
    desc = svg.find(f"{SVG}desc").text
    assert desc.startswith("Median annual wage. ")
    assert "Wyoming: not published" in desc and "Guam: $30,000" in desc
    for _, name, _, display in STATES:
        assert f"{name}: {display}" in desc
    hovered = {el.text for el in svg.iter(f"{SVG}title")}
    assert "State CA: $44,000" in hovered


def test_states_all_paid_alike_are_one_step():
    same = [(code, code, 50000, "$50,000") for code in ("CA", "NY", "TX")]

    svg = map_svg(same)

    assert {level for level, _, _ in tiles(svg).values()} == {"1"}
    assert [el.text for el in by_class(svg, "chart__legend")] == ["$50,000 to $50,000"]


def test_a_map_with_no_figure_renders_nothing():
    assert render("tile_map", [("CA", "California", None, "not published")]).strip() == ""


def test_the_map_is_escaped_and_csp_safe():
    html = render("tile_map", [("CA", HOSTILE, 1, "$1 & <b>x</b>")], title=HOSTILE)
    svg = parse(html)

    assert_csp_safe(html, svg)
    assert f"{HOSTILE}: $1 & <b>x</b>" in {el.text for el in svg.iter(f"{SVG}title")}
