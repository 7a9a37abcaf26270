"""The budget chart: one Altair (Vega-Lite) spec per budget table, over every column the plan prints.

A panel per drawn line (the table's printed totals, or its lines where they print years the totals
do not), each a bar per column ("Bokslut 2021" … "Prel Budget 2026") with the amount as printed at
its end. Names are wrapped, never cut, and the drawing is narrow enough that its text stays ≥ 12 px
on a 390 px phone. ``budget_spec`` is pure (model in, dict out); ``charts.spec_to_svg`` draws it.
"""

from __future__ import annotations

import altair as alt

from generator.analysis.format import format_number
from generator.i18n.texts import label
from generator.model.plan import BudgetLine, BudgetTable
from generator.render.charts import COLOURS, FONT, wrap

MAX_PANELS = 6  # more lines than this are read in the table, not in a chart


def budget_breakdown(table: BudgetTable) -> list[BudgetLine]:
    """One breakdown of the table: the lines summed into one total (never two breakdowns of a sum).

    Lines of net amounts (activities) come before income/cost lines; then the larger group.
    """
    groups: dict[str, list[BudgetLine]] = {}
    for line in table.lines:
        if not line.is_total:
            groups.setdefault(line.parent_id, []).append(line)
    if not groups:
        return []

    def rank(item):
        _, lines = item
        netto = all(v.measure == "netto" for line in lines for v in line.values)
        return (netto, len(lines))
    return max(groups.items(), key=rank)[1]


def _columns(lines: list[BudgetLine]) -> set[str]:
    return {v.column for line in lines for v in line.values if v.amount is not None}


def chart_lines(table: BudgetTable) -> list[BudgetLine]:
    """The lines to draw: the printed totals at the top of the table (one per name), so that every
    year the plan budgets is there; its lines instead where they print columns the totals leave
    blank (Värnamo's investments 2027–2028) and are few enough to read as panels."""
    totals: dict[str, BudgetLine] = {}
    for line in table.lines:
        if line.is_total and not line.parent_id:
            totals.setdefault(line.name, line)
    breakdown = budget_breakdown(table)
    if breakdown and len(breakdown) <= MAX_PANELS and (not totals or _columns(breakdown) - _columns(list(totals.values()))):
        return breakdown
    return list(totals.values())[:MAX_PANELS]


def _rows(lines: list[BudgetLine], lang: str) -> list[dict]:
    rows = []
    for line in lines:
        name = (line.code + " " if line.code else "") + line.name
        for v in line.values:
            if v.amount is not None:
                rows.append({"Rad": name, "Namn": "\n".join(wrap(name, 34)), "Kolumn": v.column,
                             "Belopp": float(v.amount), "Etikett": format_number(v.amount, lang),
                             "measure": v.measure, "Mått": label("measure", v.measure, lang), "År": v.period})
    return rows


def budget_rows(table: BudgetTable, *, lang: str) -> list[dict]:
    """The bars: ``Rad`` is the line's name (``Namn`` the same, wrapped), ``Kolumn`` the column as
    printed, ``Etikett`` the amount as the page prints it (the document's sign, "−"). A table of one
    column is drawn by its lines instead (a bar per line)."""
    rows = _rows(chart_lines(table), lang)
    if len({r["Kolumn"] for r in rows}) < 2:
        rows = _rows(budget_breakdown(table), lang) or rows
    return rows


def _bars(y: alt.Y, x: alt.X) -> list:
    """A bar with its amount at its end (left of a negative bar, right of a positive one)."""
    base = alt.Chart()
    layers = [base.mark_bar(color=COLOURS[0]).encode(x=x, y=y)]
    for test, align, dx in (("datum.Belopp >= 0", "left", 3), ("datum.Belopp < 0", "right", -3)):
        layers.append(base.mark_text(align=align, dx=dx, fontSize=FONT, color="#1b1b1b")
                      .encode(x=x, y=y, text="Etikett:N").transform_filter(test))
    return layers


def budget_spec(table: BudgetTable, *, lang: str) -> dict | None:
    """Bars per column for each drawn line (``chart_lines``, a panel each), or for a table of one
    column a bar per line; None when there are fewer than two bars, only zeros, or a one-column
    table whose lines belong to different years (a bridge from one year's level to the next)."""
    rows = budget_rows(table, lang=lang)
    if len(rows) < 2 or all(r["Belopp"] == 0 for r in rows):
        return None
    columns = [c for c in table.columns if any(r["Kolumn"] == c for r in rows)]
    if len(columns) == 1 and len({r["År"] for r in rows}) > 1:
        return None
    low = min(0.0, min(r["Belopp"] for r in rows) * 1.8)
    high = max(0.0, max(r["Belopp"] for r in rows) * 1.8)  # room for the amounts at the bars' ends
    x = alt.X("Belopp:Q", title=label("unit_long", table.unit, lang) or table.unit, scale=alt.Scale(domain=[low, high]),
              axis=alt.Axis(format=",~r", tickCount=3, labelFontSize=FONT, titleFontSize=FONT))
    data = alt.Data(values=rows)
    title = wrap(table.title, 42)
    if len(columns) == 1:  # a bar per line; the names wrapped, never cut
        y = alt.Y("Namn:N", sort=None, title=None,
                  axis=alt.Axis(labelLimit=0, labelFontSize=FONT, labelExpr="split(datum.label, '\\n')"))
        chart = alt.layer(*_bars(y, x), data=data).properties(width=170, height=alt.Step(30))
        subtitle = [columns[0]]
    else:
        y = alt.Y("Kolumn:N", sort=columns, title=None, axis=alt.Axis(labelLimit=0, labelFontSize=FONT))
        chart = alt.layer(*_bars(y, x), data=data).properties(width=190, height=alt.Step(22))
        names = list(dict.fromkeys(r["Namn"] for r in rows))
        subtitle = names[0].split("\n") if len(names) == 1 else []
        if len(names) > 1:
            chart = chart.facet(row=alt.Row("Namn:N", sort=names, title=None, header=alt.Header(
                labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontSize=FONT,
                labelFontWeight="bold", labelLimit=0, labelExpr="split(datum.value, '\\n')")), spacing=14,
            ).resolve_scale(y="independent")  # each panel lists only the columns its line prints
    chart = chart.properties(title=alt.Title(text=title, subtitle=subtitle, anchor="start", fontSize=14,
                                             subtitleFontSize=FONT, subtitleColor="#1b1b1b"))
    spec = chart.configure_view(stroke=None).to_dict()
    spec["usermeta"] = {"lang": lang}  # the number locale for spec_to_svg
    return spec
