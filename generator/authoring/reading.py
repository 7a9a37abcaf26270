"""Sheets into the package's tables: columns found by title or name, every cell written as the format
writes it, and every cell that cannot be read reported with its sheet, row and column.

Numbers are read as people write them (``ingest.written_numbers``, shared with validation). In the
value column of ``observations`` a printed value is read apart as the format asks: ``≤108`` is the
comparator ``<=`` and the value 108, ``70-100`` the value 70 and the upper value 100, ``37 % (2021)``
the value 37 for the year 2021 (the year marker says which year the value is for), and a text
without digits, ``Uppnått``, is a target in words (no value; the text in ``printed`` and ``note``).
A printed value also fills an empty ``printed`` cell, so the page shows what the plan printed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from generator.authoring import layout
from generator.authoring.sheets import Sheet
from generator.ingest.written_numbers import COMPARATORS, read_number, read_printed
from generator.model.problems import Problem, short

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TRUE = {"true", "sant", "ja", "yes", "x", "1"}
_FALSE = {"false", "falskt", "nej", "no", "0"}


@dataclass
class Table:
    """A table read from its sheet: the CSV text in the schema's column order, the sheet row of each
    CSV row (``rows[csv_row] = sheet_row``, the header is row 1) and each column's place in the sheet."""

    name: str
    text: str
    rows: dict[int, int] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # column name -> "C (Värde)"


def column_label(index: int, header: str) -> str:
    """A column as a person finds it in the sheet: its letter and its header, ``C (Värde)`` (``A (Mål-id)``
    for the header ``Mål-id *``: the mark of a required column is left out)."""
    header = layout.unmarked(header)
    return f"{column_letter(index + 1)} ({header})" if header else column_letter(index + 1)


def column_letter(number: int) -> str:
    """A spreadsheet's letter for its column ``number``: 1 → A, 26 → Z, 27 → AA (no spreadsheet
    library needed to read a folder of CSV files)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(sheet: Sheet, fields: list[dict], label: str) -> tuple[Table | None, list[Problem]]:
    """The table a sheet holds, or the problems that keep it from being read (``label`` names the sheet)."""
    header_map = layout.header_names(fields)
    problems: list[Problem] = []
    header = sheet.header
    if not header:
        return None, [Problem(label, "import-no-header", 1, "", "", _known(fields))]
    position: dict[str, int] = {}
    for index, raw in enumerate(header):
        title = raw.strip()
        if not title:
            if any(index < len(cells) and cells[index].strip() for _, cells in sheet.body):
                problems.append(Problem(label, "blank-label", 1, column_label(index, ""), "", _known(fields)))
            continue
        name = header_map.get(layout.unmarked(title).casefold())
        if name is None:
            problems.append(Problem(label, "import-unknown-column", 1, column_label(index, title), short(title),
                                    _known(fields)))
        elif name in position:
            problems.append(Problem(label, "duplicate-label", 1, column_label(index, title), title, _known(fields)))
        else:
            position[name] = index
    for spec in fields:
        if (spec.get("constraints") or {}).get("required") and spec["name"] not in position:
            problems.append(Problem(label, "import-missing-column", 1, layout.column_title(spec), "", _known(fields)))
    if problems:
        return None, problems
    columns = {name: column_label(index, header[index]) for name, index in position.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f["name"] for f in fields])
    table = Table(sheet.name, "", {}, columns)
    for csv_row, (sheet_row, cells) in enumerate(((n, c) for n, c in sheet.body if any(x.strip() for x in c)), start=2):
        values = {name: (cells[index] if index < len(cells) else "") for name, index in position.items()}
        row_problems = _read_row(values, fields, sheet.name, label, sheet_row, columns)
        problems.extend(row_problems)
        writer.writerow([values.get(f["name"], "") for f in fields])
        table.rows[csv_row] = sheet_row
    table.text = out.getvalue()
    return (None if problems else table), problems


def _known(fields: list[dict]) -> str:
    return "columns: " + ", ".join(layout.column_title(f) for f in fields)


def _read_row(values: dict[str, str], fields: list[dict], table: str, label: str, row: int,
              columns: dict[str, str]) -> list[Problem]:
    """Write every cell of a row as the format writes it (in ``values``); the cells that cannot be read."""
    problems: list[Problem] = []
    if table == "observations":
        problems.extend(_observation_value(values, label, row, columns))
    for spec in fields:
        name = spec["name"]
        cell = values.get(name, "")
        if cell.strip() == "":
            values[name] = ""
            continue
        kind = spec.get("type", "string")
        fixed, expected = _convert(cell, kind)
        if fixed is None:
            code = {"integer": "import-not-an-integer", "number": "import-not-a-number",
                    "boolean": "import-not-a-boolean", "date": "import-not-a-date"}[kind]
            problems.append(Problem(label, code, row, columns.get(name, name), short(cell), expected))
        else:
            values[name] = fixed
    return problems


def _convert(cell: str, kind: str) -> tuple[str | None, str]:
    """``cell`` as the format writes a value of ``kind``, or ``None`` and what was expected."""
    if kind in ("integer", "number"):
        written = read_number(cell.strip(), integer=kind == "integer", percent=kind == "number")
        return (written.plain if written else None), ("1234" if kind == "integer" else "1234,5")
    if kind == "boolean":
        word = cell.strip().casefold()
        return ("true" if word in _TRUE else "false" if word in _FALSE else None), "true | false"
    if kind == "date":
        text = cell.strip()
        return (text if _DATE.match(text) else None), "2024-03-10"
    return cell, ""


def _observation_value(values: dict[str, str], label: str, row: int, columns: dict[str, str]) -> list[Problem]:
    """The value cell of an observation read as printed: comparator, range, year marker, words."""
    comparator = values.get("comparator", "").strip()
    if comparator in COMPARATORS:
        values["comparator"] = COMPARATORS[comparator]  # "≤" as printed is "<=" in the format
    cell = values.get("value", "").strip()
    if not cell or read_number(cell, percent=True) is not None and "%" not in cell:
        return []
    printed = read_printed(cell)
    if printed is None:
        if any(ch.isdigit() for ch in cell):
            return [Problem(label, "import-not-a-number", row, columns.get("value", "value"), short(cell), "1234,5")]
        values["value"] = ""  # a target in words: the text is what the plan printed
        for name in ("printed", "note"):
            if not values.get(name, "").strip():
                values[name] = cell
        return []
    problems: list[Problem] = []
    values["value"] = printed.value
    for name, found in (("comparator", printed.comparator), ("value_max", printed.value_max)):
        given = values.get(name, "").strip()
        if found and given and _differs(given, found, name):
            problems.append(Problem(label, "import-conflict", row, columns.get(name, name), given, f"{name}: {found}"))
        elif found:
            values[name] = found
    if printed.year is not None:
        values["period"] = str(printed.year)  # the marker says which year the value is for
    if not values.get("printed", "").strip():
        values["printed"] = cell
    return problems


def _differs(given: str, found: str, name: str) -> bool:
    if name == "comparator":
        return COMPARATORS.get(given, given) != found
    written = read_number(given, percent=True)
    return written is None or written.value != read_number(found).value
