"""Goal pages and the goal overview: the goal tree with its indicators and their status."""

from __future__ import annotations

from collections import defaultdict

from generator.analysis import status
from generator.i18n.texts import label, t
from generator.ingest.escape import e
from generator.model.plan import Goal, Indicator, Plan
from generator.render.html import (
    agenda2030_text,
    data_heading,
    data_lang,
    data_table,
    data_text,
    facts,
    front_matter,
    page_link,
    plan_label,
    plan_label_html,
    shorten,
    value_html,
)
from generator.render.indicator import (
    crumbs_nav,
    period_text,
    status_badge,
    status_summary,
)
from generator.render.sections import assignments_table
from generator.spec import urls


def indicator_list(plan: Plan, page: str, indicators: tuple[Indicator, ...] | list[Indicator], caption: str,
                   lang: str) -> str:
    """The indicators with their latest value, target and status; ``caption`` is HTML."""
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
        name_link = page_link(page, urls.indicator_page(plan.plan_id, ind.indicator_id), data_text(ind.name, lang))
        latest = (t("goals.latest", lang, value_type=label("value_type", shown.value_type, lang),
                    period=period_text(shown, lang), value=value_html(shown, ind.unit, lang))
                  if shown else "–")
        goal = (t("goals.target", lang, period=target.period, value=value_html(target, ind.unit, lang))
                if target else "–")
        badge = status_badge(st, lang) if st else "–"
        rows.append(f"<tr><th scope=\"row\">{name_link}</th><td>{latest}</td><td>{goal}</td>"
                    f"<td>{badge}</td></tr>")
    headers = [t(f"goals.columns.{c}", lang) for c in ("indicator", "latest", "target", "status")]
    return data_table(caption, headers, rows)


def level_name(goal: Goal, lang: str) -> str:
    """The goal's level in the document's own words ("Nämndsmål", "Kommunövergripande mål"), escaped;
    the format's name for the level where the document prints none."""
    return data_text(goal.level_label, lang) if goal.level_label else label("level", goal.level, lang)


def goal_page(plan: Plan, goal: Goal, *, lang: str) -> str:
    page = urls.goal_page(plan.plan_id, goal.goal_id)
    out = [front_matter(shorten(goal.title, 90), goal.description[:160]), data_heading(1, goal.title, lang)]
    crumbs = [page_link(page, urls.plan_page(plan.plan_id), plan_label_html(plan, lang) + ": " + data_text(plan.meta.title, lang)),
              page_link(page, urls.goals_page(plan.plan_id), t("goals.title", lang))]
    parent = plan.goal(goal.parent_id) if goal.parent_id else None
    if parent:
        crumbs.append(page_link(page, urls.goal_page(plan.plan_id, parent.goal_id), data_text(shorten(parent.title), lang)))
    out.append(crumbs_nav(crumbs, lang))
    out.append(facts([
        (t("goals.facts.level", lang), level_name(goal, lang)),
        (t("goals.facts.code", lang), e(goal.code)),
        (t("goals.facts.parent", lang),
         page_link(page, urls.goal_page(plan.plan_id, parent.goal_id), data_text(parent.title, lang)) if parent else ""),
        (t("goals.facts.decided_by", lang), label("decided_by", goal.decided_by, lang)),
        (t("goals.facts.agenda2030", lang), e(agenda2030_text(goal.agenda2030, lang))),
        (t("goals.facts.crc", lang), e(goal.crc_articles.replace(";", ", "))),
        (t("goals.facts.section", lang), data_text(goal.section, lang)),
        (t("goals.facts.note", lang), data_text(goal.note, lang)),
    ]))
    if goal.description:
        out.append(f"<p{data_lang(lang)}>{e(goal.description)}</p>\n\n")
    kids = plan.children(goal.goal_id)
    if kids:
        out.append(f"## {t('goals.children_heading', lang)}\n\n")
        out.append("<ul>" + "".join(f"<li>{level_name(k, lang)}: "
                                    f"{page_link(page, urls.goal_page(plan.plan_id, k.goal_id), data_text(k.title, lang))}</li>"
                                    for k in kids) + "</ul>\n\n")
    inds = plan.indicators_of(goal.goal_id)
    if inds:
        out.append(f"## {t('goals.indicators_heading', lang)}\n\n")
        out.append(status_summary(inds, lang=lang))
        out.append(indicator_list(plan, page, inds, t("goals.indicators_caption", lang, goal=data_text(shorten(goal.title), lang)), lang))
    elif goal.level in ("board_goal", "mission"):
        out.append(f"<p>{t('goals.no_indicators', lang)}</p>\n\n")
    assignments = plan.assignments_of(goal.goal_id)
    if assignments:
        out.append(f"## {t('goals.assignments_heading', lang)}\n\n")
        out.append(assignments_table(assignments, t("goals.assignments_caption", lang, goal=data_text(shorten(goal.title), lang)), lang=lang))
    return "".join(out)


def goals_overview(plan: Plan, *, lang: str) -> str:
    page = urls.goals_page(plan.plan_id)
    out = [front_matter(t("goals.overview_title", lang, plan=plan_label(plan, lang))), f"# {t('goals.title', lang)}\n\n"]
    out.append(f"<p>{t('goals.overview_intro', lang, plan=plan_label_html(plan, lang), title=data_text(plan.meta.title, lang))}</p>\n\n")
    out.append(status_summary(plan.indicators, lang=lang))

    def tree(goal: Goal, depth: int) -> None:
        out.append(data_heading(min(depth + 2, 4), shorten(goal.title, 140), lang))
        out.append(f'<p class="plansite-level">{level_name(goal, lang)}{" · " + e(goal.code) if goal.code else ""} · '
                   f'{page_link(page, urls.goal_page(plan.plan_id, goal.goal_id), t("goals.read_more", lang))}</p>\n\n')
        out.append(indicator_list(plan, page, plan.indicators_of(goal.goal_id),
                                  t("goals.list_caption", lang, goal=data_text(shorten(goal.title), lang)), lang))
        for kid in plan.children(goal.goal_id):
            tree(kid, depth + 1)

    for root in (g for g in plan.goals if not g.parent_id or plan.goal(g.parent_id) is None):
        tree(root, 0)
    loose = [i for i in plan.indicators if not i.goal_id]
    if loose:
        out.append(f"## {t('goals.loose_heading', lang)}\n\n")
        out.append(f"<p>{t('goals.loose_intro', lang)}</p>\n\n")
        groups: dict[str, list[Indicator]] = defaultdict(list)
        for ind in loose:
            groups[ind.section or label("kind_plural", ind.kind, lang)].append(ind)
        for section, inds in groups.items():
            printed = bool(inds[0].section)  # the plan's own section, else the catalogue's name of the kind
            out.append(data_heading(3, section, lang) if printed else f"### {e(section)}\n\n")
            out.append(indicator_list(plan, page, inds, data_text(section, lang) if printed else e(section), lang))
    return "".join(out)
