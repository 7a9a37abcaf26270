"""What an import changes in a table: rows added, changed and removed, matched by the table's key."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    table: str
    added: int = 0
    changed: int = 0
    removed: int = 0
    rows: int = 0       # rows in the table after the import
    new: bool = False   # the table was not there before

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def rows_of(text: str | None) -> list[dict[str, str]]:
    """The rows of a CSV text as ``column -> cell`` (any column order; a blank line is no row)."""
    if not text:
        return []
    return [row for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
            if any((v or "").strip() for v in row.values() if isinstance(v, str))]


def compare(table: str, old: str | None, new: str | None, key: list[str]) -> Change:
    """How ``new`` differs from ``old`` (CSV texts; ``None`` for a table that is not there). Rows are
    matched by ``key`` (the primary key); a table without one is compared row by row."""
    before, after = rows_of(old), rows_of(new)
    columns = sorted({c for row in before + after for c in row if c is not None})

    def cells(row: dict) -> tuple:
        return tuple((row.get(c) or "") for c in columns)

    if not key:
        a, b = Counter(map(cells, before)), Counter(map(cells, after))
        return Change(table, sum((b - a).values()), 0, sum((a - b).values()), len(after), old is None)
    by_key = lambda rows: {tuple(r.get(k) or "" for k in key): cells(r) for r in rows}  # noqa: E731
    a, b = by_key(before), by_key(after)
    changed = sum(1 for k in a.keys() & b.keys() if a[k] != b[k])
    return Change(table, len(b.keys() - a.keys()), changed, len(a.keys() - b.keys()), len(after), old is None)
