"""``plansite kolada update``: fetch a plan's Kolada values into its package, beside what it prints.

For each plan: the indicators with a Kolada id, the plan's data years and its municipality go to
Kolada (``ingest.kolada``); every value that comes back is written to ``kolada_values.csv`` with
the day it was fetched and the request that gave it, and compared with the plan's printed actuals
(``analysis.kolada_compare``). Nothing the plan prints is changed or removed: Kolada's rows live in
their own table, and a re-run replaces only them (a value that did not change keeps the day it was
first fetched, so a re-run that finds nothing new changes no file).

Every plan is fetched before anything is written; a network or API problem ends the run with one
line and leaves every package as it was. Each package is written into a folder beside it,
validated there, and put in place with a rename.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.analysis.kolada_compare import Comparison, compare
from generator.authoring.swap import put_in_place
from generator.config.limits import Limits
from generator.ingest import files
from generator.ingest.kolada import KoladaClient, KoladaValue
from generator.model.codes import Severity
from generator.model.plan import Plan
from generator.model.problems import Problem
from generator.outputs.cells import safe_cell
from generator.spec.package import (
    CANONICAL_RESOURCES,
    canonical_schema,
    descriptor_text,
    resource_descriptor,
)
from generator.validate.project import validate_package, validate_project

RESOURCE = "kolada_values"
COLUMNS = [f["name"] for f in canonical_schema(RESOURCE)["fields"]]


@dataclass
class PlanUpdate:
    plan_id: str
    comparisons: tuple[Comparison, ...] = ()
    rows: int = 0  # Kolada values stored for the plan
    changed: bool = False  # the table differs from what the package held
    written: bool = False
    problems: list[Problem] = field(default_factory=list)  # the package written would not validate


def plans_to_update(datapackages: Path, plan_ids: list[str], limits: Limits) -> tuple[list[Plan], list[Problem]]:
    """The valid plans named (all when none is named) and the problems of those that are not."""
    report = validate_project(datapackages, None, limits)
    wanted = plan_ids or list(report.plans)
    unknown = [p for p in wanted if p not in report.plans]
    problems = [p for p in report.errors if any(p.file.startswith(f"{name}/") for name in unknown)]
    for name in unknown:
        if not any(p.file.startswith(f"{name}/") for p in problems):
            problems.append(Problem(str(datapackages / name), "no-such-folder"))
    return [report.validated[name].plan for name in wanted if name in report.plans], problems


def fetch(plan: Plan, client: KoladaClient) -> tuple[KoladaValue, ...]:
    """Kolada's values for the plan's indicators with a Kolada id, in the plan's data years."""
    kpis = sorted({i.kolada_id for i in plan.indicators if i.kolada_id})
    if not kpis:
        return ()
    years = range(plan.meta.first_year, plan.meta.last_year + 1)
    return client.fetch(kpis, plan.meta.municipality_code, years)


def table_text(plan: Plan, values: tuple[KoladaValue, ...], today: date, before: str) -> tuple[str, int]:
    """kolada_values.csv for ``values``; a value unchanged since ``before`` keeps its day and request."""
    kept = {(r["indicator_id"], r["period"], r["gender"]): r for r in _rows(before)}
    rows = []
    for indicator in plan.indicators:
        for value in values:
            if not indicator.kolada_id or value.kpi != indicator.kolada_id:
                continue
            row = {"indicator_id": indicator.indicator_id, "kolada_id": value.kpi,
                   "municipality_code": value.municipality, "period": str(value.period),
                   "gender": value.gender.value, "value": format(value.value, "f"), "status": value.status,
                   "retrieved": today.isoformat(), "request_url": value.url}
            old = kept.get((row["indicator_id"], row["period"], row["gender"]))
            if old and all(old.get(k) == row[k] for k in ("kolada_id", "municipality_code", "value", "status")):
                row["retrieved"], row["request_url"] = old["retrieved"], old["request_url"]
            rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue(), len(rows)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))) if text else []


def _descriptor_with_resource(descriptor: dict) -> dict:
    """The descriptor with the kolada_values resource in its canonical place, added if missing."""
    if any(r.get("name") == RESOURCE for r in descriptor.get("resources", [])):
        return descriptor
    order = {name: i for i, name in enumerate(CANONICAL_RESOURCES)}
    resources = descriptor["resources"] + [resource_descriptor(RESOURCE)]
    resources.sort(key=lambda r: order.get(r.get("name"), len(order)))  # extra resources last, as written
    return {**descriptor, "resources": resources}


def update_plan(package: Path, plan: Plan, values: tuple[KoladaValue, ...], today: date, limits: Limits,
                dry_run: bool = False) -> PlanUpdate:
    """Write the plan's Kolada values (validated in a folder beside the package, then renamed in)."""
    result = PlanUpdate(plan.plan_id, compare(plan.indicators, values, plan.meta.municipality_code))
    descriptor = json.loads(files.read_bytes(package / "datapackage.json", limits.descriptor_bytes).decode("utf-8"))
    path = next((r.get("path") for r in descriptor.get("resources", []) if r.get("name") == RESOURCE),
                f"{RESOURCE}.csv")
    before = files.read_bytes(package / path, limits.max_file_bytes).decode("utf-8") \
        if files.kind(package / path) == "file" else ""
    text, result.rows = table_text(plan, values, today, before)
    result.changed = text != before and not (result.rows == 0 and not before)
    if dry_run or not result.changed:
        return result
    work = Path(tempfile.mkdtemp(prefix=".plansite-kolada-", dir=package.parent))
    try:
        folder = work / package.name
        shutil.copytree(package, folder, symlinks=True)  # validation refuses any link it finds
        (folder / "datapackage.json").write_text(descriptor_text(_descriptor_with_resource(descriptor)),
                                                 encoding="utf-8")
        (folder / path).write_text(text, encoding="utf-8", newline="")
        result.problems = [p for p in validate_package(folder, None, {}, frozenset(), limits)
                           if p.severity == Severity.ERROR]
        if result.problems:
            return result
        put_in_place(folder, package, work)
        result.written = True
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
