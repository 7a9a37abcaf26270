"""Columns matched by name: a CSV may list its columns in any order and leave optional ones out.

People write tables in a spreadsheet and save them as CSV; the order of the columns is theirs, and a
column they never fill (``note``, ``section``) is often deleted. ``canonical_text`` reads the header
row, reports what cannot be matched – an unknown, blank or repeated column, a required one missing –
and writes the table back in the schema's order with every column, so that the schema check, the
model and the published file all see the documented shape. A text whose header already is the
schema's is returned unchanged, byte for byte.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from generator.model.problems import Problem, short


@dataclass(frozen=True)
class Canonical:
    """A table in the schema's column order: its text, the problems of its header and rows, and
    the required columns it lacks (their empty cells are not reported again, row by row)."""

    text: str
    problems: tuple[Problem, ...] = ()
    absent: frozenset[str] = field(default_factory=frozenset)


def canonical_text(text: str, fields: list[dict], label: str) -> Canonical:
    """``text`` (a CSV with a header row) with its columns in the order of ``fields`` (a Table
    Schema's fields) and every field present; ``label`` names the file in problems."""
    names = [f.get("name") for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return Canonical(text)  # frictionless reports a file csv cannot parse, with its row
    if not rows or rows[0] == names:
        return Canonical(text)
    header = rows[0]
    expected = "columns: " + ", ".join(names)
    problems: list[Problem] = []
    position: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip()
        if not name:
            problems.append(Problem(label, "blank-label", 1, f"#{index + 1}", "", expected))
        elif name not in names:
            problems.append(Problem(label, "extra-label", 1, short(name), short(name), expected))
        elif name in position:
            problems.append(Problem(label, "duplicate-label", 1, name, name, expected))
        else:
            position[name] = index
    required = {f["name"] for f in fields if isinstance(f, dict) and (f.get("constraints") or {}).get("required")}
    absent = frozenset(n for n in names if n in required and n not in position)
    problems.extend(Problem(label, "missing-label", 1, name, "", expected) for name in names if name in absent)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row_number, row in enumerate(rows[1:], start=2):
        if not row:
            writer.writerow([])  # a blank line stays one: the schema check reports it
            continue
        if len(row) != len(header):
            code = "extra-cell" if len(row) > len(header) else "missing-cell"
            problems.append(Problem(label, code, row_number, "", short(row[-1]), f"columns: {len(header)}"))
        writer.writerow([row[position[n]] if n in position and position[n] < len(row) else "" for n in names])
    return Canonical(out.getvalue(), tuple(problems), absent)


def concerns_absent(problem: Problem, absent: frozenset[str]) -> bool:
    """Whether ``problem`` is about a column that is missing altogether (already reported once)."""
    return bool(absent) and bool(set(problem.field.split("+")) & absent)
