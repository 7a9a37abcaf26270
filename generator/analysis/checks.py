"""Domain computations shared by validation (as warnings) and pages (as notes to the reader).

A printed total that differs from its printed lines is the document's own quirk: it is never an
error, but a reader must see it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from generator.model.plan import BudgetLine, BudgetTable, Plan


@dataclass(frozen=True, slots=True)
class TotalDifference:
    table: BudgetTable
    line: BudgetLine
    column: str
    measure: str
    printed: Decimal
    computed: Decimal
    kind: str  # "sum" (total vs its lines, matched by printed column), "blank" (a total over lines that print nothing), "net" (income + cost vs net)

    @property
    def difference(self) -> Decimal:
        return self.printed - self.computed


def _precision(values: list[Decimal]) -> Decimal:
    """Half a unit of the coarsest printed precision: 160,2 printed → differences below 0,05 are rounding."""
    exponent = max((v.as_tuple().exponent for v in values), default=0)
    return Decimal(1).scaleb(exponent) / 2 if isinstance(exponent, int) else Decimal(0)


def total_differences(plan: Plan) -> list[TotalDifference]:
    """Printed totals whose children do not add up to them (the children's printed amounts)."""
    out: list[TotalDifference] = []
    for table in plan.budget_tables:
        children: dict[str, list[BudgetLine]] = defaultdict(list)
        for line in table.lines:
            if line.parent_id:
                children[line.parent_id].append(line)
        for total in table.lines:
            kids = children.get(total.line_id)
            if not total.is_total or not kids:
                continue
            for value in total.values:
                if value.amount is None:
                    continue
                parts = [
                    v.amount
                    for kid in kids
                    for v in kid.values
                    if v.column == value.column and v.amount is not None
                ]
                if not parts:  # the lines print nothing in this column: a non-zero total stands alone
                    if value.amount != 0:
                        out.append(TotalDifference(table, total, value.column, value.measure, value.amount, Decimal(0), "blank"))
                    continue
                computed = sum(parts, Decimal(0))
                if computed != value.amount:
                    out.append(TotalDifference(table, total, value.column, value.measure, value.amount, computed, "sum"))
    out.extend(_net_differences(plan))
    return out


def _net_differences(plan: Plan) -> list[TotalDifference]:
    """On a line that prints income, cost and net for the same year: income + cost should be net."""
    out = []
    for table in plan.budget_tables:
        for line in table.lines:
            by_key: dict[tuple[int, str], dict[str, object]] = defaultdict(dict)
            for v in line.values:
                if v.amount is not None:
                    by_key[(v.period, v.value_type)][v.measure] = v
            for measures in by_key.values():
                if {"intakt", "kostnad", "netto"} <= measures.keys():
                    income, cost, net = measures["intakt"], measures["kostnad"], measures["netto"]
                    computed = income.amount + cost.amount if cost.amount <= 0 else income.amount - cost.amount
                    if computed != net.amount:
                        out.append(TotalDifference(table, line, net.column, "netto", net.amount, computed, "net"))
    return out


def precision_of(diff: TotalDifference) -> Decimal:
    return _precision([diff.printed, diff.computed])
