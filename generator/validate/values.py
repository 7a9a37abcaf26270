"""Cells frictionless would read too generously (or report too vaguely), and the characters no
text may carry: every problem with its file, row and column and what to write instead."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterator

from generator.ingest import characters
from generator.ingest.written_numbers import read_number
from generator.model.problems import Problem, short


def check_number_cells(package_dir: Path, descriptor: dict, texts: dict[str, str],
                        split_rows: set[tuple[str, int]]) -> Iterator[Problem]:
    """Number and integer cells must be plain ``-1234.5``: a decimal comma, a thousands space, an
    exponent, ``NaN`` or other digits are reported here, each with what to write instead.

    An unquoted decimal comma (``…,9,8,…``) splits the number into two cells and shifts the rest
    of the row; such a row is reported once as a decimal comma and added to ``split_rows``."""
    for resource in descriptor.get("resources", []):
        rname = resource.get("name")
        text = texts.get(rname)
        schema = resource.get("schema")
        if text is None or not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            continue
        kinds = {f.get("name"): f.get("type") for f in schema["fields"] if isinstance(f, dict)}
        label = f"{package_dir.name}/{resource['path']}"
        try:
            yield from _number_cells_of(text, kinds, label, split_rows)
        except csv.Error:
            continue  # a file csv cannot parse: frictionless reports it with the row


def _number_cells_of(text: str, kinds: dict, label: str, split_rows: set[tuple[str, int]]) -> Iterator[Problem]:
    reader = csv.reader(io.StringIO(text, newline=""))  # quoted cells may hold line breaks
    header = next(reader, [])
    columns = [(i, name, kinds.get(name)) for i, name in enumerate(header) if kinds.get(name) in ("number", "integer")]
    for row_number, row in enumerate(reader, start=2):
        for index, value in enumerate(row):
            yield from text_problems(value, label, row_number, header[index] if index < len(header) else "")
        if len(row) == len(header) + 1:
            split = _split_decimal(row, columns)
            if split:
                name, whole, fraction = split
                split_rows.add((label, row_number))
                yield Problem(label, "decimal-comma", row_number, name, f"{whole},{fraction}", f"{whole}.{fraction}")
                continue
        for index, name, kind in columns:
            if index >= len(row) or row[index] == "":
                continue
            problem = _number_problem(row[index], kind)
            if problem:
                code, expected = problem
                yield Problem(label, code, row_number, name, short(row[index]), expected)


def control_character(text: str) -> str:
    """``"U+000D"`` for the first forbidden control character in ``text``, else ``""``."""
    return next((found for code, _, found, _ in characters.scan(text) if code == "control-character"), "")


def text_problems(text: str, file: str, row: int | None, field_name: str) -> Iterator[Problem]:
    """A control character or a bidi control (an error) and a zero-width character (a warning) in ``text``."""
    found = list(characters.scan(text))
    for code, _, what, severity in found:
        if code == "bidi-control" and any(c == "control-character" for c, *_ in found):
            continue  # one error for the text is enough
        yield Problem(file, code, row, field_name, what, "text", severity)


def _split_decimal(row: list[str], columns: list[tuple[int, str, str]]) -> tuple[str, str, str] | None:
    """The number column whose unquoted decimal comma split it in two (``"9"``, ``"8"``), if any."""
    for index, name, kind in columns:
        if kind == "number" and index + 1 < len(row) and re.match(r"^-?[0-9]+$", row[index]) \
                and re.match(r"^[0-9]+$", row[index + 1]):
            return name, row[index], row[index + 1]
    return None


def _number_problem(cell: str, kind: str) -> tuple[str, str] | None:
    """What is wrong with a number cell, and the cell as it should be written (``None``: nothing).
    The reading is the import's (``ingest.written_numbers``), so both accept the same habits."""
    written = read_number(cell, integer=kind == "integer")
    if written is not None and not written.habit:
        return None
    if written is not None and written.habit in ("decimal-comma", "thousands-separator", "minus-sign"):
        return written.habit, written.plain
    return "bad-number", "-1234.5" if kind == "number" else "-1234"
