"""The plan's other pages: overview, assignments, risks, premises, extra tables, chapters, about the document."""

from __future__ import annotations

from collections import defaultdict

from generator.analysis.format import (
    year_span,
)
from generator.i18n.texts import label
from generator.ingest.escape import e
from generator.model.plan import Plan
from generator.render.budget import budget_page
from generator.render.html import (
    ChartRenderer,
    data_table,
    facts,
    front_matter,
    page_link,
    plan_label,
    shorten,
)
from generator.render.indicator import status_summary
from generator.spec import urls


def assignments_table(assignments, caption: str) -> str:
    rows = [f"<tr><th scope=\"row\">{e(a.title)}</th><td>{e(label('decided_by', a.decided_by))}</td><td>{e(a.financing)}</td>"
            f"<td>{e(a.target_images.replace(';', ', '))}</td><td>{e(a.note)}</td></tr>" for a in assignments]
    return data_table(e(caption), ["Uppdrag", "Beslutad av", "Finansiering", "Målbilder", "Anmärkning"], rows)


def assignments_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    out = [front_matter(f"Uppdrag – {plan_label(plan)}"), "# Uppdrag\n\n"]
    groups: dict[str, list] = defaultdict(list)
    for a in plan.assignments:
        groups[a.goal_id].append(a)
    for goal_id, items in groups.items():
        goal = plan.goal(goal_id)
        title = goal.title if goal else "Övriga uppdrag"
        out.append(f"## {e(title)}\n\n")
        out.append(assignments_table(items, f"Uppdrag: {shorten(title)}"))
    return "".join(out)


def risks_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    out = [front_matter(f"Internkontroll och risker – {plan_label(plan)}"), "# Internkontroll och risker\n\n"]
    out.append("<p>Riskvärdet är sannolikhet gånger väsentlighet (konsekvens) när planen anger båda.</p>\n\n")
    rows = []
    for r in plan.risks:
        prob = " ".join(x for x in (str(r.probability) if r.probability else "", e(r.probability_label)) if x)
        cons = " ".join(x for x in (str(r.consequence) if r.consequence else "", e(r.consequence_label)) if x)
        value = str(r.risk_value) if r.risk_value is not None else ""
        printed = f" (tryckt: {e(r.risk_printed)})" if r.risk_printed and r.risk_printed != value else ""
        rows.append(f"<tr><td>{e(r.area)}</td><th scope=\"row\">{e(r.risk)}</th><td>{prob}</td><td>{cons}</td>"
                    f"<td class=\"num\">{value}{printed}</td><td>{e(r.control)}</td><td>{e(r.follow_up)}</td><td>{e(r.note)}</td></tr>")
    out.append(data_table("Risker i internkontrollplanen", ["Område", "Risk", "Sannolikhet", "Väsentlighet", "Riskvärde",
                                                         "Kontroll/åtgärd", "Uppföljning", "Anmärkning"], rows))
    return "".join(out)


def premises_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    out = [front_matter(f"Lokalbehov – {plan_label(plan)}"), "# Lokalbehov\n\n"]
    rows = [f"<tr><th scope=\"row\">{e(n.description)}</th><td>{n.year or ''}</td><td>{e(n.category)}</td>"
            f"<td>{n.priority or ''}</td><td>{e(n.motivation)}</td></tr>" for n in plan.premises_needs]
    out.append(data_table("Lokalbehov", ["Behov", "När", "Kategori", "Prioritering", "Motivering"], rows))
    return "".join(out)


def extra_tables_page(plan: Plan, render_chart: ChartRenderer | None = None) -> str:
    out = [front_matter(f"Fler tabeller – {plan_label(plan)}"), "# Fler tabeller\n\n"]
    for t in plan.extra_tables:
        out.append(f"## {e(t.title)}\n\n")
        if t.description:
            out.append(f"<p>{e(t.description)}</p>\n\n")
        rows = ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in t.rows]
        out.append(data_table(e(t.title), [e(h) for h in t.headers], rows))
    return "".join(out)


def chapter_page(plan: Plan, chapter) -> str:
    """The chapter's title and its safe page source (``markup.render``, made during validation)."""
    return front_matter(chapter.title) + f"# {e(chapter.title)}\n\n" + chapter.body


def about_document_page(plan: Plan) -> str:
    page = urls.section_page(plan.plan_id, "om-dokumentet")
    m = plan.meta
    out = [front_matter(f"Om dokumentet – {plan_label(plan)}"), "# Om dokumentet\n\n"]
    out.append(facts([
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
        out.append(data_table("Beslut om planen", ["Instans", "Datum", "Paragraf", "Diarienummer", "Ärende", "Beslut", "Anmärkning"], rows))
    out.append("## Rättelser\n\n")
    if plan.corrections:
        out.append("<p>Texten är överförd från planens PDF. Där överföringen gav fel (avstavningar, delade namn) "
                   "har vi rättat dem; här är varje rättelse.</p>\n\n")
        rows = [f"<tr><td>{e(c.resource)}</td><td>{e(c.key)}</td><td>{e(c.field)}</td><td>{e(c.found)}</td>"
                f"<td>{e(c.corrected)}</td><td>{e(c.reason)}</td></tr>" for c in plan.corrections]
        out.append(data_table("Rättelser av textutdraget", ["Fil", "Rad", "Fält", "Stod", "Rättat till", "Skäl"], rows))
    else:
        out.append("<p>Inga rättelser har behövts.</p>\n\n")
    out.append("## Data\n\n")
    out.append(f'<p>Hela planen som datapaket (Frictionless Data Package, CC0): '
               f'{page_link(page, urls.package_file(plan.plan_id, "datapackage.json"), "datapackage.json")}.</p>\n')
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
    out = [front_matter(f"{m.title} – {plan_label(plan)}", f"{m.title}, {plan_label(plan)}, som öppna data."),
           f"# {e(m.title)}\n\n"]
    out.append(f'<p class="plansite-lead">{e(plan_label(plan))} · {e(m.document_type.capitalize())} för '
               f'{year_span(m.period_start, m.period_end)}</p>\n\n')
    responsible = ", ".join(f"{e(p.role)} {e(p.name)}".strip() for p in m.responsible)
    out.append(facts([
        ("Kommun", f"{e(m.municipality)} (kommunkod {e(m.municipality_code)})"),
        ("Nämnd", e(m.board)),
        ("Gäller", year_span(m.period_start, m.period_end) + (f", från {e(m.valid_from)}" if m.valid_from else "")),
        ("Antagen", " ".join(x for x in (e(m.adopted_by), e(m.adopted_date), e(m.decision_reference)) if x)),
        ("Ansvariga", responsible),
    ]))
    kinds = defaultdict(int)
    for ind in plan.indicators:
        kinds[ind.kind] += 1
    items = [f"<li>{page_link(page, urls.goals_page(plan.plan_id), 'Mål och indikatorer')}: {len(plan.goals)} mål, "
             + ", ".join(f"{n} {label('kind_plural', k).lower()}" for k, n in kinds.items()) + "</li>"]
    for name, title, present, _ in SECTION_PAGES:
        if present(plan):
            items.append(f"<li>{page_link(page, urls.section_page(plan.plan_id, name), title)}</li>")
    out.append("## I planen\n\n<ul>" + "".join(items) + "</ul>\n\n")
    out.append(status_summary(plan.indicators, "Så går det enligt planens egna siffror"))
    if plan.chapters:
        out.append("## Planens text\n\n<ol class=\"plansite-chapters\">" + "".join(
            f"<li>{page_link(page, urls.chapter_page(plan.plan_id, c.slug), e(c.title))}</li>" for c in plan.chapters) + "</ol>\n\n")
    out.append("## Öppna data\n\n")
    out.append(f'<p>Planens alla värden kan laddas ner: {page_link(page, urls.package_file(plan.plan_id, "datapackage.json"), "datapaketet för planen")} '
               f'och de gemensamma filerna för alla planer på {page_link(page, "data.md", "sidan Ladda ner data")}. '
               f'Källa och rättelser finns under {page_link(page, urls.section_page(plan.plan_id, "om-dokumentet"), "Om dokumentet")}.</p>\n')
    return "".join(out)
