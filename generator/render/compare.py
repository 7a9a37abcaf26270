"""Comparison pages: one per measure several plans report (``analysis.shared``), and their index.

Each page lists every municipality and plan that reports the measure, their values side by side by
year (by gender where a plan gives it), the targets each sets, and notes where the plans' units,
years or names differ. Only the plans' own printed values are compared; a reader follows the link
to each indicator page for the rest.
"""

from __future__ import annotations

from generator.analysis.format import value_phrase, year_span
from generator.analysis.shared import SharedMeasure
from generator.i18n.order import alphabetical
from generator.i18n.texts import label, t
from generator.ingest.escape import e
from generator.model.plan import Indicator
from generator.render import compare_chart
from generator.render.html import (
    ChartRenderer,
    data_heading,
    data_lang,
    data_table,
    data_text,
    front_matter,
    page_link,
    plan_label_html,
    value_cell,
    web_link,
)
from generator.spec import urls

ORDER = ("utfall", "prognos", "budget", "plan", "mal")


def kolada_url(kolada_id: str) -> str:
    """The KPI on kolada.se (a link only: the site loads nothing from there)."""
    return f"https://www.kolada.se/verktyg/fri-sokning/?kpis={kolada_id}"


def measure_title(measure: SharedMeasure, concordance: list[dict]) -> str:
    """The concordance's title for the measure, else the name the first plan gives it."""
    titles = {c["concordance_key"]: c.get("title", "") for c in concordance}
    for key in measure.concordance_keys:
        if titles.get(key):
            return titles[key]
    return measure.members[0][1].name


def _municipalities(measure: SharedMeasure) -> list[str]:
    return sorted({p.meta.municipality for p, _ in measure.members}, key=alphabetical)


def _identifiers(measure: SharedMeasure, lang: str) -> str:
    parts = [t("compare.concordance_key", lang, key=f"<code>{e(k)}</code>") for k in measure.concordance_keys]
    parts += [t("compare.kolada_id", lang, link=web_link(kolada_url(k), e(k))) for k in measure.kolada_ids]
    return "; ".join(parts)


def _values_table(page: str, measure: SharedMeasure, lang: str) -> str:
    years = sorted({o.period for _, i in measure.members for o in i.observations})
    show_gender = any(o.gender != "T" for _, i in measure.members for o in i.observations)
    headers = [t("compare.table.municipality", lang), t("compare.table.plan", lang), t("compare.table.value_type", lang)]
    headers += [t("compare.table.gender", lang)] if show_gender else []
    headers += [str(y) for y in years]
    rows = []
    for plan, ind in measure.members:
        link = page_link(page, urls.indicator_page(plan.plan_id, ind.indicator_id), data_text(f"{plan.meta.board}: {ind.name}", lang))
        series = sorted({(o.value_type, o.gender) for o in ind.observations},
                        key=lambda s: (ORDER.index(s[0]) if s[0] in ORDER else len(ORDER), "TKM".index(s[1])))
        if not series:
            empty = "<td></td>" * (len(years) + (2 if show_gender else 1))
            rows.append(f'<tr><th scope="row">{data_text(plan.meta.municipality, lang)}</th><td>{link}</td>{empty}</tr>')
        for value_type, gender in series:
            by_year = {o.period: o for o in ind.observations if o.value_type == value_type and o.gender == gender}
            cells = "".join(value_cell(by_year.get(y), ind.unit, lang) for y in years)
            sex = f"<td>{label('gender', gender, lang)}</td>" if show_gender else ""
            rows.append(f'<tr><th scope="row">{data_text(plan.meta.municipality, lang)}</th><td>{link}</td>'
                        f"<td>{label('value_type', value_type, lang)}</td>{sex}{cells}</tr>")
    return data_table(t("compare.table.caption", lang), headers, rows, numbers_from=len(headers) - len(years))


def _targets(measure: SharedMeasure, lang: str) -> str:
    items = []
    for plan, ind in measure.members:
        targets = sorted((o for o in ind.observations if o.value_type == "mal"), key=lambda o: (o.period, "TKM".index(o.gender)))
        text = "; ".join(t("compare.target", lang, year=o.period, value=value_phrase(o, ind.unit, lang=lang))
                         + (f" ({label('gender', o.gender, lang).lower()})" if o.gender != "T" else "") for o in targets)
        items.append(f"<li>{plan_label_html(plan, lang)}: {e(text) if text else t('compare.no_target', lang)}</li>")
    return f"## {t('compare.targets_heading', lang)}\n\n<ul>" + "".join(items) + "</ul>\n\n"


def _span(ind: Indicator) -> str:
    years = sorted({o.period for o in ind.observations if o.value_type == "utfall"})
    return year_span(years[0], years[-1]) if years else ""


def _notes(measure: SharedMeasure, lang: str) -> list[str]:
    """Where the plans differ: units, the years with actual values, the names they give the measure."""
    notes = []
    units = {i.unit for _, i in measure.members}
    if len(units) > 1:
        each = "; ".join(f"{p.meta.municipality}: {i.unit or t('compare.no_unit', lang)}" for p, i in measure.members)
        charted = compare_chart.drawable(measure) != "units"  # the plans with values to draw agree
        notes.append(t("compare.notes.units_charted" if charted else "compare.notes.units", lang, units=e(each)))
    spans = {_span(i) for _, i in measure.members}
    if len(spans) > 1:
        each = "; ".join(f"{p.meta.municipality}: {_span(i) or t('compare.no_actuals', lang)}" for p, i in measure.members)
        notes.append(t("compare.notes.years", lang, years=e(each)))
    if len({i.name for _, i in measure.members}) > 1:
        notes.append(t("compare.notes.names", lang))
    if len(measure.kolada_ids) > 1 or (measure.kolada_ids and any(not i.kolada_id for _, i in measure.members)):
        notes.append(t("compare.notes.kolada", lang))
    return notes


def _chart(measure: SharedMeasure, title: str, render_chart: ChartRenderer | None, lang: str) -> str:
    """The chart by year with its caption, or why the values are in the table only (too many plans;
    differing units are said in the notes)."""
    if compare_chart.drawable(measure) == "plans":
        return f"<p>{t('compare.chart.too_many', lang)}</p>\n\n"
    chart = compare_chart.compare_chart(measure, title, lang=lang)
    if chart is None or render_chart is None:
        return ""
    svg = render_chart(chart, title, compare_chart.chart_description(measure, title, lang), f"diagram-{measure.key}")
    return (f'<figure class="plansite-figure" data-search-exclude>{svg}<figcaption>'
            f'{e(compare_chart.chart_caption(measure, lang))}</figcaption></figure>\n\n')


def compare_page(measure: SharedMeasure, concordance: list[dict], *, lang: str,
                 render_chart: ChartRenderer | None = None) -> str:
    """The page; ``render_chart`` draws its chart (None: no chart, as in tests of the text)."""
    page = urls.compare_page(measure.key)
    title = measure_title(measure, concordance)
    names = _municipalities(measure)
    # no table of contents beside the page (its four headings): the values table has a column a year, and at
    # 1280 px the sidebar left it 688 px, so that the last years were hidden until scrolled to
    out = [front_matter(t("compare.page_title", lang, title=title), t("compare.description", lang, title=title,
                                                                        municipalities=", ".join(names)),
                        hide=("toc",)),
           data_heading(1, title, lang)]
    lead = t("compare.lead", lang, municipalities=data_text(", ".join(names), lang),
             index=page_link(page, urls.COMPARE_INDEX, t("compare.index_title", lang)))
    out.append(f'<p class="plansite-lead">{lead}</p>\n\n')
    identifiers = _identifiers(measure, lang)
    if identifiers:
        out.append(f"<p>{identifiers}</p>\n\n")
    descriptions = {c["concordance_key"]: c.get("description", "") for c in concordance}
    for key in measure.concordance_keys:
        if descriptions.get(key):
            out.append(f"<p{data_lang(lang)}>{e(descriptions[key])}</p>\n\n")
    notes = _notes(measure, lang)
    if notes:
        out.append(f"## {t('compare.notes_heading', lang)}\n\n<ul class=\"plansite-notes\">"
                   + "".join(f"<li>{n}</li>" for n in notes) + "</ul>\n\n")
    out.append(f"## {t('compare.values_heading', lang)}\n\n<p>{t('compare.values_intro', lang)}</p>\n\n")
    out.append(_chart(measure, title, render_chart, lang))
    out.append(_values_table(page, measure, lang))
    out.append(_targets(measure, lang))
    return "".join(out)


def compare_index(measures: list[SharedMeasure], concordance: list[dict], *, lang: str) -> str:
    page = urls.COMPARE_INDEX
    out = [front_matter(t("compare.index_title", lang), t("compare.index_description", lang)),
           f"# {t('compare.index_title', lang)}\n\n<p>{t('compare.index_intro', lang)}</p>\n\n"]
    if not measures:
        return "".join(out) + f"<p>{t('compare.index_none', lang)}</p>\n"
    rows = [f"<tr><th scope=\"row\">{page_link(page, urls.compare_page(m.key), data_text(measure_title(m, concordance), lang))}</th>"
            f"<td>{data_text(', '.join(_municipalities(m)), lang)}</td><td>{_identifiers(m, lang)}</td></tr>"
            for m in sorted(measures, key=lambda m: alphabetical(measure_title(m, concordance)))]
    headers = [t(f"compare.index_table.{c}", lang) for c in ("measure", "municipalities", "identifiers")]
    return "".join(out) + data_table(t("compare.index_table.caption", lang), headers, rows)


def render_comparisons(measures: list[SharedMeasure], concordance: list[dict], *, lang: str,
                       render_chart: ChartRenderer | None = None) -> dict[str, str]:
    """Every comparison page and the index (docs path → page source)."""
    pages = {urls.COMPARE_INDEX: compare_index(measures, concordance, lang=lang)}
    pages.update({urls.compare_page(m.key): compare_page(m, concordance, lang=lang, render_chart=render_chart)
                  for m in measures})
    return pages

