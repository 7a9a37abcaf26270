"""Goal pages and the goal overview: the goal tree with its indicators and their status."""

from __future__ import annotations

from collections import defaultdict

from generator.analysis import status
from generator.analysis.format import (
    observation_label,
)
from generator.i18n.texts import label
from generator.ingest.escape import e
from generator.model.plan import Goal, Indicator, Plan
from generator.render.html import (
    data_table,
    facts,
    front_matter,
    page_link,
    plan_label,
    shorten,
)
from generator.render.indicator import status_badge, status_summary
from generator.render.sections import assignments_table
from generator.spec import urls


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
        name_link = page_link(page, urls.indicator_page(plan.plan_id, ind.indicator_id), e(ind.name))
        a = (f"{label('value_type', shown.value_type)} {status.period_label(shown)}: {e(observation_label(shown, ind.unit))}"
             if shown else "–")
        t = f"{target.period}: {e(observation_label(target, ind.unit))}" if target else "–"
        badge = status_badge(st) if st else "–"
        rows.append(f"<tr><th scope=\"row\">{name_link}</th><td class=\"num\">{a}</td><td class=\"num\">{t}</td><td>{badge}</td></tr>")
    return data_table(e(caption), ["Indikator", "Senaste värde", "Mål", "Status"], rows)


def goal_page(plan: Plan, goal: Goal) -> str:
    page = urls.goal_page(plan.plan_id, goal.goal_id)
    out = [front_matter(shorten(goal.title, 90), goal.description[:160]), f"# {e(goal.title)}\n\n"]
    crumbs = [page_link(page, urls.plan_page(plan.plan_id), e(plan_label(plan) + ": " + plan.meta.title)),
              page_link(page, urls.goals_page(plan.plan_id), "Mål och indikatorer")]
    parent = plan.goal(goal.parent_id) if goal.parent_id else None
    if parent:
        crumbs.append(page_link(page, urls.goal_page(plan.plan_id, parent.goal_id), e(shorten(parent.title))))
    out.append(f'<nav class="plansite-crumbs" aria-label="Du är här"><ol>{"".join(f"<li>{c}</li>" for c in crumbs)}</ol></nav>\n\n')
    out.append(facts([
        ("Nivå", label('level', goal.level)),
        ("Kod", e(goal.code)),
        ("Hör till", page_link(page, urls.goal_page(plan.plan_id, parent.goal_id), e(parent.title)) if parent else ""),
        ("Beslutad av", label('decided_by', goal.decided_by)),
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
        out.append("<ul>" + "".join(f"<li>{label('level', k.level)}: {page_link(page, urls.goal_page(plan.plan_id, k.goal_id), e(k.title))}</li>" for k in kids) + "</ul>\n\n")
    inds = plan.indicators_of(goal.goal_id)
    if inds:
        out.append("## Indikatorer\n\n")
        out.append(status_summary(inds))
        out.append(indicator_list(plan, page, inds, f"Indikatorer för målet {shorten(goal.title)}"))
    elif goal.level in ("board_goal", "mission"):
        out.append("<p>Planen anger inga mätbara indikatorer för det här målet.</p>\n\n")
    assignments = plan.assignments_of(goal.goal_id)
    if assignments:
        out.append("## Uppdrag\n\n")
        out.append(assignments_table(assignments, f"Uppdrag under målet {shorten(goal.title)}"))
    return "".join(out)


def goals_overview(plan: Plan) -> str:
    page = urls.goals_page(plan.plan_id)
    out = [front_matter(f"Mål och indikatorer – {plan_label(plan)}"), "# Mål och indikatorer\n\n"]
    out.append(f"<p>{e(plan_label(plan))}, {e(plan.meta.title)}. Varje mål och indikator har en egen sida med "
               f"diagram, tabell och nedladdning.</p>\n\n")
    out.append(status_summary(plan.indicators))

    def tree(goal: Goal, depth: int) -> None:
        level = min(depth + 2, 4)
        heading = "#" * level
        level_name = label('level', goal.level)
        out.append(f"{heading} {e(shorten(goal.title, 140))}\n\n")
        out.append(f'<p class="plansite-level">{level_name}{" · " + e(goal.code) if goal.code else ""} · '
                   f'{page_link(page, urls.goal_page(plan.plan_id, goal.goal_id), "Läs mer om målet")}</p>\n\n')
        out.append(indicator_list(plan, page, plan.indicators_of(goal.goal_id), f"Indikatorer: {shorten(goal.title)}"))
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
            groups[ind.section or label('kind_plural', ind.kind)].append(ind)
        for section, inds in groups.items():
            out.append(f"### {e(section)}\n\n")
            out.append(indicator_list(plan, page, inds, section))
    return "".join(out)
