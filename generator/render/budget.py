"""The budget page: each table as printed, totals checked against their lines, one chart per table."""

from __future__ import annotations

from generator.analysis import checks
from generator.analysis.format import (
    format_number,
)
from generator.i18n.texts import label
from generator.ingest.escape import e
from generator.model.plan import BudgetTable, Plan
from generator.render import charts
from generator.render.html import ChartRenderer, data_table, front_matter, plan_label


def budget_table_html(table: BudgetTable, diffs: list[checks.TotalDifference]) -> str:
    columns = table.columns
    measures = {v.measure for line in table.lines for v in line.values}
    body = []
    for line in table.lines:
        cells = {v.column: v for v in line.values}
        name = (e(line.code) + " " if line.code else "") + e(line.name)
        tds = "".join(
            f'<td class="num">{e(format_number(cells[c].amount)) if c in cells and cells[c].amount is not None else ""}</td>'
            for c in columns)
        css = ' class="plansite-total"' if line.is_total else ""
        body.append(f'<tr{css}><th scope="row">{name}</th>{tds}</tr>')
    unit = label('unit_long', table.unit)
    caption = f"{e(table.title)} ({e(unit)})"
    out = [data_table(caption, ["Rad"] + [e(c) for c in columns], body, css="plansite-budget")]
    notes = []
    if table.note:
        notes.append(e(table.note))
    if len(measures) > 1:
        notes.append("Kolumnerna visar " + ", ".join(label('measure', m).lower() for m in sorted(measures)) + " som i planen.")
    for line in table.lines:
        if line.note:
            notes.append(f"{e(line.name)}: {e(line.note)}")
        for v in line.values:
            if v.note and v.note != "Preliminär budget.":
                notes.append(f"{e(line.name)}, {e(v.column)}: {e(v.note)}")
    for d in diffs:
        if d.kind == "sum":
            notes.append(f"<strong>Obs!</strong> {e(d.line.name)}, {e(d.column)}: den tryckta summan "
                         f"{format_number(d.printed)} är inte lika med summan av raderna, {format_number(d.computed)} "
                         f"(skillnad {format_number(d.difference)} {e(table.unit)}). Båda visas som de står i planen.")
        elif d.kind == "blank":
            notes.append(f"<strong>Obs!</strong> {e(d.line.name)}, {e(d.column)}: planen anger summan "
                         f"{format_number(d.printed)} men inga belopp på raderna i den kolumnen.")
        else:
            notes.append(f"<strong>Obs!</strong> {e(d.line.name)}, {e(d.column)}: nettot {format_number(d.printed)} är inte "
                         f"lika med intäkt + kostnad, {format_number(d.computed)} (skillnad {format_number(d.difference)} "
                         f"{e(table.unit)}). Beloppen visas som de står i planen.")
    if notes:
        out.append('<ul class="plansite-notes">' + "".join(f"<li>{n}</li>" for n in notes) + "</ul>\n\n")
    return "".join(out)


def budget_chart(plan: Plan, table: BudgetTable, render_chart: ChartRenderer | None) -> str:
    spec = charts.budget_spec(table, plan.meta.period_start)
    if spec is None or render_chart is None:
        return ""
    column = charts.budget_column(table, plan.meta.period_start)
    rows = charts.budget_rows(table, column)
    desc = f"Stapeldiagram, {table.title}, {column}, belopp i {label('unit_long', table.unit)}: " + "; ".join(
        f"{r['Rad']} {r['Etikett']}" for r in rows) + "."
    svg = render_chart(spec, f"{table.title} – {column}", desc, f"budget-{table.table_id}")
    return (f'<figure class="plansite-figure plansite-figure--budget" data-search-exclude>{svg}<figcaption>Diagram: '
            f'raderna i kolumnen {e(column)}. Summarader visas inte i diagrammet. Alla belopp finns i tabellen.'
            f'</figcaption></figure>\n\n')


def budget_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    diffs = checks.total_differences(plan)
    out = [front_matter(f"Ekonomi – {plan_label(plan)}"), "# Ekonomi\n\n"]
    out.append(f"<p>Budgettabellerna i {e(plan.meta.title)}, med belopp som de står i planen "
               f"(kostnader med minustecken där planen skriver så).</p>\n\n")
    for table in plan.budget_tables:
        out.append(f"## {e(table.title)}\n\n")
        out.append(f'<p class="plansite-level">{label("budget_type", table.budget_type)} · belopp i {label("unit_long", table.unit)}'
                   f'{" · " + e(table.section) if table.section else ""}</p>\n\n')
        out.append(budget_chart(plan, table, render_chart))
        out.append(budget_table_html(table, [d for d in diffs if d.table.table_id == table.table_id]))
    out.append("Alla budgetrader finns som CSV i [budget.csv](../data/budget.csv).\n")
    return "".join(out)
