"""The charts as drawn: SVG made from the model by render.svg, render.charts and render.budget_chart.

Parsed with xml.etree: what a reader's browser gets (title and description, one marker per value,
bands for ranges, the values as the page prints them, a key with the chart's own marks) and what
keeps the drawing safe to inline twice on a page (no ids but its own, nothing fetched from elsewhere).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from generator.model.plan import (
    BudgetLine,
    BudgetTable,
    BudgetValue,
    Indicator,
    Observation,
)
from generator.render import budget_chart, charts, svg

NS = "{http://www.w3.org/2000/svg}"


def _obs(period: int, value_type: str, value: str, gender: str = "T", value_max: str | None = None, **kw) -> Observation:
    return Observation(indicator_id="i", period=period, value_type=value_type, gender=gender, value=Decimal(value),
                       value_max=Decimal(value_max) if value_max else None, **kw)


def _indicator(*observations: Observation, unit: str = "procent", name: str = "Andel") -> Indicator:
    return Indicator(indicator_id="i", goal_id="", name=name, unit=unit, kind="key_figure", order=1,
                     observations=observations)


def _draw(chart, element_id: str = "diagram-i") -> ET.Element:
    return ET.fromstring(charts.to_svg(chart, "Titel <&>", "Beskrivning", element_id))


def _parts(root: ET.Element, cls: str, series: str | None = None) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") == f"chart-{cls}"
            and (series is None or el.get("data-series") == series)]


def _texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{NS}text")]


MIXED = _indicator(_obs(2021, "utfall", "37"), _obs(2022, "utfall", "35.5"), _obs(2023, "prognos", "33"),
                   _obs(2024, "mal", "27", comparator="<="), _obs(2025, "mal", "22"), _obs(2025, "mal", "20", value_max="30"))


def test_the_drawing_is_one_accessible_image():
    raw = charts.to_svg(charts.indicator_chart(MIXED, lang="sv"), "Titel <&>", "Beskrivning", "diagram-x")
    root = ET.fromstring(raw)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "diagram-x-title diagram-x-desc"
    assert root.get("class") == "marks plansite-chart" and root.get("preserveAspectRatio") == "xMinYMin meet"
    assert root.find(f"{NS}title").get("id") == "diagram-x-title" and root.find(f"{NS}title").text == "Titel <&>"
    assert root.find(f"{NS}desc").get("id") == "diagram-x-desc"
    # drawn a third larger than made; the view box is the drawing, whole pixels
    width, height = (float(n) for n in root.get("viewBox").split()[2:])
    assert int(root.get("width")) == round(width * charts.ZOOM) and width.is_integer() and height.is_integer()
    assert width <= charts.MAX_WIDTH + 1
    # the only ids are the title's and the description's (two charts on a page never share one);
    # nothing is fetched from elsewhere and nothing is a number that is not one
    assert re.findall(r'\sid="([^"]*)"', raw) == ["diagram-x-title", "diagram-x-desc"]
    assert not re.search(r"href|url\(|<image|<script|<foreignObject|\son\w+=", raw)
    assert "nan" not in raw.lower() and "inf" not in re.sub(r"<title.*</desc>", "", raw).lower()


def test_every_value_has_its_marker_line_and_label_as_the_page_prints_it():
    root = _draw(charts.indicator_chart(MIXED, lang="sv"))
    assert [len(_parts(root, "point", s)) for s in ("Utfall", "Prognos", "Mål")] == [2, 1, 2]
    assert len(_parts(root, "line", "Utfall")) == 1 and len(_parts(root, "line", "Mål")) == 1
    assert not _parts(root, "line", "Prognos")  # one forecast: nothing to join
    assert len(_parts(root, "band", "Mål, intervall")) == 1
    values = sorted(el.text for el in _parts(root, "value"))
    assert values == sorted(["37", "35,5", "33", "≤ 27", "22", "20–30"])
    # the key: each series once, in the order utfall, prognos, mål, ranges last
    assert [k.get("data-series") for k in _parts(root, "key")] == ["Utfall", "Prognos", "Mål", "Mål, intervall"]
    # the year axis has every year, with or without a value; the axis titles are the unit and "År"
    texts = _texts(root)
    assert [t for t in texts if re.fullmatch(r"20\d\d", t)] == ["2021", "2022", "2023", "2024", "2025"]
    assert "procent" in texts and "År" in texts
    assert all(float(el.get("font-size")) >= 13 for el in root.iter(f"{NS}text"))


def test_a_target_is_labelled_above_and_an_actual_below_its_marker():
    root = _draw(charts.indicator_chart(MIXED, lang="sv"))

    def marker_y(point):  # the middle of the marker's outline (a square's: its corner and half its side)
        d = point.get("d")
        ys = [float(y) for y in re.findall(r"(?<![A\d.])-?[\d.]+,(-?[\d.]+)", d)]
        side = re.search(r"v([\d.]+)", d)
        return ys[0] + float(side.group(1)) / 2 if side else (min(ys) + max(ys)) / 2
    for series, above in (("Mål", True), ("Utfall", False), ("Prognos", False)):
        for point, value in zip(_parts(root, "point", series), _parts(root, "value", series), strict=True):
            assert (float(value.get("y")) < marker_y(point)) == above, series


def test_a_value_at_zero_is_labelled_above_not_on_the_years():
    root = _draw(charts.indicator_chart(_indicator(_obs(2021, "utfall", "1"), _obs(2022, "utfall", "0"), unit="antal"),
                                        lang="sv"))
    zero = next(el for el in _parts(root, "value") if el.text == "0")
    year = next(el for el in root.iter(f"{NS}text") if el.text == "2022")
    assert float(zero.get("y")) < float(year.get("y")) - 13


@pytest.mark.parametrize(("lang", "ticks", "label"), [("sv", ["0", "500", "1\u00a0000", "1\u00a0500"], "1\u00a0234,5"),
                                                      ("en", ["0", "500", "1,000", "1,500"], "1,234.5")])
def test_numbers_are_written_in_the_charts_language(lang, ticks, label):
    ind = _indicator(_obs(2022, "utfall", "1234.5"), _obs(2023, "utfall", "1400"), unit="antal")
    texts = _texts(_draw(charts.indicator_chart(ind, lang=lang)))
    assert [t for t in texts if t in ticks] == ticks and label in texts
    assert ("År" in texts) == (lang == "sv") and ("Year" in texts) == (lang == "en")


def test_women_total_and_men_stand_side_by_side_and_genders_have_their_own_marks():
    ind = _indicator(*(_obs(2022, "utfall", v, g) for g, v in (("T", "79"), ("K", "78"), ("M", "80"))))
    chart = charts.indicator_chart(ind, lang="sv")
    root = _draw(chart)
    shapes = {p.get("data-series"): p.get("d") for p in _parts(root, "point")}
    assert len(shapes) == 3 and len({re.sub(r"[\d.\-]+", "", d) for d in shapes.values()}) == 3  # three marker shapes
    assert [k.get("data-series") for k in _parts(root, "key")] == ["Utfall, totalt", "Utfall, kvinnor/flickor",
                                                                  "Utfall, män/pojkar"]


def test_a_long_title_wraps_and_a_name_is_escaped():
    name = "Ej återaktualiserade barn 0-12 år ett år efter avslutad utredning eller insats, andel (%) <b>&"
    root = _draw(charts.indicator_chart(_indicator(_obs(2022, "utfall", "1"), _obs(2023, "utfall", "2"), name=name),
                                        lang="sv"))
    bold = [el.text for el in root.iter(f"{NS}text") if el.get("font-weight") == "bold" and el.get("font-size") == "14"]
    assert len(bold) > 1 and " ".join(bold) == name  # never cut
    width = float(root.get("viewBox").split()[2])
    assert all(svg.text_width(line, 14, bold=True) <= width - 2 * charts.PAD for line in bold)


def test_nice_ticks_and_domains_follow_the_engine_we_replaced():
    assert svg.nice_domain(0, 39.96) == (0, 40) and svg.nice_domain(0, 21.6) == (0, 22)
    assert svg.ticks(0, 3.5, 5, whole=True) == [0, 1, 2, 3]
    assert svg.ticks(0, 3.5, 5) == [Decimal(n) for n in ("0", "0.5", "1", "1.5", "2", "2.5", "3", "3.5")]
    assert [svg.tick_label(v, "sv") for v in svg.ticks(-555935, 0, 3)] == ["−400\u00a0000", "−200\u00a0000", "0"]
    assert svg.thin([0, 10, 20, 30], [30, 30, 30, 30]) == [True, False, False, False]
    assert svg.thin([0, 50, 100], [30, 30, 30]) == [True, True, True]


def _table(*lines: BudgetLine) -> BudgetTable:
    return BudgetTable(table_id="drift", budget_type="drift", title="Driftbudget", unit="mnkr", order=1, lines=lines)


def _line(line_id: str, name: str, amounts, parent: str = "", total: bool = False, columns=("Budget 2023", "Budget 2024")):
    values = tuple(BudgetValue(line_id=line_id, column=c, period=int(c[-4:]), value_type="budget", measure="netto",
                               amount=Decimal(a)) for c, a in zip(columns, amounts))
    return BudgetLine(line_id=line_id, table_id="drift", name=name, is_total=total, order=1, parent_id=parent,
                      values=values)


def test_a_budget_chart_draws_a_bar_per_column_with_its_amount_as_printed():
    table = _table(_line("t", "Summa", ("-1234.5", "-1300"), total=True))
    root = _draw(budget_chart.bar_chart(table, lang="sv"))
    bars = _parts(root, "bar")
    assert len(bars) == 2 and [el.text for el in _parts(root, "value")] == ["−1\u00a0234,5", "−1\u00a0300"]
    assert {"Budget 2023", "Budget 2024", "miljoner kronor", "Summa"} <= set(_texts(root))
    # a negative bar ends at zero on the right; its amount stands left of its other end
    right = {round(float(b.get("x")) + float(b.get("width")), 1) for b in bars}
    assert len(right) == 1
    for bar, value in zip(bars, _parts(root, "value")):
        assert value.get("text-anchor") == "end" and float(value.get("x")) < float(bar.get("x"))


def test_a_budget_chart_has_a_panel_per_line_and_none_for_a_single_bar():
    table = _table(_line("a", "Summa intäkter", ("4", "5"), total=True), _line("b", "Summa kostnader", ("6", "7"), total=True))
    chart = budget_chart.bar_chart(table, lang="en")
    root = _draw(chart)
    assert [el.text for el in _parts(root, "panel")] == ["Summa intäkter", "Summa kostnader"]
    assert len(_parts(root, "bar")) == 4 and "million kronor" in _texts(root)
    one = _table(_line("t", "Summa", ("10",), total=True, columns=("Budget 2023",)))
    assert budget_chart.bar_chart(one, lang="sv") is None


def test_the_vega_lite_download_is_a_valid_spec_of_the_same_chart():
    """The spec beside the SVG (urls.indicator_vegalite) for interactive tools: valid against the
    Vega-Lite schema that Altair bundles (Altair is a test dependency only), values inline."""
    import json

    import altair as alt
    import jsonschema

    from generator.render import chart_spec

    gendered = _indicator(*(_obs(y, "utfall", v, g) for y in (2022, 2023) for g, v in (("T", "79"), ("K", "78"), ("M", "80"))))
    for ind, lang in ((MIXED, "sv"), (gendered, "en")):
        chart = charts.indicator_chart(ind, lang=lang)
        text = chart_spec.spec_json(chart_spec.indicator_vegalite(chart, title="Andel <&>", description="Beskrivning"))
        spec = json.loads(text)
        jsonschema.Draft7Validator(alt.vegalite.v6.schema.load_schema()).validate(spec)
        alt.LayerChart.from_dict(spec)  # and Altair reads it back
        assert spec["title"]["text"] == ["Andel <&>"] and spec["usermeta"] == {"lang": lang}
        assert len(spec["data"]["values"]) == len(chart.rows)
        points = spec["layer"][2]["encoding"]
        assert points["stroke"]["scale"]["domain"] == [s.name for s in chart.series]
        assert points["fill"]["scale"]["range"] == [s.fill for s in chart.series]
        assert ("xOffset" in points) == (ind is gendered)
    decimal, group = spec["config"]["locale"]["number"]["decimal"], spec["config"]["locale"]["number"]["thousands"]
    assert (decimal, group) == (".", ",")  # the English chart's numbers
