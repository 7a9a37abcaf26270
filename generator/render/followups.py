"""A plan's follow-ups on its pages: where a follow-up's value comes from, how it compares with the
plan's own, and the list of follow-ups on the page about the document.

A follow-up's value stands beside the plan's printed one, never in its place: the table of values
names its source (the document's title, linked where its address is public, its date and the
section the value stands in) and says where it gives another number than the plan for the same
year, value type and gender (``analysis.kolada_compare.judge``).
"""

from __future__ import annotations

from generator.analysis.format import observation_label
from generator.analysis.kolada_compare import Verdict, judge
from generator.i18n.texts import label, t
from generator.ingest.escape import e
from generator.model.codes import ObservationSource
from generator.model.plan import Indicator, Observation, Plan
from generator.render.html import data_table, data_text, filled, web_link


def source_cell(obs: Observation, lang: str) -> str:
    """The source of a value in the table of values, HTML: "Planen", or the follow-up's title
    (linked where its address is known), date and section."""
    followup = obs.followup
    if obs.origin != ObservationSource.FOLLOWUP or followup is None:
        return e(t("followup.source_plan", lang))
    title = web_link(followup.url, data_text(followup.title, lang)) if followup.url.startswith(("https://", "http://")) \
        else data_text(followup.title, lang)
    text = filled("followup.source", lang, title=title, date=e(followup.date.isoformat()))
    if obs.section:
        text += ", " + t("followup.section", lang, section=data_text(obs.section, lang))
    return text


def difference_note(obs: Observation, indicator: Indicator, lang: str) -> str:
    """Where a follow-up gives another number than the plan for the same year, type and gender, the
    plan's (a sentence); "" where they agree, the plan gives none, or either is no number."""
    if obs.origin != ObservationSource.FOLLOWUP or obs.value is None:
        return ""
    printed = next((o for o in indicator.observations if (o.period, o.value_type, o.gender)
                    == (obs.period, obs.value_type, obs.gender)), None)
    if judge(obs.value, printed) is not Verdict.DIFFERS:
        return ""
    return t("followup.differs", lang, plan=observation_label(printed, indicator.unit, lang))


def table_note(indicator: Indicator, lang: str) -> str:
    """The line under the table of values when follow-ups add to it."""
    if not indicator.reported_by(ObservationSource.FOLLOWUP):
        return ""
    return f'<p class="plansite-note">{e(t("followup.table_note", lang))}</p>\n\n'


def followups_section(plan: Plan, *, lang: str) -> str:
    """The plan's follow-ups on the page about the document: title, kind, date, year, values."""
    if not plan.followups:
        return ""
    counts = {f.followup_id: 0 for f in plan.followups}
    for obs in (o for i in plan.indicators for o in i.reported if o.followup is not None):
        counts[obs.followup.followup_id] += 1
    rows = []
    for f in plan.followups:
        title = web_link(f.url, data_text(f.title, lang)) if f.url.startswith(("https://", "http://")) \
            else data_text(f.title, lang)
        rows.append(f'<tr><th scope="row">{title}</th><td>{e(label("followup_type", f.document_type, lang))}</td>'
                    f'<td>{f.date.isoformat()}</td><td>{f.period}</td><td class="num">{counts[f.followup_id]}</td>'
                    f'<td>{data_text(f.note, lang)}</td></tr>')
    headers = [t(f"followup.about.{c}", lang) for c in ("title", "kind", "date", "year", "values", "note")]
    return (f"## {t('followup.about.heading', lang)}\n\n<p>{e(t('followup.about.intro', lang))}</p>\n\n"
            + data_table(e(t("followup.about.caption", lang)), headers, rows))

