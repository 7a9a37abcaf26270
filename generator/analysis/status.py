"""Goal status: how an indicator stands against its target, from the plan's own numbers.

The latest actual or forecast (total, numeric) is compared with the target of the same year,
using the target's printed comparator, or else the indicator's direction:

* ``uppnatt`` – the value meets the target of its year;
* ``ej_uppnatt`` – it misses the target of its year;
* ``pa_vag`` – the target lies in a later year and the value already meets it, or the last two
  values moved towards it;
* ``kan_inte_bedomas`` – anything else (no numbers, a text target, no direction, one value).

The value judged is the latest actual from any source (the plan, its follow-ups, or Kolada's values
fetched into the package), else the latest forecast; a status that rests on a forecast is shown as
such (``Status.key``: ``uppnatt_prognos`` …), and a missed target comes with the distance to it.
Within one year an actual comes before a forecast and a full-year figure before a part-year one;
then the plan's own printed value before a follow-up's (the latest follow-up first) and a
follow-up's before Kolada's (``RANK``).

A status is codes and the observations behind them, never words: ``reason`` is one of
``REASONS`` and the renderer (``render.indicator.status_reason``) turns it into a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.codes import ObservationSource, ValueType
from generator.model.plan import Indicator, Observation

STATUSES = ("uppnatt", "pa_vag", "ej_uppnatt", "kan_inte_bedomas")
#: What readers see: a status resting on a forecast is its own kind, never a bare "Uppnått".
KEYS = ("uppnatt", "uppnatt_prognos", "pa_vag", "pa_vag_prognos", "ej_uppnatt", "ej_uppnatt_prognos",
        "kan_inte_bedomas")
#: Why a status was given. With ``compared``: everything but no_target and no_value; with
#: ``target``: those and no_direction, except no_later_target; with ``before``: improving.
REASONS = ("no_target", "no_value", "no_direction", "meets", "misses", "no_later_target",
           "already_meets", "improving", "too_few")
ICONS = {"uppnatt": "✔", "pa_vag": "➜", "ej_uppnatt": "✘", "kan_inte_bedomas": "?"}
#: Which source's value counts within one year (higher first): the plan, a follow-up, Kolada.
RANK = {ObservationSource.PLAN: 2, ObservationSource.FOLLOWUP: 1, ObservationSource.KOLADA: 0}


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
    def on_forecast(self) -> bool:
        """The value judged is a forecast: the plan has no actual for that year yet."""
        return self.compared is not None and self.compared.value_type == ValueType.FORECAST

    @property
    def key(self) -> str:
        """The status as readers see it (``KEYS``): ``uppnatt_prognos`` when it rests on a forecast."""
        return f"{self.code}_prognos" if self.on_forecast and self.code != "kan_inte_bedomas" else self.code

    @property
    def gap(self) -> Decimal | None:
        """How far the value judged is from a target it does not meet (to the nearer bound of a range)."""
        if self.compared is None or self.target is None or self.compared.value is None or self.target.value is None:
            return None
        if self.reason not in ("misses", "too_few"):
            return None
        low, high = self.target.value, self.target.value_max if self.target.value_max is not None else self.target.value
        value = self.compared.value
        return low - value if value < low else value - high if value > high else None

    @property
    def partial(self) -> bool:
        """The judged value is a part-year figure."""
        return self.compared is not None and is_partial(self.compared)


def is_partial(obs: Observation) -> bool:
    """A part-year figure ("Utfall delår 2023"): the note says so."""
    return obs.part_year


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
    reported = [o for o in indicator.reported if o.gender == "T"]  # from follow-ups and Kolada
    # the latest value from any source; in one year as the module says (``RANK``)
    measured = sorted(
        (o for o in total + reported if o.value_type in ("utfall", "prognos") and o.value is not None),
        key=lambda o: (o.period, o.value_type == "utfall", not o.part_year, RANK[o.origin], o.origin_date),
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
    # the value before: of an earlier year (the same year's other sources or forecast are no trend)
    before = next((o for o in reversed(measured) if o.period < latest.period), None)
    if before is not None and indicator.direction in ("higher", "lower"):
        improving = latest.value > before.value if indicator.direction == "higher" else latest.value < before.value
        if improving:
            return status("pa_vag", "improving", latest, target, before)
    return status("kan_inte_bedomas", "too_few", latest, target)


def summarise(indicators) -> dict[str, int]:
    """How many of ``indicators`` have each status as readers see it (``KEYS``, in that order)."""
    counts = {key: 0 for key in KEYS}
    for ind in indicators:
        counts[indicator_status(ind).key] += 1
    return counts
