"""The plan's own rules, on a plan that passed the structural checks: periods, targets, ranges,
baselines, cycles of goals and budget lines, totals that differ from their lines."""

from __future__ import annotations

from typing import Iterator

from generator.analysis import checks
from generator.model import plan as model
from generator.model.codes import ObservationSource, Severity
from generator.model.problems import Problem
from generator.spec.names import name_problem


def check_plan(plan: model.Plan) -> Iterator[Problem]:
    """Every domain rule, on a plan that passed structural validation."""
    for rule in (_check_page_names, _check_periods, _check_observations, _check_baselines, _check_indicators,
                 _check_goals, _check_budget_lines, _check_budget_totals):
        yield from rule(plan)


def _check_page_names(plan: model.Plan) -> Iterator[Problem]:
    """Goal and indicator ids become page and file names: not ``index``, not a Windows device."""
    for field_name, items in (("goal_id", plan.goals), ("indicator_id", plan.indicators)):
        for item in items:
            problem = name_problem(getattr(item, field_name))
            if problem:
                yield Problem(item.source.file, problem[0], item.source.row, field_name, getattr(item, field_name),
                              problem[1])


def _check_periods(plan: model.Plan) -> Iterator[Problem]:
    """A value (of the plan or a follow-up) for a year outside the plan's years; the fix is named: ``data_start`` (or
    ``data_end``) in the plan metadata widens the years, else the row goes."""
    first, last = plan.meta.first_year, plan.meta.last_year
    followed = (o for i in plan.indicators for o in i.reported_by(ObservationSource.FOLLOWUP))
    items = [*plan.observations, *followed, *(value for line in plan.budget_lines for value in line.values)]
    for item in items:
        if not first <= item.period <= last:
            setting = "data_start" if item.period < first else "data_end"
            yield Problem(item.source.file, "period-outside-plan", item.source.row, "period", str(item.period),
                          f"{setting}: {first}–{last}")


def _check_observations(plan: model.Plan) -> Iterator[Problem]:
    units = {i.indicator_id: i.unit for i in plan.indicators}
    for obs in plan.observations:
        file, row = obs.source.file, obs.source.row
        if obs.comparator and obs.value_type != "mal":
            yield Problem(file, "comparator-not-target", row, "comparator", obs.comparator, "mal")
        if obs.value_max is not None:
            if obs.value_type != "mal":
                yield Problem(file, "range-not-target", row, "value_max", str(obs.value_max), "mal")
            if obs.value is None or obs.value_max < obs.value:
                yield Problem(file, "range-reversed", row, "value_max", str(obs.value_max), f">= {obs.value}")
        if obs.value is None and not obs.note:
            yield Problem(file, "empty-value-without-note", row, "note", "", "", Severity.WARNING)
        if units.get(obs.indicator_id) == "procent":
            for name, value in (("value", obs.value), ("value_max", obs.value_max)):
                if value is not None and not 0 <= value <= 100:
                    yield Problem(file, "percent-out-of-range", row, name, str(value), "0–100", Severity.WARNING)


def _check_baselines(plan: model.Plan) -> Iterator[Problem]:
    """A target for an indicator without any outcome cannot be followed up: worth a warning."""
    for ind in plan.indicators:
        targets = [o for o in ind.observations if o.value_type == "mal"]
        if targets and not any(o.value_type == "utfall" for o in ind.observations):
            first = min(targets, key=lambda o: o.source.row or 0)
            yield Problem(first.source.file, "target-without-baseline", first.source.row, "value_type", ind.indicator_id,
                          "utfall", Severity.WARNING)


def _check_indicators(plan: model.Plan) -> Iterator[Problem]:
    for ind in plan.indicators:
        if ind.kind == "target" and not ind.goal_id:
            yield Problem(ind.source.file, "indicator-without-goal", ind.source.row, "goal_id", "", "goal_id")


def _in_cycle(start: str, parents: dict[str, str]) -> bool:
    """Whether following parent links from ``start`` comes back to an id already passed."""
    seen, current = set(), start
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current, "")
    return False


def _check_goals(plan: model.Plan) -> Iterator[Problem]:
    parents = {g.goal_id: g.parent_id for g in plan.goals}
    for goal in plan.goals:
        if _in_cycle(goal.goal_id, parents):
            yield Problem(goal.source.file, "goal-cycle", goal.source.row, "parent_id", goal.parent_id)


def _check_budget_lines(plan: model.Plan) -> Iterator[Problem]:
    """A line sums into a total of its own table; totals must not sum into themselves."""
    lines = {line.line_id: (table, line) for table in plan.budget_tables for line in table.lines}
    for table, line in lines.values():
        if not line.parent_id or line.parent_id not in lines:
            continue
        parent_table, parent = lines[line.parent_id]
        if parent_table.table_id != table.table_id:
            yield Problem(line.source.file, "parent-other-table", line.source.row, "parent_id", line.parent_id,
                          table.table_id)
    parents = {line_id: line.parent_id for line_id, (_, line) in lines.items()}
    for _, line in lines.values():
        if _in_cycle(line.line_id, parents):
            yield Problem(line.source.file, "line-cycle", line.source.row, "parent_id", line.parent_id)


def _check_budget_totals(plan: model.Plan) -> Iterator[Problem]:
    for diff in checks.total_differences(plan):
        yield Problem(
            diff.line.source.file,
            {"sum": "total-differs", "blank": "total-without-lines", "net": "net-differs"}[diff.kind],
            diff.line.source.row,
            "amount",
            f"{diff.printed} ({diff.column})",
            str(diff.computed),
            Severity.WARNING,
        )
