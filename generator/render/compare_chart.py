"""The chart on a comparison page: one series per plan (and value type) over the years.

Pure: a shared measure in, a ``charts.IndicatorChart`` out, drawn by ``charts.draw_indicator`` and
``charts.to_svg`` like an indicator's chart. Plans are told apart by colour, marker shape and line
dash; value types by the indicator chart's dashes and fills (targets open markers). Only the
plans' own printed totals are drawn, without value labels (several plans' labels would collide):
the values are in the chart's description and in the table beside it. Ranges and values by
gender stay in the table; the caption says so when a plan gives them.
"""

from __future__ import annotations

from generator.analysis.format import observation_label
from generator.analysis.shared import SharedMeasure
from generator.i18n.texts import label, t
from generator.model.plan import Plan
from generator.render.charts import (
    SERIES,
    VALUE_TYPE_STYLES,
    IndicatorChart,
    Series,
    one_line,
)

#: One style per plan: colour (≥ 4.5:1 against white), marker shape and the line dash of its actuals.
#: A comparison of more plans than there are styles is shown as a table only.
PLAN_STYLES = (
    ("#1f5f99", "circle", (1, 0)),
    ("#9c2f6b", "square", (10, 3)),
    ("#00695c", "triangle-up", (12, 3, 2, 3)),
    ("#7a4d00", "diamond", (1, 0)),
    ("#5b3f8f", "triangle-down", (10, 3)),
    ("#595959", "cross", (12, 3, 2, 3)),
)


def plan_name(plan: Plan, measure: SharedMeasure) -> str:
    """The plan as the key names it: the municipality, with the board where a municipality has several plans."""
    municipalities = [p.meta.municipality for p, _ in measure.members]
    if municipalities.count(plan.meta.municipality) > 1:
        return f"{plan.meta.municipality}, {plan.meta.board}"
    return plan.meta.municipality


def _charted(measure: SharedMeasure) -> list[tuple[Plan, object]]:
    """The members with a value the chart draws (a plan with only a text target or a range has none)."""
    return [(plan, ind) for plan, ind in measure.members if any(_drawn(o) for o in ind.observations)]


def drawable(measure: SharedMeasure) -> str:
    """Why the measure has no chart ("units", "plans"), or "" when it can have one. Only the units
    of the plans whose values it draws must agree."""
    if len({i.unit for _, i in _charted(measure)}) > 1:
        return "units"
    if len({p.plan_id for p, _ in measure.members}) > len(PLAN_STYLES):
        return "plans"
    return ""


def _drawn(obs) -> bool:
    return obs.value is not None and obs.gender == "T" and obs.value_max is None


def left_out(measure: SharedMeasure) -> bool:
    """Whether a plan gives values the chart does not draw (ranges, values by gender)."""
    return any(o.value is not None and not _drawn(o) for _, i in measure.members for o in i.observations)


def compare_chart(measure: SharedMeasure, title: str, *, lang: str) -> IndicatorChart | None:
    """The chart, or None where ``drawable`` says no or fewer than two values would be drawn."""
    if drawable(measure):
        return None
    styles = {pid: PLAN_STYLES[n] for n, pid in enumerate(dict.fromkeys(p.plan_id for p, _ in measure.members))}
    rows, series = [], {}
    for plan, ind in measure.members:
        colour, shape, plan_dash = styles[plan.plan_id]
        for obs in sorted((o for o in ind.observations if _drawn(o)), key=lambda o: o.period):
            name = t("compare.chart.series", lang, plan=plan_name(plan, measure),
                     value_type=label("value_type", obs.value_type, lang))
            _, _, dash, filled = VALUE_TYPE_STYLES.get(obs.value_type, ("", "", (1, 0), True))
            order = (list(styles).index(plan.plan_id), SERIES.index(obs.value_type) if obs.value_type in SERIES else 9)
            series.setdefault(name, (order, Series(name, colour, shape, plan_dash if obs.value_type == "utfall" else dash,
                                                    colour if filled else "transparent", 80 if filled else 160, False)))
            rows.append({"year": str(obs.period), "value": float(obs.value), "upper": None, "range": False,
                         "value_type": str(obs.value_type), "gender": "T", "series": name, "label": ""})
    if len(rows) < 2:
        return None
    years = sorted({int(r["year"]) for r in rows})
    unit = _charted(measure)[0][1].unit
    return IndicatorChart(name=one_line(title), y_title=one_line(unit) or t("chart.value", lang),
                          x_title=t("chart.year", lang), years=tuple(range(years[0], years[-1] + 1)), genders=("T",),
                          rows=tuple(rows), series=tuple(s for _, s in sorted(series.values(), key=lambda v: v[0])),
                          lang=lang)


def chart_description(measure: SharedMeasure, title: str, lang: str) -> str:
    """The chart's values in words, plan by plan: "Testby, actual 2022: 13, 2023: 11; target 2025: ≤ 2"."""
    parts = []
    for plan, ind in measure.members:
        by_type: dict[str, list[str]] = {}
        for obs in sorted((o for o in ind.observations if _drawn(o)), key=lambda o: o.period):
            by_type.setdefault(obs.value_type, []).append(
                t("compare.chart.point", lang, year=obs.period, value=observation_label(obs, ind.unit, lang)))
        if by_type:
            values = "; ".join(f"{label('value_type', vt, lang).lower()} {', '.join(points)}" for vt, points in by_type.items())
            parts.append(t("compare.chart.plan_values", lang, plan=plan_name(plan, measure), values=values))
    return t("compare.chart.description", lang, title=title, plans=". ".join(parts))


def chart_caption(measure: SharedMeasure, lang: str) -> str:
    return t("compare.chart.caption", lang) + (" " + t("compare.chart.left_out", lang) if left_out(measure) else "")
