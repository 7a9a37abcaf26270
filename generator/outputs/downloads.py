"""Render stage, downloads: the tidy CSVs and per-indicator files (strings in, no disk).

Column names and order are a published contract; values are exact (``str`` of the Decimal read
from the package, never a float). Every text cell goes through ``cells.safe_cell``: no cell starts
a spreadsheet formula and none carries an invisible character.
"""

from __future__ import annotations

import csv
import io
import json

from generator.analysis.format import amount_in_sek, plain_decimal
from generator.model.plan import Indicator, Plan
from generator.outputs.cells import safe_cell
from generator.spec import urls

OBSERVATION_COLUMNS = (
    "municipality_code", "municipality", "plan_id", "indicator_id", "indicator_name", "unit", "kolada_id",
    "period", "value_type", "gender", "comparator", "value", "value_max", "note",
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
)

_COMPARATOR_SIGN = {"<=": "≤", ">=": "≥", "=": "=", "<": "<", ">": ">"}


def _csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows)
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
            "note": _observation_note(obs),
        }
        for obs in indicator.observations
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
                "note": o.note or None,
            }
            for o in indicator.observations
        ],
        "license": "CC0-1.0",
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def indicator_rows(plans: list[Plan]) -> list[dict]:
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


def render_downloads(plans: list[Plan]) -> dict[str, str]:
    """Every generated download, keyed by its path in the site."""
    files = {
        "data/observations.csv": observations_csv(plans),
        "data/budget.csv": budget_csv(plans),
        "data/indicators.csv": indicators_csv(plans),
    }
    for plan in plans:
        for ind in plan.indicators:
            files[urls.indicator_csv(plan.plan_id, ind.indicator_id)] = indicator_csv(plan, ind)
            files[urls.indicator_json(plan.plan_id, ind.indicator_id)] = indicator_json(plan, ind)
    return files
