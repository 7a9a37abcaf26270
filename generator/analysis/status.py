"""Goal status: how an indicator stands against its target, from the plan's own numbers.

The latest actual or forecast (total, numeric) is compared with the target of the same year,
using the target's printed comparator, or else the indicator's direction:

* ``uppnatt`` – the value meets the target of its year;
* ``ej_uppnatt`` – it misses the target of its year;
* ``pa_vag`` – the target lies in a later year and the value already meets it, or the last two
  values moved towards it;
* ``kan_inte_bedomas`` – anything else (no numbers, a text target, no direction, one value).

A status is codes and the observations behind them, never words: ``reason`` is one of
``REASONS`` and the renderer (``render.indicator.status_reason``) turns it into a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.plan import Indicator, Observation

STATUSES = ("uppnatt", "pa_vag", "ej_uppnatt", "kan_inte_bedomas")
#: Why a status was given. With ``compared``: everything but no_target and no_value; with
#: ``target``: those and no_direction, except no_later_target; with ``before``: improving.
REASONS = ("no_target", "no_value", "no_direction", "meets", "misses", "no_later_target",
           "already_meets", "improving", "too_few")
ICONS = {"uppnatt": "✔", "pa_vag": "➜", "ej_uppnatt": "✘", "kan_inte_bedomas": "?"}


@dataclass(frozen=True, slots=True)
class Status:
    code: str  # one of STATUSES
    reason: str = ""  # one of REASONS ("" for a status that only counts)
    compared: Observation | None = None  # the actual or forecast that was judged
    target: Observation | None = None  # the target it was judged against
    before: Observation | None = None  # the value before ``compared`` (reason "improving")
    unit: str = ""  # the indicator's unit and direction, to show the values
    direction: str = ""

    @property
    def icon(self) -> str:
        return ICONS[self.code]

    @property
    def partial(self) -> bool:
        """The judged value is a part-year figure."""
        return self.compared is not None and is_partial(self.compared)


def is_partial(obs: Observation) -> bool:
    """A part-year figure ("Utfall delår 2023"): the plan's note says so."""
    return "delår" in obs.note.lower()


def _meets(value: Decimal, target: Observation, direction: str) -> bool | None:
    t = target.value
    if t is None:
        return None
    if target.value_max is not None:
        return t <= value <= target.value_max
    comparator = target.comparator
    if not comparator:
        comparator = {"higher": ">=", "lower": "<="}.get(direction, "")
    return {
        "<=": value <= t, "<": value < t, ">=": value >= t, ">": value > t, "=": value == t,
    }.get(comparator)


def indicator_status(indicator: Indicator) -> Status:
    def status(code: str, reason: str, compared=None, target=None, before=None) -> Status:
        return Status(code, reason, compared, target, before, indicator.unit, indicator.direction)

    total = [o for o in indicator.observations if o.gender == "T"]
    measured = sorted(
        (o for o in total if o.value_type in ("utfall", "prognos") and o.value is not None),
        key=lambda o: (o.period, o.value_type == "utfall"),
    )
    targets = {o.period: o for o in total if o.value_type == "mal" and o.value is not None}
    if not targets:
        return status("kan_inte_bedomas", "no_target")
    if not measured:
        return status("kan_inte_bedomas", "no_value")
    latest = measured[-1]
    target = targets.get(latest.period)
    if target is not None:
        meets = _meets(latest.value, target, indicator.direction)
        if meets is None:
            return status("kan_inte_bedomas", "no_direction", latest, target)
        return status("uppnatt", "meets", latest, target) if meets else status("ej_uppnatt", "misses", latest, target)
    later = sorted(p for p in targets if p > latest.period)
    if not later:
        return status("kan_inte_bedomas", "no_later_target", latest)
    target = targets[later[0]]
    meets = _meets(latest.value, target, indicator.direction)
    if meets is None:
        return status("kan_inte_bedomas", "no_direction", latest, target)
    if meets:
        return status("pa_vag", "already_meets", latest, target)
    if len(measured) >= 2 and indicator.direction in ("higher", "lower"):
        before = measured[-2]
        improving = latest.value > before.value if indicator.direction == "higher" else latest.value < before.value
        if improving:
            return status("pa_vag", "improving", latest, target, before)
    return status("kan_inte_bedomas", "too_few", latest, target)


def summarise(indicators) -> dict[str, int]:
    counts = {code: 0 for code in STATUSES}
    for ind in indicators:
        counts[indicator_status(ind).code] += 1
    return counts
