"""The site-wide tables as typed data, for the database and the workbook (the CSVs carry text).

Each table holds the rows its CSV publishes, cell for cell (``downloads.site_table``, every text
cell made safe by ``cells.safe_cell``), with the types a database or spreadsheet needs: an empty
cell is ``None``, a whole number column holds ``int`` and a decimal column ``Decimal``.
``exact_float`` says when a decimal may be stored as a number: when the float reads back as the
same decimal (its shortest form, which programs print, is the published number; true of every
decimal with at most 15 significant digits, and every value the plans print); otherwise the
writers store the decimal's text, so no digit is lost.
The keys and indexes are those a reader filters and joins by.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from generator.model.plan import Plan
from generator.outputs import downloads

#: Columns of whole numbers and of decimals; every other column is text.
INTEGER_COLUMNS = frozenset({"period", "order", "probability", "consequence", "risk_value", "observation_count",
                             "period_start", "period_end", "data_start", "data_end", "value_count"})
DECIMAL_COLUMNS = frozenset({"value", "value_max", "amount", "amount_sek"})

#: Primary keys: the package's own keys with the plan in front.
PRIMARY_KEYS = {
    "plans": ("plan_id",),
    "goals": ("plan_id", "goal_id"),
    "indicators": ("plan_id", "indicator_id"),
    # a value is the plan's, a follow-up's (of its date) or Kolada's (of the day fetched): several per year
    "observations": ("plan_id", "indicator_id", "period", "value_type", "gender", "source", "source_date"),
    "followups": ("plan_id", "followup_id"),
    "budget": ("plan_id", "line_id", "column"),
    "assignments": ("plan_id", "assignment_id"),
    "risks": ("plan_id", "risk_id"),
}

#: Key columns that are empty for some rows: the plan's own values have no source date (SQLite keeps
#: an empty key cell, NULL, apart from every other; the plan's own key makes those rows unique).
KEY_MAY_BE_EMPTY = frozenset({"source_date"})

#: Foreign keys: (columns, other table, other columns). Every table but ``plans`` names its plan.
FOREIGN_KEYS = {
    "goals": ((("plan_id", "parent_id"), "goals", ("plan_id", "goal_id")),),
    "indicators": ((("plan_id", "goal_id"), "goals", ("plan_id", "goal_id")),),
    "observations": ((("plan_id", "indicator_id"), "indicators", ("plan_id", "indicator_id")),),
    "assignments": ((("plan_id", "goal_id"), "goals", ("plan_id", "goal_id")),),
}

#: The columns people filter by get an index wherever a table has them.
INDEXED_COLUMNS = ("plan_id", "municipality_code", "indicator_id", "kolada_id", "concordance_key", "period")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[dict, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]
    indexes: tuple[str, ...]

    def column_type(self, column: str) -> type:
        """``int``, ``float`` (every value exact as a float) or ``str`` (text, or a decimal column
        with a value a float cannot hold exactly: then every value is the decimal's text)."""
        if column in INTEGER_COLUMNS:
            return int
        if column in DECIMAL_COLUMNS:
            exact = all(row[column] is None or exact_float(row[column]) is not None for row in self.rows)
            return float if exact else str
        return str


def exact_float(value: Decimal) -> float | None:
    """``value`` as a float when the float reads back as the same decimal, else ``None``."""
    number = float(value)
    return number if Decimal(repr(number)) == value else None


def decimal_text(value: Decimal) -> str:
    """A decimal as the CSV writes it (``analysis.format.plain_decimal``)."""
    return format(value, "f")


def _typed(column: str, text: str) -> object:
    if text == "":
        return None
    if column in INTEGER_COLUMNS:
        return int(text)
    if column in DECIMAL_COLUMNS:
        return Decimal(text)
    return text


def site_tables(plans: list[Plan]) -> list[Table]:
    """Every site-wide table, in ``downloads.SITE_TABLES`` order, rows as the CSVs publish them."""
    tables = []
    for name in downloads.SITE_TABLES:
        columns, rows = downloads.site_table(name, plans)
        typed = tuple({c: _typed(c, row[c]) for c in columns} for row in downloads.safe_rows(rows))
        tables.append(_table(name, columns, typed))
    return tables


def tables_of_csv(texts: Mapping[str, str]) -> list[Table]:
    """The site-wide tables read back from their CSVs (``texts``: table name → the CSV as published,
    ``downloads.site_downloads``), in ``downloads.SITE_TABLES`` order: the same tables as
    ``site_tables`` of the plans the CSVs were made from (every cell is text or empty there too), made
    without the plans, so in a process of their own from the CSVs the build has made anyway."""
    tables = []
    for name in downloads.SITE_TABLES:
        reader = csv.reader(io.StringIO(texts[name]))
        columns = tuple(next(reader))
        typed = tuple({c: _typed(c, cell) for c, cell in zip(columns, row, strict=True)} for row in reader)
        tables.append(_table(name, columns, typed))
    return tables


def _table(name: str, columns: tuple[str, ...], typed: tuple[dict, ...]) -> Table:
    return Table(name, columns, typed, PRIMARY_KEYS[name], FOREIGN_KEYS.get(name, ()),
                 tuple(c for c in INDEXED_COLUMNS if c in columns))
