"""Kolada's values on an indicator page: beside the plan's printed actuals, never in their place.

Shown only when ``plansite kolada update`` stored values for the indicator. Each row gives Kolada's
value as Kolada publishes it (so "Källa: Kolada" stands beside it, as Kolada's terms ask), the
plan's printed actual for the same year and gender, and how they compare
(``analysis.kolada_compare``): a difference is shown, both values kept.
"""

from __future__ import annotations

from generator.analysis.kolada_compare import compare_stored
from generator.i18n.numbers import format_number
from generator.i18n.texts import label, t
from generator.ingest.escape import e
from generator.model.codes import ObservationSource
from generator.model.plan import Indicator
from generator.render.html import data_table, data_text, number_html


def kolada_section(indicator: Indicator, *, lang: str) -> str:
    comparisons = compare_stored(indicator)
    if not comparisons:
        return ""
    rows = []
    for c in comparisons:
        # a number with the unit (the document's word: escaped, marked) right-aligned; the plan's words as text
        plan_value = (f'<td class="num">{number_html(format_number(c.plan, lang), indicator.unit, lang)}</td>'
                      if c.plan is not None else f"<td>{data_text(c.printed, lang) if c.printed else '–'}</td>")
        rows.append(f'<tr><th scope="row">{c.period}</th><td>{label("gender", c.gender, lang)}</td>'
                    f'<td class="num">{number_html(format_number(c.kolada, lang), indicator.unit, lang)}</td>'
                    f'{plan_value}<td>{t(f"kolada.verdict.{c.verdict}", lang)}</td></tr>')
    headers = [t(f"kolada.page.{h}", lang) for h in ("year", "gender", "kolada", "plan", "comparison")]
    days = sorted({o.origin_date for o in indicator.reported_by(ObservationSource.KOLADA) if o.origin_date})
    fetched = t("kolada.page.fetched", lang, date=e(days[-1])) if days else ""
    return (f"## {t('kolada.page.heading', lang)}\n\n"
            + data_table(t("kolada.page.caption", lang, name=data_text(indicator.name, lang)), headers, rows)
            + f'<p class="plansite-note">{t("kolada.page.note", lang)} {fetched}</p>\n\n')
