"""Validate stage: frictionless structure first, then the domain rules, every problem collected.

Problems are plain data (``Problem``), never exceptions; ``validate_project`` returns a
``Report`` holding all of them, so one run shows everything that is wrong.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from frictionless import Package, system
from jsonschema import Draft202012Validator

from . import checks, load, model
from .package import CANONICAL_RESOURCES, REQUIRED_RESOURCES, canonical_schema, plan_metadata_schema
from .texts import problem_message


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (``severity="error"``) or worth a look (``"warning"``) in the input."""

    file: str
    code: str
    row: int | None = None
    field: str = ""
    found: str = ""
    expected: str = ""
    severity: str = "error"

    def message(self, lang: str = "sv") -> str:
        return problem_message(self, lang)

    def line(self, lang: str = "sv") -> str:
        where = self.file + (f":{self.row}" if self.row else "")
        what = f" {self.field}:" if self.field else ""
        return f"{where}:{what} {self.message(lang)}"

    def to_dict(self, lang: str = "sv") -> dict:
        return {
            "file": self.file, "row": self.row, "field": self.field or None, "code": self.code,
            "severity": self.severity, "found": self.found, "expected": self.expected,
            "message": self.message(lang),
        }


@dataclass(frozen=True, slots=True)
class Report:
    problems: tuple[Problem, ...] = ()
    plans: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors


#: Limits that keep a bad or hostile input from exhausting the machine.
MAX_FILE_BYTES = int(os.environ.get("PLANSITE_MAX_FILE_BYTES", 20 * 1024 * 1024))
MAX_ROWS = int(os.environ.get("PLANSITE_MAX_ROWS", 200_000))


def package_dirs(datapackages: Path) -> list[Path]:
    """The plan folders below ``datapackages`` (or ``datapackages`` itself if it is one)."""
    if (datapackages / "datapackage.json").exists():
        return [datapackages]
    return sorted(p for p in datapackages.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def validate_project(datapackages: Path, content: Path | None = None) -> Report:
    """Validate every plan package below ``datapackages`` (and its chapters in ``content``)."""
    problems: list[Problem] = []
    plans: list[str] = []
    if not datapackages.is_dir():
        return Report((Problem(str(datapackages), "no-such-folder"),))
    dirs = package_dirs(datapackages)
    if not dirs:
        problems.append(Problem(str(datapackages), "no-packages"))
    for package_dir in dirs:
        found = list(validate_package(package_dir, content))
        problems.extend(found)
        if not any(p.severity == "error" for p in found):
            plans.append(package_dir.name)
    return Report(tuple(problems), tuple(plans))


def validate_package(package_dir: Path, content: Path | None = None) -> Iterator[Problem]:
    name = package_dir.name
    descriptor_file = f"{name}/datapackage.json"
    path = package_dir / "datapackage.json"
    if not path.is_file():
        yield Problem(descriptor_file, "missing-descriptor")
        return
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        yield Problem(descriptor_file, "not-utf8")
        return
    except json.JSONDecodeError as exc:
        yield Problem(descriptor_file, "invalid-json", row=exc.lineno, found=exc.msg)
        return
    if not isinstance(descriptor, dict):
        yield Problem(descriptor_file, "invalid-json", found=type(descriptor).__name__)
        return
    structural = list(_check_descriptor(package_dir, descriptor, descriptor_file))
    yield from structural
    if structural:
        return
    frictionless_problems = list(_from_frictionless(package_dir))
    yield from frictionless_problems
    if any(p.severity == "error" for p in frictionless_problems):
        return
    try:
        plan = load.load_plan(package_dir, content)
    except load.ContentError as exc:
        yield Problem(exc.file, "content-error", found=exc.message)
        plan = load.load_plan(package_dir, None)
    yield from check_plan(plan)


def _check_descriptor(package_dir: Path, descriptor: dict, file: str) -> Iterator[Problem]:
    if descriptor.get("name") != package_dir.name:
        yield Problem(file, "name-mismatch", field="name", found=str(descriptor.get("name")), expected=package_dir.name)
    plan = descriptor.get("plan")
    if not isinstance(plan, dict):
        yield Problem(file, "missing-plan", field="plan")
    else:
        for err in sorted(Draft202012Validator(plan_metadata_schema()).iter_errors(plan), key=lambda e: list(e.path)):
            where = ".".join(str(p) for p in ["plan", *err.path])
            yield Problem(file, "plan-metadata", field=where, found=_short(err.instance), expected=err.message)
        if isinstance(plan.get("period_start"), int) and isinstance(plan.get("period_end"), int):
            if plan["period_end"] < plan["period_start"]:
                yield Problem(file, "period-reversed", field="plan.period_end", found=str(plan["period_end"]),
                              expected=f">= {plan['period_start']}")
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        yield Problem(file, "missing-resources", field="resources")
        return
    names = [r.get("name") for r in resources if isinstance(r, dict)]
    for required in REQUIRED_RESOURCES:
        if required not in names:
            yield Problem(file, "missing-resource", field="resources", expected=required)
    seen = set()
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            yield Problem(file, "invalid-resource", field=f"resources[{index}]")
            continue
        rname = resource.get("name", f"resources[{index}]")
        if rname in seen:
            yield Problem(file, "duplicate-resource", field="resources", found=str(rname))
        seen.add(rname)
        yield from _check_path(package_dir, resource, file, rname)
        if rname in CANONICAL_RESOURCES:
            if resource.get("schema") != canonical_schema(rname):
                yield Problem(file, "schema-mismatch", field=f"resources.{rname}.schema", expected=f"generator/schemas/{rname}.json")
        elif not isinstance(resource.get("schema"), dict):
            yield Problem(file, "missing-schema", field=f"resources.{rname}.schema")


def _check_path(package_dir: Path, resource: dict, file: str, rname: str) -> Iterator[Problem]:
    rpath = resource.get("path")
    field_name = f"resources.{rname}.path"
    if "data" in resource:
        yield Problem(file, "inline-data", field=f"resources.{rname}.data")
        return
    if not isinstance(rpath, str) or not rpath:
        yield Problem(file, "unsafe-path", field=field_name, found=_short(rpath))
        return
    p = Path(rpath)
    if "://" in rpath or p.is_absolute() or ".." in p.parts or rpath.startswith("~") or "\\" in rpath:
        yield Problem(file, "unsafe-path", field=field_name, found=rpath)
        return
    full = package_dir / p
    if full.is_symlink() or any(parent.is_symlink() for parent in full.parents if package_dir in parent.parents or parent == package_dir):
        yield Problem(file, "unsafe-path", field=field_name, found=rpath)
        return
    if not full.is_file():
        yield Problem(f"{package_dir.name}/{rpath}", "missing-file", field=field_name)
        return
    size = full.stat().st_size
    if size == 0:
        yield Problem(f"{package_dir.name}/{rpath}", "empty-file")
    elif size > MAX_FILE_BYTES:
        yield Problem(f"{package_dir.name}/{rpath}", "file-too-large", found=str(size), expected=f"<= {MAX_FILE_BYTES}")
    else:
        raw = full.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(f"{package_dir.name}/{rpath}", "not-utf8", row=raw[: exc.start].count(b"\n") + 1)
            return
        if text.startswith("\ufeff"):
            yield Problem(f"{package_dir.name}/{rpath}", "bom")
        first = text.split("\n", 1)[0]
        if ";" in first and "," not in first:
            yield Problem(f"{package_dir.name}/{rpath}", "semicolon-delimiter", row=1)
        rows = text.count("\n")
        if rows > MAX_ROWS:
            yield Problem(f"{package_dir.name}/{rpath}", "too-many-rows", found=str(rows), expected=f"<= {MAX_ROWS}")


def _from_frictionless(package_dir: Path) -> Iterator[Problem]:
    with system.use_context(trusted=False):
        package = Package(str(package_dir / "datapackage.json"))
        report = package.validate(limit_errors=1000)
    for error in report.errors:
        yield Problem(f"{package_dir.name}/datapackage.json", error.type, found=error.note or error.message)
    for task in report.tasks:
        file = f"{package_dir.name}/{Path(task.place).name}"
        for error in task.errors:
            yield Problem(
                file,
                error.type,
                row=getattr(error, "row_number", None),
                field=getattr(error, "field_name", "") or "",
                found=str(getattr(error, "cell", "") or "") if hasattr(error, "cell") else "",
                expected=error.note or error.title,
            )


def _short(value: object, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- domain rules -------------------------------------------------------------------------------

def check_plan(plan: model.Plan) -> Iterator[Problem]:
    """Every domain rule, on a plan that passed structural validation."""
    for rule in (_check_periods, _check_observations, _check_indicators, _check_goals, _check_budget_totals):
        yield from rule(plan)


def _check_periods(plan: model.Plan) -> Iterator[Problem]:
    first, last = plan.meta.first_year, plan.meta.last_year
    expected = f"{first}–{last}"
    for obs in plan.observations:
        if not first <= obs.period <= last:
            yield Problem(obs.source.file, "period-outside-plan", obs.source.row, "period", str(obs.period), expected)
    for line in plan.budget_lines:
        for value in line.values:
            if not first <= value.period <= last:
                yield Problem(value.source.file, "period-outside-plan", value.source.row, "period", str(value.period), expected)


def _check_observations(plan: model.Plan) -> Iterator[Problem]:
    units = {i.indicator_id: i.unit for i in plan.indicators}
    for obs in plan.observations:
        file, row = obs.source.file, obs.source.row
        if obs.comparator and obs.value_type != "mal":
            yield Problem(file, "comparator-not-target", row, "comparator", obs.comparator, "mal")
        if obs.value_max is not None:
            if obs.value_type != "mal":
                yield Problem(file, "range-not-target", row, "value_max", str(obs.value_max), "mal")
            if obs.value is None or obs.value_max < obs.value:
                yield Problem(file, "range-reversed", row, "value_max", str(obs.value_max), f">= {obs.value}")
        if obs.value is None and not obs.note:
            yield Problem(file, "empty-value-without-note", row, "note", "", "", "warning")
        if units.get(obs.indicator_id) == "procent" and obs.value is not None and not 0 <= obs.value <= 100:
            yield Problem(file, "percent-out-of-range", row, "value", str(obs.value), "0–100", "warning")


def _check_indicators(plan: model.Plan) -> Iterator[Problem]:
    for ind in plan.indicators:
        if ind.kind == "target" and not ind.goal_id:
            yield Problem(ind.source.file, "indicator-without-goal", ind.source.row, "goal_id", "", "goal_id")


def _check_goals(plan: model.Plan) -> Iterator[Problem]:
    parents = {g.goal_id: g.parent_id for g in plan.goals}
    for goal in plan.goals:
        seen, current = set(), goal.goal_id
        while current:
            if current in seen:
                yield Problem(goal.source.file, "goal-cycle", goal.source.row, "parent_id", goal.parent_id)
                break
            seen.add(current)
            current = parents.get(current, "")


def _check_budget_totals(plan: model.Plan) -> Iterator[Problem]:
    for diff in checks.total_differences(plan):
        yield Problem(
            diff.line.source.file,
            {"sum": "total-differs", "blank": "total-without-lines", "net": "net-differs"}[diff.kind],
            diff.line.source.row,
            "amount",
            f"{diff.printed} ({diff.column})",
            str(diff.computed),
            "warning",
        )


def problems_as_json(problems: Iterable[Problem], lang: str = "sv") -> str:
    return json.dumps([p.to_dict(lang) for p in problems], ensure_ascii=False, indent=2)
