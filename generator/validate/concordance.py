"""The concordance: ``datapackages/concordance.csv``, shared keys for measures several plans report.

Read once during validation (``check``); the build renders from the entries it returns, so a
malformed file is a problem with its row and column, never a crash in the build.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path
from typing import Iterator

from generator.config.limits import Limits
from generator.ingest import files
from generator.model import plan as model
from generator.model.problems import Problem

FILE = "concordance.csv"
COLUMNS = ("concordance_key", "title", "description", "kolada_id")
REQUIRED = ("concordance_key", "title")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
KOLADA_ID = re.compile(r"^[A-Z][0-9]{5}$")


def check(datapackages: Path, limits: Limits) -> tuple[list[Problem], tuple[dict[str, str], ...]]:
    """Every problem in the concordance and its entries (none when it has an error)."""
    path = datapackages / FILE
    label = f"datapackages/{FILE}"
    kind = files.kind(path)
    if kind == "missing":
        return [], ()
    try:
        text = files.read_bytes(path, limits.max_file_bytes).decode("utf-8").removeprefix("\ufeff")
    except files.UnsafeFile as exc:
        return [Problem(label, exc.code, found=exc.found or FILE)], ()
    except UnicodeDecodeError as exc:
        return [Problem(label, "not-utf8", row=text_row(exc))], ()
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return [Problem(label, "source-error", expected=str(exc))], ()
    if not rows:
        return [Problem(label, "empty-file")], ()
    header, problems, entries, seen = rows[0], [], [], {}
    expected = "columns: " + ", ".join(COLUMNS)
    for index, name in enumerate(header):
        if name not in COLUMNS:
            problems.append(Problem(label, "extra-label", 1, name or f"#{index + 1}", name, expected))
    for name in REQUIRED:
        if name not in header:
            problems.append(Problem(label, "missing-label", 1, name, "", expected))
    if problems:
        return problems, ()
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            code = "extra-cell" if len(row) > len(header) else "missing-cell"
            problems.append(Problem(label, code, row_number, "", row[-1][:60] if row else "", f"columns: {len(header)}"))
            continue
        entry = dict(zip(header, row))
        key = entry["concordance_key"]
        if not KEY.match(key):
            problems.append(Problem(label, "constraint-error", row_number, "concordance_key", key[:60],
                                    "pattern: ^[a-z0-9][a-z0-9-]{0,79}$ (mal-1)"))
        elif key in seen:
            problems.append(Problem(label, "unique-error", row_number, "concordance_key", key, f"row: {seen[key]}"))
        seen.setdefault(key, row_number)
        if not entry["title"].strip():
            problems.append(Problem(label, "constraint-error", row_number, "title", "", "required"))
        kolada = entry.get("kolada_id", "")
        if kolada and not KOLADA_ID.match(kolada):
            problems.append(Problem(label, "constraint-error", row_number, "kolada_id", kolada[:60],
                                    "pattern: ^[A-Z][0-9]{5}$ (N31814)"))
        entries.append({name: entry.get(name, "") for name in COLUMNS})
    return problems, (() if problems else tuple(entries))


def text_row(exc: UnicodeDecodeError) -> int:
    return exc.object[: exc.start].count(b"\n") + 1


def known_keys(problems: list[Problem], entries: tuple[dict[str, str], ...]) -> frozenset[str] | None:
    """The keys a plan may use; ``None`` when the concordance has an error (it is reported, and its
    keys are not held against the plans)."""
    return None if any(p.severity == "error" for p in problems) else frozenset(e["concordance_key"] for e in entries)


def check_keys(plan: model.Plan, known: frozenset[str] | None) -> Iterator[Problem]:
    """Every indicator's ``concordance_key`` must be one of the concordance's: a misspelt key would
    silently link nothing. The nearest known key, if one is near, is the fix offered."""
    if known is None:
        return
    for ind in plan.indicators:
        key = ind.concordance_key
        if key and key not in known:
            near = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
            yield Problem(ind.source.file, "unknown-concordance-key", ind.source.row, "concordance_key", key,
                          f"key: {near[0]}" if near else f"file: datapackages/{FILE}")
