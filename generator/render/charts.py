"""Charts: an Altair (Vega-Lite) spec per indicator, rendered to SVG at build time.

``indicator_spec`` is pure (model in, dict out) and testable; ``spec_to_svg`` runs vl-convert and
adds ``<title>``/``<desc>`` so the SVG is an accessible image that works without JavaScript.
Actuals, forecasts and targets differ by line style and marker shape as well as colour.
The rows carry codes (value type, gender, measure) that the spec filters and styles on; the words
readers see come from the catalogue in the chart's language, which the spec keeps in ``usermeta``
so that ``spec_to_svg`` writes the axis numbers the same way.
"""

from __future__ import annotations

import html
import re

import altair as alt

from generator.analysis.format import observation_label
from generator.i18n.texts import label, t
from generator.model.plan import Indicator

SERIES = ("utfall", "prognos", "mal", "budget", "plan")  # value types in the order they are drawn and named
COLOURS = ("#1f5f99", "#7a4d00", "#2d6a2d")  # all ≥ 4.5:1 against white
#: How a value type is drawn: colour, marker, line dash, filled marker. Targets are large open squares,
#: so that an actual or forecast on the target stays visible inside.
VALUE_TYPE_STYLES = {
    "utfall": ("#1f5f99", "circle", [1, 0], True),
    "prognos": ("#7a4d00", "triangle-up", [6, 4], True),
    "mal": ("#2d6a2d", "square", [2, 3], False),
    "budget": ("#595959", "cross", [8, 2], True),
    "plan": ("#595959", "triangle-right", [3, 2], True),
}
#: Women and men are told apart from the total and from each other by marker and line style (and colour).
GENDER_STYLES = {"K": ("#9c2f6b", "diamond", [9, 3, 2, 3]), "M": ("#00695c", "triangle-down", [4, 3])}
RANGE_FILL = "#cfe3cf"  # a target range is a light band with the target colour as its edge
#: vl-convert's number locale per language (the axis ticks)
FORMAT_LOCALES = {"sv": "sv-SE", "en": "en-US"}
FONT = 13  # px in the drawing; a chart is at most ~390 px wide, so text stays ≥ 12 px on a phone
ZOOM = 1.3  # how much larger than drawn a chart may be shown on a wide screen


def chart_rows(indicator: Indicator, lang: str) -> list[dict]:
    """The points (and target ranges) to draw: every numeric value, for every gender the plan gives.

    The spec filters and styles on the codes (``value_type``, ``gender``, ``range``); ``series``
    and ``label`` are what readers see, in ``lang``. Where the plan splits a value by gender, each
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
            "value_type": obs.value_type,
            "gender": obs.gender,
            "series": series,
            "label": observation_label(obs, lang=lang),  # the unit is the axis title
        })
    return rows


def worth_drawing(rows: list[dict]) -> bool:
    """A chart shows how values change or compare: at least two points or one range. A single value
    (one year, no genders, as most of Växjö's key figures) is said by the sentence and the table."""
    return len(rows) >= 2 or any(r["range"] for r in rows)


def _one_line(text: str) -> str:
    """A title for an axis or a chart: line breaks in the data (a cell may hold them) would break
    the engine's expressions, and a chart title is one line anyway."""
    return " ".join(text.split())


def wrap(text: str, width: int = 40) -> list[str]:
    """A title as lines of at most ``width`` characters (Vega draws a list as lines), never cut."""
    lines: list[str] = []
    for word in _one_line(text).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def series_style(row: dict) -> tuple[str, str, list[int], str, int]:
    """Colour, marker, dash, fill and marker size of a row's series."""
    colour, shape, dash, filled = VALUE_TYPE_STYLES.get(row["value_type"], ("#595959", "cross", [1, 0], True))
    if row["gender"] in GENDER_STYLES:
        colour, shape, gender_dash = GENDER_STYLES[row["gender"]]
        dash = gender_dash if row["value_type"] == "utfall" else dash
    if row["range"]:
        return colour, "square", [1, 0], RANGE_FILL, 80
    return colour, shape, dash, colour if filled else "transparent", 80 if filled else 200


def _series(rows: list[dict]) -> list[dict]:
    """One entry per series in legend order: value type, then total, women, men; ranges last."""
    keys: dict[str, tuple] = {}
    for r in rows:
        vt = SERIES.index(r["value_type"]) if r["value_type"] in SERIES else len(SERIES)
        keys.setdefault(r["series"], (r["range"], vt, "TKM".index(r["gender"]), r))
    ordered = sorted(keys.items(), key=lambda item: item[1][:3])
    return [dict(zip(("name", "colour", "shape", "dash", "fill", "size", "range"), (name, *series_style(key[3]), key[0])))
            for name, key in ordered]


def _scales(series: list[dict]) -> dict[str, alt.Scale]:
    names = [s["name"] for s in series]
    return {channel: alt.Scale(domain=names, range=[s[field] for s in series])
            for channel, field in (("stroke", "colour"), ("fill", "fill"), ("shape", "shape"), ("dash", "dash"),
                                   ("size", "size"))}


def _legend(series: list[dict], scales: dict, width: int) -> alt.LayerChart:
    """The key, drawn with the chart's own marks: a stretch of each series' line with its marker
    (filled or open, as in the chart), a band for a range, and the series' name."""
    rows = [{"series": s["name"], "x": x, "part": part, "range": s["range"]}
            for s in series for x, part in ((4, "line"), (40, "line"), (22, "mark"), (50, "text"))]
    base = alt.Chart(alt.Data(values=rows))
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, width], range=[0, width]), axis=None)
    y = alt.Y("series:N", scale=alt.Scale(domain=[s["name"] for s in series], padding=0.2), axis=None)
    stroke = alt.Stroke("series:N", scale=scales["stroke"], legend=None)
    lines = base.mark_line(strokeWidth=2).encode(
        x=x, y=y, detail="series:N", stroke=stroke, strokeDash=alt.StrokeDash("series:N", scale=scales["dash"], legend=None),
    ).transform_filter("datum.part == 'line' && !datum.range")
    marks = base.mark_point(strokeWidth=2, opacity=1).encode(
        x=x, y=y, stroke=stroke, fill=alt.Fill("series:N", scale=scales["fill"], legend=None),
        shape=alt.Shape("series:N", scale=scales["shape"], legend=None),
        size=alt.Size("series:N", scale=scales["size"], legend=None),
    ).transform_filter("datum.part == 'mark' && !datum.range")
    bands = base.mark_rect(fill=RANGE_FILL, strokeWidth=1.5, height=14).encode(
        x=alt.X("x:Q", scale=alt.Scale(domain=[0, width], range=[0, width]), axis=None), x2=alt.value(34), y=y, stroke=stroke,
    ).transform_filter("datum.part == 'mark' && datum.range")
    names = base.mark_text(align="left", fontSize=FONT, color="#1b1b1b").encode(
        x=x, y=y, text="series:N").transform_filter("datum.part == 'text'")
    return alt.layer(lines, marks, bands, names).properties(width=width, height=22 * len(series))


def indicator_spec(indicator: Indicator, years: list[int] | None = None, *, lang: str) -> dict | None:
    """A Vega-Lite spec for the indicator, or None when there is nothing to compare (``worth_drawing``).

    Years run along the x axis; where the plan splits by gender, women, the total and men stand side
    by side within each year. Lines join a series across years; a target range is a band.
    """
    rows = chart_rows(indicator, lang)
    if not worth_drawing(rows):
        return None
    present = sorted({int(r["year"]) for r in rows})
    all_years = [str(y) for y in (years or range(present[0], present[-1] + 1))]
    series = _series(rows)
    scales = _scales(series)
    genders = [g for g in "KTM" if any(r["gender"] == g for r in rows)]
    width = 290
    data = alt.Data(values=rows)
    x = alt.X("year:O", title=t("chart.year", lang), scale=alt.Scale(domain=all_years, paddingInner=0.2),
              axis=alt.Axis(labelAngle=0))
    offset = {"xOffset": alt.XOffset("gender:N", scale=alt.Scale(domain=genders))} if len(genders) > 1 else {}
    whole = all(float(r["value"]).is_integer() and (r["upper"] is None or float(r["upper"]).is_integer()) for r in rows)
    top = max(max(r["value"], r["upper"] or r["value"]) for r in rows)
    room = {"domainMax": top * 1.08} if top > 0 else {}  # a marker on the highest value is not cut by the frame
    y = alt.Y("value:Q", title=_one_line(indicator.unit) or t("chart.value", lang), scale=alt.Scale(zero=True, **room),
              axis=alt.Axis(format=",~r", tickCount=5, **({"tickMinStep": 1} if whole else {})))
    base = alt.Chart(data)
    stroke = alt.Stroke("series:N", scale=scales["stroke"], legend=None)
    tooltip = [alt.Tooltip("series:N", title=t("chart.series", lang)), alt.Tooltip("year:O", title=t("chart.year", lang)),
               alt.Tooltip("label:N", title=t("chart.value", lang))]
    bands = base.mark_bar(fill=RANGE_FILL, strokeWidth=1.5, width={"band": 0.5}).encode(
        x=x, y=y, y2="upper:Q", stroke=stroke, tooltip=tooltip).transform_filter("datum.range")
    lines = base.mark_line(strokeWidth=2).encode(
        x=x, y=y, stroke=stroke, strokeDash=alt.StrokeDash("series:N", scale=scales["dash"], legend=None), **offset,
    ).transform_filter("!datum.range")  # targets too are joined (dotted)
    points = base.mark_point(strokeWidth=2, opacity=1).encode(
        x=x, y=y, stroke=stroke, fill=alt.Fill("series:N", scale=scales["fill"], legend=None),
        shape=alt.Shape("series:N", scale=scales["shape"], legend=None),
        size=alt.Size("series:N", scale=scales["size"], legend=None), tooltip=tooltip, **offset,
    ).transform_filter("!datum.range")
    # targets are labelled above their marker (a range above its band), the rest below: they never overlap
    labels = alt.layer(
        base.mark_text(dy=-13, fontSize=FONT, color="#1b1b1b").encode(x=x, y=y, text="label:N", **offset)
        .transform_filter("datum.value_type == 'mal' && !datum.range"),
        base.mark_text(dy=16, fontSize=FONT, color="#1b1b1b").encode(x=x, y=y, text="label:N", **offset)
        .transform_filter("datum.value_type != 'mal' && !datum.range"),
        base.mark_text(dy=-9, fontSize=FONT, color="#1b1b1b").encode(x=x, y="upper:Q", text="label:N")
        .transform_filter("datum.range"),
    )
    plot = alt.layer(bands, lines, points, labels).properties(width=width, height=240)
    chart = alt.vconcat(plot, _legend(series, scales, width), spacing=10).properties(
        title=alt.Title(text=wrap(indicator.name, 44), anchor="start", fontSize=14),
    ).configure_view(stroke=None).configure_axis(labelFontSize=FONT, titleFontSize=FONT)
    spec = chart.to_dict()
    spec["usermeta"] = {"lang": lang}  # the number locale for spec_to_svg
    return spec


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def spec_to_svg(spec: dict, title: str, description: str, element_id: str) -> str:
    """Render a spec to SVG and make it an accessible image with a title and a description."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(vl_spec=spec, format_locale=FORMAT_LOCALES[spec["usermeta"]["lang"]])
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    match = _SVG_OPEN.search(svg)
    if not match:  # pragma: no cover - vl-convert always returns an svg element
        raise ValueError("vl-convert returned no <svg> element")
    tag = match.group(0)
    natural = re.search(r'\swidth="([0-9.]+)"', tag)
    tag = re.sub(r"\s(width|height)=\"[^\"]*\"", "", tag).replace('class="marks"', 'class="marks plansite-chart"')
    # drawn at most a third larger than made (CSS shrinks it to a narrower screen): text ~13–17 px
    width = f' width="{round(float(natural.group(1)) * ZOOM)}"' if natural else ""
    new_tag = tag[:-1] + width + (
        f' role="img" aria-labelledby="{element_id}-title {element_id}-desc"'
        f' preserveAspectRatio="xMinYMin meet">'
        f'<title id="{element_id}-title">{html.escape(title)}</title>'
        f'<desc id="{element_id}-desc">{html.escape(description)}</desc>'
    )
    # the whole chart is one image with a title and a description: its parts carry no roles of their own
    rest = re.sub(r'\s(role|aria-roledescription|aria-label|aria-hidden)="[^"]*"', "", svg[match.end():])
    svg = svg[: match.start()] + new_tag + rest
    return "".join(line for line in svg.splitlines() if line.strip())
