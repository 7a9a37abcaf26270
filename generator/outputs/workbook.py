"""The site-wide tables as one spreadsheet workbook (``data/plans.xlsx``), with a README sheet.

One sheet per table (``tables.tables_of_csv``), the same columns and rows as the CSVs, and first a
sheet that explains every column in the catalogue's words. Each text cell is written as text, never
as a formula: it holds the CSV's cell (``cells.safe_cell``, so text a spreadsheet would read as a
formula starts with ``'`` as in the CSV) and is stored with the string type, so even a number as
written such as ``=0`` stays text. Whole numbers are numbers; a decimal is a number when the float
reads back as the same decimal (``tables.exact_float``, every value the plans print), otherwise
its text, so no digit is lost to a spreadsheet's 15-digit precision or to the 16 significant digits
a float is written with (``_number``). Written with XlsxWriter (``write``), which cuts a text longer
than a cell holds and drops rows past a sheet's last: the writer does both itself, visibly, with a
notice (a cut text ends in ``CUT_MARK``), so nothing is lost silently. openpyxl writes the blank
template (``book_bytes``).

The bytes are the same for the same input: the document's dates are fixed and the zip is rewritten
with fixed times (``archive.normalised_zip``).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

import xlsxwriter
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from generator.i18n.texts import t
from generator.outputs import archive
from generator.outputs.cells import safe_cell
from generator.outputs.tables import Table, decimal_text, exact_float

#: The workbook's creation date when the data gives none (the zip format's first day).
FIXED_DATE = datetime.datetime(1980, 1, 1)


def _number(value: Decimal) -> float | None:
    """``value`` as the number the workbook stores, when it reads back the same: a float is written
    with 16 significant digits (``%.16g``), which read back as the same float for most
    (``9.8`` is written ``9.800000000000001``) but not for a decimal of 17 (``123456789.12345679``,
    which a float holds, is written ``123456789.1234568``); such a decimal is written as its text."""
    number = exact_float(value)
    return number if number is not None and float(f"{number:.16g}") == number else None


#: A sheet as ``write`` lays it out: its name, its cells ``(row, column, value, bold)`` counted from
#: 0, the widths of some columns and whether its first row stays in view.
Layout = tuple[str, Iterator[tuple[int, int, object, bool]], dict[int, float], bool]


def _layout(tables: list[Table], lang: str) -> Iterator[Layout]:
    """The workbook's sheets: the README (what each sheet and column holds), then one per table."""
    yield t("opendata.workbook.readme_sheet", lang), _readme(tables, lang), {0: 14, 1: 20, 2: 100}, False
    for table in tables:
        yield table.name, _table(table), {}, True


def _readme(tables: list[Table], lang: str) -> Iterator[tuple[int, int, object, bool]]:
    yield 0, 0, safe_cell(t("opendata.workbook.title", lang)), True
    yield 1, 0, safe_cell(t("opendata.workbook.intro", lang)), False
    row = 3
    for col, key in enumerate(("sheet", "column", "description")):
        yield row, col, t(f"opendata.workbook.{key}", lang), True
    for table in tables:
        row += 1
        yield row, 0, table.name, True
        yield row, 2, safe_cell(t(f"opendata.table.{table.name}", lang)), False
        for column in table.columns:
            row += 1
            yield row, 0, table.name, False
            yield row, 1, column, False
            yield row, 2, safe_cell(t(f"opendata.column.{table.name}.{column}", lang)), False


def _table(table: Table) -> Iterator[tuple[int, int, object, bool]]:
    for col, name in enumerate(table.columns):
        yield 0, col, name, True
    for r, row in enumerate(table.rows, start=1):
        for col, name in enumerate(table.columns):
            if row[name] is not None:
                yield r, col, row[name], False


def _value(value: object) -> object:
    """What the cell stores: a number when it reads back the same (a decimal by ``_number``, a whole
    number of at most 16 digits), else its text; text as it is."""
    if isinstance(value, Decimal):
        number = _number(value)
        return number if number is not None else decimal_text(value)
    if isinstance(value, int) and not isinstance(value, bool) and f"{float(value):.16g}" != str(value):
        return str(value)  # written with 16 digits it would be another number
    return value


#: What a cell and a sheet hold (Excel's limits, which XlsxWriter keeps): text in UTF-16 units, rows.
MAX_CELL_UNITS = 32767
MAX_ROWS = 1048576
CUT_MARK = " […]"
#: Notices (catalogue keys) when the workbook could not hold everything the CSV files hold.
CELL_CUT = "build.workbook-cell-cut"
ROWS_LEFT_OUT = "build.workbook-rows-left-out"


def _cut(text: str) -> str:
    """``text`` cut to what a cell holds, at a character, ending with ``CUT_MARK``."""
    room = MAX_CELL_UNITS - len(CUT_MARK.encode("utf-16-le")) // 2
    units = text.encode("utf-16-le")[:room * 2]
    return units.decode("utf-16-le", errors="ignore") + CUT_MARK


def _units(text: str) -> int:
    return len(text) if len(text) <= MAX_CELL_UNITS // 2 else len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Written:
    data: bytes
    notices: tuple[str, ...]  # ``CELL_CUT``, ``ROWS_LEFT_OUT``: what the workbook could not hold


def write(tables: list[Table], *, lang: str, date: datetime.date | None = None) -> Written:
    """The workbook file, written with XlsxWriter (rows as they come: about twice openpyxl's speed
    on the site's tables); ``date`` (the newest plan's date, if any) becomes its created and
    modified date, so the same input gives the same bytes. Nothing is cut silently: a text longer
    than a cell holds is cut ending in ``CUT_MARK`` and rows past a sheet's last are left out, each
    with a notice (the CSV files and the database hold everything)."""
    stamp = datetime.datetime.combine(date, datetime.time()) if date else FIXED_DATE
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": stamp, "author": ""})
    bold = book.add_format({"bold": True})
    notices: set[str] = set()
    for name, cells, widths, freeze in _layout(tables, lang):
        sheet = book.add_worksheet(name)
        for row, col, value, strong in cells:
            if row >= MAX_ROWS:
                notices.add(ROWS_LEFT_OUT)
                break
            value = _value(value)
            style = bold if strong else None
            if isinstance(value, str):
                if _units(value) > MAX_CELL_UNITS:
                    value = _cut(value)
                    notices.add(CELL_CUT)
                code = sheet.write_string(row, col, value, style)  # text, never a formula or a number
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                code = sheet.write_number(row, col, value, style)
            else:
                raise TypeError(f"a {type(value).__name__} in a workbook cell")
            if code != 0:  # nothing above lets XlsxWriter cut or drop a cell
                raise ValueError(f"XlsxWriter did not write {name}!{row + 1}:{col + 1} whole ({code})")
        for col, width in widths.items():
            sheet.set_column(col, col, width)
        if freeze:
            sheet.freeze_panes(1, 0)
    book.close()
    return Written(archive.normalised_zip(buffer.getvalue()), tuple(sorted(notices)))


def workbook_bytes(tables: list[Table], *, lang: str, date: datetime.date | None = None) -> bytes:
    """The workbook file (``write``) without its notices."""
    return write(tables, lang=lang, date=date).data


def book_bytes(book: Workbook, stamp: datetime.datetime = FIXED_DATE) -> bytes:
    """``book`` as the bytes of an .xlsx file, the same for the same book: ``stamp`` is its
    created and modified date, it names no author, and the zip has fixed times."""
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        ExcelWriter(book, zipped).write_data()  # not save(): that stamps the time of the build
    return archive.normalised_zip(buffer.getvalue())
