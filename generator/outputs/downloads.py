"""Render stage, downloads: the tidy CSVs and per-indicator files (strings in, no disk).

Column names and order are a published contract; values are exact (``str`` of the Decimal read
from the package, never a float). Every text cell goes through ``cells.safe_cell``: no cell starts
a spreadsheet formula and none carries an invisible character.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Mapping

from generator.analysis.format import amount_in_sek, plain_decimal
from generator.analysis.shared import measure_keys
from generator.model.plan import Indicator, Plan
from generator.outputs.cells import safe_cell
from generator.spec import urls

OBSERVATION_COLUMNS = (
    "municipality_code", "municipality", "plan_id", "indicator_id", "indicator_name", "unit", "kolada_id",
    "period", "value_type", "gender", "comparator", "value", "value_max", "note",
    # after the contract's columns: the key that joins a measure across plans, and where each value
    # comes from (plan: printed in the plan; followup: a follow-up of it, with its date and address;
    # kolada: fetched, with the day and the request)
    "concordance_key", "source", "source_date", "source_url",
)
BUDGET_COLUMNS = (
    "municipality_code", "municipality", "plan_id", "budget_type", "line_id", "line_name", "period",
    "value_type", "amount", "unit", "amount_sek", "note",
    # after the contract's columns: what a reader needs to sum the table correctly
    "measure", "is_total", "parent_line_id", "table_id", "column",
)
INDICATOR_COLUMNS = (
    "municipality_code", "municipality", "plan_id", "indicator_id", "indicator_name", "unit", "kind", "direction",
    "kolada_id", "concordance_key", "goal_id", "goal_title", "decided_by", "measures", "section", "note",
    "observation_count", "page_url", "csv_url", "json_url",
    # after the contract's columns: the page comparing the measure across plans ("" when no other plan reports it)
    "compare_url",
)

#: The site-wide tables beside those three; each starts with the plan's municipality and id.
_PLAN_PREFIX = ("municipality_code", "municipality", "plan_id")
GOAL_COLUMNS = _PLAN_PREFIX + (
    "goal_id", "parent_id", "level", "level_label", "code", "title", "description", "decided_by", "agenda2030", "crc_articles",
    "section", "order", "note", "page_url",
)
ASSIGNMENT_COLUMNS = _PLAN_PREFIX + (
    "assignment_id", "goal_id", "title", "decided_by", "financing", "target_images", "section", "order", "note",
)
RISK_COLUMNS = _PLAN_PREFIX + (
    "risk_id", "area", "risk", "probability", "probability_label", "consequence", "consequence_label",
    "risk_value", "risk_printed", "control", "follow_up", "section", "order", "note",
)
FOLLOWUP_COLUMNS = _PLAN_PREFIX + (
    "followup_id", "document_type", "title", "date", "period", "url", "note", "value_count",
)
PLAN_COLUMNS = (
    "plan_id", "municipality_code", "municipality", "board", "title", "document_type", "period_start",
    "period_end", "data_start", "data_end", "adopted_by", "adopted_date", "decision_reference", "valid_from",
    "source_title", "source_url", "page_url", "package_url", "zip_url",
)

_COMPARATOR_SIGN = {"<=": "≤", ">=": "≥", "=": "=", "<": "<", ">": ">"}


def _csv(columns: tuple[str, ...], rows: list[dict], header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(safe_rows(rows))
    return buffer.getvalue()


def _observation_note(obs) -> str:
    parts = []
    if obs.note:
        parts.append(obs.note)
    if obs.value is None and obs.printed and obs.printed not in parts:
        parts.append(obs.printed)
    return " ".join(parts)


def observation_rows(plan: Plan, indicator: Indicator) -> list[dict]:
    m = plan.meta
    return [
        {
            "municipality_code": m.municipality_code, "municipality": m.municipality, "plan_id": plan.plan_id,
            "indicator_id": indicator.indicator_id, "indicator_name": indicator.name, "unit": indicator.unit,
            "kolada_id": indicator.kolada_id, "period": obs.period, "value_type": obs.value_type, "gender": obs.gender,
            "comparator": obs.comparator, "value": plain_decimal(obs.value), "value_max": plain_decimal(obs.value_max),
            "note": _observation_note(obs), "concordance_key": indicator.concordance_key,
            "source": obs.origin, "source_date": obs.origin_date, "source_url": obs.origin_url,
        }
        for obs in indicator.observations + indicator.reported
    ]


def observations_csv(plans: list[Plan]) -> str:
    return _csv(OBSERVATION_COLUMNS, [r for p in plans for i in p.indicators for r in observation_rows(p, i)])


def indicator_csv(plan: Plan, indicator: Indicator) -> str:
    return _csv(OBSERVATION_COLUMNS, observation_rows(plan, indicator))


def indicator_json(plan: Plan, indicator: Indicator) -> str:
    goal = plan.goal(indicator.goal_id) if indicator.goal_id else None
    doc = {
        "plan_id": plan.plan_id,
        "municipality": plan.meta.municipality,
        "municipality_code": plan.meta.municipality_code,
        "board": plan.meta.board,
        "plan_title": plan.meta.title,
        "indicator": {
            "indicator_id": indicator.indicator_id, "name": indicator.name, "unit": indicator.unit,
            "kind": indicator.kind, "direction": indicator.direction or None, "kolada_id": indicator.kolada_id or None,
            "concordance_key": indicator.concordance_key or None, "decided_by": indicator.decided_by or None,
            "measures": indicator.measures or None, "section": indicator.section, "note": indicator.note or None,
            "goal": {"goal_id": goal.goal_id, "title": goal.title} if goal else None,
        },
        "observations": [
            {
                "period": o.period, "value_type": o.value_type, "gender": o.gender, "comparator": o.comparator or None,
                "value": plain_decimal(o.value) or None, "value_max": plain_decimal(o.value_max) or None,
                "printed": o.printed or None, "trend": o.trend or None, "comparison": o.comparison or None,
                "note": o.note or None, "source": o.origin, "source_date": o.origin_date or None,
                "source_url": o.origin_url or None,
            }
            for o in indicator.observations + indicator.reported
        ],
        "license": "CC0-1.0",
    }
    return json_rows(doc, "observations")


def json_rows(doc: dict, key: str) -> str:
    """``doc`` as compact JSON, each item of its list ``key`` on a line of its own: a third smaller
    than indented JSON (at 290 plans 13 MB of a site that must stay under 1 GB), and still one line
    per row in a diff."""
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    parts = [dumps(name) + ":" + ("[\n" + ",\n".join(dumps(row) for row in value) + "\n]" if name == key and value
                                  else dumps(value)) for name, value in doc.items()]
    return "{" + ",".join(parts) + "}\n"


def indicator_rows(plans: list[Plan]) -> list[dict]:
    compared = measure_keys(plans)
    rows = []
    for plan in plans:
        m = plan.meta
        for ind in plan.indicators:
            goal = plan.goal(ind.goal_id) if ind.goal_id else None
            rows.append({
                "municipality_code": m.municipality_code, "municipality": m.municipality, "plan_id": plan.plan_id,
                "indicator_id": ind.indicator_id, "indicator_name": ind.name, "unit": ind.unit, "kind": ind.kind,
                "direction": ind.direction, "kolada_id": ind.kolada_id, "concordance_key": ind.concordance_key,
                "goal_id": ind.goal_id, "goal_title": goal.title if goal else "", "decided_by": ind.decided_by,
                "measures": ind.measures, "section": ind.section, "note": ind.note,
                "observation_count": len(ind.observations),
                "page_url": urls.site_url(urls.indicator_page(plan.plan_id, ind.indicator_id)),
                "csv_url": urls.indicator_csv(plan.plan_id, ind.indicator_id),
                "json_url": urls.indicator_json(plan.plan_id, ind.indicator_id),
                "compare_url": urls.site_url(urls.compare_page(compared[plan.plan_id, ind.indicator_id]))
                if (plan.plan_id, ind.indicator_id) in compared else "",
            })
    return rows


def indicators_csv(plans: list[Plan]) -> str:
    return _csv(INDICATOR_COLUMNS, indicator_rows(plans))


def budget_rows(plan: Plan) -> list[dict]:
    m = plan.meta
    rows = []
    for table in plan.budget_tables:
        for line in table.lines:
            for v in line.values:
                notes = [n for n in (v.note, line.note) if n]
                if v.amount is None and v.printed:
                    notes.append(v.printed)
                rows.append({
                    "municipality_code": m.municipality_code, "municipality": m.municipality, "plan_id": plan.plan_id,
                    "budget_type": table.budget_type, "line_id": line.line_id,
                    "line_name": (line.code + " " + line.name) if line.code and not line.name.startswith(line.code) else line.name,
                    "period": v.period, "value_type": v.value_type, "amount": plain_decimal(v.amount),
                    "unit": table.unit,
                    "amount_sek": amount_in_sek(v.amount, table.unit) if v.amount is not None else "",
                    "note": " ".join(notes),
                    "measure": v.measure, "is_total": "true" if line.is_total else "false",
                    "parent_line_id": line.parent_id, "table_id": table.table_id, "column": v.column,
                })
    return rows


def budget_csv(plans: list[Plan]) -> str:
    return _csv(BUDGET_COLUMNS, [r for p in plans for r in budget_rows(p)])


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def goal_rows(plan: Plan) -> list[dict]:
    m = plan.meta
    return [{
        "municipality_code": m.municipality_code, "municipality": m.municipality, "plan_id": plan.plan_id,
        "goal_id": g.goal_id, "parent_id": g.parent_id, "level": g.level, "level_label": g.level_label, "code": g.code, "title": g.title,
        "description": g.description, "decided_by": g.decided_by, "agenda2030": g.agenda2030,
        "crc_articles": g.crc_articles, "section": g.section, "order": str(g.order), "note": g.note,
        "page_url": urls.site_url(urls.goal_page(plan.plan_id, g.goal_id)),
    } for g in plan.goals]


def assignment_rows(plan: Plan) -> list[dict]:
    m = plan.meta
    return [{
        "municipality_code": m.municipality_code, "municipality": m.municipality, "plan_id": plan.plan_id,
        "assignment_id": a.assignment_id, "goal_id": a.goal_id, "title": a.title, "decided_by": a.decided_by,
        "financing": a.financing, "target_images": a.target_images, "section": a.section, "order": str(a.order),
        "note": a.note,
    } for a in plan.assignments]


def risk_rows(plan: Plan) -> list[dict]:
    m = plan.meta
    return [{
        "municipality_code": m.municipality_code, "municipality": m.municipality, "plan_id": plan.plan_id,
        "risk_id": r.risk_id, "area": r.area, "risk": r.risk, "probability": _number(r.probability),
        "probability_label": r.probability_label, "consequence": _number(r.consequence),
        "consequence_label": r.consequence_label, "risk_value": _number(r.risk_value),
        "risk_printed": r.risk_printed, "control": r.control, "follow_up": r.follow_up, "section": r.section,
        "order": str(r.order), "note": r.note,
    } for r in plan.risks]


def followup_rows(plan: Plan) -> list[dict]:
    m = plan.meta
    counts = {f.followup_id: 0 for f in plan.followups}
    for ind in plan.indicators:
        for obs in ind.reported:
            if obs.followup is not None:
                counts[obs.followup.followup_id] += 1
    return [{
        "municipality_code": m.municipality_code, "municipality": m.municipality, "plan_id": plan.plan_id,
        "followup_id": f.followup_id, "document_type": f.document_type, "title": f.title, "date": f.date.isoformat(),
        "period": str(f.period), "url": f.url, "note": f.note, "value_count": str(counts[f.followup_id]),
    } for f in plan.followups]


def plan_rows(plan: Plan) -> list[dict]:
    m = plan.meta
    return [{
        "plan_id": plan.plan_id, "municipality_code": m.municipality_code, "municipality": m.municipality,
        "board": m.board, "title": m.title, "document_type": m.document_type, "period_start": str(m.period_start),
        "period_end": str(m.period_end), "data_start": _number(m.data_start), "data_end": _number(m.data_end),
        "adopted_by": m.adopted_by, "adopted_date": m.adopted_date, "decision_reference": m.decision_reference,
        "valid_from": m.valid_from, "source_title": m.source_title, "source_url": m.source_url,
        "page_url": urls.site_url(urls.plan_page(plan.plan_id)),
        "package_url": urls.package_file(plan.plan_id, "datapackage.json"), "zip_url": urls.package_zip(plan.plan_id),
    }]


#: The site-wide tables in the order the data page, the database and the workbook list them:
#: name → (columns, the rows of one plan). Each is published as ``data/<name>.csv``.
SITE_TABLES = {
    "plans": (PLAN_COLUMNS, plan_rows),
    "goals": (GOAL_COLUMNS, goal_rows),
    "indicators": (INDICATOR_COLUMNS, lambda plan: indicator_rows([plan])),
    "observations": (OBSERVATION_COLUMNS, lambda plan: [r for i in plan.indicators for r in observation_rows(plan, i)]),
    "followups": (FOLLOWUP_COLUMNS, followup_rows),
    "budget": (BUDGET_COLUMNS, budget_rows),
    "assignments": (ASSIGNMENT_COLUMNS, assignment_rows),
    "risks": (RISK_COLUMNS, risk_rows),
}


def site_table(name: str, plans: list[Plan]) -> tuple[tuple[str, ...], list[dict]]:
    """One site-wide table: its columns and every plan's rows, text as in the model (not yet safe)."""
    columns, rows = SITE_TABLES[name]
    if name == "indicators":  # compare_url needs every plan: a measure is compared when another plan reports it
        return columns, indicator_rows(plans)
    return columns, [row for plan in plans for row in rows(plan)]


def safe_rows(rows: list[dict]) -> list[dict]:
    """The rows as the CSV publishes them: every text cell made safe (``cells.safe_cell``)."""
    return [{k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]


#: The site-wide tables that are every plan's rows in turn (the others need every plan for each row).
PLAN_BY_PLAN = tuple(name for name in SITE_TABLES if name != "indicators")


def plan_site_rows(plan: Plan) -> dict[str, str]:
    """The plan's part of each table of ``PLAN_BY_PLAN``: its rows as the site's CSV has them, without
    the header (the build keeps them with the plan's other files, ``build.plan_data``)."""
    return {name: _csv(SITE_TABLES[name][0], SITE_TABLES[name][1](plan), header=False) for name in PLAN_BY_PLAN}


def site_downloads(plans: list[Plan], parts: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, str]:
    """The site-wide tables as CSV, keyed by their paths in the site. ``parts``: plan id →
    ``plan_site_rows`` where already made, joined instead of made again."""
    out = {}
    for name in SITE_TABLES:
        if name in PLAN_BY_PLAN and parts is not None and all(plan.plan_id in parts for plan in plans):
            out[urls.site_csv(name)] = _csv(SITE_TABLES[name][0], []) + "".join(parts[plan.plan_id][name] for plan in plans)
        else:
            out[urls.site_csv(name)] = _csv(*site_table(name, plans))
    return out


def plan_downloads(plan: Plan) -> dict[str, str]:
    """One plan's indicators as CSV and JSON, keyed by their paths in the site (the plan alone decides them)."""
    files = {}
    for ind in plan.indicators:
        files[urls.indicator_csv(plan.plan_id, ind.indicator_id)] = indicator_csv(plan, ind)
        files[urls.indicator_json(plan.plan_id, ind.indicator_id)] = indicator_json(plan, ind)
    return files


def render_downloads(plans: list[Plan]) -> dict[str, str]:
    """Every generated download, keyed by its path in the site."""
    files = site_downloads(plans)
    for plan in plans:
        files.update(plan_downloads(plan))
    return files
