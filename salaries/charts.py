"""
Server-rendered SVG charts: pay by level, pay by state, and a wage's percentile range.

No JavaScript and nothing the Content Security Policy would block: the templates draw with
geometry attributes only (x, y, width, height, viewBox, text-anchor, font-size) and take their
colours from classes in the site stylesheet. Every coordinate is computed here, so the
templates do no arithmetic, and every number reaches the template as a string so that
localisation can never write "12,5" into an attribute.

Money is formatted by callers: a chart receives each figure both as a number (to draw) and as
the text a reader sees ("$42,000", "$239,200 or more", "not published").

The charts are drawn in a fixed 600-unit-wide viewBox scaled to the width of the page, so
text sizes are in user units: 24 units is about 13.5 CSS px on a 375px-wide phone.
"""

import math
import re
from decimal import Decimal

VIEW_WIDTH = 600
INSET = 2  # text starts this far in from the left edge, clear of glyphs' overhang

# Text width is estimated, not measured: the factors fit DejaVu Sans, the widest common
# fallback for system-ui (Chromium on Linux), so real text is at most as wide as estimated.
_NARROW = set(" ,.:;'!|()[]ifjlrtI")
_WIDE = set("MWmw@%")


def text_width(text, font_size, *, bold=False):
    """Estimated width of `text` in user units, erring wide."""
    em = 0.0
    for char in str(text):
        if char in _NARROW:
            em += 0.38
        elif char in _WIDE:
            em += 1.0
        elif char.isupper():
            em += 0.8
        else:
            em += 0.66
    return em * font_size * (1.1 if bold else 1.0) + 2  # + glyphs' overhang at the ends


def _num(value):
    """A coordinate for an attribute: at most two decimals, no trailing zeros, never a comma."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def _check_chart_id(chart_id):
    if not isinstance(chart_id, str) or not _CHART_ID.match(chart_id):
        raise ValueError(
            f"chart_id must start with a letter and use only letters, digits, - and _: "
            f"{chart_id!r}"
        )


def _describe(description, items):
    """The caller's description followed by every figure in words: "Label: $42,000; …"."""
    figures = "; ".join(f"{label}: {display}" for label, display in items)
    description = (description or "").strip()
    if description and figures:
        if description[-1] not in ".!?:":
            description += "."
        return f"{description} {figures}."
    return description or f"{figures}."


def _fit(text, font_size, available, *, bold=False):
    """textLength squeezing `text` into `available` units when it is estimated not to fit."""
    if text_width(text, font_size, bold=bold) > available:
        return _num(available)
    return ""


# Bar chart -------------------------------------------------------------------------------

BAR_LABEL_SIZE = 24
BAR_VALUE_SIZE = 24
BAR_HEIGHT = 28
BAR_GAP = 8  # between a bar's end and its value
BAR_LABEL_BASELINE = 23  # from the top of a row
BAR_TOP = 32  # from the top of a row
BAR_ROW_HEIGHT = 72
BAR_MIN_TRACK = VIEW_WIDTH // 2
# A value's baseline sits so that the text is centred on the bar (cap height ~0.72em).
BAR_VALUE_BASELINE = BAR_TOP + BAR_HEIGHT / 2 + BAR_VALUE_SIZE * 0.36


def bar_chart(rows, *, title, description, chart_id):
    """
    Context for templates/salaries/charts/bar_chart.html: one horizontal bar per row.

    rows: (label, value, display) with value an int, Decimal or None and display the text a
    reader sees. A row whose value is None gets no bar, only its display text. A bar's length
    is value / largest value times the track's width, which leaves room for the widest value
    text after the longest bar (values are written just after their bars). With no value to
    draw at all, the context has no "chart" and the template renders nothing.
    """
    _check_chart_id(chart_id)
    rows = [(str(label), value, str(display)) for label, value, display in rows]
    values = [max(Decimal(value), Decimal(0)) for _, value, _ in rows if value is not None]
    if not values:
        return {"chart": None}

    widest_value = max(
        text_width(display, BAR_VALUE_SIZE, bold=True)
        for _, value, display in rows
        if value is not None
    )
    track = max(VIEW_WIDTH - BAR_GAP - widest_value, BAR_MIN_TRACK)
    largest = max(values)

    drawn = []
    for index, (label, value, display) in enumerate(rows):
        top = index * BAR_ROW_HEIGHT
        row = {
            "label": label,
            "label_x": _num(INSET),
            "label_y": _num(top + BAR_LABEL_BASELINE),
            "label_length": _fit(label, BAR_LABEL_SIZE, VIEW_WIDTH - INSET),
            "display": display,
            "value_y": _num(top + BAR_VALUE_BASELINE),
            "bar": None,
        }
        if value is None:
            row.update(
                value_x=_num(INSET), value_anchor="start", value_class="chart__value--missing"
            )
            row["value_length"] = _fit(display, BAR_VALUE_SIZE, VIEW_WIDTH - INSET)
        else:
            amount = max(Decimal(value), Decimal(0))
            width = track * float(amount / largest) if largest else 0.0
            row["bar"] = {
                "x": "0",
                "y": _num(top + BAR_TOP),
                "width": _num(width),
                "height": _num(BAR_HEIGHT),
            }
            # After the bar, where the track leaves room for the widest value. Only a display
            # wider than half the chart is squeezed to fit (BAR_MIN_TRACK keeps bars legible).
            row.update(value_x=_num(width + BAR_GAP), value_anchor="start", value_class="")
            row["value_length"] = _fit(
                display, BAR_VALUE_SIZE, VIEW_WIDTH - width - BAR_GAP, bold=True
            )
        drawn.append(row)

    height = len(rows) * BAR_ROW_HEIGHT - (BAR_ROW_HEIGHT - BAR_TOP - BAR_HEIGHT) + 2
    return {
        "chart": {
            "id": chart_id,
            "title": title,
            "description": _describe(description, [(r[0], r[2]) for r in rows]),
            "width": _num(VIEW_WIDTH),
            "height": _num(height),
            "track": _num(track),
            "label_size": _num(BAR_LABEL_SIZE),
            "value_size": _num(BAR_VALUE_SIZE),
            "rows": drawn,
        }
    }


# Range chart -----------------------------------------------------------------------------

# The range chart sits in a narrow column: at 375 px its 600 units are about 308 px wide, so
# 26 units is about 13 CSS px.
RANGE_LABEL_SIZE = 26
RANGE_VALUE_SIZE = 28
RANGE_PAD = 12  # the scale's inset from either side of the viewBox
RANGE_TEXT_GAP = 10  # the least room between two neighbouring texts on one side
# Vertical layout, top to bottom: texts above the scale, the scale, texts below, notes.
RANGE_ABOVE_LABEL = 26
RANGE_ABOVE_VALUE = 58
RANGE_TICK_TOP = 68
RANGE_SCALE_Y = 106  # centre line of the scale
RANGE_TICK_BOTTOM = 144
RANGE_BELOW_LABEL = 170
RANGE_BELOW_VALUE = 202
RANGE_BOX_HEIGHT = 32
RANGE_WHISKER_HEIGHT = 4
RANGE_MEDIAN_WIDTH = 6
RANGE_MEDIAN_HEIGHT = 48
RANGE_TICK_WIDTH = 2
RANGE_NOTE_LINE = 34


def nice_step(span, target_steps=4):
    """1, 2 or 5 times a power of ten, so that about `target_steps` steps cover `span`."""
    if span <= 0:
        return 1
    rough = span / target_steps
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def nice_floor(low, high):
    """A round lower bound for a scale from `low` to `high`: 38,120 to 74,800 → 30,000."""
    low, high = float(low), float(high)
    span = high - low if high > low else abs(high) / 2 or 1
    step = nice_step(span)
    floor = math.floor(low / step) * step
    if floor >= low and low > 0:
        floor -= step  # leave the lowest point off the very edge
    return max(floor, 0.0) if low >= 0 else floor


def _spread(items, left, right):
    """
    Place texts of known widths along one line, each as near its point as it can be without
    overlapping its neighbours or leaving [left, right]. items: dicts with "want" (the centre
    it would like) and "w" (its width); sorts them by "want" and sets "centre" on each.
    """
    if not items:
        return
    items.sort(key=lambda item: item["want"])
    total = sum(item["w"] for item in items) + RANGE_TEXT_GAP * (len(items) - 1)
    if total > right - left:  # cannot fit side by side: spread evenly, texts are squeezed
        step = (right - left) / len(items)
        for index, item in enumerate(items):
            item["centre"] = left + step * (index + 0.5)
            item["squeeze"] = step - RANGE_TEXT_GAP
        return
    # Push right from the left edge, then back left from the right edge.
    edge = left
    for item in items:
        item["centre"] = max(item["want"], edge + item["w"] / 2)
        edge = item["centre"] + item["w"] / 2 + RANGE_TEXT_GAP
    edge = right
    for item in reversed(items):
        item["centre"] = min(item["centre"], edge - item["w"] / 2)
        edge = item["centre"] - item["w"] / 2 - RANGE_TEXT_GAP


def range_chart(points, *, title, description, chart_id):
    """
    Context for templates/salaries/charts/range_chart.html: a wage's percentile range.

    points: five (label, value, display), for the 10th, 25th, 50th (median), 75th and 90th
    percentiles, value an int, Decimal or None (BLS does not publish it or top-codes it). The
    scale runs from a round lower bound to the largest known value: a thin whisker between
    the outermost known points, a box from the 25th to the 75th percentile when both are
    known, and a taller median marker. Labels and values alternate above and below the
    scale; a point with no value is written out under the scale ("90th percentile: $239,200
    or more"). With no value at all, the context has no "chart" and nothing is rendered.
    """
    _check_chart_id(chart_id)
    points = [(str(label), value, str(display)) for label, value, display in points]
    if len(points) != 5:
        raise ValueError(f"range_chart takes five percentiles, got {len(points)}")
    known = [(i, Decimal(v)) for i, (_, v, _) in enumerate(points) if v is not None]
    if not known:
        return {"chart": None}

    xs = _range_positions(known)
    notes = _range_notes(points)
    height = RANGE_BELOW_VALUE + len(notes) * RANGE_NOTE_LINE + (14 if notes else 8)
    return {
        "chart": {
            "id": chart_id,
            "title": title,
            "description": _describe(description, [(p[0], p[2]) for p in points]),
            "width": _num(VIEW_WIDTH),
            "height": _num(height),
            "label_size": _num(RANGE_LABEL_SIZE),
            "value_size": _num(RANGE_VALUE_SIZE),
            "whisker": _range_span(xs, known[0][0], known[-1][0], RANGE_WHISKER_HEIGHT),
            "box": _range_span(xs, 1, 3, RANGE_BOX_HEIGHT) if 1 in xs and 3 in xs else None,
            "median": _range_median(xs),
            "marks": _range_marks(points, xs),
            "notes": notes,
        }
    }


def _range_positions(known):
    """The x of each known point, by index, on a scale from a round lower bound to the largest
    value; all in the middle when that scale has no width (every value 0, say)."""
    values = [value for _, value in known]
    lower_bound, upper_bound = nice_floor(min(values), max(values)), float(max(values))
    left, right = RANGE_PAD, VIEW_WIDTH - RANGE_PAD
    if upper_bound > lower_bound:
        span = upper_bound - lower_bound
        return {i: left + (float(v) - lower_bound) / span * (right - left) for i, v in known}
    return {i: (left + right) / 2 for i, _ in known}


def _range_span(xs, start, end, height):
    """A bar of `height` centred on the scale, from point `start` to point `end`."""
    x0, x1 = sorted((xs[start], xs[end]))
    return {
        "x": _num(x0),
        "y": _num(RANGE_SCALE_Y - height / 2),
        "width": _num(x1 - x0),
        "height": _num(height),
    }


def _range_median(xs):
    """The median's marker, taller than the box, or None when the median is not known."""
    if 2 not in xs:
        return None
    return {
        "x": _num(xs[2] - RANGE_MEDIAN_WIDTH / 2),
        "y": _num(RANGE_SCALE_Y - RANGE_MEDIAN_HEIGHT / 2),
        "width": _num(RANGE_MEDIAN_WIDTH),
        "height": _num(RANGE_MEDIAN_HEIGHT),
    }


def _range_marks(points, xs):
    """A tick and its label and value for each known point, in percentile order. Even points
    (10th, median, 90th) are written above the scale, odd ones (25th, 75th) below, and the
    texts on each side are spread so that they do not overlap."""
    sides = {"above": [], "below": []}
    for index, x in xs.items():
        label, _, display = points[index]
        sides["above" if index % 2 == 0 else "below"].append(
            {
                "index": index,
                "label": label,
                "display": display,
                "want": x,
                "w": max(
                    text_width(label, RANGE_LABEL_SIZE),
                    text_width(display, RANGE_VALUE_SIZE, bold=True),
                ),
            }
        )
    marks = []
    for side, items in sides.items():
        _spread(items, 0, VIEW_WIDTH)
        marks += [_range_mark(item, xs[item["index"]], side) for item in items]
    return sorted(marks, key=lambda mark: mark["index"])


def _range_mark(item, x, side):
    """One point's tick at `x` and its texts, placed by _spread() on `side` of the scale."""
    above = side == "above"
    squeeze = item.get("squeeze")
    return {
        "index": item["index"],
        "x": _num(x),
        "tick_x": _num(x - RANGE_TICK_WIDTH / 2),
        "tick_width": _num(RANGE_TICK_WIDTH),
        "tick_y": _num(RANGE_TICK_TOP if above else RANGE_SCALE_Y),
        "tick_height": _num(
            (RANGE_SCALE_Y - RANGE_TICK_TOP) if above else (RANGE_TICK_BOTTOM - RANGE_SCALE_Y)
        ),
        "text_x": _num(item["centre"]),
        "label": item["label"],
        "label_y": _num(RANGE_ABOVE_LABEL if above else RANGE_BELOW_LABEL),
        "label_length": _fit(item["label"], RANGE_LABEL_SIZE, squeeze) if squeeze else "",
        "display": item["display"],
        "value_y": _num(RANGE_ABOVE_VALUE if above else RANGE_BELOW_VALUE),
        "value_length": (
            _fit(item["display"], RANGE_VALUE_SIZE, squeeze, bold=True) if squeeze else ""
        ),
        "side": side,
    }


def _range_notes(points):
    """The points without a value, each written out on a line of its own under the scale."""
    missing = [f"{label}: {display}" for label, value, display in points if value is None]
    return [
        {
            "text": text,
            "x": _num(INSET),
            "y": _num(RANGE_BELOW_VALUE + number * RANGE_NOTE_LINE + 6),
            "length": _fit(text, RANGE_LABEL_SIZE, VIEW_WIDTH - INSET),
        }
        for number, text in enumerate(missing, start=1)
    ]


# Tile-grid map ---------------------------------------------------------------------------

# Each state's square (column, row) on a 12 by 8 grid, shaped like the country (NPR's
# tile-grid layout, with Puerto Rico beside Florida). Territories without a square here (Guam,
# the Virgin Islands) are in the table beside the map.
STATE_TILES = {
    "AK": (0, 0), "ME": (11, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2),
    "WI": (7, 2), "MI": (8, 2), "NY": (9, 2), "RI": (10, 2), "MA": (11, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3),
    "OH": (7, 3), "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4),
    "WV": (7, 4), "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5),
    "SC": (8, 5), "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7), "PR": (11, 7),
}  # fmt: skip
TILE = 46
TILE_STEP = 50  # a tile and the gap after it: 12 columns fill the 600-unit width
TILE_CODE_SIZE = 22  # about 12.5 CSS px on a 375 px phone, like the other charts
TILE_LEVELS = 5  # colour steps, from the lowest fifth of the figures to the highest
LEGEND_TOP = 8 * TILE_STEP + 16
LEGEND_SWATCH = 22
LEGEND_ROW = 34
LEGEND_TEXT_SIZE = 22


def tile_map(states, *, title, description, chart_id):
    """
    Context for templates/salaries/charts/tile_map.html: each state a square in its place on
    a grid shaped like the country, coloured by its figure in five steps (each a fifth of the
    states with a figure, lowest first), with a legend of each step's range.

    states: (postal code, name, value, display), value an int, Decimal or None. A state with no
    value is drawn as an outline; one without a square (a territory) is left out of the map
    but not of the description, which names every figure. With no value at all, the context
    has no "chart".
    """
    _check_chart_id(chart_id)
    states = [(code, str(name), value, str(display)) for code, name, value, display in states]
    known = sorted(Decimal(value) for _, _, value, _ in states if value is not None)
    if not known:
        return {"chart": None}
    # The step of a figure: how many fifths of the known figures lie below it.
    bounds = [known[len(known) * step // TILE_LEVELS] for step in range(1, TILE_LEVELS)]
    levels = sorted({bound for bound in bounds if bound > known[0]})  # each step has a state

    def level(value):
        return 1 + sum(Decimal(value) >= bound for bound in levels)

    tiles = []
    for code, name, value, display in states:
        if code not in STATE_TILES:
            continue
        column, row = STATE_TILES[code]
        x, y = column * TILE_STEP, row * TILE_STEP
        tiles.append(
            {
                "code": code,
                "name": name,
                "display": display,
                "level": level(value) if value is not None else None,
                "x": _num(x),
                "y": _num(y),
                "size": _num(TILE),
                "text_x": _num(x + TILE / 2),
                "text_y": _num(y + TILE / 2 + TILE_CODE_SIZE * 0.36),
            }
        )
    legend = []
    floors = [known[0], *levels]
    ceilings = [*levels, None]
    displays = {Decimal(value): display for _, _, value, display in states if value is not None}
    for index, (floor, ceiling) in enumerate(zip(floors, ceilings, strict=True)):
        below = [
            value for value in known if value >= floor and (ceiling is None or value < ceiling)
        ]
        top = LEGEND_TOP + index * LEGEND_ROW
        legend.append(
            {
                "level": index + 1,
                "text": f"{displays[below[0]]} to {displays[below[-1]]}",
                "x": _num(INSET),
                "y": _num(top),
                "size": _num(LEGEND_SWATCH),
                "text_x": _num(INSET + LEGEND_SWATCH + 10),
                "text_y": _num(top + LEGEND_SWATCH / 2 + LEGEND_TEXT_SIZE * 0.36),
            }
        )
    return {
        "chart": {
            "id": chart_id,
            "title": title,
            "description": _describe(
                description, [(name, display) for _, name, _, display in states]
            ),
            "width": _num(VIEW_WIDTH),
            "height": _num(LEGEND_TOP + len(legend) * LEGEND_ROW),
            "code_size": _num(TILE_CODE_SIZE),
            "legend_size": _num(LEGEND_TEXT_SIZE),
            "tiles": tiles,
            "legend": legend,
        }
    }
