"""Charts: a line and point chart per indicator, drawn as SVG straight from the model.

``indicator_chart`` is pure (model in, ``IndicatorChart`` out: the points, series and words to
draw); ``to_svg`` draws a chart as an accessible image (``<title>``/``<desc>``) that works without
JavaScript.
Actuals, forecasts and targets differ by line style and marker shape as well as colour.
The rows carry codes (value type, gender) that the drawing styles on; the words readers see come
from the catalogue in the chart's language, and the numbers are written as the page writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from generator.analysis.format import observation_label
from generator.i18n.texts import label, t
from generator.model.plan import Indicator
from generator.render import svg
from generator.render.svg import TITLE_FONT

SERIES = ("utfall", "prognos", "mal", "budget", "plan")  # value types in the order they are drawn and named
COLOURS = ("#1f5f99", "#7a4d00", "#2d6a2d")  # all ≥ 4.5:1 against white
#: How a value type is drawn: colour, marker, line dash, filled marker. Targets are large open squares,
#: so that an actual or forecast on the target stays visible inside.
VALUE_TYPE_STYLES = {
    "utfall": ("#1f5f99", "circle", (1, 0), True),
    "prognos": ("#7a4d00", "triangle-up", (6, 4), True),
    "mal": ("#2d6a2d", "square", (2, 3), False),
    "budget": ("#595959", "cross", (8, 2), True),
    "plan": ("#595959", "triangle-right", (3, 2), True),
}
#: Women and men are told apart from the total and from each other by marker and line style (and colour).
GENDER_STYLES = {"K": ("#9c2f6b", "diamond", (9, 3, 2, 3)), "M": ("#00695c", "triangle-down", (4, 3))}
RANGE_FILL = "#cfe3cf"  # a target range is a light band with the target colour as its edge
ZOOM = 1.3  # how much larger than drawn a chart may be shown on a wide screen
PAD = 5
PLOT_HEIGHT = 240
MAX_WIDTH = 345  # the whole drawing: shown at 390 px (a phone, less the page's margins) text stays ≥ 12 px
LEGEND_ROW = 22


class Chart(Protocol):
    """What ``to_svg`` draws: a chart that lays itself out as (width, height, SVG elements)."""

    def draw(self) -> tuple[float, float, str]: ...  # pragma: no cover


def to_svg(chart: Chart, title: str, description: str, element_id: str) -> str:
    """The chart as one accessible image: ``<title>`` and ``<desc>`` (ids ``{element_id}-title`` and
    ``-desc``, named by ``aria-labelledby``), drawn at most ``ZOOM`` times its size."""
    width, height, body = chart.draw()
    return svg.document(body, width, height, title=title, description=description, element_id=element_id, zoom=ZOOM)


def chart_rows(indicator: Indicator, lang: str) -> list[dict]:
    """The points (and target ranges) to draw: every numeric value, for every gender the plan gives.

    The drawing styles on the codes (``value_type``, ``gender``, ``range``); ``series`` and
    ``label`` are what readers see, in ``lang``. Where the plan splits a value by gender, each
    gender (and the total) is a series of its own: "Utfall, kvinnor/flickor".
    """
    numeric = [o for o in indicator.charted if o.value is not None]  # the plan's, and follow-ups' where they add
    by_gender = len({o.gender for o in numeric}) > 1 or any(o.gender != "T" for o in numeric)
    rows = []
    for obs in numeric:
        series = label("value_type", obs.value_type, lang)
        if by_gender:
            series = t("chart.series_gender", lang, series=series, gender=label("gender", obs.gender, lang).lower())
        if obs.value_max is not None:
            series = t("chart.series_range", lang, series=series)
        rows.append({
            "year": str(obs.period),
            "value": float(obs.value),  # floats only here, for drawing
            "upper": float(obs.value_max) if obs.value_max is not None else None,
            "range": obs.value_max is not None,
            "value_type": str(obs.value_type),
            "gender": str(obs.gender),
            "series": series,
            "label": observation_label(obs, lang=lang),  # the unit is the axis title
        })
    return rows


def one_line(text: str) -> str:
    """A title for an axis or a chart: line breaks in the data (a cell may hold them) are spaces."""
    return " ".join(text.split())


def wrap(text: str, width: int = 40) -> list[str]:
    """A title as lines of at most ``width`` characters, never cut."""
    lines: list[str] = []
    for word in one_line(text).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class Series:
    """How one series is drawn and named: its colour, marker (of area ``size`` px²), line dash and
    marker fill ("transparent" for an open one, ``RANGE_FILL`` for a range's band)."""

    name: str
    colour: str
    shape: str
    dash: tuple[int, ...]
    fill: str
    size: int
    range: bool


def series_style(row: dict) -> tuple[str, str, tuple[int, ...], str, int]:
    """Colour, marker, dash, fill and marker size of a row's series."""
    colour, shape, dash, filled = VALUE_TYPE_STYLES.get(row["value_type"], ("#595959", "cross", (1, 0), True))
    if row["gender"] in GENDER_STYLES:
        colour, shape, gender_dash = GENDER_STYLES[row["gender"]]
        dash = gender_dash if row["value_type"] == "utfall" else dash
    if row["range"]:
        return colour, "square", (1, 0), RANGE_FILL, 80
    return colour, shape, dash, colour if filled else "transparent", 80 if filled else 200


def chart_series(rows: list[dict]) -> tuple[Series, ...]:
    """One entry per series in legend order: value type, then total, women, men; ranges last."""
    keys: dict[str, tuple] = {}
    for r in rows:
        vt = SERIES.index(r["value_type"]) if r["value_type"] in SERIES else len(SERIES)
        keys.setdefault(r["series"], (r["range"], vt, "TKM".index(r["gender"]), r))
    ordered = sorted(keys.items(), key=lambda item: item[1][:3])
    return tuple(Series(name, *series_style(key[3]), range=key[0]) for name, key in ordered)


@dataclass(frozen=True)
class IndicatorChart:
    """What an indicator's chart shows: ``rows`` (``chart_rows``), each named series' style, the
    years along the axis (with the years between that have no value), and its words in ``lang``."""

    name: str
    y_title: str
    x_title: str
    years: tuple[int, ...]
    genders: tuple[str, ...]
    rows: tuple[dict, ...]
    series: tuple[Series, ...]
    lang: str

    def draw(self) -> tuple[float, float, str]:
        return draw_indicator(self)


def indicator_chart(indicator: Indicator, years: list[int] | None = None, *, lang: str) -> IndicatorChart | None:
    """The indicator's chart, or None when there is nothing to compare (``Indicator.drawn``: a single
    value, as most of Växjö's key figures, is said by the sentence and the table).

    Years run along the x axis; where the plan splits by gender, women, the total and men stand side
    by side within each year. Lines join a series across years; a target range is a band.
    """
    if not indicator.drawn:
        return None
    rows = chart_rows(indicator, lang)
    present = sorted({int(r["year"]) for r in rows})
    return IndicatorChart(
        name=one_line(indicator.name), y_title=one_line(indicator.unit) or t("chart.value", lang),
        x_title=t("chart.year", lang), years=tuple(sorted({*(years or range(present[0], present[-1] + 1)), *present})),
        genders=tuple(g for g in "KTM" if any(r["gender"] == g for r in rows)), rows=tuple(rows),
        series=chart_series(rows), lang=lang)


def _y_scale(rows: tuple[dict, ...]) -> tuple[float, float, bool]:
    """The value axis: from zero (or the lowest value) to the highest value or bound with 8 % room
    above, so that a marker on it is not cut, widened to whole steps; and whether every value is whole."""
    top = max(max(r["value"], r["upper"] or r["value"]) for r in rows)
    low = min(0.0, min(r["value"] for r in rows))
    whole = all(r["value"].is_integer() and (r["upper"] is None or r["upper"].is_integer()) for r in rows)
    high = top * 1.08 if top > 0 else 0.0
    if high == low:
        high = low + 1
    return *svg.nice_domain(low, high), whole


def _label_y(row: dict, x: float, y: float, bottom: float, taken: list[tuple[float, float]]) -> tuple[float, str]:
    """Where a value's label goes (its middle, and its anchor): a target's above its marker (a
    range's above its band), the rest below; a label below that would meet the year labels goes
    above, or beside its marker where a target's label (``taken``) is there."""
    if row["range"] or row["value_type"] == "mal":
        return y - (9 if row["range"] else 13), "middle"
    if y + 22 <= bottom + 6:
        return y + 16, "middle"
    if any(abs(x - tx) < 30 and abs(y - 13 - ty) < 14 for tx, ty in taken):
        return y, "start"
    return y - 13, "middle"


def draw_indicator(chart: IndicatorChart) -> tuple[float, float, str]:
    """Lay the chart out: title, value axis with grid, years (women, total and men side by side
    within a year), bands, lines, markers, labels, and the key drawn with the same marks."""
    rows, lang = chart.rows, chart.lang
    low, high, whole = _y_scale(rows)
    tick_values = svg.ticks(low, high, 5, whole=whole)
    tick_texts = [svg.tick_label(v, lang) for v in tick_values]
    y_title = svg.wrap(chart.y_title, PLOT_HEIGHT, bold=True)
    axis_x = PAD + 16 * len(y_title) + 2 + max(svg.text_width(s) for s in tick_texts) + 7
    plot_w = min(290.0, MAX_WIDTH - PAD - axis_x)
    legend_w = max(50 + svg.text_width(s.name) for s in chart.series)
    width = max(axis_x + plot_w, axis_x + legend_w) + PAD
    title = svg.wrap(chart.name, width - 2 * PAD, size=TITLE_FONT, bold=True)
    top = PAD + 17 * len(title) + 13
    bottom = top + PLOT_HEIGHT

    def y_of(value: float) -> float:
        return top + PLOT_HEIGHT * (high - value) / (high - low)

    step = plot_w / len(chart.years)
    band = 0.8 * step
    centre = {year: axis_x + step * (i + 0.5) for i, year in enumerate(chart.years)}
    genders = chart.genders if len(chart.genders) > 1 else ()

    def x_of(row: dict) -> float:
        x = centre[int(row["year"])]
        return x - band / 2 + band / len(genders) * (genders.index(row["gender"]) + 0.5) if genders else x

    out = [svg.text(PAD, PAD + 12 + 17 * i, line, size=TITLE_FONT, bold=True) for i, line in enumerate(title)]
    for value, text in zip(tick_values, tick_texts):  # the value axis: grid, ticks and numbers
        y = y_of(float(value))
        out += [svg.line(axis_x, y, axis_x + plot_w, y, svg.GRID), svg.line(axis_x - 5, y, axis_x, y),
                svg.text(axis_x - 7, svg.middle(y), text, anchor="end")]
    out.append(svg.line(axis_x, top, axis_x, bottom))
    for i, line in enumerate(y_title):
        out.append(svg.text(PAD + 11 + 16 * i, top + PLOT_HEIGHT / 2, line, anchor="middle", bold=True, rotate=-90))
    out.append(svg.line(axis_x, bottom, axis_x + plot_w, bottom))
    year_texts = [str(y) for y in chart.years]
    shown = svg.thin([centre[y] for y in chart.years], [svg.text_width(s) for s in year_texts])
    for year, text, show in zip(chart.years, year_texts, shown):
        out.append(svg.line(centre[year], bottom, centre[year], bottom + 5))
        if show:
            out.append(svg.text(centre[year], bottom + 19, text, anchor="middle"))
    out.append(svg.text(axis_x + plot_w / 2, bottom + 37, chart.x_title, anchor="middle", bold=True))
    style = {s.name: s for s in chart.series}
    for r in rows:  # a target range: a band from its lower to its upper bound
        if r["range"]:
            out.append(svg.rect(centre[int(r["year"])] - band / 4, y_of(r["upper"]), band / 2, y_of(r["value"]) - y_of(r["upper"]),
                                fill=RANGE_FILL, stroke=style[r["series"]].colour, extra=svg.part("band", r["series"])))
    for s in chart.series:  # targets too are joined (dotted)
        points = sorted(((int(r["year"]), x_of(r), y_of(r["value"])) for r in rows if r["series"] == s.name and not r["range"]))
        if len(points) > 1:
            out.append(svg.polyline([(x, y) for _, x, y in points], s.colour, s.dash, extra=svg.part("line", s.name)))
    for r in rows:
        if not r["range"]:
            s = style[r["series"]]
            out.append(svg.marker(s.shape, x_of(r), y_of(r["value"]), size=s.size, stroke=s.colour, fill=_fill(s),
                                  extra=svg.part("point", s.name)))
    taken = [(x_of(r), y_of(r["value"]) - 13) for r in rows if r["value_type"] == "mal" and not r["range"]]
    for r in (r for r in rows if r["label"]):  # the values as the page prints them (a comparison gives none)
        x = centre[int(r["year"])] if r["range"] else x_of(r)
        y, anchor = _label_y(r, x, y_of(r["upper"] if r["range"] else r["value"]), bottom, taken)
        out.append(svg.text(x + 9 if anchor == "start" else x, svg.middle(y), r["label"], anchor=anchor,
                            extra=svg.part("value", r["series"])))
    key_top = bottom + 48
    for i, s in enumerate(chart.series):  # the key: each series' line and marker, or a band, and its name
        y, key = key_top + LEGEND_ROW * (i + 0.5), svg.part("key", s.name)
        out.append("<g" + key + ">")
        if s.range:
            out.append(svg.rect(axis_x + 10, y - 7, 24, 14, fill=RANGE_FILL, stroke=s.colour))
        else:
            out.append(svg.polyline([(axis_x + 4, y), (axis_x + 40, y)], s.colour, s.dash))
            out.append(svg.marker(s.shape, axis_x + 22, y, size=s.size, stroke=s.colour, fill=_fill(s)))
        out.append(svg.text(axis_x + 50, svg.middle(y), s.name) + "</g>")
    return width, key_top + LEGEND_ROW * len(chart.series) + PAD, "".join(out)


def _fill(s: Series) -> str:
    return "none" if s.fill == "transparent" else s.fill
