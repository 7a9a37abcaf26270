"""Goal status: how an indicator stands against its target, from the plan's own numbers.

The latest actual or forecast (total, numeric) is compared with the target of the same year,
using the target's printed comparator, or else the indicator's direction:

* ``uppnatt`` – the value meets the target of its year;
* ``ej_uppnatt`` – it misses the target of its year;
* ``pa_vag`` – the target lies in a later year and the value already meets it, or the last two
  values moved towards it;
* ``kan_inte_bedomas`` – anything else (no numbers, a text target, no direction, one value).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.analysis.format import format_value, value_phrase
from generator.model.plan import Indicator, Observation

STATUSES = ("uppnatt", "pa_vag", "ej_uppnatt", "kan_inte_bedomas")
LABELS = {"uppnatt": "Uppnått", "pa_vag": "På väg", "ej_uppnatt": "Ej uppnått", "kan_inte_bedomas": "Kan inte bedömas"}
ICONS = {"uppnatt": "✔", "pa_vag": "➜", "ej_uppnatt": "✘", "kan_inte_bedomas": "?"}


@dataclass(frozen=True, slots=True)
class Status:
    code: str
    reason: str
    compared: Observation | None = None  # the actual or forecast that was judged
    target: Observation | None = None  # the target it was judged against

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def icon(self) -> str:
        return ICONS[self.code]


def is_partial(obs: Observation) -> bool:
    """A part-year figure ("Utfall delår 2023")."""
    return "delår" in obs.note.lower()


def period_label(obs: Observation) -> str:
    return f"delår {obs.period}" if is_partial(obs) else str(obs.period)


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
    total = [o for o in indicator.observations if o.gender == "T"]
    measured = sorted(
        (o for o in total if o.value_type in ("utfall", "prognos") and o.value is not None),
        key=lambda o: (o.period, o.value_type == "utfall"),
    )
    targets = {o.period: o for o in total if o.value_type == "mal" and o.value is not None}
    if not targets:
        return Status("kan_inte_bedomas", "Planen anger inget mätbart mål för indikatorn.")
    if not measured:
        return Status("kan_inte_bedomas", "Planen redovisar inget utfall eller prognos att jämföra med målet.")
    latest = measured[-1]
    kind = "Utfallet" if latest.value_type == "utfall" else "Prognosen"
    now = f"{kind} {period_label(latest)} ({format_value(latest.value, indicator.unit)})"
    target = targets.get(latest.period)
    if target is not None:
        meets = _meets(latest.value, target, indicator.direction)
        if meets is None:
            return Status("kan_inte_bedomas", f"Målet för {target.period} anger inte om högre eller lägre värde är bättre.",
                          latest, target)
        text = value_phrase(target, indicator.unit, indicator.direction)
        if meets:
            return Status("uppnatt", f"{now} når målet för {target.period} ({text}).", latest, target)
        return Status("ej_uppnatt", f"{now} når inte målet för {target.period} ({text}).", latest, target)
    later = sorted(p for p in targets if p > latest.period)
    if not later:
        return Status("kan_inte_bedomas", f"Planen anger inget mål för {latest.period} eller senare.", latest)
    target = targets[later[0]]
    text = value_phrase(target, indicator.unit, indicator.direction)
    meets = _meets(latest.value, target, indicator.direction)
    if meets is None:
        return Status("kan_inte_bedomas", f"Målet för {target.period} anger inte om högre eller lägre värde är bättre.",
                      latest, target)
    if meets:
        return Status("pa_vag", f"{now} når redan målet för {target.period} ({text}).", latest, target)
    if len(measured) >= 2 and indicator.direction in ("higher", "lower"):
        before = measured[-2]
        improving = latest.value > before.value if indicator.direction == "higher" else latest.value < before.value
        if improving:
            return Status("pa_vag", f"{now} har gått åt rätt håll sedan {before.period}; målet för {target.period} är {text}.",
                          latest, target)
    return Status("kan_inte_bedomas", f"{now} når ännu inte målet för {target.period} ({text}); "
                                      f"det finns för få värden för att se åt vilket håll det går.", latest, target)


def summarise(indicators) -> dict[str, int]:
    counts = {code: 0 for code in STATUSES}
    for ind in indicators:
        counts[indicator_status(ind).code] += 1
    return counts
