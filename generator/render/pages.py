"""Render stage: pure functions from the model to Markdown/HTML page sources.

Nothing here touches the disk or MkDocs. Every text from a data package is escaped where it is
placed; chapters from ``content/`` arrive already rendered and sanitised (``markup.py``).
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from generator.analysis import checks, status
from generator.analysis.format import (
    format_number,
    observation_label,
    value_phrase,
    year_span,
)
from generator.i18n.texts import (
    BUDGET_TYPES,
    DECIDED_BY,
    DIRECTIONS,
    GENDERS,
    KINDS,
    KINDS_PLURAL,
    LEVELS,
    MEASURES,
    TRENDS,
    UNITS_LONG,
    VALUE_TYPES,
)
from generator.ingest.escape import e
from generator.model.plan import BudgetTable, Goal, Indicator, Plan
from generator.render import charts
from generator.spec import urls


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str = ""
    children: tuple["NavItem", ...] = ()


@dataclass
class RenderedSite:
    pages: dict[str, str] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)


ChartRenderer = Callable[[dict, str, str, str], str]


def _front(title: str, description: str = "", hide: tuple[str, ...] = ()) -> str:
    """Front matter. The theme writes title and description into <title>, the header, the nav and
    <meta> without escaping, so they are HTML-escaped here, where they come from the data."""
    import json
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=False)}")
    if hide:
        lines.append("hide:")
        lines.extend(f"  - {h}" for h in hide)
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _dl(items: list[tuple[str, str]], css: str = "plansite-facts") -> str:
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items if v)
    return f'<dl class="{css}">{rows}</dl>\n\n'


def _table(caption: str, headers: list[str], rows: list[str], css: str = "plansite-data") -> str:
    """A data table with caption and column headers. ``caption``, headers and rows are HTML.

    Wide tables scroll sideways on a phone, so the wrapper is a named, keyboard-focusable region;
    the class keeps the theme from wrapping the table a second time.
    """
    label = html.escape(html.unescape(re.sub(r"<[^>]+>", "", caption)), quote=True)
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    return (f'<div class="plansite-table" tabindex="0" role="region" aria-label="{label}"><table class="{css}">'
            f'<caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>\n\n')


def _link(from_page: str, to: str, text: str) -> str:
    return f'<a href="{html.escape(urls.rel(from_page, to))}">{text}</a>'


# --- indicator -----------------------------------------------------------------------------------

def summary_sentence(indicator: Indicator) -> str:
    """One plain-language sentence: "Utfallet 2022 var 13 dagar; målet för 2026 är högst 2 dagar."."""
    total = [o for o in indicator.observations if o.gender == "T"]
    actuals = [o for o in total if o.value_type == "utfall" and o.value is not None]
    targets = [o for o in total if o.value_type == "mal"]
    forecasts = [o for o in total if o.value_type == "prognos" and o.value is not None]
    parts = []
    if actuals:
        last = max(actuals, key=lambda o: o.period)
        parts.append(f"Utfallet {status.period_label(last)} var {value_phrase(last, indicator.unit)}")
    if forecasts:
        last = max(forecasts, key=lambda o: o.period)
        parts.append(f"prognosen för {last.period} är {value_phrase(last, indicator.unit)}")
    if targets:
        last = max(targets, key=lambda o: o.period)
        numeric = [o for o in targets if o.value is not None]
        if last.value is None and numeric:  # "Uppnått" after numeric targets: name both
            before = max(numeric, key=lambda o: o.period)
            parts.append(f"målet för {before.period} är {value_phrase(before, indicator.unit)} "
                         f"och för {last.period} skriver planen {value_phrase(last, indicator.unit)}")
        else:
            parts.append(f"målet för {last.period} är {value_phrase(last, indicator.unit)}")
    if not parts:
        if not indicator.observations:
            return "Planen redovisar inga värden för indikatorn."
        return "Planen redovisar inga sifferuppgifter för indikatorn, bara text (se tabellen)."
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def chart_description(indicator: Indicator) -> str:
    rows = charts.chart_rows(indicator)
    points = "; ".join(f"{r['Serie']} {r['År']}: {r['Etikett']}" for r in rows)
    return f"Diagram över {indicator.name}. {points}."


def observations_table(indicator: Indicator, caption: str) -> str:
    genders = {o.gender for o in indicator.observations}
    show_gender = genders != {"T"}
    headers = ["År", "Värdetyp"] + (["Kön"] if show_gender else []) + ["Värde", "Som tryckt", "Anmärkning"]
    body = []
    order = {"utfall": 0, "prognos": 1, "budget": 2, "plan": 3, "mal": 4}
    for obs in sorted(indicator.observations, key=lambda o: (o.period, order[o.value_type], "TKM".index(o.gender))):
        notes = [obs.note] if obs.note and obs.note != obs.printed else []
        if obs.trend:
            notes.append(f"Utveckling: {TRENDS[obs.trend]}")
        if obs.comparison:
            notes.append(f"Jämförelse med större stad: {obs.comparison} (symbolens färg, som bär betydelsen, "
                         f"saknas i källan)")
        cells = f"<th scope=\"row\">{status.period_label(obs)}</th><td>{VALUE_TYPES[obs.value_type]}</td>"
        if show_gender:
            cells += f"<td>{GENDERS[obs.gender]}</td>"
        cells += (f"<td class=\"num\">{e(observation_label(obs, indicator.unit))}</td><td>{e(obs.printed)}</td>"
                  f"<td>{e(' '.join(notes))}</td>")
        body.append(f"<tr>{cells}</tr>")
    return _table(e(caption), headers, body)


def indicator_page(plan: Plan, ind: Indicator, render_chart: ChartRenderer | None) -> str:
    page = urls.indicator_page(plan.plan_id, ind.indicator_id)
    goal = plan.goal(ind.goal_id) if ind.goal_id else None
    out = [_front(ind.name, summary_sentence(ind))]
    out.append(f"# {e(ind.name)}\n\n")
    crumbs = [_link(page, urls.plan_page(plan.plan_id), e(plan.label + ": " + plan.meta.title)),
              _link(page, urls.goals_page(plan.plan_id), "Mål och indikatorer")]
    if goal:
        crumbs.append(_link(page, urls.goal_page(plan.plan_id, goal.goal_id), e(_short(goal.title))))
    out.append(f'<nav class="plansite-crumbs" aria-label="Du är här"><ol>{"".join(f"<li>{c}</li>" for c in crumbs)}</ol></nav>\n\n')
    out.append(f'<p class="plansite-summary">{e(summary_sentence(ind))}</p>\n\n')
    if ind.kind == "target" or any(o.value_type == "mal" for o in ind.observations):
        out.append(status_block(page, ind))
    if ind.note:
        out.append(f'<p class="plansite-note"><strong>Anmärkning:</strong> {e(ind.note)}</p>\n\n')
    spec = charts.indicator_spec(ind)
    if spec is not None and render_chart is not None:
        svg = render_chart(spec, ind.name, chart_description(ind), f"diagram-{ind.indicator_id}")
        present = {r["Serie"].split(",")[0] for r in charts.chart_rows(ind)}
        keys = [text for name, text in (("Utfall", "utfall (heldragen linje, cirklar)"),
                                        ("Prognos", "prognos (streckad linje, trianglar)"),
                                        ("Mål", "mål (prickad linje, ofyllda kvadrater; intervall som band)")) if name in present]
        out.append(f'<figure class="plansite-figure" data-search-exclude>{svg}<figcaption>Diagram: {", ".join(keys)}. '
                   f'Samma värden finns i tabellen nedan.</figcaption></figure>\n\n')
    out.append("## Värden\n\n")
    out.append(observations_table(ind, f"Värden för {ind.name}") if ind.observations
               else "<p>Planen redovisar inga värden för indikatorn.</p>\n\n")
    out.append("## Ladda ner\n\n")
    csv_link = _link(page, urls.indicator_csv(plan.plan_id, ind.indicator_id), f"Värdena som CSV <span class=\"sr-only\">({e(ind.name)})</span>")
    json_link = _link(page, urls.indicator_json(plan.plan_id, ind.indicator_id), f"Värdena och beskrivningen som JSON <span class=\"sr-only\">({e(ind.name)})</span>")
    out.append(f'<ul class="plansite-downloads"><li>{csv_link}</li><li>{json_link}</li></ul>\n\n')
    out.append("## Om indikatorn\n\n")
    kolada = (f'<a href="https://www.kolada.se/verktyg/fri-sokning/?kpis={e(ind.kolada_id)}">{e(ind.kolada_id)}</a>'
              if ind.kolada_id else "")
    out.append(_dl([
        ("Mål", _link(page, urls.goal_page(plan.plan_id, goal.goal_id), e(goal.title)) if goal else ""),
        ("Typ", KINDS[ind.kind]),
        ("Enhet", e(ind.unit) if ind.unit else "Anges inte i planen"),
        ("Riktning", DIRECTIONS.get(ind.direction, "")),
        ("Kolada-id", kolada),
        ("Jämförelsenyckel", _link(page, "dataformat.md", e(ind.concordance_key)) if ind.concordance_key else ""),
        ("Beslutad av", DECIDED_BY.get(ind.decided_by, "")),
        ("Mäter", {"R/K": "Resultat/kvalitet", "E": "Effektivitet"}.get(ind.measures, "")),
        ("Agenda 2030", e(ind.agenda2030.replace(";", ", "))),
        ("Avsnitt i planen", e(ind.section)),
    ]))
    return "".join(out)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def status_badge(st: status.Status) -> str:
    return (f'<span class="plansite-status plansite-status--{st.code}"><span aria-hidden="true">{st.icon}</span> '
            f'{st.label}</span>')


def status_block(page: str, ind: Indicator) -> str:
    st = status.indicator_status(ind)
    return (f'<p class="plansite-status-line"><strong>Status:</strong> {status_badge(st)} {e(st.reason)} '
            f'{_link(page, "las-sidan.md", "Så bedöms status")}</p>\n\n')


def status_summary(indicators, heading: str = "Status för indikatorerna") -> str:
    targets = [i for i in indicators if i.kind == "target" or any(o.value_type == "mal" for o in i.observations)]
    if not targets:
        return ""
    counts = status.summarise(targets)
    items = "".join(f'<li>{status_badge(status.Status(code, ""))}: {n}</li>' for code, n in counts.items() if n)
    return f'<p class="plansite-status-heading">{e(heading)} ({len(targets)} med mål):</p><ul class="plansite-status-summary">{items}</ul>\n\n'


# --- goals ---------------------------------------------------------------------------------------

def indicator_list(plan: Plan, page: str, indicators: tuple[Indicator, ...] | list[Indicator], caption: str) -> str:
    if not indicators:
        return ""
    rows = []
    for ind in indicators:
        total = [o for o in ind.observations if o.gender == "T"]
        has_target = any(o.value_type == "mal" for o in total)
        st = status.indicator_status(ind) if has_target else None
        # show exactly what the status compares; without a status, the latest actual and the last target
        shown = (st.compared if st else None) or max(
            (o for o in total if o.value_type == "utfall"), key=lambda o: (o.value is not None, o.period), default=None)
        target = (st.target if st else None) or max(
            (o for o in total if o.value_type == "mal"), key=lambda o: (o.value is not None, o.period), default=None)
        link = _link(page, urls.indicator_page(plan.plan_id, ind.indicator_id), e(ind.name))
        a = (f"{VALUE_TYPES[shown.value_type]} {status.period_label(shown)}: {e(observation_label(shown, ind.unit))}"
             if shown else "–")
        t = f"{target.period}: {e(observation_label(target, ind.unit))}" if target else "–"
        badge = status_badge(st) if st else "–"
        rows.append(f"<tr><th scope=\"row\">{link}</th><td class=\"num\">{a}</td><td class=\"num\">{t}</td><td>{badge}</td></tr>")
    return _table(e(caption), ["Indikator", "Senaste värde", "Mål", "Status"], rows)


def goal_page(plan: Plan, goal: Goal) -> str:
    page = urls.goal_page(plan.plan_id, goal.goal_id)
    out = [_front(_short(goal.title, 90), goal.description[:160]), f"# {e(goal.title)}\n\n"]
    crumbs = [_link(page, urls.plan_page(plan.plan_id), e(plan.label + ": " + plan.meta.title)),
              _link(page, urls.goals_page(plan.plan_id), "Mål och indikatorer")]
    parent = plan.goal(goal.parent_id) if goal.parent_id else None
    if parent:
        crumbs.append(_link(page, urls.goal_page(plan.plan_id, parent.goal_id), e(_short(parent.title))))
    out.append(f'<nav class="plansite-crumbs" aria-label="Du är här"><ol>{"".join(f"<li>{c}</li>" for c in crumbs)}</ol></nav>\n\n')
    out.append(_dl([
        ("Nivå", LEVELS[goal.level]),
        ("Kod", e(goal.code)),
        ("Hör till", _link(page, urls.goal_page(plan.plan_id, parent.goal_id), e(parent.title)) if parent else ""),
        ("Beslutad av", DECIDED_BY.get(goal.decided_by, "")),
        ("Agenda 2030", e(goal.agenda2030.replace(";", ", "))),
        ("Barnkonventionen, artiklar", e(goal.crc_articles.replace(";", ", "))),
        ("Avsnitt i planen", e(goal.section)),
        ("Anmärkning", e(goal.note)),
    ]))
    if goal.description:
        out.append(f"<p>{e(goal.description)}</p>\n\n")
    kids = plan.children(goal.goal_id)
    if kids:
        out.append("## Mål under detta\n\n")
        out.append("<ul>" + "".join(f"<li>{LEVELS[k.level]}: {_link(page, urls.goal_page(plan.plan_id, k.goal_id), e(k.title))}</li>" for k in kids) + "</ul>\n\n")
    inds = plan.indicators_of(goal.goal_id)
    if inds:
        out.append("## Indikatorer\n\n")
        out.append(status_summary(inds))
        out.append(indicator_list(plan, page, inds, f"Indikatorer för målet {_short(goal.title)}"))
    elif goal.level in ("board_goal", "mission"):
        out.append("<p>Planen anger inga mätbara indikatorer för det här målet.</p>\n\n")
    assignments = plan.assignments_of(goal.goal_id)
    if assignments:
        out.append("## Uppdrag\n\n")
        out.append(_assignments_table(assignments, f"Uppdrag under målet {_short(goal.title)}"))
    return "".join(out)


def goals_overview(plan: Plan) -> str:
    page = urls.goals_page(plan.plan_id)
    out = [_front(f"Mål och indikatorer – {plan.label}"), "# Mål och indikatorer\n\n"]
    out.append(f"<p>{e(plan.label)}, {e(plan.meta.title)}. Varje mål och indikator har en egen sida med "
               f"diagram, tabell och nedladdning.</p>\n\n")
    out.append(status_summary(plan.indicators))

    def tree(goal: Goal, depth: int) -> None:
        level = min(depth + 2, 4)
        heading = "#" * level
        label = LEVELS[goal.level]
        out.append(f"{heading} {e(_short(goal.title, 140))}\n\n")
        out.append(f'<p class="plansite-level">{label}{" · " + e(goal.code) if goal.code else ""} · '
                   f'{_link(page, urls.goal_page(plan.plan_id, goal.goal_id), "Läs mer om målet")}</p>\n\n')
        out.append(indicator_list(plan, page, plan.indicators_of(goal.goal_id), f"Indikatorer: {_short(goal.title)}"))
        for kid in plan.children(goal.goal_id):
            tree(kid, depth + 1)

    for root in (g for g in plan.goals if not g.parent_id or plan.goal(g.parent_id) is None):
        tree(root, 0)
    loose = [i for i in plan.indicators if not i.goal_id]
    if loose:
        out.append("## Följetal, nyckeltal och personaltal\n\n")
        out.append("<p>Mått som planen följer utan att koppla dem till ett mål.</p>\n\n")
        groups: dict[str, list[Indicator]] = defaultdict(list)
        for ind in loose:
            groups[ind.section or KINDS_PLURAL[ind.kind]].append(ind)
        for section, inds in groups.items():
            out.append(f"### {e(section)}\n\n")
            out.append(indicator_list(plan, page, inds, section))
    return "".join(out)


# --- budget --------------------------------------------------------------------------------------

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
    unit = UNITS_LONG[table.unit]
    caption = f"{e(table.title)} ({e(unit)})"
    out = [_table(caption, ["Rad"] + [e(c) for c in columns], body, css="plansite-budget")]
    notes = []
    if table.note:
        notes.append(e(table.note))
    if len(measures) > 1:
        notes.append("Kolumnerna visar " + ", ".join(MEASURES[m].lower() for m in sorted(measures)) + " som i planen.")
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
    desc = f"Stapeldiagram, {table.title}, {column}, belopp i {UNITS_LONG[table.unit]}: " + "; ".join(
        f"{r['Rad']} {r['Etikett']}" for r in rows) + "."
    svg = render_chart(spec, f"{table.title} – {column}", desc, f"budget-{table.table_id}")
    return (f'<figure class="plansite-figure plansite-figure--budget" data-search-exclude>{svg}<figcaption>Diagram: '
            f'raderna i kolumnen {e(column)}. Summarader visas inte i diagrammet. Alla belopp finns i tabellen.'
            f'</figcaption></figure>\n\n')


def budget_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    diffs = checks.total_differences(plan)
    out = [_front(f"Ekonomi – {plan.label}"), "# Ekonomi\n\n"]
    out.append(f"<p>Budgettabellerna i {e(plan.meta.title)}, med belopp som de står i planen "
               f"(kostnader med minustecken där planen skriver så).</p>\n\n")
    for table in plan.budget_tables:
        out.append(f"## {e(table.title)}\n\n")
        out.append(f'<p class="plansite-level">{BUDGET_TYPES[table.budget_type]} · belopp i {UNITS_LONG[table.unit]}'
                   f'{" · " + e(table.section) if table.section else ""}</p>\n\n')
        out.append(budget_chart(plan, table, render_chart))
        out.append(budget_table_html(table, [d for d in diffs if d.table.table_id == table.table_id]))
    out.append("Alla budgetrader finns som CSV i [budget.csv](../data/budget.csv).\n")
    return "".join(out)


# --- other plan sections -------------------------------------------------------------------------

def _assignments_table(assignments, caption: str) -> str:
    rows = [f"<tr><th scope=\"row\">{e(a.title)}</th><td>{e(DECIDED_BY.get(a.decided_by, ''))}</td><td>{e(a.financing)}</td>"
            f"<td>{e(a.target_images.replace(';', ', '))}</td><td>{e(a.note)}</td></tr>" for a in assignments]
    return _table(e(caption), ["Uppdrag", "Beslutad av", "Finansiering", "Målbilder", "Anmärkning"], rows)


def assignments_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    out = [_front(f"Uppdrag – {plan.label}"), "# Uppdrag\n\n"]
    groups: dict[str, list] = defaultdict(list)
    for a in plan.assignments:
        groups[a.goal_id].append(a)
    for goal_id, items in groups.items():
        goal = plan.goal(goal_id)
        title = goal.title if goal else "Övriga uppdrag"
        out.append(f"## {e(title)}\n\n")
        out.append(_assignments_table(items, f"Uppdrag: {_short(title)}"))
    return "".join(out)


def risks_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    out = [_front(f"Internkontroll och risker – {plan.label}"), "# Internkontroll och risker\n\n"]
    out.append("<p>Riskvärdet är sannolikhet gånger väsentlighet (konsekvens) när planen anger båda.</p>\n\n")
    rows = []
    for r in plan.risks:
        prob = " ".join(x for x in (str(r.probability) if r.probability else "", e(r.probability_label)) if x)
        cons = " ".join(x for x in (str(r.consequence) if r.consequence else "", e(r.consequence_label)) if x)
        value = str(r.risk_value) if r.risk_value is not None else ""
        printed = f" (tryckt: {e(r.risk_printed)})" if r.risk_printed and r.risk_printed != value else ""
        rows.append(f"<tr><td>{e(r.area)}</td><th scope=\"row\">{e(r.risk)}</th><td>{prob}</td><td>{cons}</td>"
                    f"<td class=\"num\">{value}{printed}</td><td>{e(r.control)}</td><td>{e(r.follow_up)}</td><td>{e(r.note)}</td></tr>")
    out.append(_table("Risker i internkontrollplanen", ["Område", "Risk", "Sannolikhet", "Väsentlighet", "Riskvärde",
                                                         "Kontroll/åtgärd", "Uppföljning", "Anmärkning"], rows))
    return "".join(out)


def premises_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    out = [_front(f"Lokalbehov – {plan.label}"), "# Lokalbehov\n\n"]
    rows = [f"<tr><th scope=\"row\">{e(n.description)}</th><td>{n.year or ''}</td><td>{e(n.category)}</td>"
            f"<td>{n.priority or ''}</td><td>{e(n.motivation)}</td></tr>" for n in plan.premises_needs]
    out.append(_table("Lokalbehov", ["Behov", "När", "Kategori", "Prioritering", "Motivering"], rows))
    return "".join(out)


def extra_tables_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    out = [_front(f"Fler tabeller – {plan.label}"), "# Fler tabeller\n\n"]
    for t in plan.extra_tables:
        out.append(f"## {e(t.title)}\n\n")
        if t.description:
            out.append(f"<p>{e(t.description)}</p>\n\n")
        rows = ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in t.rows]
        out.append(_table(e(t.title), [e(h) for h in t.headers], rows))
    return "".join(out)


def chapter_page(plan: Plan, chapter) -> str:
    """The chapter's title and its safe page source (``markup.render``, made during validation)."""
    return _front(chapter.title) + f"# {e(chapter.title)}\n\n" + chapter.body


def about_document_page(plan: Plan) -> str:
    page = urls.section_page(plan.plan_id, "om-dokumentet")
    m = plan.meta
    out = [_front(f"Om dokumentet – {plan.label}"), "# Om dokumentet\n\n"]
    out.append(_dl([
        ("Dokument", e(m.title)),
        ("Källa", e(m.source_title) + (f" ({e(m.source_file)})" if m.source_file else "")),
        ("Om källan", e(m.source_note)),
    ]))
    if m.notes:
        out.append("## Anmärkningar\n\n<ul>" + "".join(f"<li>{e(n)}</li>" for n in m.notes) + "</ul>\n\n")
    if plan.decisions:
        out.append("## Beslut\n\n")
        rows = [f"<tr><th scope=\"row\">{e(d.body)}</th><td>{d.date.isoformat() if d.date else ''}</td><td>{e(d.paragraph)}</td>"
                f"<td>{e(d.reference)}</td><td>{e(d.title)}</td><td>{e(d.decision)}</td><td>{e(d.note)}</td></tr>"
                for d in plan.decisions]
        out.append(_table("Beslut om planen", ["Instans", "Datum", "Paragraf", "Diarienummer", "Ärende", "Beslut", "Anmärkning"], rows))
    out.append("## Rättelser\n\n")
    if plan.corrections:
        out.append("<p>Texten är överförd från planens PDF. Där överföringen gav fel (avstavningar, delade namn) "
                   "har vi rättat dem; här är varje rättelse.</p>\n\n")
        rows = [f"<tr><td>{e(c.resource)}</td><td>{e(c.key)}</td><td>{e(c.field)}</td><td>{e(c.found)}</td>"
                f"<td>{e(c.corrected)}</td><td>{e(c.reason)}</td></tr>" for c in plan.corrections]
        out.append(_table("Rättelser av textutdraget", ["Fil", "Rad", "Fält", "Stod", "Rättat till", "Skäl"], rows))
    else:
        out.append("<p>Inga rättelser har behövts.</p>\n\n")
    out.append("## Data\n\n")
    out.append(f'<p>Hela planen som datapaket (Frictionless Data Package, CC0): '
               f'{_link(page, urls.package_file(plan.plan_id, "datapackage.json"), "datapackage.json")}.</p>\n')
    return "".join(out)


SECTION_PAGES = (
    ("ekonomi", "Ekonomi", lambda p: bool(p.budget_tables), budget_page),
    ("uppdrag", "Uppdrag", lambda p: bool(p.assignments), assignments_page),
    ("internkontroll", "Internkontroll och risker", lambda p: bool(p.risks), risks_page),
    ("lokalbehov", "Lokalbehov", lambda p: bool(p.premises_needs), premises_page),
    ("tabeller", "Fler tabeller", lambda p: bool(p.extra_tables), extra_tables_page),
)


def plan_overview(plan: Plan) -> str:
    page = urls.plan_page(plan.plan_id)
    m = plan.meta
    out = [_front(f"{m.title} – {plan.label}", f"{m.title}, {plan.label}, som öppna data."),
           f"# {e(m.title)}\n\n"]
    out.append(f'<p class="plansite-lead">{e(plan.label)} · {e(m.document_type.capitalize())} för '
               f'{year_span(m.period_start, m.period_end)}</p>\n\n')
    responsible = ", ".join(f"{e(p.role)} {e(p.name)}".strip() for p in m.responsible)
    out.append(_dl([
        ("Kommun", f"{e(m.municipality)} (kommunkod {e(m.municipality_code)})"),
        ("Nämnd", e(m.board)),
        ("Gäller", year_span(m.period_start, m.period_end) + (f", från {e(m.valid_from)}" if m.valid_from else "")),
        ("Antagen", " ".join(x for x in (e(m.adopted_by), e(m.adopted_date), e(m.decision_reference)) if x)),
        ("Ansvariga", responsible),
    ]))
    kinds = defaultdict(int)
    for ind in plan.indicators:
        kinds[ind.kind] += 1
    items = [f"<li>{_link(page, urls.goals_page(plan.plan_id), 'Mål och indikatorer')}: {len(plan.goals)} mål, "
             + ", ".join(f"{n} {KINDS_PLURAL[k].lower()}" for k, n in kinds.items()) + "</li>"]
    for name, title, present, _ in SECTION_PAGES:
        if present(plan):
            items.append(f"<li>{_link(page, urls.section_page(plan.plan_id, name), title)}</li>")
    out.append("## I planen\n\n<ul>" + "".join(items) + "</ul>\n\n")
    out.append(status_summary(plan.indicators, "Så går det enligt planens egna siffror"))
    if plan.chapters:
        out.append("## Planens text\n\n<ol class=\"plansite-chapters\">" + "".join(
            f"<li>{_link(page, urls.chapter_page(plan.plan_id, c.slug), e(c.title))}</li>" for c in plan.chapters) + "</ol>\n\n")
    out.append("## Öppna data\n\n")
    out.append(f'<p>Planens alla värden kan laddas ner: {_link(page, urls.package_file(plan.plan_id, "datapackage.json"), "datapaketet för planen")} '
               f'och de gemensamma filerna för alla planer på {_link(page, "data.md", "sidan Ladda ner data")}. '
               f'Källa och rättelser finns under {_link(page, urls.section_page(plan.plan_id, "om-dokumentet"), "Om dokumentet")}.</p>\n')
    return "".join(out)


def _body(markdown: str) -> str:
    """Markdown without its front matter (the generated page writes its own)."""
    if markdown.startswith("---"):
        end = markdown.find("\n---", 3)
        if end != -1:
            return markdown[end + 4:].lstrip("\n")
    return markdown


def home_page(plans: list[Plan], intro: str) -> str:
    page = "index.md"
    out = [_front("Öppna planer", "Kommunala nämndplaner som öppna data.", hide=("navigation",)), _body(intro).strip() + "\n\n"]
    rows = []
    for plan in sorted(plans, key=lambda p: (p.meta.municipality, p.meta.board)):
        m = plan.meta
        rows.append(f"<tr><th scope=\"row\">{e(m.municipality)}</th><td>{e(m.board)}</td>"
                    f"<td>{_link(page, urls.plan_page(plan.plan_id), e(m.title))}</td>"
                    f"<td>{year_span(m.period_start, m.period_end)}</td><td class=\"num\">{len(plan.indicators)}</td></tr>")
    out.append(_table("Planer på webbplatsen", ["Kommun", "Nämnd", "Plan", "Period", "Indikatorer"], rows))
    return "".join(out)


def data_page(plans: list[Plan], intro: str) -> str:
    page = "data.md"
    out = [_front("Ladda ner data"), _body(intro).strip() + "\n\n"]
    items = []
    for p in sorted(plans, key=lambda p: p.meta.municipality):
        files = [_link(page, urls.package_file(p.plan_id, "datapackage.json"), "datapackage.json")] + [
            _link(page, urls.package_file(p.plan_id, f"{name}.csv"), f"{name}.csv")
            for name in ("indicators", "observations", "budget_lines", "budget_values") if _has(p, name)]
        items.append(f"<li>{e(p.label)}: {', '.join(files)}</li>")
    out.append("## Per plan\n\n<p>Varje plans datapaket med planens egna CSV-filer (också rader som tryckta, "
               "anmärkningar och rättelser):</p>\n\n<ul>" + "".join(items) + "</ul>\n")
    return "".join(out)


def _has(plan: Plan, resource: str) -> bool:
    return {"indicators": bool(plan.indicators), "observations": bool(plan.observations),
            "budget_lines": bool(plan.budget_tables), "budget_values": bool(plan.budget_tables)}[resource]


def render_site(plans: list[Plan], site_pages: dict[str, str], render_chart: ChartRenderer | None,
                progress: Callable[[int], None] | None = None, concordance: list[dict] | None = None) -> RenderedSite:
    """Every page of the site, and its navigation: municipalities → plans → plan sections."""
    site = RenderedSite()
    site.pages["index.md"] = home_page(plans, site_pages.get("index.md", "# Öppna planer\n"))
    site.pages["data.md"] = data_page(plans, site_pages.get("data.md", "# Ladda ner data\n"))
    by_municipality: dict[str, list[Plan]] = defaultdict(list)
    for plan in plans:
        by_municipality[plan.meta.municipality].append(plan)
    nav = [NavItem("Start", "index.md")]
    for municipality in sorted(by_municipality):
        plan_items = []
        for plan in sorted(by_municipality[municipality], key=lambda p: p.meta.board):
            pid = plan.plan_id
            site.pages[urls.plan_page(pid)] = plan_overview(plan)
            site.pages[urls.goals_page(pid)] = goals_overview(plan)
            sections = [NavItem("Översikt", urls.plan_page(pid)), NavItem("Mål och indikatorer", urls.goals_page(pid))]
            for name, title, present, render in SECTION_PAGES:
                if present(plan):
                    site.pages[urls.section_page(pid, name)] = render(plan, render_chart)
                    sections.append(NavItem(title, urls.section_page(pid, name)))
            chapters = []
            for chapter in plan.chapters:
                site.pages[urls.chapter_page(pid, chapter.slug)] = chapter_page(plan, chapter)
                chapters.append(NavItem(chapter.title, urls.chapter_page(pid, chapter.slug)))
            if chapters:
                sections.append(NavItem("Planens text", children=tuple(chapters)))
            site.pages[urls.section_page(pid, "om-dokumentet")] = about_document_page(plan)
            sections.append(NavItem("Om dokumentet", urls.section_page(pid, "om-dokumentet")))
            for goal in plan.goals:
                site.pages[urls.goal_page(pid, goal.goal_id)] = goal_page(plan, goal)
            for ind in plan.indicators:
                site.pages[urls.indicator_page(pid, ind.indicator_id)] = indicator_page(plan, ind, render_chart)
                if progress:
                    progress(1)
            plan_items.append(NavItem(f"{plan.meta.board}: {plan.meta.title}", children=tuple(sections)))
        nav.append(NavItem(municipality, children=tuple(plan_items)))
    for path, text in site_pages.items():
        if path not in ("index.md", "data.md"):
            site.pages[path] = text + (format_reference(plans, concordance or []) if path == "dataformat.md" else "")
    about = [NavItem(_page_title(site_pages[p], p), p) for p in sorted(site_pages) if p not in ("index.md", "data.md")]
    nav.append(NavItem("Ladda ner data", "data.md"))
    if about:
        nav.append(NavItem("Om webbplatsen", children=tuple(about)))
    site.nav = nav
    return site


def _page_title(text: str, path: str) -> str:
    for line in text.splitlines():
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip().strip('"')
        if line.startswith("# "):
            return line[2:].strip()
    return path


def concordance_section(plans: list[Plan], concordance: list[dict]) -> str:
    """The shared keys that link the same measure across plans, with the plans that use each."""
    if not concordance:
        return ""
    page = "dataformat.md"
    out = ["\n## Jämförelsenycklar\n\n<p>När samma mått finns i flera planer men planerna inte anger något Kolada-id får "
           "indikatorerna samma <code>concordance_key</code>. Nycklarna finns i <code>datapackages/concordance.csv</code>.</p>\n\n"]
    rows = []
    for entry in concordance:
        users = [(p, i) for p in plans for i in p.indicators if i.concordance_key == entry["concordance_key"]]
        links = "; ".join(_link(page, urls.indicator_page(p.plan_id, i.indicator_id), e(p.meta.municipality)) for p, i in users)
        rows.append(f"<tr><th scope=\"row\"><code>{e(entry['concordance_key'])}</code></th><td>{e(entry['title'])}</td>"
                    f"<td>{e(entry['description'])}</td><td>{e(entry.get('kolada_id', ''))}</td><td>{links}</td></tr>")
    out.append(_table("Jämförelsenycklar", ["Nyckel", "Mått", "Beskrivning", "Kolada-id", "Används i"], rows))
    return "".join(out)


def format_reference(plans: list[Plan] | None = None, concordance: list[dict] | None = None) -> str:
    """The format's reference, generated from the canonical schemas so it cannot drift from them."""
    from generator.spec.package import (
        CANONICAL_RESOURCES,
        RESOURCE_TITLES,
        canonical_schema,
        plan_metadata_schema,
    )

    out = [concordance_section(plans or [], concordance or []), "\n## Planens metadata (egenskapen plan)\n\n"]
    schema = plan_metadata_schema()
    required = set(schema.get("required", []))
    rows = [f"<tr><th scope=\"row\"><code>{e(name)}</code></th><td>{'ja' if name in required else 'nej'}</td>"
            f"<td>{e(prop.get('description', ''))}</td></tr>" for name, prop in schema["properties"].items()]
    out.append(_table("Fält i plan", ["Fält", "Krävs", "Beskrivning"], rows))
    for name in CANONICAL_RESOURCES:
        s = canonical_schema(name)
        out.append(f"## {e(RESOURCE_TITLES[name])}: {name}.csv\n\n")
        key = ", ".join(s.get("primaryKey", []))
        if key:
            out.append(f"<p>Nyckel: <code>{e(key)}</code>.</p>\n\n")
        rows = []
        for f in s["fields"]:
            c = f.get("constraints", {})
            rules = []
            if c.get("required"):
                rules.append("krävs")
            if c.get("unique"):
                rules.append("unikt")
            if "enum" in c:
                rules.append("ett av: " + ", ".join(c["enum"]))
            if "minimum" in c or "maximum" in c:
                rules.append(f"{c.get('minimum', '')}–{c.get('maximum', '')}")
            rows.append(f"<tr><th scope=\"row\"><code>{e(f['name'])}</code></th><td>{e(f['type'])}</td>"
                        f"<td>{e('; '.join(rules))}</td><td>{e(f.get('description', ''))}</td></tr>")
        out.append(_table(f"Kolumner i {name}.csv", ["Kolumn", "Typ", "Regler", "Beskrivning"], rows))
    return "".join(out)
