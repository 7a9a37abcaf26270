"""The site-wide tables as one SQLite database (``data/plans.sqlite``), ready for Datasette.

Built with sqlite-utils in memory from the site tables (``tables.tables_of_csv``): one table per site-wide CSV with the
same columns and rows, a primary key, foreign keys to the plan and to the goal or indicator a row
belongs to, and an index on each column people filter by (``plan_id`` is served by the primary
key's index, which starts with it). Empty cells are NULL; whole numbers are
INTEGER; decimals are REAL when every value of the column reads back as the same decimal
(``tables.exact_float``), else the column is TEXT holding each decimal as written, so nothing is
rounded. Text is as the CSVs publish it (``cells.safe_cell``), so a CSV exported from the database
is as safe to open as the published ones.

The bytes are the same for the same input with the same SQLite library: the statements run in a
fixed order and the file is vacuumed before it is read out.
"""

from __future__ import annotations

from decimal import Decimal

import sqlite_utils

from generator.outputs.tables import KEY_MAY_BE_EMPTY, Table, decimal_text, exact_float

_SQL_TYPE = {int: "INTEGER", float: "REAL", str: "TEXT"}


def _cell(value: object, kind: type) -> object:
    if isinstance(value, Decimal):
        return exact_float(value) if kind is float else decimal_text(value)
    return value


def database_bytes(tables: list[Table]) -> bytes:
    """The database file. ``tables`` must list a table before the tables that refer to it."""
    db = sqlite_utils.Database(memory=True)
    for table in tables:
        kinds = {c: table.column_type(c) for c in table.columns}
        db[table.name].create(
            {c: _SQL_TYPE[kinds[c]] for c in table.columns},
            pk=table.primary_key if len(table.primary_key) > 1 else table.primary_key[0],
            foreign_keys=[("plan_id", "plans", "plan_id")] * (table.name != "plans") + list(table.foreign_keys),
            not_null=set(table.primary_key) - KEY_MAY_BE_EMPTY,
        )
        db[table.name].insert_all(({c: _cell(row[c], kinds[c]) for c in table.columns} for row in table.rows),
                                  batch_size=500)
        for column in table.indexes:
            if column != table.primary_key[0]:  # the key's own index serves its first column
                db[table.name].create_index([column], index_name=f"idx_{table.name}_{column}")
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # validation checks the packages' keys; this would be a bug in the build
        raise ValueError(f"foreign key check failed: {problems[:3]}")
    db.conn.commit()
    db.execute("VACUUM")
    return db.conn.serialize()
