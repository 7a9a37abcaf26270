"""A new plan that validates at once: ``datapackages/<plan-id>/`` with its descriptor (written by the
same code as ``python -m generator.spec.package``) and tables holding only their header row, and
``content/<plan-id>/01-inledning.md``. Both folders are written beside their final place, validated,
and then renamed into place; nothing is written when a value is wrong or the plan exists.

``create`` names each step to ``progress`` as it begins (``STEPS``). Validation loads frictionless,
which takes a second: it is imported in the step that checks, so the first step shows at once."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator.config.limits import Limits
from generator.i18n.texts import t
from generator.ingest import files
from generator.model.codes import Severity
from generator.model.problems import Problem
from generator.spec.municipalities import MUNICIPALITIES
from generator.spec.names import PLAN_ID, RESERVED_PLAN_IDS
from generator.spec.package import (
    build_descriptor,
    canonical_schema,
    descriptor_text,
    plan_metadata_schema,
)

#: The tables a new plan starts with: goals, indicators and their values, and a budget.
TABLES = ("goals", "indicators", "observations", "budget_tables", "budget_lines", "budget_values")
CHAPTER = "01-inledning.md"
#: The steps of ``create``, in order: write the new folders beside their place, check them.
STEPS = ("write", "check")
_PERIOD = re.compile(r"^\s*(?P<start>[0-9]{4})\s*(?:[-–]\s*(?P<end>[0-9]{4}))?\s*$")


@dataclass(frozen=True)
class NewPlan:
    plan_id: str
    municipality_code: str
    board: str
    title: str
    document_type: str
    period: str  # "2025-2027" or "2025"


def document_types() -> list[str]:
    return list(plan_metadata_schema()["properties"]["document_type"]["enum"])


def check(new: NewPlan, root: Path) -> list[Problem]:
    """What is wrong with the values of a new plan, each problem naming its option."""
    problems = []
    site_pages = root / "content" / "site"
    taken = new.plan_id in RESERVED_PLAN_IDS or any(
        files.kind(site_pages / name) != "missing" for name in (new.plan_id, f"{new.plan_id}.md"))
    if not PLAN_ID.match(new.plan_id) or taken:
        problems.append(Problem("PLAN_ID", "bad-plan-id", field="PLAN_ID", found=new.plan_id,
                                expected="pattern: ^[a-z0-9][a-z0-9-]{0,79}$"))
    for folder in (root / "datapackages" / new.plan_id, root / "content" / new.plan_id):
        if PLAN_ID.match(new.plan_id) and files.kind(folder) != "missing":
            problems.append(Problem(str(folder.relative_to(root)), "new-plan-exists", found=new.plan_id))
    if new.municipality_code not in MUNICIPALITIES:
        problems.append(Problem("--municipality-code", "new-unknown-municipality", field="--municipality-code",
                                found=new.municipality_code))
    if new.document_type not in document_types():
        problems.append(Problem("--type", "plan-metadata", field="--type", found=new.document_type,
                                expected="enum: " + " | ".join(document_types())))
    for option, value in (("--board", new.board), ("--title", new.title)):
        if not value.strip():
            problems.append(Problem(option, "plan-metadata", field=option, expected="not-empty"))
    if period(new.period) is None:
        problems.append(Problem("--period", "new-bad-period", field="--period", found=new.period, expected="2025-2027"))
    return problems


def period(text: str) -> tuple[int, int] | None:
    """"2025-2027" → (2025, 2027); "2025" → (2025, 2025); ``None`` for anything else or a reversed period."""
    match = _PERIOD.match(text)
    if not match:
        return None
    start = int(match["start"])
    end = int(match["end"] or start)
    return (start, end) if 1900 <= start <= end <= 2100 else None


def plan_metadata(new: NewPlan) -> dict:
    start, end = period(new.period)
    return {
        "municipality": MUNICIPALITIES[new.municipality_code],
        "municipality_code": new.municipality_code,
        "board": new.board.strip(),
        "title": new.title.strip(),
        "document_type": new.document_type,
        "period_start": start,
        "period_end": end,
        "source": {"title": new.title.strip()},
    }


def _header(name: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([f["name"] for f in canonical_schema(name)["fields"]])
    return out.getvalue()


def create(new: NewPlan, root: Path, *, lang: str = "sv", limits: Limits | None = None,
           progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write the new plan under ``root`` and return the folders written; ``ValueError`` (with the
    problems as ``args[0]``) when a value is wrong or the result would not validate."""
    progress = progress or (lambda step: None)
    problems = check(new, root)
    if problems:
        raise ValueError(problems)
    limits = Limits.from_environment() if limits is None else limits
    datapackages, content = root / "datapackages", root / "content"
    datapackages.mkdir(parents=True, exist_ok=True)
    content.mkdir(parents=True, exist_ok=True)
    work = [Path(tempfile.mkdtemp(prefix=".plansite-new-", dir=parent)) for parent in (datapackages, content)]
    try:
        progress("write")
        package, chapters = work[0] / new.plan_id, work[1] / new.plan_id
        package.mkdir()
        chapters.mkdir()
        for name in TABLES:
            (package / f"{name}.csv").write_text(_header(name), encoding="utf-8")
        descriptor = build_descriptor(new.plan_id, plan_metadata(new), list(TABLES))
        (package / "datapackage.json").write_text(descriptor_text(descriptor), encoding="utf-8")
        chapter = t("authoring.new_chapter", lang, title=new.title.strip())
        (chapters / CHAPTER).write_text(chapter, encoding="utf-8")
        progress("check")
        from generator.validate.project import validate_package

        found = [p for p in validate_package(package, work[1], {}, frozenset(), limits) if p.severity == Severity.ERROR]
        if found:
            raise ValueError(found)
        for folder in (package, chapters, *package.iterdir(), *chapters.iterdir()):
            os.chmod(folder, 0o755 if folder.is_dir() else 0o644)
        os.rename(package, datapackages / new.plan_id)
        try:
            os.rename(chapters, content / new.plan_id)
        except OSError:
            os.rename(datapackages / new.plan_id, package)
            raise
        return [datapackages / new.plan_id, content / new.plan_id]
    finally:
        for folder in work:
            shutil.rmtree(folder, ignore_errors=True)
