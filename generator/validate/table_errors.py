"""Frictionless' errors (types, constraints, keys, labels) as problems with file, row, field,
what was found and what was expected, checked on the texts validation already read."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterator

from frictionless import FrictionlessException, system

from generator.ingest import tables
from generator.model.problems import Problem, short

#: An example for the fields whose pattern a reader cannot guess.
PATTERN_EXAMPLES = {"kolada_id": "N31814", "agenda2030": "1;3;10.2", "crc_articles": "2;3;12"}
ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,79}$"




_ROW_AT = re.compile(r"row at position (\d+)")
_FK_NOTE = re.compile(r'values "(.*)" not found in the lookup table "(.*)" as "(.*)"')
_CONSTRAINT_NOTE = re.compile(r'constraint "(\w+)" is "(.*)"', re.S)
_TYPE_NOTE = re.compile(r'type is "(\w+)')


def from_frictionless(package_dir: Path, descriptor: dict, texts: dict[str, str]) -> Iterator[Problem]:
    """Frictionless' errors, on the texts already read, as problems with file, row, field, found
    and expected filled in."""
    paths = {r.get("name"): r.get("path") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    schemas = {r.get("name"): r.get("schema") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    try:
        with system.use_context(trusted=False):
            report = tables.package(descriptor, texts).validate(limit_errors=1000)
    except FrictionlessException as exc:  # e.g. an extra resource whose Table Schema is malformed
        error = getattr(exc, "error", None)
        reasons = getattr(exc, "reasons", None) or []
        message = "; ".join(r.message for r in reasons) or str(exc)
        yield Problem(f"{package_dir.name}/datapackage.json", getattr(error, "type", "") or "package-error",
                      found=short(re.sub(r"^\[[\w-]+\]\s*", "", message), 200))
        return
    for error in report.errors:
        yield Problem(f"{package_dir.name}/datapackage.json", error.type, found=short(error.note or error.message, 200))
    for task in report.tasks:
        rname = getattr(task, "name", "")
        file = f"{package_dir.name}/{paths.get(rname) or rname}"
        schema = schemas.get(rname) if isinstance(schemas.get(rname), dict) else {}
        fields = [f.get("name") for f in schema.get("fields", []) if isinstance(f, dict)]
        primary_key = schema.get("primaryKey") or []
        primary_key = [primary_key] if isinstance(primary_key, str) else list(primary_key)
        blank_rows = {getattr(e, "row_number", None) for e in task.errors if e.type == "blank-row"}
        pk_rows = {getattr(e, "row_number", None) for e in task.errors if e.type == "primary-key"}
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if error.type == "primary-key" and row in blank_rows:
                continue  # the blank row says it; its empty key is no second problem
            if error.type == "unique-error" and row in pk_rows and [getattr(error, "field_name", "")] == primary_key:
                continue  # the same duplicate id as the primary-key problem on this row
            yield _frictionless_problem(error, file, rname, fields, primary_key)


def _frictionless_problem(error, file: str, rname: str, fields: list[str], primary_key: list[str]) -> Problem:
    row = getattr(error, "row_number", None)
    field_name = getattr(error, "field_name", "") or ""
    note = error.note or ""
    cell = getattr(error, "cell", None)
    found = short(cell) if isinstance(cell, str) else ""
    expected = short(note or error.title, 200)
    kind = error.type
    if kind == "type-error":
        match = _TYPE_NOTE.search(note)
        expected = match.group(1) if match else expected
    elif kind == "constraint-error":
        expected = _constraint_expectation(note, field_name)
    elif kind in ("extra-label", "missing-label", "incorrect-label", "duplicate-label", "blank-label"):
        row = 1
        label = getattr(error, "label", "") or ""
        found = short(label)
        if kind == "extra-label":
            field_name = label or f"#{getattr(error, 'field_number', '')}"
        expected = "columns: " + ", ".join(fields)
    elif kind in ("extra-cell", "missing-cell"):
        expected = f"columns: {len(fields)}"
    elif kind == "primary-key":
        field_name = "+".join(primary_key)
        found = ", ".join(_key_values(error, fields, primary_key))
        match = _ROW_AT.search(note)
        expected = f"row: {match.group(1)}" if match else "unique"
    elif kind == "unique-error":
        match = _ROW_AT.search(note)
        expected = f"row: {match.group(1)}" if match else "unique"
    elif kind == "foreign-key":
        names = list(getattr(error, "field_names", None) or [])
        field_name = "+".join(names)
        match = _FK_NOTE.search(note)
        if match:
            found = match.group(1)
            target = match.group(2) or rname
            expected = f"reference: {target}.{match.group(3)}"
        else:
            found = ", ".join(_key_values(error, fields, names))
            expected = f"reference: {getattr(error, 'reference_name', '') or rname}"
    elif not found:  # any other frictionless error: what it says is what was found
        found, expected = short(note or error.message, 200), ""
    return Problem(file, kind, row, field_name, found, expected)


def _key_values(error, fields: list[str], names: list[str]) -> list[str]:
    cells = list(getattr(error, "cells", None) or [])
    out = []
    for name in names:
        index = fields.index(name) if name in fields else -1
        out.append(str(cells[index]) if 0 <= index < len(cells) else "")
    return out


def _constraint_expectation(note: str, field_name: str) -> str:
    match = _CONSTRAINT_NOTE.search(note)
    if not match:
        return short(note, 200)
    constraint, value = match.groups()
    if constraint == "enum":
        try:
            values = ast.literal_eval(value)
            return "enum: " + " | ".join(str(v) for v in values)
        except (ValueError, SyntaxError):
            return f"enum: {value}"
    if constraint == "pattern":
        example = PATTERN_EXAMPLES.get(field_name, "mal-1" if value == ID_PATTERN else "")
        return f"pattern: {value}" + (f" ({example})" if example else "")
    if constraint == "minimum":
        return f">= {value}"
    if constraint == "maximum":
        return f"<= {value}"
    if constraint in ("required", "minLength"):
        return "required"
    return f"{constraint}: {value}"
