"""Importing a workbook or a folder of CSV files into a plan package, safely.

Everything is read and converted first; anything that cannot be read is a problem with sheet, row and
column, and then nothing is written. The new package is written into a hidden folder beside the plan
(``datapackages/.plansite-import-…/<plan-id>``), validated there exactly as ``plansite validate``
would – a problem of the result is reported at its sheet, row and column too – and only then put in
place by renaming. An existing plan is replaced only when asked (``force``); tables the import does
not hold are kept as they are.

``import_plan`` names each step to ``progress`` as it begins (``STEPS``): ``read`` the workbook or the
files, read their ``tables``, ``check`` the result, ``write`` it in place (not in a dry run, nor
when nothing changes or something is wrong). Validation loads frictionless, which takes a second:
it is imported in the step that checks, so the first step shows at once.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.authoring import layout, reading
from generator.authoring.changes import Change, compare
from generator.authoring.sheets import Sheet, decode, read_source
from generator.authoring.swap import put_in_place
from generator.config.limits import Limits
from generator.ingest import files
from generator.ingest.written_numbers import read_number
from generator.model.codes import Severity
from generator.model.problems import Problem, short
from generator.spec.names import PLAN_ID
from generator.spec.package import (
    CANONICAL_RESOURCES,
    FOLLOWUP_RESOURCES,
    build_descriptor,
    canonical_schema,
    descriptor_text,
)
from generator.validate import concordance

_EXTRA_PATH = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,79}\.csv$")
#: The steps of ``import_plan``, in order.
STEPS = ("read", "tables", "check", "write")
Progress = Callable[[str], None]


@dataclass
class Outcome:
    """What an import found and did. ``refused``: the plan exists and would change, without ``force``."""

    plan_id: str = ""
    created: bool = False
    changes: list[Change] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: bool = False
    refused: bool = False

    @property
    def changed(self) -> bool:
        return self.created or any(c.any for c in self.changes)


@dataclass
class _Existing:
    descriptor: dict | None = None
    texts: dict[str, str] = field(default_factory=dict)  # path -> text


def import_plan(source: Path, datapackages: Path, plan_id: str | None = None, *, force: bool = False,
                dry_run: bool = False, limits: Limits | None = None, progress: Progress | None = None) -> Outcome:
    """Read ``source`` (an .xlsx workbook or a folder of CSV files) into ``datapackages/<plan-id>``."""
    limits = Limits.from_environment() if limits is None else limits
    progress = progress or (lambda step: None)
    progress("read")
    sheets, problems = read_source(source, limits)
    if problems:
        return Outcome(plan_id or "", errors=problems)
    label = (lambda name: f"{name}.csv") if files.kind(source) == "dir" else (lambda name: name)
    plan_rows: dict[str, int] = {}
    values, plan_problems = _plan_values(sheets.get(layout.PLAN_SHEET), label(layout.PLAN_SHEET), plan_rows)
    problems += plan_problems
    sheet_id, plan = layout.plan_from_rows(values) if values is not None else ("", None)
    plan_id = _plan_id(plan_id, sheet_id, label(layout.PLAN_SHEET), plan_rows, problems)
    outcome = Outcome(plan_id)
    if not plan_id:
        outcome.errors = problems
        return outcome
    target = datapackages / plan_id
    existing = _read_existing(target, limits, problems)
    outcome.created = existing.descriptor is None
    if plan is None and existing.descriptor is None:
        problems.append(Problem(label(layout.PLAN_SHEET), "import-no-plan-sheet", expected=plan_id))
    plan = plan if plan is not None else (existing.descriptor or {}).get("plan", {})
    extras = _extra_resources(existing, sheets.get(layout.EXTRA_SHEET), label(layout.EXTRA_SHEET), problems)
    progress("tables")
    tables: dict[str, reading.Table] = {}
    for name, sheet in sheets.items():
        if name in (layout.PLAN_SHEET, layout.HELP_SHEET, layout.EXTRA_SHEET):
            continue
        fields = canonical_schema(name)["fields"] if name in CANONICAL_RESOURCES else \
            ((extras.get(name) or {}).get("schema") or {}).get("fields")
        if fields is None:
            if sheet.rows:  # an empty sheet a spreadsheet adds ("Blad1") is no table
                known = [*CANONICAL_RESOURCES, *extras, layout.PLAN_SHEET, layout.HELP_SHEET]
                problems.append(Problem(label(name), "import-unknown-sheet", found=name,
                                        expected="sheets: " + ", ".join(known)))
            continue
        if name in FOLLOWUP_RESOURCES and not sheet.body and f"{name}.csv" not in existing.texts:
            continue  # the template's empty follow-up sheet: no table until a follow-up is filled in
        table, found = reading.read_table(sheet, fields, label(name))
        problems += found
        if table is not None:
            tables[name] = table
    if problems:
        outcome.errors = problems
        return outcome
    descriptor, texts = _package(plan_id, plan, existing, extras, tables)
    outcome.changes = _changes(descriptor, existing, texts)
    return _write_checked(outcome, datapackages, descriptor, texts, tables, plan_rows, label, force, dry_run, limits,
                          progress)


def _plan_values(sheet: Sheet | None, label: str, rows: dict[str, int]) -> tuple[dict | None, list[Problem]]:
    """The plan sheet as ``path -> value`` (years as integers), or ``None`` when there is none."""
    if sheet is None:
        return None, []
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for row, cells in sheet.body:
        path = layout.unmarked(cells[0]) if cells else ""
        value = cells[1] if len(cells) > 1 else ""
        if not path:
            if value.strip():
                problems.append(Problem(label, "import-unknown-field", row, "A", "", "fields: " + _plan_paths()))
            continue
        prop = layout.plan_field(path)
        if prop is None:
            problems.append(Problem(label, "import-unknown-field", row, "A", short(path), "fields: " + _plan_paths()))
            continue
        rows[path] = row
        if prop.get("type") == "integer" and value.strip():
            written = read_number(value.strip(), integer=True)
            if written is None:
                problems.append(Problem(label, "import-not-an-integer", row, f"B ({path})", short(value), "2025"))
                continue
            values[path] = int(written.plain)
        else:
            values[path] = value
    return values, problems


def _plan_paths() -> str:
    return ", ".join([layout.PLAN_ID, *(p for p, _, _ in layout.scalar_fields()), "responsible[1].name",
                      "responsible[1].role", "notes[1]"])


def _plan_id(given: str | None, in_sheet: str, label: str, rows: dict[str, int], problems: list[Problem]) -> str:
    in_sheet = in_sheet.strip()
    if given and in_sheet and given != in_sheet:
        problems.append(Problem(label, "import-plan-id-differs", rows.get(layout.PLAN_ID), f"B ({layout.PLAN_ID})",
                                in_sheet, given))
        return ""
    plan_id = given or in_sheet
    if not plan_id:
        problems.append(Problem(label, "import-no-plan-id", rows.get(layout.PLAN_ID), f"B ({layout.PLAN_ID})"))
    elif not PLAN_ID.match(plan_id):
        problems.append(Problem(label, "bad-plan-id", rows.get(layout.PLAN_ID), f"B ({layout.PLAN_ID})",
                                short(plan_id), "pattern: ^[a-z0-9][a-z0-9-]{0,79}$"))
        return ""
    return plan_id


def _read_existing(target: Path, limits: Limits, problems: list[Problem]) -> _Existing:
    """The plan as it is, if there is one: its descriptor and its tables' texts (for what changes)."""
    kind = files.kind(target)
    if kind == "missing":
        return _Existing()
    if kind != "dir":
        problems.append(Problem(target.name, "symlink" if kind == "symlink" else "not-a-regular-file", found=target.name))
        return _Existing()
    try:
        descriptor = json.loads(decode(files.read_bytes(target / "datapackage.json", limits.descriptor_bytes)) or "")
    except (OSError, ValueError):
        problems.append(Problem(f"{target.name}/datapackage.json", "import-existing-unreadable"))
        return _Existing()
    texts = {}
    for resource in descriptor.get("resources", []) if isinstance(descriptor, dict) else []:
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, str) and _EXTRA_PATH.match(path) and files.kind(target / path) == "file":
            text = decode(files.read_bytes(target / path, limits.max_file_bytes))
            if text is not None:
                texts[path] = text
    return _Existing(descriptor if isinstance(descriptor, dict) else None, texts)


def _extra_resources(existing: _Existing, sheet: Sheet | None, label: str, problems: list[Problem]) -> dict[str, dict]:
    """The plan's own tables: those of the existing descriptor, and those the workbook describes."""
    extras = {r["name"]: r for r in (existing.descriptor or {}).get("resources", [])
              if isinstance(r, dict) and r.get("name") not in CANONICAL_RESOURCES and isinstance(r.get("name"), str)}
    for row, cells in (sheet.body if sheet else []):
        try:
            resource = json.loads(cells[1]) if len(cells) > 1 else None
        except ValueError:
            resource = None
        name = cells[0].strip() if cells else ""
        if not (isinstance(resource, dict) and resource.get("name") == name and name not in CANONICAL_RESOURCES
                and isinstance(resource.get("schema"), dict) and resource.get("path") == f"{name}.csv"
                and _EXTRA_PATH.match(f"{name}.csv")):
            problems.append(Problem(label, "import-bad-table-description", row, "B", short(name), "descriptor"))
            continue
        extras.setdefault(name, resource)
    return extras


def _package(plan_id: str, plan: dict, existing: _Existing, extras: dict[str, dict],
             tables: dict[str, reading.Table]) -> tuple[dict, dict[str, str]]:
    """The new descriptor (written as ``python -m generator.spec.package`` writes it) and texts."""
    texts = dict(existing.texts)
    for name, table in tables.items():
        texts[f"{name}.csv"] = table.text
    present = [n for n in CANONICAL_RESOURCES if f"{n}.csv" in texts]
    extra = [r for name, r in extras.items() if r.get("path") in texts]
    descriptor = build_descriptor(plan_id, plan, present, extra)
    declared = {r["path"] for r in descriptor["resources"]}
    return descriptor, {path: text for path, text in texts.items() if path in declared}


def _changes(descriptor: dict, existing: _Existing, texts: dict[str, str]) -> list[Change]:
    out = []
    for resource in descriptor["resources"]:
        key = resource["schema"].get("primaryKey") or []
        out.append(compare(resource["name"], existing.texts.get(resource["path"]), texts[resource["path"]],
                           [key] if isinstance(key, str) else list(key)))
    return out


def _write_checked(outcome: Outcome, datapackages: Path, descriptor: dict, texts: dict[str, str],
                   tables: dict[str, reading.Table], plan_rows: dict[str, int], label, force: bool, dry_run: bool,
                   limits: Limits, progress: Progress) -> Outcome:
    """Write the package beside the plan, validate it there, then put it in place (or not)."""
    progress("check")
    from generator.validate.project import validate_package

    made = files.kind(datapackages) == "missing"
    datapackages.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".plansite-import-", dir=datapackages))
    try:
        folder = work / outcome.plan_id
        folder.mkdir()
        (folder / "datapackage.json").write_text(descriptor_text(descriptor), encoding="utf-8")
        for path, text in texts.items():
            (folder / path).write_text(text, encoding="utf-8", newline="")
        for problem in validate_package(folder, None, {}, frozenset(), limits, _concordance_keys(datapackages, limits)):
            mapped = _on_sheet(problem, outcome.plan_id, descriptor, tables, plan_rows, label)
            (outcome.errors if problem.severity == Severity.ERROR else outcome.warnings).append(mapped)
        if outcome.errors or dry_run or not outcome.changed:
            return outcome
        target = datapackages / outcome.plan_id
        if not outcome.created and not force:
            outcome.refused = True
            return outcome
        progress("write")
        put_in_place(folder, target, work)
        outcome.written = True
        return outcome
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if made and not outcome.written:
            datapackages.rmdir()  # a folder made only to check the result in: nothing was written


def _concordance_keys(datapackages: Path, limits: Limits) -> frozenset[str] | None:
    if files.kind(datapackages / concordance.FILE) == "missing":
        return None
    found, entries = concordance.check(datapackages, limits)
    return concordance.known_keys(found, entries)


def _on_sheet(problem: Problem, plan_id: str, descriptor: dict, tables: dict[str, reading.Table],
              plan_rows: dict[str, int], label) -> Problem:
    """A problem of the validated package where the person will find it: sheet, row and column."""
    paths = {f"{plan_id}/{r['path']}": r["name"] for r in descriptor["resources"]}
    name = paths.get(problem.file)
    if name in tables:
        table = tables[name]
        column = table.columns.get(problem.field, problem.field)
        return Problem(label(name), problem.code, table.rows.get(problem.row or 0, problem.row), column,
                       problem.found, problem.expected, problem.severity)
    if problem.file == f"{plan_id}/datapackage.json" and problem.field.startswith("plan."):
        path = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", problem.field.removeprefix("plan."))
        return Problem(label(layout.PLAN_SHEET), problem.code, plan_rows.get(path), f"B ({path})",
                       problem.found, problem.expected, problem.severity)
    return problem
