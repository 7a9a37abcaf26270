"""The site-wide tables as one spreadsheet workbook (``data/plans.xlsx``), with a README sheet.

One sheet per table (``tables.site_tables``), the same columns and rows as the CSVs, and first a
sheet that explains every column in the catalogue's words. Each text cell is written as text, never
as a formula: it holds the CSV's cell (``cells.safe_cell``, so text a spreadsheet would read as a
formula starts with ``'`` as in the CSV) and is stored with the string type, so even a number as
written such as ``=0`` stays text. Whole numbers are numbers; a decimal is a number when the float
reads back as the same decimal (``tables.exact_float``, every value the plans print), otherwise
its text, so no digit is lost to a spreadsheet's 15-digit precision or to the 16 significant digits
openpyxl writes a float with (``_number``).

The bytes are the same for the same input: the document's dates are fixed and the zip is rewritten
with fixed times (``archive.normalised_zip``).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.i18n.texts import t
from generator.outputs import archive
from generator.outputs.cells import safe_cell
from generator.outputs.tables import Table, decimal_text, exact_float

#: The workbook's creation date when the data gives none (the zip format's first day).
FIXED_DATE = datetime.datetime(1980, 1, 1)
_BOLD = Font(bold=True)


def _number(value: Decimal) -> float | None:
    """``value`` as the number the workbook stores, when it reads back the same: openpyxl writes a
    float with 16 significant digits (``%.16g``), which read back as the same float for most
    (``9.8`` is written ``9.800000000000001``) but not for a decimal of 17 (``123456789.12345679``,
    which a float holds, is written ``123456789.1234568``); such a decimal is written as its text."""
    number = exact_float(value)
    return number if number is not None and float(f"{number:.16g}") == number else None


def _put(sheet: Worksheet, row: int, column: int, value: object, bold: bool = False) -> Cell:
    if isinstance(value, Decimal):
        number = _number(value)
        value = number if number is not None else decimal_text(value)
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # text, never a formula, whatever it starts with
    else:
        cell.value = value
    if bold:
        cell.font = _BOLD
    return cell


def _readme(sheet: Worksheet, tables: list[Table], lang: str) -> None:
    _put(sheet, 1, 1, safe_cell(t("opendata.workbook.title", lang)), bold=True)
    _put(sheet, 2, 1, safe_cell(t("opendata.workbook.intro", lang)))
    row = 4
    for col, key in enumerate(("sheet", "column", "description"), start=1):
        _put(sheet, row, col, t(f"opendata.workbook.{key}", lang), bold=True)
    for table in tables:
        row += 1
        _put(sheet, row, 1, table.name, bold=True)
        _put(sheet, row, 3, safe_cell(t(f"opendata.table.{table.name}", lang)))
        for column in table.columns:
            row += 1
            _put(sheet, row, 1, table.name)
            _put(sheet, row, 2, column)
            _put(sheet, row, 3, safe_cell(t(f"opendata.column.{table.name}.{column}", lang)))
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 100


def _table(sheet: Worksheet, table: Table) -> None:
    for col, name in enumerate(table.columns, start=1):
        _put(sheet, 1, col, name, bold=True)
    for r, row in enumerate(table.rows, start=2):
        for col, name in enumerate(table.columns, start=1):
            if row[name] is not None:
                _put(sheet, r, col, row[name])
    sheet.freeze_panes = "A2"


def workbook_bytes(tables: list[Table], *, lang: str, date: datetime.date | None = None) -> bytes:
    """The workbook file; ``date`` (the newest plan's date, if any) becomes its created and
    modified date, so the same input gives the same bytes."""
    book = Workbook()
    readme = book.active
    readme.title = t("opendata.workbook.readme_sheet", lang)
    _readme(readme, tables, lang)
    for table in tables:
        _table(book.create_sheet(table.name), table)
    return book_bytes(book, datetime.datetime.combine(date, datetime.time()) if date else FIXED_DATE)


def book_bytes(book: Workbook, stamp: datetime.datetime = FIXED_DATE) -> bytes:
    """``book`` as the bytes of an .xlsx file, the same for the same book: ``stamp`` is its
    created and modified date, it names no author, and the zip has fixed times."""
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        ExcelWriter(book, zipped).write_data()  # not save(): that stamps the time of the build
    return archive.normalised_zip(buffer.getvalue())
