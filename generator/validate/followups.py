"""A plan's follow-ups (followups.csv, followup_values.csv): their values must fit the follow-up
that gives them and the plan they follow up.

The structure is checked by the schemas like every table: a value's follow-up and indicator must
exist (foreign keys), a date is a date, a value is given once per follow-up, year, type and gender
(primary key). Here, on the loaded plan:

* a value needs a number or the text as printed (``followup-value-empty``);
* an actual cannot be for a year that begins after the follow-up's date (``followup-actual-after-date``);
* two follow-ups of the same day may not give the same value (``followup-same-day``): the published
  tables tell values apart by their source and its date;
* a percentage outside 0–100 is worth a look, as in the plan's own values.

A year outside the plan's years is ``period-outside-plan`` (``rules``), as for the plan's values.
"""

from __future__ import annotations

from typing import Iterator

from generator.model.codes import ObservationSource, Severity
from generator.model.plan import Plan
from generator.model.problems import Problem


def check_followups(plan: Plan) -> Iterator[Problem]:
    seen: dict[tuple, str] = {}
    for indicator in plan.indicators:
        for obs in sorted(indicator.reported_by(ObservationSource.FOLLOWUP), key=lambda o: o.source.row or 0):
            followup = obs.followup
            if followup is None:  # pragma: no cover - load only makes them with their follow-up
                continue
            file, row = obs.source.file, obs.source.row
            if obs.value is None and not obs.printed:
                yield Problem(file, "followup-value-empty", row, "value", "", "printed")
            if obs.value_type == "utfall" and obs.period > followup.date.year:
                yield Problem(file, "followup-actual-after-date", row, "period", str(obs.period),
                              f"date: {followup.date.isoformat()}")
            key = (obs.indicator_id, obs.period, obs.value_type, obs.gender, followup.date)
            other = seen.setdefault(key, followup.followup_id)
            if other != followup.followup_id:
                yield Problem(file, "followup-same-day", row, "followup_id", followup.followup_id, other)
            if indicator.unit == "procent" and obs.value is not None and not 0 <= obs.value <= 100:
                yield Problem(file, "percent-out-of-range", row, "value", str(obs.value), "0–100", Severity.WARNING)
