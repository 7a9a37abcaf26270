"""The indicator page: summary sentence, chart, values table, status, facts and downloads."""

from __future__ import annotations

from generator.analysis import status
from generator.analysis.format import (
    observation_label,
    value_phrase,
)
from generator.i18n.texts import label
from generator.ingest.escape import e
from generator.model.plan import Indicator, Plan
from generator.render import charts
from generator.render.html import (
    ChartRenderer,
    data_table,
    facts,
    front_matter,
    page_link,
    plan_label,
    shorten,
)
from generator.spec import urls


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
            notes.append(f"Utveckling: {label('trend', obs.trend)}")
        if obs.comparison:
            notes.append(f"Jämförelse med större stad: {obs.comparison} (symbolens färg, som bär betydelsen, "
                         f"saknas i källan)")
        cells = f"<th scope=\"row\">{status.period_label(obs)}</th><td>{label('value_type', obs.value_type)}</td>"
        if show_gender:
            cells += f"<td>{label('gender', obs.gender)}</td>"
        cells += (f"<td class=\"num\">{e(observation_label(obs, indicator.unit))}</td><td>{e(obs.printed)}</td>"
                  f"<td>{e(' '.join(notes))}</td>")
        body.append(f"<tr>{cells}</tr>")
    return data_table(e(caption), headers, body)


def indicator_page(plan: Plan, ind: Indicator, render_chart: ChartRenderer | None) -> str:
    page = urls.indicator_page(plan.plan_id, ind.indicator_id)
    goal = plan.goal(ind.goal_id) if ind.goal_id else None
    out = [front_matter(ind.name, summary_sentence(ind))]
    out.append(f"# {e(ind.name)}\n\n")
    crumbs = [page_link(page, urls.plan_page(plan.plan_id), e(plan_label(plan) + ": " + plan.meta.title)),
              page_link(page, urls.goals_page(plan.plan_id), "Mål och indikatorer")]
    if goal:
        crumbs.append(page_link(page, urls.goal_page(plan.plan_id, goal.goal_id), e(shorten(goal.title))))
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
    csv_link = page_link(page, urls.indicator_csv(plan.plan_id, ind.indicator_id), f"Värdena som CSV <span class=\"sr-only\">({e(ind.name)})</span>")
    json_link = page_link(page, urls.indicator_json(plan.plan_id, ind.indicator_id), f"Värdena och beskrivningen som JSON <span class=\"sr-only\">({e(ind.name)})</span>")
    out.append(f'<ul class="plansite-downloads"><li>{csv_link}</li><li>{json_link}</li></ul>\n\n')
    out.append("## Om indikatorn\n\n")
    kolada = (f'<a href="https://www.kolada.se/verktyg/fri-sokning/?kpis={e(ind.kolada_id)}">{e(ind.kolada_id)}</a>'
              if ind.kolada_id else "")
    out.append(facts([
        ("Mål", page_link(page, urls.goal_page(plan.plan_id, goal.goal_id), e(goal.title)) if goal else ""),
        ("Typ", label('kind', ind.kind)),
        ("Enhet", e(ind.unit) if ind.unit else "Anges inte i planen"),
        ("Riktning", label('direction', ind.direction)),
        ("Kolada-id", kolada),
        ("Jämförelsenyckel", page_link(page, "dataformat.md", e(ind.concordance_key)) if ind.concordance_key else ""),
        ("Beslutad av", label('decided_by', ind.decided_by)),
        ("Mäter", {"R/K": "Resultat/kvalitet", "E": "Effektivitet"}.get(ind.measures, "")),
        ("Agenda 2030", e(ind.agenda2030.replace(";", ", "))),
        ("Avsnitt i planen", e(ind.section)),
    ]))
    return "".join(out)



def status_badge(st: status.Status) -> str:
    return (f'<span class="plansite-status plansite-status--{st.code}"><span aria-hidden="true">{st.icon}</span> '
            f'{st.label}</span>')


def status_block(page: str, ind: Indicator) -> str:
    st = status.indicator_status(ind)
    return (f'<p class="plansite-status-line"><strong>Status:</strong> {status_badge(st)} {e(st.reason)} '
            f'{page_link(page, "las-sidan.md", "Så bedöms status")}</p>\n\n')


def status_summary(indicators, heading: str = "Status för indikatorerna") -> str:
    targets = [i for i in indicators if i.kind == "target" or any(o.value_type == "mal" for o in i.observations)]
    if not targets:
        return ""
    counts = status.summarise(targets)
    items = "".join(f'<li>{status_badge(status.Status(code, ""))}: {n}</li>' for code, n in counts.items() if n)
    return f'<p class="plansite-status-heading">{e(heading)} ({len(targets)} med mål):</p><ul class="plansite-status-summary">{items}</ul>\n\n'
