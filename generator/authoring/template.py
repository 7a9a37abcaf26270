"""The spreadsheet template of a plan: an .xlsx workbook prefilled from the plan, for next year's plan.

Sheets as ``layout`` describes them. Numbers are number cells showing the decimals the plan printed
(``30.40`` stays ``30,40`` in a Swedish Excel, and comes back as ``30.40``); coded columns have a
drop-down list of their codes; every text is a text cell, and one a spreadsheet would read as a
formula (``=HYPERLINK(…)``) is marked as text (``outputs.cells``), so opening the file runs nothing.
What must be filled in is marked `` *`` (``layout.REQUIRED_MARK``): a required column's header, and on
the plan sheet a required field's path, in bold; the help sheet explains the mark.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.authoring import layout
from generator.i18n.texts import has, t
from generator.outputs.cells import looks_like_formula
from generator.render.reference import column_description, plan_field_description
from generator.spec.package import (
    CANONICAL_RESOURCES,
    FOLLOWUP_RESOURCES,
    resource_descriptor,
)

#: Rows a drop-down list covers below the last row of a table, for the rows people add.
SPARE_ROWS = 500
_BOLD = Font(bold=True)


def build_workbook(descriptor: dict, texts: dict[str, str], *, lang: str = "sv") -> Workbook:
    """The template of a valid plan package: ``descriptor`` and its resources' ``texts`` (by path);
    the follow-ups' sheets are there (only their header row) also when the plan has none yet."""
    book = Workbook()
    plan_sheet = book.active
    plan_sheet.title = layout.PLAN_SHEET
    _plan_sheet(plan_sheet, descriptor["name"], descriptor.get("plan") or {}, lang)
    resources = _with_followups([r for r in descriptor.get("resources", []) if isinstance(r, dict)])
    for resource in resources:
        rows = list(csv.reader(io.StringIO(texts.get(resource["path"], ""), newline="")))
        _table_sheet(book.create_sheet(resource["name"]), resource["schema"]["fields"], rows[1:])
    _help_sheet(book.create_sheet(layout.HELP_SHEET), resources, lang)
    extra = [r for r in resources if r["name"] not in CANONICAL_RESOURCES]
    if extra:
        sheet = book.create_sheet(layout.EXTRA_SHEET)
        sheet.sheet_state = "hidden"
        sheet.append(["name", "descriptor"])
        for resource in extra:
            _text(sheet, sheet.max_row + 1, 1, resource["name"])
            _text(sheet, sheet.max_row, 2, json.dumps(resource, ensure_ascii=False))
    return book


def _with_followups(resources: list[dict]) -> list[dict]:
    """The package's resources, and an empty one for each follow-up table it lacks, so that the
    template always has a sheet for the follow-ups (``FOLLOWUP_RESOURCES``); in the format's order,
    the plan's own tables last."""
    names = {r.get("name") for r in resources}
    added = [resource_descriptor(n) for n in FOLLOWUP_RESOURCES if n not in names]
    order = {name: i for i, name in enumerate(CANONICAL_RESOURCES)}
    return sorted(resources + added, key=lambda r: order.get(r.get("name"), len(order)))


def write_workbook(book: Workbook, path: Path) -> None:
    """Save ``book`` at ``path`` atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _text(sheet: Worksheet, row: int, column: int, value: str) -> None:
    """A text cell: stored as text, and marked so that a spreadsheet never reads it as a formula."""
    cell = sheet.cell(row, column)
    cell.value = value
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True


def _number(sheet: Worksheet, row: int, column: int, plain: str, integer: bool) -> None:
    """A number cell showing the decimals ``plain`` has ("30.40" shows two)."""
    cell = sheet.cell(row, column)
    value = Decimal(plain)
    places = layout.decimals(plain)
    if len(plain.lstrip("-").replace(".", "").lstrip("0")) > 15:
        raise ValueError(plain)  # more digits than a spreadsheet keeps: written as text
    cell.value = int(value) if integer or places == 0 else float(value)
    cell.number_format = "0" if integer else ("#,##0" + ("." + "0" * places if places else ""))


def _cell(sheet: Worksheet, row: int, column: int, spec: dict, value: str) -> None:
    if value == "":
        return
    if spec.get("type") in ("integer", "number"):
        try:
            _number(sheet, row, column, value, spec["type"] == "integer")
            return
        except (ArithmeticError, ValueError):
            pass  # not a plain number (a table of the plan's own): kept as the text it is
    _text(sheet, row, column, value)


def _header(sheet: Worksheet, titles: list[str]) -> None:
    """The header row, bold; a required column's title carries the mark (``layout.marked``)."""
    for column, title in enumerate(titles, start=1):
        _text(sheet, 1, column, title)
        sheet.cell(1, column).font = _BOLD
    sheet.freeze_panes = "A2"


def _widths(sheet: Worksheet, widest: int = 60) -> None:
    for column in sheet.iter_cols():
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(column[0].column)].width = min(max(longest, 8) + 2, widest)


def _drop_down(sheet: Worksheet, column: int, values: list[str], last_row: int) -> None:
    """A list of ``values`` to pick from in a column (none if they cannot be written as one)."""
    formula = '"' + ",".join(values) + '"'
    if not values or len(formula) > 255 or any("," in v or '"' in v for v in values):
        return
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(validation)


def _table_sheet(sheet: Worksheet, fields: list[dict], rows: list[list[str]]) -> None:
    _header(sheet, [layout.marked(layout.column_title(f), layout.column_required(f)) for f in fields])
    for row_number, row in enumerate(rows, start=2):
        for column, spec in enumerate(fields, start=1):
            _cell(sheet, row_number, column, spec, row[column - 1] if column - 1 < len(row) else "")
    for column, spec in enumerate(fields, start=1):
        _drop_down(sheet, column, layout.allowed_values(spec), len(rows) + 1 + SPARE_ROWS)
    _widths(sheet)


def _plan_meaning(path: str, lang: str) -> str:
    if path == layout.PLAN_ID:
        return t("authoring.plan_id_meaning", lang)
    if path.startswith("notes["):
        return t("authoring.notes_meaning", lang)
    return plan_field_description(path.split("[")[0] + path.partition("]")[2] if "[" in path else path, lang)


def _plan_sheet(sheet: Worksheet, plan_id: str, plan: dict, lang: str) -> None:
    mark = layout.REQUIRED_MARK.strip()
    _header(sheet, [t(f"authoring.plan_column.{c}", lang, mark=mark) for c in layout.PLAN_COLUMNS])
    for row, (path, value) in enumerate(layout.plan_rows(plan_id, plan), start=2):
        required = layout.plan_field_required(path)
        _text(sheet, row, 1, layout.marked(path, required))
        if required:
            sheet.cell(row, 1).font = _BOLD
        prop = layout.plan_field(path) or {}
        if isinstance(value, int) and not isinstance(value, bool):
            _number(sheet, row, 2, str(value), True)
        elif value != "":
            _text(sheet, row, 2, str(value))
        _text(sheet, row, 3, _plan_meaning(path, lang))
        if "enum" in prop:
            validation = DataValidation(type="list", formula1='"' + ",".join(prop["enum"]) + '"', allow_blank=True)
            validation.add(f"B{row}")
            sheet.add_data_validation(validation)
    _widths(sheet, widest=80)
    sheet.column_dimensions["C"].width = 80
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _kind(spec: dict, lang: str) -> str:
    key = f"authoring.type.{spec.get('type', 'string')}"
    return t(key, lang) if has(key, lang) else str(spec.get("type", ""))


def _help_sheet(sheet: Worksheet, resources: list[dict], lang: str) -> None:
    for line in t("authoring.help_intro", lang).split("\n"):
        sheet.append([line])
    sheet.append([t("authoring.required_legend", lang, mark=layout.REQUIRED_MARK.strip())])
    sheet.cell(sheet.max_row, 1).font = _BOLD
    sheet.append([])
    first = sheet.max_row + 1
    for column, key in enumerate(("sheet", "column", "name", "type", "required", "allowed", "meaning"), start=1):
        _text(sheet, first, column, t(f"authoring.help_column.{key}", lang))
        sheet.cell(first, column).font = _BOLD
    yes, no = t("reference.yes", lang), t("reference.no", lang)
    for resource in resources:
        for spec in resource["schema"]["fields"]:
            canonical = resource["name"] in CANONICAL_RESOURCES
            meaning = column_description(resource["name"], spec["name"], lang) if canonical else spec.get("description", "")
            required = layout.column_required(spec)
            row = sheet.max_row + 1
            for column, value in enumerate((resource["name"], layout.column_title(spec), spec["name"], _kind(spec, lang),
                                            yes if required else no, ", ".join(layout.allowed_values(spec)),
                                            meaning or ""), start=1):
                _text(sheet, row, column, value)
    _widths(sheet, widest=70)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["G"].width = 90
