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

from generator.analysis.format import format_number, observation_label
from generator.i18n.texts import label, t
from generator.model.plan import Indicator

SERIES = ("utfall", "prognos", "mal")  # value types with a style of their own; others are grey diamonds
COLOURS = ("#1f5f99", "#7a4d00", "#2d6a2d")  # all ≥ 4.5:1 against white
SHAPES = ("circle", "triangle-up", "square")
DASHES = ([1, 0], [6, 4], [2, 3])
#: vl-convert's number locale per language (the axis ticks)
FORMAT_LOCALES = {"sv": "sv-SE", "en": "en-US"}


def chart_rows(indicator: Indicator, lang: str) -> list[dict]:
    """The points to draw: numeric values of the total (or, without totals, every gender).

    The spec filters and styles on the codes (``value_type``, ``gender``); ``series`` and
    ``label`` are what readers see, in ``lang``.
    """
    genders = {o.gender for o in indicator.observations if o.value is not None}
    show = {"T"} if "T" in genders else genders
    rows = []
    for obs in indicator.observations:
        if obs.value is None or obs.gender not in show:
            continue
        series = label("value_type", obs.value_type, lang)
        if len(show) > 1:
            series = t("chart.series_gender", lang, series=series, gender=label("gender", obs.gender, lang).lower())
        rows.append({
            "year": str(obs.period),
            "value": float(obs.value),  # floats only here, for drawing
            "upper": float(obs.value_max) if obs.value_max is not None else None,
            "value_type": obs.value_type,
            "gender": obs.gender,
            "series": series,
            "label": observation_label(obs, lang=lang),  # the unit is the axis title
        })
    return rows


def _one_line(text: str) -> str:
    """A title for an axis or a chart: line breaks in the data (a cell may hold them) would break
    the engine's expressions, and a chart title is one line anyway."""
    return " ".join(text.split())


def _style(value_type: str) -> int | None:
    return SERIES.index(value_type) if value_type in SERIES else None


def indicator_spec(indicator: Indicator, years: list[int] | None = None, *, lang: str) -> dict | None:
    """A Vega-Lite spec for the indicator, or None when it has no numeric values."""
    rows = chart_rows(indicator, lang)
    if not rows:
        return None
    present = sorted({int(r["year"]) for r in rows})
    all_years = [str(y) for y in (years or range(present[0], present[-1] + 1))]
    # one series per value type (and gender): actual, forecast, target, then the rest
    names = {(r["value_type"], r["gender"]): r["series"] for r in rows}
    keys = sorted(names, key=lambda k: (9 if _style(k[0]) is None else _style(k[0]), k[0], "TKM".index(k[1])))
    order = [names[k] for k in keys]
    styles = [_style(vt) for vt, _ in keys]
    colour = alt.Scale(domain=order, range=["#444" if i is None else COLOURS[i] for i in styles])
    shape = alt.Scale(domain=order, range=["diamond" if i is None else SHAPES[i] for i in styles])
    dash = alt.Scale(domain=order, range=[[1, 0] if i is None else DASHES[i] for i in styles])
    data = alt.Data(values=rows)
    x = alt.X("year:O", title=t("chart.year", lang), scale=alt.Scale(domain=all_years), axis=alt.Axis(labelAngle=0))
    whole = all(float(r["value"]).is_integer() and (r["upper"] is None or float(r["upper"]).is_integer()) for r in rows)
    y = alt.Y("value:Q", title=_one_line(indicator.unit) or t("chart.value", lang), scale=alt.Scale(zero=True),
              axis=alt.Axis(format=",~r", tickCount=5, **({"tickMinStep": 1} if whole else {})))
    legend = alt.Legend(title=None, orient="bottom")
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=2).encode(
        x=x, y=y,
        color=alt.Color("series:N", scale=colour, legend=legend),
        strokeDash=alt.StrokeDash("series:N", scale=dash, legend=None),
    ).transform_filter("datum.upper == null")  # targets too are joined (dotted); a range is a band instead
    encoding = dict(
        x=x, y=y,
        color=alt.Color("series:N", scale=colour, legend=legend),
        shape=alt.Shape("series:N", scale=shape, legend=legend),
        tooltip=[alt.Tooltip("series:N", title=t("chart.series", lang)), alt.Tooltip("year:O", title=t("chart.year", lang)),
                 alt.Tooltip("label:N", title=t("chart.value", lang))],
    )
    # targets are large open squares, so an actual or forecast on the target stays visible inside
    points = alt.layer(
        base.mark_point(size=80, filled=True, opacity=1).encode(**encoding)
        .transform_filter("datum.value_type != 'mal'"),
        base.mark_point(size=220, filled=False, strokeWidth=2.5, opacity=1).encode(**encoding)
        .transform_filter("datum.value_type == 'mal'"),
    )
    ranges = base.mark_rule(strokeWidth=10, opacity=0.3, color=COLOURS[2]).encode(
        x=x, y=y, y2="upper:Q",
    ).transform_filter("datum.upper != null")
    # targets are labelled above their marker, actuals and forecasts below, so that they never overlap
    labels = alt.layer(
        base.mark_text(dy=-13, fontSize=13, color="#1b1b1b").encode(x=x, y=y, text="label:N")
        .transform_filter("datum.value_type == 'mal'"),
        base.mark_text(dy=16, fontSize=13, color="#1b1b1b").encode(x=x, y=y, text="label:N")
        .transform_filter("datum.value_type != 'mal'"),
    )
    chart = alt.layer(ranges, lines, points, labels).properties(
        width="container", height=260,
        title=alt.Title(text=_one_line(indicator.name)[:60] + ("…" if len(indicator.name) > 60 else ""), anchor="start",
                        fontSize=14),
    ).configure_view(stroke=None).configure_axis(labelFontSize=13, titleFontSize=13).configure_legend(labelFontSize=13)
    spec = chart.to_dict()
    spec["width"] = 360  # readable on a phone; scales up on wider screens
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
    tag = re.sub(r"\s(width|height)=\"[^\"]*\"", "", tag).replace('class="marks"', 'class="marks plansite-chart"')
    new_tag = tag[:-1] + (
        f' role="img" aria-labelledby="{element_id}-title {element_id}-desc"'
        f' preserveAspectRatio="xMinYMin meet">'
        f'<title id="{element_id}-title">{html.escape(title)}</title>'
        f'<desc id="{element_id}-desc">{html.escape(description)}</desc>'
    )
    # the whole chart is one image with a title and a description: its parts carry no roles of their own
    rest = re.sub(r'\s(role|aria-roledescription|aria-label|aria-hidden)="[^"]*"', "", svg[match.end():])
    svg = svg[: match.start()] + new_tag + rest
    return "".join(line for line in svg.splitlines() if line.strip())


def budget_breakdown(table) -> list:
    """One breakdown of the table: the lines summed into one total (never two breakdowns of a sum).

    Lines of net amounts (activities) come before income/cost lines; then the larger group.
    """
    groups: dict[str, list] = {}
    for line in table.lines:
        if not line.is_total:
            groups.setdefault(line.parent_id, []).append(line)
    if not groups:
        return []
    def rank(item):
        _, lines = item
        netto = all(v.measure == "netto" for l in lines for v in l.values)
        return (netto, len(lines))
    return max(groups.items(), key=rank)[1]


def budget_column(table, plan_year: int | None = None) -> str | None:
    """The column to draw: the plan's first year if the lines print it, else the latest year before it."""
    best: dict[str, tuple] = {}
    for line in budget_breakdown(table):
        for v in line.values:
            if v.amount is not None:
                in_plan = plan_year is None or v.period <= plan_year
                # the plan's own year or the latest before it; net before income/cost; budget before actuals
                best[v.column] = (in_plan, v.period if in_plan else -v.period, v.measure == "netto", v.value_type != "utfall")
    if not best:
        return None
    return max(best, key=lambda c: best[c])


def budget_rows(table, column: str, *, lang: str) -> list[dict]:
    """The bars of one column. The keys are the ones budget.py reads (Rad, Etikett); ``measure``
    is the code the colours follow, ``Mått`` its name in ``lang``."""
    rows = []
    for line in budget_breakdown(table):
        for v in line.values:
            if v.column == column and v.amount is not None:
                name = (line.code + " " if line.code else "") + line.name
                rows.append({"Rad": name[:40], "Belopp": float(v.amount), "Etikett": format_number(v.amount, lang),
                             "measure": v.measure, "Mått": label("measure", v.measure, lang), "År": v.period})
    return rows


def budget_spec(table, plan_year: int | None = None, *, lang: str) -> dict | None:
    """A horizontal bar chart of one breakdown of the table, in the plan's budget year."""
    column = budget_column(table, plan_year)
    if column is None:
        return None
    rows = budget_rows(table, column, lang=lang)
    if len(rows) < 2 or all(r["Belopp"] == 0 for r in rows) or len({r["År"] for r in rows}) > 1:
        return None  # nothing to compare, or a bridge of a level and its changes
    measures = {r["measure"] for r in rows}
    # the measures in the order of their codes, so that each keeps its colour in every language
    names = [name for _, name in sorted({(r["measure"], r["Mått"]) for r in rows})]
    data = alt.Data(values=rows)
    y = alt.Y("Rad:N", sort=None, title=None, axis=alt.Axis(labelLimit=150))
    low = min(0.0, min(r["Belopp"] for r in rows) * 1.3)
    high = max(0.0, max(r["Belopp"] for r in rows) * 1.3)  # room for the value labels
    x = alt.X("Belopp:Q", title=_one_line(f"{column} ({table.unit})"), axis=alt.Axis(format=",~r", tickCount=4),
              scale=alt.Scale(domain=[low, high]))
    base = alt.Chart(data)
    bars = base.mark_bar(color=COLOURS[0]).encode(x=x, y=y)
    if len(measures) > 1:
        bars = base.mark_bar().encode(x=x, y=y, yOffset=alt.YOffset("Mått:N", scale=alt.Scale(domain=names)),
                                      color=alt.Color("Mått:N", scale=alt.Scale(domain=names, range=list(COLOURS)),
                                                      legend=alt.Legend(orient="bottom", title=None)))
    layers = [bars]
    for test, align, dx in (("datum.Belopp >= 0", "left", 3), ("datum.Belopp < 0", "right", -3)):
        text = base.mark_text(align=align, dx=dx, fontSize=12, color="#1b1b1b").encode(
            x=x, y=y, text="Etikett:N").transform_filter(test)
        layers.append(text.encode(yOffset=alt.YOffset("Mått:N", scale=alt.Scale(domain=names))) if len(measures) > 1 else text)
    chart = alt.layer(*layers).properties(
        width=260, height=alt.Step(20 if len(measures) == 1 else 12),
        title=alt.Title(text=_one_line(f"{table.title[:45]} – {column}"), anchor="start", fontSize=14),
    ).configure_view(stroke=None).configure_axis(labelFontSize=12, titleFontSize=12)
    spec = chart.to_dict()
    spec["usermeta"] = {"lang": lang}  # the number locale for spec_to_svg
    return spec
