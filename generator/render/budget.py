"""The budget page: each table as printed, totals checked against their lines, one chart per table."""

from __future__ import annotations

import re
from collections import defaultdict

from generator.analysis import checks
from generator.analysis.format import (
    format_number,
)
from generator.i18n.texts import label, t
from generator.ingest.escape import e
from generator.model.plan import BudgetTable, Plan
from generator.render.budget_chart import bar_chart, budget_rows
from generator.render.html import (
    ChartRenderer,
    data_heading,
    data_markup,
    data_table,
    data_text,
    front_matter,
    page_link,
    plan_page_title,
)
from generator.spec import urls


def budget_table_html(table: BudgetTable, diffs: list[checks.TotalDifference], *, lang: str) -> str:
    columns = table.columns
    measures = {v.measure for line in table.lines for v in line.values}
    body = []
    for line in table.lines:
        cells = {v.column: v for v in line.values}
        name = (e(line.code) + " " if line.code else "") + data_text(line.name, lang)
        tds = "".join(
            f'<td class="num">{e(format_number(cells[c].amount, lang)) if c in cells and cells[c].amount is not None else ""}</td>'
            for c in columns)
        css = ' class="plansite-total"' if line.is_total else ""
        body.append(f'<tr{css}><th scope="row">{name}</th>{tds}</tr>')
    unit = label('unit_long', table.unit, lang)
    caption = f"{data_text(table.title, lang)} ({e(unit)})"
    out = [data_table(caption, [t("budget.line", lang)] + [e(c) for c in columns], body, css="plansite-budget", lang=lang)]
    notes = []
    if table.note:
        notes.append(data_text(minus_signs(table.note), lang))
    if len(measures) > 1:
        shown = ", ".join(label('measure', m, lang).lower() for m in sorted(measures))
        notes.append(t("budget.measures", lang, measures=shown))
    for line in table.lines:
        if line.note:
            notes.append(data_text(f"{line.name}: {minus_signs(line.note)}", lang))
    notes.extend(data_markup(note, lang) for note in _value_notes(table))
    for d in diffs:
        notes.append(f"<strong>{t('budget.warning', lang)}</strong> " + _difference(d, table, lang))
    if notes:
        out.append('<ul class="plansite-notes">' + "".join(f"<li>{n}</li>" for n in notes) + "</ul>\n\n")
    return "".join(out)


_HYPHEN_MINUS = re.compile(r"(?<![\w\-–])-(?=\d)")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def minus_signs(text: str) -> str:
    """A note's amounts as the tables and charts write them: the minus sign U+2212 ("−26 328"), so
    that one page writes one minus, and a no-break space between thousands, so that an amount is
    never split over two lines. A hyphen between digits ("2023-12-31") is left alone."""
    return _THOUSANDS.sub("\u00a0", _HYPHEN_MINUS.sub("\u2212", text))


def _value_notes(table: BudgetTable) -> list[str]:
    """The notes on single amounts, each sentence once: a note that several amounts share is shown
    with the column ("Nettobudget 2023: …") when it holds for every line of that column, else with
    the lines it holds for."""
    where: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in table.lines:
        for v in line.values:
            if v.note and v.note != "Preliminär budget.":
                where[v.note].append((line.name, v.column))
    notes = []
    for note, places in where.items():
        columns = list(dict.fromkeys(column for _, column in places))
        if len(columns) == 1:
            printed = [line.name for line in table.lines
                       if any(v.column == columns[0] and v.amount is not None for v in line.values)]
            names = [name for name, _ in places]
            if len(places) == 1:
                lead = f"{e(names[0])}, {e(columns[0])}"
            elif set(printed) <= set(names):  # every line of the column: the column says it
                lead = e(columns[0])
            else:
                lead = f"{e(columns[0])} ({', '.join(e(n) for n in names)})"
        else:
            lead = "; ".join(f"{e(name)}, {e(column)}" for name, column in places)
        notes.append(f"{lead}: {e(minus_signs(note))}")
    return notes


def _difference(d: checks.TotalDifference, table: BudgetTable, lang: str) -> str:
    """A printed total that does not add up: a sum, a total over blank lines, or a net."""
    key = {"sum": "budget.sum_differs", "blank": "budget.blank_total"}.get(d.kind, "budget.net_differs")
    return t(key, lang, line=e(d.line.name), column=e(d.column), unit=e(table.unit), printed=format_number(d.printed, lang),
             computed=format_number(d.computed, lang), difference=format_number(d.difference, lang))


def budget_chart(plan: Plan, table: BudgetTable, render_chart: ChartRenderer | None, *, lang: str) -> str:
    """The table's chart over every column it prints (``budget_chart.bar_chart``), with the same
    amounts as text in its description."""
    chart = bar_chart(table, lang=lang)
    if chart is None or render_chart is None:
        return ""
    rows = budget_rows(table, lang=lang)
    names = list(dict.fromkeys(r["Rad"] for r in rows))
    desc = t("budget.chart_description", lang, title=table.title, unit=label('unit_long', table.unit, lang),
             rows="; ".join(f"{r['Rad']}, {r['Kolumn']}: {r['Etikett']}" for r in rows))
    svg = render_chart(chart, table.title, desc, f"budget-{table.table_id}")
    caption = t("budget.chart_caption", lang, lines=data_text(", ".join(names), lang))
    return (f'<figure class="plansite-figure plansite-figure--budget" data-search-exclude>{svg}<figcaption>'
            f'{caption}</figcaption></figure>\n\n')


def budget_page(plan: Plan, render_chart: ChartRenderer | None = None, *, lang: str, data: str = "") -> str:
    """The budget page; ``data``: where the downloads are seen from the pages (``urls.data_root``)."""
    diffs = checks.total_differences(plan)
    title = t("nav.budget", lang)
    out = [front_matter(plan_page_title(title, plan, lang=lang)), f"# {title}\n\n"]
    out.append(f"<p>{t('budget.intro', lang, title=data_text(plan.meta.title, lang))}</p>\n\n")
    for table in plan.budget_tables:
        out.append(data_heading(2, table.title, lang))
        amounts = t("budget.amounts_in", lang, unit=label("unit_long", table.unit, lang))
        out.append(f'<p class="plansite-level">{label("budget_type", table.budget_type, lang)} · {amounts}'
                   f'{" · " + data_text(table.section, lang) if table.section else ""}</p>\n\n')
        out.append(budget_chart(plan, table, render_chart, lang=lang))
        out.append(budget_table_html(table, [d for d in diffs if d.table.table_id == table.table_id], lang=lang))
    link = page_link(urls.budget_page(plan.plan_id), urls.shared("data/budget.csv", data), "budget.csv")
    out.append(t("budget.csv_note", lang, link=link) + "\n")
    return "".join(out)
