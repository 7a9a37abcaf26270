"""The domain model: frozen dataclasses with tuples for children, no I/O and no cached state.

Each object keeps its ``source`` (file and row, header = row 1) so that domain rules can point a
reader at the cell that broke them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal
from typing import Literal

from generator.model.codes import (
    BudgetType,
    Comparator,
    DecidedBy,
    Direction,
    FollowUpType,
    Gender,
    GoalLevel,
    IndicatorKind,
    Measure,
    Measures,
    ObservationSource,
    Trend,
    ValueType,
)


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    row: int | None = None


NO_SOURCE = Source("")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class PlanMeta:
    municipality: str
    municipality_code: str
    board: str
    title: str
    document_type: str
    period_start: int
    period_end: int
    data_start: int | None = None
    data_end: int | None = None
    adopted_by: str = ""
    adopted_date: str = ""
    decision_reference: str = ""
    valid_from: str = ""
    responsible: tuple[Person, ...] = ()
    source_title: str = ""
    source_file: str = ""
    source_url: str = ""
    source_note: str = ""
    notes: tuple[str, ...] = ()

    @property
    def first_year(self) -> int:
        return self.data_start if self.data_start is not None else self.period_start

    @property
    def last_year(self) -> int:
        return self.data_end if self.data_end is not None else self.period_end


@dataclass(frozen=True, slots=True)
class Goal:
    goal_id: str
    level: GoalLevel
    title: str
    order: int
    parent_id: str = ""
    level_label: str = ""  # the level as the document prints it ("Nämndsmål"); "" when it prints none
    code: str = ""
    description: str = ""
    decided_by: DecidedBy | Literal[""] = ""
    agenda2030: str = ""
    crc_articles: str = ""
    section: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A follow-up of the plan (followups.csv): a delårsrapport, verksamhetsberättelse or
    årsredovisning whose actuals and forecasts for the plan's indicators are in followup_values.csv."""

    followup_id: str
    document_type: FollowUpType
    title: str
    date: Date
    period: int  # the year it follows up
    url: str = ""
    file: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class Observation:
    indicator_id: str
    period: int
    value_type: ValueType
    gender: Gender = Gender.TOTAL
    comparator: Comparator | Literal[""] = ""
    value: Decimal | None = None
    value_max: Decimal | None = None
    printed: str = ""
    trend: Trend | Literal[""] = ""
    comparison: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)  # the file and row it was read from
    origin: ObservationSource = ObservationSource.PLAN  # printed in the plan, a follow-up, or Kolada
    origin_date: str = ""  # ISO date: the follow-up's date, or when Kolada's value was fetched; "" for the plan's
    origin_url: str = ""  # the follow-up's address, or the request to Kolada
    followup: FollowUp | None = None  # the follow-up that gives the value (origin followup)
    section: str = ""  # where in that follow-up the value stands

    @property
    def part_year(self) -> bool:
        """A part-year figure ("Utfall delår 2023"): its note says so."""
        return "delår" in self.note.lower()


@dataclass(frozen=True, slots=True)
class Indicator:
    indicator_id: str
    name: str
    kind: IndicatorKind
    order: int
    goal_id: str = ""
    unit: str = ""
    direction: Direction | Literal[""] = ""
    kolada_id: str = ""
    concordance_key: str = ""
    decided_by: DecidedBy | Literal[""] = ""
    measures: Measures | Literal[""] = ""
    agenda2030: str = ""
    table_id: str = ""
    section: str = ""
    note: str = ""
    observations: tuple[Observation, ...] = ()  # as the plan prints them
    reported: tuple[Observation, ...] = ()  # from follow-ups and Kolada (``origin``), never replacing a printed value
    source: Source = field(default=NO_SOURCE, compare=False)

    def reported_by(self, origin: ObservationSource) -> tuple[Observation, ...]:
        """The values from one other source: the follow-ups' or Kolada's."""
        return tuple(o for o in self.reported if o.origin == origin)

    @property
    def drawn(self) -> bool:
        """Whether the indicator has a chart: its charted numbers show a change or a comparison (at
        least two, or one range). A single value is said by the sentence and the table."""
        numeric = [o for o in self.charted if o.value is not None]
        return len(numeric) >= 2 or any(o.value_max is not None for o in numeric)

    @property
    def charted(self) -> tuple[Observation, ...]:
        """The plan's values with the follow-ups' actuals and forecasts where they add to them: for a
        year, value type and gender the plan gives no number for, or only a part-year one, the
        latest follow-up's number (a part-year one only where nothing else is known). The plan's
        own numbers are never replaced by a follow-up's; both stand in the table of values."""
        if not self.reported_by(ObservationSource.FOLLOWUP):
            return self.observations
        plan = {(o.period, o.value_type, o.gender): o for o in self.observations if o.value is not None}
        best: dict[tuple, Observation] = {}
        for obs in sorted((o for o in self.reported_by(ObservationSource.FOLLOWUP) if o.value is not None),
                          key=lambda o: (not o.part_year, o.origin_date)):
            best[(obs.period, obs.value_type, obs.gender)] = obs
        added = [o for key, o in best.items() if key not in plan or (plan[key].part_year and not o.part_year)]
        replaced = {(o.period, o.value_type, o.gender) for o in added}
        kept = [o for o in self.observations if o.value is None or (o.period, o.value_type, o.gender) not in replaced]
        return tuple(sorted(kept + added, key=lambda o: o.period))  # a line joins its points by year


@dataclass(frozen=True, slots=True)
class BudgetValue:
    line_id: str
    column: str
    period: int
    value_type: ValueType
    measure: Measure
    amount: Decimal | None = None
    printed: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class BudgetLine:
    line_id: str
    table_id: str
    name: str
    is_total: bool
    order: int
    parent_id: str = ""
    code: str = ""
    section: str = ""
    note: str = ""
    values: tuple[BudgetValue, ...] = ()
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class BudgetTable:
    table_id: str
    budget_type: BudgetType
    title: str
    unit: str
    order: int
    section: str = ""
    note: str = ""
    lines: tuple[BudgetLine, ...] = ()
    source: Source = field(default=NO_SOURCE, compare=False)

    @property
    def columns(self) -> tuple[str, ...]:
        """Column labels in printed order, merged from every line (a line may skip blank cells)."""
        first: dict[str, int] = {}
        after: dict[str, set[str]] = {}
        for line in self.lines:
            previous = None
            for value in line.values:
                first.setdefault(value.column, len(first))
                after.setdefault(value.column, set())
                if previous is not None and previous != value.column:
                    after[value.column].add(previous)
                previous = value.column
        order: list[str] = []
        pending = sorted(first, key=first.get)
        while pending:  # a column comes after every column some line prints before it
            ready = [c for c in pending if after[c] <= set(order)] or pending[:1]
            order.append(ready[0])
            pending.remove(ready[0])
        return tuple(order)


@dataclass(frozen=True, slots=True)
class Assignment:
    assignment_id: str
    title: str
    order: int
    goal_id: str = ""
    decided_by: DecidedBy | Literal[""] = ""
    financing: str = ""
    target_images: str = ""
    section: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class Risk:
    risk_id: str
    risk: str
    order: int
    area: str = ""
    probability: int | None = None
    probability_label: str = ""
    consequence: int | None = None
    consequence_label: str = ""
    risk_value: int | None = None
    risk_printed: str = ""
    control: str = ""
    follow_up: str = ""
    section: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class PremisesNeed:
    need_id: str
    description: str
    order: int
    year: int | None = None
    category: str = ""
    priority: int | None = None
    motivation: str = ""
    section: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class Decision:
    decision_id: str
    body: str
    title: str
    order: int
    date: Date | None = None
    paragraph: str = ""
    reference: str = ""
    decision: str = ""
    section: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class Correction:
    resource: str
    key: str
    field: str
    found: str
    corrected: str
    reason: str
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True, slots=True)
class ExtraTable:
    """A table of the document that fits no canonical resource, published as it stands."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Chapter:
    """A narrative chapter from ``content/<plan-id>/NN-slug.md``."""

    slug: str
    title: str
    order: int
    markdown: str
    source: Source = field(default=NO_SOURCE, compare=False)
    first_row: int = field(default=1, compare=False)  # the file's line on which ``markdown`` starts
    body: str = ""  # the safe page source rendered from ``markdown`` (``markup.render``), once validated


@dataclass(frozen=True, slots=True)
class Plan:
    plan_id: str
    meta: PlanMeta
    goals: tuple[Goal, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    budget_tables: tuple[BudgetTable, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    risks: tuple[Risk, ...] = ()
    premises_needs: tuple[PremisesNeed, ...] = ()
    decisions: tuple[Decision, ...] = ()
    corrections: tuple[Correction, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    extra_tables: tuple[ExtraTable, ...] = ()
    chapters: tuple[Chapter, ...] = ()

    def followup(self, followup_id: str) -> FollowUp | None:
        return next((f for f in self.followups if f.followup_id == followup_id), None)

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.goal_id == goal_id), None)

    def children(self, goal_id: str) -> tuple[Goal, ...]:
        return tuple(g for g in self.goals if g.parent_id == goal_id)

    def indicators_of(self, goal_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.goal_id == goal_id)

    def assignments_of(self, goal_id: str) -> tuple[Assignment, ...]:
        return tuple(a for a in self.assignments if a.goal_id == goal_id)

    @property
    def budget_lines(self) -> tuple[BudgetLine, ...]:
        return tuple(line for table in self.budget_tables for line in table.lines)

    @property
    def observations(self) -> tuple[Observation, ...]:
        return tuple(o for i in self.indicators for o in i.observations)

