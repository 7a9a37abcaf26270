"""The site-wide tables as one spreadsheet workbook (``data/plans.xlsx``), with a README sheet.

One sheet per table (``tables.site_tables``), the same columns and rows as the CSVs, and first a
sheet that explains every column in the catalogue's words. Each text cell is written as text, never
as a formula: it holds the CSV's cell (``cells.safe_cell``, so text a spreadsheet would read as a
formula starts with ``'`` as in the CSV) and is stored with the string type, so even a number as
written such as ``=0`` stays text. Whole numbers are numbers; a decimal is a number when the float
reads back as the same decimal (``tables.exact_float``, every value the plans print), otherwise
its text, so no digit is lost to a spreadsheet's 15-digit precision.

The bytes are the same for the same input: the document's dates are fixed and the zip is rewritten
with fixed times (``archive.normalised_zip``).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import xlsxwriter
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from generator.i18n.texts import t
from generator.outputs import archive
from generator.outputs.cells import safe_cell
from generator.outputs.tables import Table, decimal_text, exact_float
from generator.validate.values import MAX_CELL

#: The workbook's creation date when the data gives none (the zip format's first day).
FIXED_DATE = datetime.datetime(1980, 1, 1)


class CellTooLong(ValueError):
    """A text longer than a spreadsheet cell holds (``values.MAX_CELL``; validation refuses such a
    cell, so this is a bug): the workbook is not written rather than cut short, as XlsxWriter would."""


def _value(value: object) -> object:
    """The cell's value: a decimal as a number when the float reads back the same, else its text."""
    if isinstance(value, Decimal):
        number = exact_float(value)
        return number if number is not None else decimal_text(value)
    return value


def _put(sheet, row: int, column: int, value: object, style=None) -> None:
    """One cell (0-based): text is written as a string, never as a formula or a number, whatever it
    starts with; numbers as numbers."""
    value = _value(value)
    if isinstance(value, str):
        if len(value) > MAX_CELL:  # validation refuses such a cell (validate.values)
            raise CellTooLong(f"{sheet.name}!{row + 1}:{column + 1}")
        sheet.write_string(row, column, value, style)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, column, value, style)
    elif value is not None:
        raise ValueError(f"a {type(value).__name__} in a workbook cell")


def _readme(sheet, bold, tables: list[Table], lang: str) -> None:
    _put(sheet, 0, 0, safe_cell(t("opendata.workbook.title", lang)), bold)
    _put(sheet, 1, 0, safe_cell(t("opendata.workbook.intro", lang)))
    row = 3
    for col, key in enumerate(("sheet", "column", "description")):
        _put(sheet, row, col, t(f"opendata.workbook.{key}", lang), bold)
    for table in tables:
        row += 1
        _put(sheet, row, 0, table.name, bold)
        _put(sheet, row, 2, safe_cell(t(f"opendata.table.{table.name}", lang)))
        for column in table.columns:
            row += 1
            _put(sheet, row, 0, table.name)
            _put(sheet, row, 1, column)
            _put(sheet, row, 2, safe_cell(t(f"opendata.column.{table.name}.{column}", lang)))
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 2, 100)


def _table(sheet, bold, table: Table) -> None:
    for col, name in enumerate(table.columns):
        _put(sheet, 0, col, name, bold)
    for r, row in enumerate(table.rows, start=1):
        for col, name in enumerate(table.columns):
            if row[name] is not None:
                _put(sheet, r, col, row[name])
    sheet.freeze_panes(1, 0)


def workbook_bytes(tables: list[Table], *, lang: str, date: datetime.date | None = None) -> bytes:
    """The workbook file; ``date`` (the newest plan's date, if any) becomes its created and
    modified date, so the same input gives the same bytes. Written with XlsxWriter, which writes
    rows as they come (2.4× openpyxl's speed on the site's tables); ``CellTooLong`` for a text
    longer than a cell holds."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": datetime.datetime.combine(date, datetime.time()) if date else FIXED_DATE})
    bold = book.add_format({"bold": True})
    _readme(book.add_worksheet(t("opendata.workbook.readme_sheet", lang)), bold, tables, lang)
    for table in tables:
        _table(book.add_worksheet(table.name), bold, table)
    book.close()
    return archive.normalised_zip(buffer.getvalue())


def book_bytes(book: Workbook, stamp: datetime.datetime = FIXED_DATE) -> bytes:
    """``book`` as the bytes of an .xlsx file, the same for the same book: ``stamp`` is its
    created and modified date, it names no author, and the zip has fixed times."""
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        ExcelWriter(book, zipped).write_data()  # not save(): that stamps the time of the build
    return archive.normalised_zip(buffer.getvalue())
