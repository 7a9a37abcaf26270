"""The indicator page: summary sentence, chart, values table, status, facts and downloads.

Also the words for a goal status (``analysis.status`` gives only codes and observations).
"""

from __future__ import annotations

from generator.analysis import status
from generator.analysis.format import (
    format_value,
    value_phrase,
)
from generator.i18n.texts import label, labels, t
from generator.ingest.escape import e
from generator.model.codes import ObservationSource, ValueType
from generator.model.plan import Indicator, Observation, Plan
from generator.render import charts, followups, svg
from generator.render.citation import citation_block
from generator.render.html import (
    ChartRenderer,
    agenda2030_text,
    data_heading,
    data_table,
    data_text,
    facts,
    front_matter,
    page_link,
    plan_label_html,
    shorten,
    units_marked,
    unsearched_heading,
    value_cell,
)
from generator.render.kolada_values import kolada_section
from generator.spec import urls


def period_text(obs: Observation, lang: str) -> str:
    """The year of a value, or "delår 2023" for a part-year figure."""
    return t("status.part_year", lang, period=obs.period) if status.is_partial(obs) else str(obs.period)


def status_label(st: status.Status, lang: str) -> str:
    return t(f"status.label.{st.key}", lang)


def status_reason(st: status.Status, lang: str) -> str:
    """Why the status was given, in one sentence naming the values compared."""
    params: dict[str, object] = {}
    if st.compared is not None:
        now = format_value(st.compared.value, st.unit, lang)
        followup = st.compared.followup  # a follow-up's value names the document: "Utfallet 2025 enligt …"
        key = f"status.now_followup.{st.compared.value_type}" if followup else f"status.now.{st.compared.value_type}"
        params.update(period=st.compared.period,
                      now=t(key, lang, period=period_text(st.compared, lang), value=now,
                            title=followup.title if followup else ""))
    if st.target is not None:
        params.update(target_period=st.target.period, target=value_phrase(st.target, st.unit, lang=lang))
    if st.before is not None:
        params.update(before_period=st.before.period)
    sentence = t(f"status.reason.{st.reason}", lang, **params)
    gap = st.gap
    if gap is not None:  # how far from the target, in the target's unit ("3 procentenheter")
        key = "status.gap_points" if st.unit == "procent" else "status.gap"
        sentence += " " + t(key, lang, gap=format_value(gap, "" if st.unit == "procent" else st.unit, lang))
    if st.target is not None and not st.target.comparator and st.direction:
        sentence += " " + t("status.direction", lang, direction=label("direction", st.direction, lang))
    if st.compared is not None and st.compared.origin == "kolada":
        sentence += " " + t("status.from_kolada", lang)
    return sentence


def _phrase(obs: Observation, others: list[Observation], unit: str, lang: str) -> str:
    """A value in the summary sentence, with the values for women and men of the same year and type
    where the plan splits it by gender: "79 % (kvinnor/flickor 78 %, män/pojkar 80 %)"."""
    split = sorted((o for o in others if o.gender != "T" and o.period == obs.period and o.value_type == obs.value_type
                    and o.value is not None), key=lambda o: "KM".index(o.gender))
    genders = ", ".join(t("indicator.summary.gender", lang, gender=label("gender", o.gender, lang).lower(),
                          value=value_phrase(o, unit, lang=lang)) for o in split)
    if obs.gender != "T":  # no total printed: the genders are the value
        return genders
    value = value_phrase(obs, unit, lang=lang)
    return t("indicator.summary.with_genders", lang, value=value, genders=genders) if genders else value


def _latest(observations: list[Observation], value_type: str) -> Observation | None:
    """The latest numeric value of a type: the total, or without a total a gender's value."""
    found = [o for o in observations if o.value_type == value_type and o.value is not None]
    return max(found, key=lambda o: (o.period, o.gender == "T"), default=None)


def summary_sentence(indicator: Indicator, lang: str) -> str:
    """One plain-language sentence: "Utfallet 2022 var 13 dagar; målet för 2026 är högst 2 dagar.",
    with women's and men's values where the plan splits by gender."""
    observations = list(indicator.observations)
    total = [o for o in observations if o.gender == "T"]
    targets = [o for o in total if o.value_type == "mal"]
    unit = indicator.unit
    parts = []
    last = _latest(observations, "utfall")
    if last:
        parts.append(t("indicator.summary.actual", lang, period=period_text(last, lang),
                       value=_phrase(last, observations, unit, lang)))
    last = _latest(observations, "prognos")
    if last:
        parts.append(t("indicator.summary.forecast", lang, period=last.period, value=_phrase(last, observations, unit, lang)))
    if targets:
        last = max(targets, key=lambda o: o.period)
        numeric = [o for o in targets if o.value is not None]
        if last.value is None and numeric:  # "Uppnått" after numeric targets: name both
            before = max(numeric, key=lambda o: o.period)
            parts.append(t("indicator.summary.target_then_text", lang, period=before.period,
                           value=_phrase(before, observations, unit, lang), text_period=last.period,
                           text=value_phrase(last, unit, lang=lang)))
        else:
            value = _phrase(last, observations, unit, lang) if last.value is not None else value_phrase(last, unit, lang=lang)
            parts.append(t("indicator.summary.target", lang, period=last.period, value=value))
    if not parts:
        return t("indicator.no_values" if not indicator.observations else "indicator.no_numbers", lang)
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def chart_description(indicator: Indicator, lang: str) -> str:
    rows = charts.chart_rows(indicator, lang)
    points = "; ".join(t("chart.point", lang, series=r["series"], year=r["year"], value=r["label"]) for r in rows)
    return t("chart.description", lang, name=indicator.name, points=points)


def chart_caption(indicator: Indicator, lang: str) -> str:
    rows = charts.chart_rows(indicator, lang)
    present = {r["value_type"] for r in rows if not r["range"]}
    keys = [t(f"chart.key.{code}", lang) for code in charts.SERIES if code in present]
    keys += [t("chart.key_range", lang)] if any(r["range"] for r in rows) else []
    keys += [t(f"chart.key_gender.{g}", lang) for g in "KM" if any(r["gender"] == g for r in rows)]
    return t("chart.caption", lang, keys=", ".join(keys))


def observations_table(indicator: Indicator, caption: str, lang: str) -> str:
    """``caption`` is HTML. The plan's values, and the follow-ups' beside them with their source named (a column of its
    own, only when there are follow-up values)."""
    followed = indicator.reported_by(ObservationSource.FOLLOWUP)
    shown = indicator.observations + followed
    genders = {o.gender for o in shown}
    show_gender = genders != {"T"}
    headers = ([t("indicator.table.year", lang), t("indicator.table.value_type", lang)]
               + ([t("indicator.table.gender", lang)] if show_gender else [])
               + [t("indicator.table.value", lang), t("indicator.table.printed", lang), t("indicator.table.note", lang)]
               + ([t("indicator.table.source", lang)] if followed else []))
    body = []
    order = {"utfall": 0, "prognos": 1, "budget": 2, "plan": 3, "mal": 4}
    for obs in sorted(shown, key=lambda o: (o.period, order[o.value_type], "TKM".index(o.gender),
                                             o.origin != ObservationSource.PLAN, o.origin_date)):
        notes = [data_text(obs.note, lang)] if obs.note and obs.note != obs.printed else []
        notes += [e(n) for n in (followups.difference_note(obs, indicator, lang),) if n]
        if obs.trend:
            notes.append(e(t("indicator.table.trend", lang, trend=label("trend", obs.trend, lang))))
        if obs.comparison:
            notes.append(e(t("indicator.table.comparison", lang, symbol=obs.comparison)))
        cells = f"<th scope=\"row\">{period_text(obs, lang)}</th><td>{label('value_type', obs.value_type, lang)}</td>"
        if show_gender:
            cells += f"<td>{label('gender', obs.gender, lang)}</td>"
        cells += (f"{value_cell(obs, indicator.unit, lang)}<td>{data_text(obs.printed, lang)}</td>"
                  f"<td>{' '.join(notes)}</td>")
        if followed:
            cells += f"<td>{followups.source_cell(obs, lang)}</td>"
        body.append(f"<tr>{cells}</tr>")
    return data_table(caption, headers, body)


def crumbs_nav(crumbs: list[str], lang: str) -> str:
    items = "".join(f"<li>{c}</li>" for c in crumbs)
    return f'<nav class="plansite-crumbs" aria-label="{t("indicator.crumbs", lang)}"><ol>{items}</ol></nav>\n\n'


GUIDE = urls.GUIDE_PAGE  # the site page that explains how to read a page (content/site/las-sidan.md)


def drawing(ind: Indicator, lang: str) -> tuple[charts.IndicatorChart, str, str, str] | None:
    """What the indicator's chart is drawn from (a ``ChartRenderer``'s arguments: the chart, its
    title, its description and its element's id), or None when it has none: the same for its page
    and for its files drawn without the page (``pages.chart_files``)."""
    chart = charts.indicator_chart(ind, lang=lang)
    if chart is None:
        return None
    return chart, ind.name, chart_description(ind, lang), f"diagram-{ind.indicator_id}"


def indicator_page(plan: Plan, ind: Indicator, render_chart: ChartRenderer | None, *, lang: str,
                   site_url: str = "", compare_page: str = "", folder: str = "", data: str = "",
                   guide: bool = True, charts_at: str = "") -> str:
    """The page; ``site_url`` makes the citation's addresses absolute, ``compare_page`` (a docs path)
    is the comparison of the measure with other plans, where there is one; ``folder`` is where the
    page's language lives in the site (``urls.language_folder``), ``data`` where the downloads are
    seen from there (``urls.data_root``), ``charts_at`` where the chart's PNG and spec are
    when not beside the page (``citation.citation_block``)."""
    page = urls.indicator_page(plan.plan_id, ind.indicator_id)
    goal = plan.goal(ind.goal_id) if ind.goal_id else None
    summary = summary_sentence(ind, lang)
    out = [front_matter(ind.name, summary)]
    out.append(data_heading(1, ind.name, lang))
    crumbs = [page_link(page, urls.plan_page(plan.plan_id), plan_label_html(plan, lang) + ": " + data_text(plan.meta.title, lang)),
              page_link(page, urls.goals_page(plan.plan_id), t("goals.title", lang))]
    if goal:
        crumbs.append(page_link(page, urls.goal_page(plan.plan_id, goal.goal_id), data_text(shorten(goal.title), lang)))
    out.append(crumbs_nav(crumbs, lang))
    out.append(f'<p class="plansite-summary">{units_marked(summary, ind.unit, lang)}</p>\n\n')
    if ind.kind == "target" or any(o.value_type == "mal" for o in ind.observations):
        out.append(status_block(page, ind, lang, guide))
    if ind.note:
        out.append(f'<p class="plansite-note"><strong>{t("indicator.note", lang)}</strong> {data_text(ind.note, lang)}</p>\n\n')
    drawn = drawing(ind, lang)
    has_chart = drawn is not None and render_chart is not None
    if has_chart:  # the chart's SVG file (published beside the page's language, as drawn here) shown as an
        # image, not written into the page a second time: 3–6 KB less on each indicator page
        description = drawn[2]
        width, height = svg.shown_size(render_chart(*drawn))
        src = urls.rel(page, urls.indicator_svg(plan.plan_id, ind.indicator_id))
        out.append(f'<figure class="plansite-figure" data-search-exclude><img class="plansite-chart" src="{e(src)}"'
                   f' alt="{e(description)}" width="{width}" height="{height}"><figcaption>{chart_caption(ind, lang)}'
                   f'</figcaption></figure>\n\n')
    out.append(f"## {t('indicator.values_heading', lang)}\n\n")
    out.append(observations_table(ind, t("indicator.values_caption", lang, name=data_text(ind.name, lang)), lang)
               + followups.table_note(ind, lang)
               if ind.observations or ind.reported_by(ObservationSource.FOLLOWUP)
               else f"<p>{t('indicator.no_values', lang)}</p>\n\n")
    out.append(kolada_section(ind, lang=lang))
    out.append(unsearched_heading(t("indicator.downloads_heading", lang)))
    hidden = f' <span class="sr-only">({data_text(ind.name, lang)})</span>'
    csv_link = page_link(page, urls.shared(urls.indicator_csv(plan.plan_id, ind.indicator_id), data), t("indicator.csv", lang) + hidden)
    json_link = page_link(page, urls.shared(urls.indicator_json(plan.plan_id, ind.indicator_id), data), t("indicator.json", lang) + hidden)
    out.append(f'<ul class="plansite-downloads" data-search-exclude><li>{csv_link}</li><li>{json_link}</li></ul>\n\n')
    out.append(citation_block(plan, ind, has_chart, site_url=site_url, lang=lang, folder=folder, charts_at=charts_at))
    out.append(f"## {t('indicator.about_heading', lang)}\n\n")
    kolada = (f'<a href="https://www.kolada.se/verktyg/fri-sokning/?kpis={e(ind.kolada_id)}">{e(ind.kolada_id)}</a>'
              if ind.kolada_id else "")
    out.append(facts([
        (t("indicator.facts.goal", lang),
         page_link(page, urls.goal_page(plan.plan_id, goal.goal_id), data_text(goal.title, lang)) if goal else ""),
        (t("indicator.facts.kind", lang), label("kind", ind.kind, lang)),
        (t("indicator.facts.unit", lang), data_text(ind.unit, lang) if ind.unit else t("indicator.facts.no_unit", lang)),
        (t("indicator.facts.direction", lang), label("direction", ind.direction, lang)),
        (t("indicator.facts.kolada", lang), kolada),
        (t("indicator.facts.compare", lang),
         page_link(page, compare_page, t("indicator.facts.compare_link", lang)) if compare_page else ""),
        (t("indicator.facts.concordance", lang),
         page_link(page, urls.FORMAT_PAGE, e(ind.concordance_key)) if ind.concordance_key else ""),
        (t("indicator.facts.decided_by", lang), label("decided_by", ind.decided_by, lang)),
        (t("indicator.facts.measures", lang), t(f"indicator.measures.{ind.measures}", lang) if ind.measures else ""),
        (t("indicator.facts.agenda2030", lang), e(agenda2030_text(ind.agenda2030, lang))),
        (t("indicator.facts.section", lang), data_text(ind.section, lang)),
    ]))
    return "".join(out)


def status_badge(st: status.Status, lang: str) -> str:
    return (f'<span class="plansite-status plansite-status--{st.code}"><span aria-hidden="true">{st.icon}</span> '
            f'{status_label(st, lang)}</span>')


def status_block(page: str, ind: Indicator, lang: str, guide: bool = True) -> str:
    """The indicator's status; with ``guide`` (the site has the reading guide, content/site/las-sidan.md) a link to it."""
    st = status.indicator_status(ind)
    how = f' {page_link(page, GUIDE, t("status.how", lang))}' if guide else ""
    return (f'<p class="plansite-status-line"><strong>{t("status.heading", lang)}</strong> {status_badge(st, lang)} '
            f'{units_marked(status_reason(st, lang), st.unit, lang)}{how}</p>\n\n')


def kind_counts(indicators, lang: str) -> list[str]:
    """How many indicators of each kind, in the format's order: "14 målindikatorer", "7 följetal"."""
    order = list(labels("kind", lang))
    kinds = sorted({i.kind for i in indicators}, key=lambda k: order.index(k) if k in order else len(order))
    return [t(f"plan.kinds.{k}", lang, n=sum(1 for i in indicators if i.kind == k)) for k in kinds]


def _shown(key: str) -> status.Status:
    """A status with the look of ``key`` (for counts): its code, judged on a forecast or not."""
    code = key.removesuffix("_prognos")
    forecast = Observation("", 0, ValueType.FORECAST) if key.endswith("_prognos") else None
    return status.Status(code, compared=forecast)


def status_counts(indicators, *, lang: str) -> str:
    """For a table cell: a list of each status of the indicators with a target, with its count (an item
    each, so that a count never wraps apart from its status; the items wrap as the column allows)."""
    targets = [i for i in indicators if i.kind == "target" or any(o.value_type == "mal" for o in i.observations)]
    if not targets:
        return t("status.no_targets", lang)
    return '<ul class="plansite-status-counts">' + "".join(
        f"<li>{status_badge(_shown(key), lang)}<span>\u00a0{n}</span></li>"
        for key, n in status.summarise(targets).items() if n) + "</ul>"


def status_summary(indicators, heading: str | None = None, *, lang: str) -> str:
    """How many indicators with a target have each status. ``heading`` is HTML-escaped here;
    without one, status.summary_heading."""
    targets = [i for i in indicators if i.kind == "target" or any(o.value_type == "mal" for o in i.observations)]
    if not targets:
        return ""
    counts = status.summarise(targets)
    items = "".join(f'<li>{status_badge(_shown(key), lang)}: {n}</li>' for key, n in counts.items() if n)
    count = t("status.with_target", lang, n=len(targets))
    if {i.kind for i in targets} != {"target"}:  # not only target indicators: say which, as the plan page counts them
        count = t("status.with_target_kinds", lang, count=count, kinds=", ".join(kind_counts(targets, lang)))
    text = t("status.summary", lang, heading=e(heading or t("status.summary_heading", lang)), count=count)
    return f'<p class="plansite-status-heading">{text}</p><ul class="plansite-status-summary">{items}</ul>\n\n'
