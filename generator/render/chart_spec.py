"""An indicator's chart as a Vega-Lite spec (a plain dict, no chart library at build time).

The site draws its charts itself (``charts.to_svg``); this spec is a download beside the SVG, for
readers who want the chart in an interactive tool (the Vega editor, a notebook): the same rows,
series, colours, markers, dashes, bands and labels, with tooltips, and numbers in the chart's
language (``config.locale``). The values are inline, so the file stands alone.
"""

from __future__ import annotations

import json

from generator.i18n.numbers import symbols
from generator.i18n.texts import t
from generator.render.charts import PLOT_HEIGHT, RANGE_FILL, IndicatorChart, wrap
from generator.render.svg import FONT, TITLE_FONT

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def _locale(lang: str) -> dict:
    decimal, group, minus = symbols(lang)
    return {"number": {"decimal": decimal, "thousands": group, "grouping": [3], "currency": ["", ""], "minus": minus}}


def indicator_vegalite(chart: IndicatorChart, *, title: str = "", description: str = "") -> dict:
    """The chart as a Vega-Lite spec: a layer of bands (ranges), lines, points and labels over the
    years, women, the total and men side by side within a year (``xOffset``), one key for all."""
    lang = chart.lang
    names = [s.name for s in chart.series]

    def scale(field: str) -> dict:
        values = [getattr(s, field) for s in chart.series]
        return {"domain": names, "range": [list(v) if isinstance(v, tuple) else v for v in values]}

    key = {"field": "series", "type": "nominal", "title": t("chart.series", lang)}
    x = {"field": "year", "type": "ordinal", "title": chart.x_title, "axis": {"labelAngle": 0},
         "scale": {"domain": [str(y) for y in chart.years], "paddingInner": 0.2}}
    whole = all(r["value"].is_integer() and (r["upper"] is None or r["upper"].is_integer()) for r in chart.rows)
    top = max(max(r["value"], r["upper"] or r["value"]) for r in chart.rows)
    y = {"field": "value", "type": "quantitative", "title": chart.y_title,
         "scale": {"zero": True, **({"domainMax": top * 1.08} if top > 0 else {})},
         "axis": {"format": ",~r", "tickCount": 5, **({"tickMinStep": 1} if whole else {})}}
    offset = {"xOffset": {"field": "gender", "type": "nominal", "scale": {"domain": list(chart.genders)}}} \
        if len(chart.genders) > 1 else {}
    tooltip = [{"field": "series", "type": "nominal", "title": t("chart.series", lang)},
               {"field": "year", "type": "ordinal", "title": chart.x_title},
               {"field": "label", "type": "nominal", "title": t("chart.value", lang)}]
    stroke = {**key, "scale": scale("colour")}
    points = {"mark": {"type": "point", "strokeWidth": 2, "opacity": 1},
              "encoding": {"x": x, "y": y, "stroke": stroke, "fill": {**key, "scale": scale("fill")},
                           "shape": {**key, "scale": scale("shape")}, "size": {**key, "scale": scale("size")},
                           "tooltip": tooltip, **offset},
              "transform": [{"filter": "!datum.range"}]}
    lines = {"mark": {"type": "line", "strokeWidth": 2},
             "encoding": {"x": x, "y": y, "stroke": stroke, "strokeDash": {**key, "scale": scale("dash")}, **offset},
             "transform": [{"filter": "!datum.range"}]}
    bands = {"mark": {"type": "bar", "fill": RANGE_FILL, "strokeWidth": 1.5, "width": {"band": 0.5}},
             "encoding": {"x": x, "y": y, "y2": {"field": "upper"}, "stroke": stroke, "tooltip": tooltip},
             "transform": [{"filter": "datum.range"}]}

    def text_layer(test: str, dy: int, field: str = "value", with_offset: bool = True) -> dict:
        at = {"x": x, "y": {**y, "field": field}, "text": {"field": "label", "type": "nominal"}}
        return {"mark": {"type": "text", "dy": dy, "fontSize": FONT, "color": "#1b1b1b"},
                "encoding": {**at, **(offset if with_offset else {})}, "transform": [{"filter": test}]}
    return {
        "$schema": SCHEMA,
        "title": {"text": wrap(title or chart.name, 44), "anchor": "start", "fontSize": TITLE_FONT},
        "description": description or chart.name,
        "data": {"values": [dict(r) for r in chart.rows]},
        "width": 290, "height": PLOT_HEIGHT,
        "layer": [bands, lines, points,  # targets are labelled above their marker, the rest below
                  text_layer("datum.value_type == 'mal' && !datum.range", -13),
                  text_layer("datum.value_type != 'mal' && !datum.range", 16),
                  text_layer("datum.range", -9, "upper", with_offset=False)],
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": FONT, "titleFontSize": FONT},
                   "legend": {"labelFontSize": FONT, "titleFontSize": FONT, "orient": "bottom", "direction": "vertical"},
                   "locale": _locale(lang)},
        "usermeta": {"lang": lang},
    }


def spec_json(spec: dict) -> str:
    """The spec as the file's text: UTF-8 JSON, keys in the order built, one trailing newline; compact
    (no indentation: a spec is read by tools such as the Vega editor, and indented it was twice the
    size, about 90 MB over 290 plans in two languages)."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":")) + "\n"
