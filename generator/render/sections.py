"""The plan's other pages: overview, assignments, risks, premises, extra tables, chapters, about the document."""

from __future__ import annotations

import re
from collections import defaultdict

from generator.analysis.format import (
    year_span,
)
from generator.i18n.texts import has, label, t
from generator.ingest.escape import e
from generator.ingest.markup import TABLE_MARK
from generator.model.plan import Plan
from generator.render.budget import budget_page
from generator.render.followups import followups_section
from generator.render.html import (
    DATA_LANG,
    ChartRenderer,
    data_heading,
    data_lang,
    data_table,
    data_text,
    facts,
    front_matter,
    page_link,
    plan_label,
    plan_label_html,
    plan_page_title,
    scroll_hint,
    shorten,
    web_link,
)
from generator.render.indicator import kind_counts, status_summary
from generator.spec import urls


def assignments_table(assignments, caption: str, *, lang: str) -> str:
    """The assignments as a table; ``caption`` is HTML."""
    d = lambda text: data_text(text, lang)
    rows = [f"<tr><th scope=\"row\">{d(a.title)}</th><td>{e(label('decided_by', a.decided_by, lang))}</td><td>{d(a.financing)}</td>"
            f"<td>{d(a.target_images.replace(';', ', '))}</td><td>{d(a.note)}</td></tr>" for a in assignments]
    headers = [t(f"sections.assignments.{c}", lang) for c in ("assignment", "decided_by", "financing", "target_images")]
    return data_table(caption, headers + [t("sections.note", lang)], rows)


def _heading(plan: Plan, key: str, lang: str) -> list[str]:
    """Front matter and first heading of a section page titled by the catalogue key ``key``."""
    title = t(key, lang)
    return [front_matter(plan_page_title(title, plan, lang=lang)), f"# {title}\n\n"]


def assignments_page(plan: Plan, render_chart: ChartRenderer | None = None, *, lang: str, data: str = "") -> str:
    out = _heading(plan, "nav.assignments", lang)
    groups: dict[str, list] = defaultdict(list)
    for a in plan.assignments:
        groups[a.goal_id].append(a)
    for goal_id, items in groups.items():
        goal = plan.goal(goal_id)
        title = goal.title if goal else t("sections.assignments.ungrouped", lang)
        out.append(data_heading(2, title, lang) if goal else f"## {e(title)}\n\n")
        shown = data_text(shorten(title), lang) if goal else e(shorten(title))
        out.append(assignments_table(items, t("sections.assignments.caption", lang, goal=shown), lang=lang))
    return "".join(out)


def risks_page(plan: Plan, render_chart: ChartRenderer | None = None, *, lang: str, data: str = "") -> str:
    out = _heading(plan, "nav.risks", lang)
    out.append(f"<p>{t('sections.risks.intro', lang)}</p>\n\n")
    rows = []
    for r in plan.risks:
        d = lambda text: data_text(text, lang)
        prob = " ".join(x for x in (str(r.probability) if r.probability else "", d(r.probability_label)) if x)
        cons = " ".join(x for x in (str(r.consequence) if r.consequence else "", d(r.consequence_label)) if x)
        value = str(r.risk_value) if r.risk_value is not None else ""
        printed = " " + t("sections.risks.printed", lang, printed=d(r.risk_printed)) if r.risk_printed and r.risk_printed != value else ""
        rows.append(f"<tr><td>{d(r.area)}</td><th scope=\"row\">{d(r.risk)}</th><td>{prob}</td><td>{cons}</td>"
                    f"<td class=\"num\">{value}{printed}</td><td>{d(r.control)}</td><td>{d(r.follow_up)}</td><td>{d(r.note)}</td></tr>")
    headers = [t(f"sections.risks.{c}", lang) for c in ("area", "risk", "probability", "consequence", "value", "control", "follow_up")]
    out.append(data_table(t("sections.risks.caption", lang), headers + [t("sections.note", lang)], rows))
    return "".join(out)


def premises_page(plan: Plan, render_chart: ChartRenderer | None = None, *, lang: str, data: str = "") -> str:
    out = _heading(plan, "nav.premises", lang)
    d = lambda text: data_text(text, lang)
    rows = [f"<tr><th scope=\"row\">{d(n.description)}</th><td>{n.year or ''}</td><td>{d(n.category)}</td>"
            f"<td>{n.priority or ''}</td><td>{d(n.motivation)}</td></tr>" for n in plan.premises_needs]
    headers = [t(f"sections.premises.{c}", lang) for c in ("need", "when", "category", "priority", "motivation")]
    out.append(data_table(t("nav.premises", lang), headers, rows))
    return "".join(out)


def extra_tables_page(plan: Plan, render_chart: ChartRenderer | None = None, *, lang: str, data: str = "") -> str:
    out = _heading(plan, "nav.extra_tables", lang)
    for table in plan.extra_tables:
        out.append(data_heading(2, table.title, lang))
        if table.description:
            out.append(f"<p{data_lang(lang)}>{e(table.description)}</p>\n\n")
        rows = [f"<tr{data_lang(lang)}>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in table.rows]
        out.append(data_table(data_text(table.title, lang), [data_text(h, lang) for h in table.headers], rows))
    return "".join(out)


def chapter_page(plan: Plan, chapter, *, lang: str) -> str:
    """The chapter's title and its safe page source (``markup.render``, made during validation, in
    no language): the plan's own text, with each table's region named in ``lang`` here."""
    body = re.sub(rf'{TABLE_MARK}="(\d+)"', lambda m: f'aria-label="{e(t("labels.chapter.table", lang, n=int(m.group(1))))}"',
                  chapter.body).replace("<caption>", f"<caption{scroll_hint(lang)}>")  # a table of its own may have one
    if lang != DATA_LANG:  # the plan's own text: every block and heading of it in the plan's language
        body = body.replace('<div class="plansite-chapter">', f'<div class="plansite-chapter"{data_lang(lang)}>')
        body = re.sub(r'(<div class="plansite-table" [^>]*aria-label="[^"]*")>(<table class="plansite-data")>',
                      rf'\1 lang="{lang}">\2{data_lang(lang)}>', body)  # the region's name in the page's language
        body = re.sub(r"^(#+ .*) \{: (#[^}]*) \}$", rf"\1 {{: \2 lang={DATA_LANG} }}", body, flags=re.M)
    return front_matter(chapter.title) + data_heading(1, chapter.title, lang) + body


def source_document(plan: Plan, *, lang: str) -> str:
    """The source document named by its title, board, municipality and adoption date (when the plan
    gives it), linked where its public address is known. The package's internal file name
    (``source.file``) is a transcription detail and never shown."""
    m = plan.meta
    title = m.source_title or m.title
    name = web_link(m.source_url, data_text(title, lang)) if m.source_url.startswith(("https://", "http://")) \
        else data_text(title, lang)
    text = t("plan.source_value", lang, title=name, board=data_text(m.board, lang), municipality=data_text(m.municipality, lang))
    if m.adopted_date:
        text = t("plan.source_adopted", lang, source=text, date=e(m.adopted_date))
    if not m.source_url:
        text += " " + t("plan.source_no_url", lang)
    return text


def about_document_page(plan: Plan, *, lang: str, data: str = "") -> str:
    page = urls.section_page(plan.plan_id, urls.ABOUT_DOCUMENT)
    m = plan.meta
    out = _heading(plan, "nav.about_document", lang)
    out.append(facts([
        (t("sections.about.document", lang), data_text(m.title, lang)),
        (t("sections.about.source", lang), source_document(plan, lang=lang)),
        (t("sections.about.source_url", lang), e(m.source_url)),  # the address in words; the title above links it
        (t("sections.about.about_source", lang), data_text(m.source_note, lang)),
    ]))
    if m.notes:
        out.append(f"## {t('sections.about.notes', lang)}\n\n<ul>" + "".join(f"<li{data_lang(lang)}>{e(n)}</li>" for n in m.notes) + "</ul>\n\n")
    if plan.decisions:
        out.append(f"## {t('sections.about.decisions', lang)}\n\n")
        x = lambda text: data_text(text, lang)
        rows = [f"<tr><th scope=\"row\">{x(d.body)}</th><td>{d.date.isoformat() if d.date else ''}</td><td>{e(d.paragraph)}</td>"
                f"<td>{e(d.reference)}</td><td>{x(d.title)}</td><td>{x(d.decision)}</td><td>{x(d.note)}</td></tr>"
                for d in plan.decisions]
        headers = [t(f"sections.about.{c}", lang) for c in ("body", "date", "paragraph", "reference", "matter", "decision")]
        out.append(data_table(t("sections.about.decisions_caption", lang), headers + [t("sections.note", lang)], rows))
    out.append(followups_section(plan, lang=lang))
    out.append(f"## {t('sections.about.corrections', lang)}\n\n")
    if plan.corrections:
        out.append(f"<p>{t('sections.about.corrections_intro', lang)}</p>\n\n")
        rows = [f"<tr><td>{e(c.resource)}</td><td>{e(c.key)}</td><td>{e(c.field)}</td><td>{data_text(c.found, lang)}</td>"
                f"<td>{data_text(c.corrected, lang)}</td><td>{data_text(c.reason, lang)}</td></tr>" for c in plan.corrections]
        headers = [t(f"sections.about.{c}", lang) for c in ("file", "row", "field", "found", "corrected", "reason")]
        out.append(data_table(t("sections.about.corrections_caption", lang), headers, rows))
    else:
        out.append(f"<p>{t('sections.about.no_corrections', lang)}</p>\n\n")
    out.append(f"## {t('sections.about.data', lang)}\n\n")
    link = page_link(page, urls.shared(urls.package_file(plan.plan_id, "datapackage.json"), data), "datapackage.json")
    out.append(f"<p>{t('sections.about.package', lang, link=link)}</p>\n")
    return "".join(out)


#: The optional section pages (``urls.SECTIONS`` says which a plan has): path name → (catalogue key
#: of the title, renderer). Each renderer takes the plan, the chart renderer, ``lang`` and ``data``
#: (where the downloads are seen from the pages: ``urls.data_root``), like ``budget_page``.
SECTION_PAGES = {
    "ekonomi": ("nav.budget", budget_page),
    "uppdrag": ("nav.assignments", assignments_page),
    "internkontroll": ("nav.risks", risks_page),
    "lokalbehov": ("nav.premises", premises_page),
    "tabeller": ("nav.extra_tables", extra_tables_page),
}


def document_type_name(code: str, lang: str) -> str:
    """The name of a document type of the format ("verksamhetsplan" → "Verksamhetsplan")."""
    key = f"plan.document_type.{code}"
    return t(key, lang) if has(key, lang) else code.capitalize()


def _contents(plan: Plan, page: str, lang: str) -> str:
    """The list "In the plan": goals and indicators counted by kind, then the section pages."""
    counts = [t("plan.goals", lang, n=len(plan.goals))] + kind_counts(plan.indicators, lang)
    items = [f"<li>{page_link(page, urls.goals_page(plan.plan_id), t('nav.goals', lang))}: {', '.join(counts)}</li>"]
    for name in urls.sections(plan):
        items.append(f"<li>{page_link(page, urls.section_page(plan.plan_id, name), t(SECTION_PAGES[name][0], lang))}</li>")
    return f"## {t('plan.in_plan', lang)}\n\n<ul>" + "".join(items) + "</ul>\n\n"


def plan_overview(plan: Plan, *, lang: str, data: str = "") -> str:
    page = urls.plan_page(plan.plan_id)
    m = plan.meta
    name = plan_label(plan, lang)
    years = year_span(m.period_start, m.period_end)
    out = [front_matter(plan_page_title(m.title, plan, lang=lang), t("plan.description", lang, title=m.title, plan=name)),
           data_heading(1, m.title, lang)]
    lead = t("plan.lead", lang, plan=plan_label_html(plan, lang), document_type=e(document_type_name(m.document_type, lang)), years=years)
    out.append(f'<p class="plansite-lead">{lead}</p>\n\n')
    out.append(status_summary(plan.indicators, t("plan.status_heading", lang), lang=lang))  # the plan page leads with it
    responsible = ", ".join(data_text(f"{p.role} {p.name}".strip(), lang) for p in m.responsible)
    valid_from = ", " + t("plan.valid_from", lang, date=e(m.valid_from)) if m.valid_from else ""
    out.append(facts([
        (t("plan.municipality", lang), t("plan.municipality_value", lang, municipality=data_text(m.municipality, lang), code=e(m.municipality_code))),
        (t("plan.board", lang), data_text(m.board, lang)),
        (t("plan.valid", lang), years + valid_from),
        (t("plan.adopted", lang), " ".join(x for x in (data_text(m.adopted_by, lang), e(m.adopted_date), e(m.decision_reference)) if x)),
        (t("plan.responsible", lang), responsible),
        (t("plan.source", lang), source_document(plan, lang=lang)),
    ]))
    out.append(_contents(plan, page, lang))
    if plan.chapters:
        out.append(f"## {t('nav.plan_text', lang)}\n\n<ol class=\"plansite-chapters\">" + "".join(
            f"<li>{page_link(page, urls.chapter_page(plan.plan_id, c.slug), data_text(c.title, lang))}</li>" for c in plan.chapters) + "</ol>\n\n")
    out.append(f"## {t('plan.open_data', lang)}\n\n")
    package = page_link(page, urls.shared(urls.package_file(plan.plan_id, "datapackage.json"), data),
                        t("plan.package_link", lang))
    data_page = page_link(page, urls.DATA_PAGE, t("plan.data_page_link", lang))
    about = page_link(page, urls.section_page(plan.plan_id, urls.ABOUT_DOCUMENT), t("nav.about_document", lang))
    out.append(f"<p>{t('plan.open_data_text', lang, package=package, data_page=data_page, about=about)}</p>\n")
    return "".join(out)
