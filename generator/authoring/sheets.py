"""What an office hands in, read as sheets of text cells: an .xlsx workbook, or a folder of CSV files
named after its sheets (``goals.csv``), saved however a spreadsheet saves them.

- A workbook is read with openpyxl (values, never formulas run). A number cell becomes the number
  with the decimals its format shows (``30,40`` → ``30.40``; a percent format ``9,8 %`` → ``9.8``),
  a date cell ``2024-03-10``, a yes-or-no cell ``true`` or ``false``.
- A CSV file may be UTF-8 (with or without a byte-order mark) or Windows-1252, separated by
  semicolons, commas or tabs (the header row tells), with Windows line ends; it is read with the
  csv module, never through a link, and bounded like every file the project reads.

Each row keeps its number in the sheet, so every problem can name sheet, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.config.limits import Limits
from generator.ingest import files
from generator.model.problems import Problem

_DECIMALS = re.compile(r"\.([0#?]+)")
#: How much bigger than the file limit a workbook may unpack to (its XML compresses about tenfold).
UNPACKED_FACTOR = 20


@dataclass
class Sheet:
    """A sheet as text: ``rows`` are ``(row number, cells)``; blank rows are left out."""

    name: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    hidden: bool = False

    @property
    def header(self) -> list[str]:
        return self.rows[0][1] if self.rows and self.rows[0][0] == 1 else []

    @property
    def body(self) -> list[tuple[int, list[str]]]:
        return [(n, cells) for n, cells in self.rows if n > 1]


def read_source(source: Path, limits: Limits) -> tuple[dict[str, Sheet], list[Problem]]:
    """The sheets of ``source``: a workbook (.xlsx) or a folder of ``<sheet>.csv`` files."""
    kind = files.kind(source)
    if kind == "dir":
        return _read_folder(source, limits)
    if kind != "file":
        code = "missing-file" if kind == "missing" else "symlink" if kind == "symlink" else "not-a-regular-file"
        return {}, [Problem(source.name, code, found=source.name)]
    if source.suffix.lower() != ".xlsx":
        return {}, [Problem(source.name, "import-not-a-workbook", found=source.suffix or source.name,
                            expected=".xlsx")]
    return _read_workbook(source, limits)


def _read_workbook(source: Path, limits: Limits) -> tuple[dict[str, Sheet], list[Problem]]:
    from openpyxl import load_workbook

    try:
        raw = files.read_bytes(source, limits.max_file_bytes)
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:  # a workbook is a zip: bound what it unpacks to
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > UNPACKED_FACTOR * limits.max_file_bytes:
            return {}, [Problem(source.name, "file-too-large", found=str(unpacked),
                                expected=f"<= {UNPACKED_FACTOR * limits.max_file_bytes}")]
        book = load_workbook(io.BytesIO(raw), data_only=True, read_only=False)
    except files.UnsafeFile as exc:
        return {}, [Problem(source.name, exc.code, found=exc.found or source.name)]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return {}, [Problem(source.name, "import-not-a-workbook", found=f"{exc.__class__.__name__}", expected=".xlsx")]
    sheets: dict[str, Sheet] = {}
    for worksheet in book.worksheets:
        sheet = Sheet(worksheet.title, hidden=worksheet.sheet_state != "visible")
        for row in worksheet.iter_rows():
            cells = [_cell_text(c.value, c.number_format) for c in row]
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                sheet.rows.append((row[0].row, cells))
            if len(sheet.rows) > limits.max_rows:
                return {}, [Problem(f"{source.name} [{worksheet.title}]", "too-many-rows", found=str(len(sheet.rows)),
                                    expected=f"<= {limits.max_rows}")]
        sheets[worksheet.title] = sheet
    return sheets, []


def _cell_text(value: object, number_format: str | None) -> str:
    """A workbook cell as the text the package would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        fmt = (number_format or "General").split(";")[0]
        if "%" in fmt:
            number *= 100
        match = _DECIMALS.search(fmt)
        if match is not None or fmt != "General":
            places = len(match.group(1)) if match else 0
            number = number.quantize(Decimal(1).scaleb(-places))
        elif number == number.to_integral_value() and isinstance(value, float):
            number = number.quantize(Decimal(1))
        return format(number, "f")
    return str(value)


def _read_folder(folder: Path, limits: Limits) -> tuple[dict[str, Sheet], list[Problem]]:
    sheets: dict[str, Sheet] = {}
    problems: list[Problem] = []
    for entry in files.walk(folder, limit=200):
        if "/" in entry.rel or not entry.rel.lower().endswith(".csv"):
            continue
        name = entry.rel[:-4]
        if entry.kind != "file":
            problems.append(Problem(entry.rel, "symlink" if entry.kind == "symlink" else "not-a-regular-file",
                                    found=entry.rel))
            continue
        try:
            raw = files.read_bytes(folder / entry.rel, limits.max_file_bytes)
        except files.UnsafeFile as exc:
            problems.append(Problem(entry.rel, exc.code, found=exc.found or entry.rel))
            continue
        sheet, problem = _read_csv(name, raw, limits)
        if problem:
            problems.append(problem)
        else:
            sheets[name] = sheet
    return sheets, problems


def decode(raw: bytes) -> str | None:
    """The text of a file Excel or an editor saved: UTF-8 (with or without BOM), else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _delimiter(text: str) -> str:
    """The separator of the header row: the one of ``;``, ``,`` and tab it uses most (outside quotes)."""
    first = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_csv(name: str, raw: bytes, limits: Limits) -> tuple[Sheet, Problem | None]:
    label = f"{name}.csv"
    text = decode(raw)
    if text is None or "\x00" in text:
        return Sheet(name), Problem(label, "import-encoding", expected="UTF-8 | Windows-1252")
    sheet = Sheet(name)
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)), start=1):
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                sheet.rows.append((number, cells))
            if number > limits.max_rows + 1:
                return sheet, Problem(label, "too-many-rows", found=str(number), expected=f"<= {limits.max_rows}")
    except csv.Error as exc:
        return sheet, Problem(label, "import-csv", found=str(exc))
    return sheet, None
