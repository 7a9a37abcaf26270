"""Values fetched from Kolada (kolada_values.csv): each must belong to the plan it is stored in.

A row names its indicator, the indicator's Kolada id and the municipality; a value stored under an
indicator whose Kolada id differs, or for another municipality, would put someone else's figure on
the page, so either is an error naming the row. The structure (types, keys, the indicator's
existence) is checked by the schema like every table.
"""

from __future__ import annotations

import csv
import io
from typing import Iterator

from generator.model.plan import Plan
from generator.model.problems import Problem


def check_kolada_values(plan: Plan, text: str | None) -> Iterator[Problem]:
    if not text:
        return
    file = f"{plan.plan_id}/kolada_values.csv"
    kolada_ids = {i.indicator_id: i.kolada_id for i in plan.indicators}
    for row_number, row in enumerate(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")), start=2):
        expected = kolada_ids.get(row.get("indicator_id", ""))
        if expected is not None and row.get("kolada_id") != expected:
            yield Problem(file, "kolada-id-mismatch", row_number, "kolada_id", row.get("kolada_id", ""),
                          expected or "—")
        if row.get("municipality_code") != plan.meta.municipality_code:
            yield Problem(file, "kolada-other-municipality", row_number, "municipality_code",
                          row.get("municipality_code", ""), plan.meta.municipality_code)
