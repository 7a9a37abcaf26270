"""A plan's printed actuals beside Kolada's values: what is new, what agrees, what differs.

``compare(indicators, values, municipality)`` looks at every Kolada value of the municipality
whose kpi is an indicator's ``kolada_id`` and returns one ``Comparison`` per indicator, year and
gender, with a code (never a sentence; the words are ``kolada.verdict.<code>`` in the catalogue):

* ``new`` – the plan prints no actual for that year and gender: Kolada's value is a new actual;
* ``agrees`` – the plan prints the same number;
* ``rounds`` – the plan prints Kolada's value rounded to the plan's decimals (87 for 87.4);
* ``differs`` – the plan prints another number: both are kept, neither replaces the other;
* ``partial-year`` – the plan prints a part-year actual ("Delår") for that year: not comparable;
* ``printed-text`` – the plan prints a text, not a number ("Kompletteras under året").

A printed value is never changed here: the plan's value and Kolada's are both reported, and only a
``new`` one fills a gap. Pure: no I/O, the same answer for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Iterable

from generator.analysis.status import is_partial
from generator.model.codes import Gender, ObservationSource, ValueType
from generator.model.plan import Indicator, Observation

if TYPE_CHECKING:  # pragma: no cover
    from generator.ingest.kolada import KoladaValue

GENDER_ORDER = {Gender.TOTAL: 0, Gender.WOMEN: 1, Gender.MEN: 2}


class Verdict(StrEnum):
    NEW = "new"
    AGREES = "agrees"
    ROUNDS = "rounds"
    DIFFERS = "differs"
    PARTIAL_YEAR = "partial-year"
    PRINTED_TEXT = "printed-text"


@dataclass(frozen=True, slots=True)
class Comparison:
    indicator_id: str
    period: int
    gender: Gender
    verdict: Verdict
    kpi: str
    kolada: Decimal  # Kolada's value
    plan: Decimal | None = None  # the plan's printed actual, None when it prints none or a text
    printed: str = ""  # the plan's cell as printed
    status: str = ""  # Kolada's status of the value
    url: str = ""  # the Kolada page that gave the value


def _rounds_to(kolada: Decimal, printed: Decimal) -> bool:
    """Kolada's value rounded to the printed value's decimals is the printed value."""
    exponent = printed.as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    try:
        return any(kolada.quantize(Decimal(1).scaleb(exponent), rounding=r) == printed
                   for r in (ROUND_HALF_UP, ROUND_HALF_EVEN))
    except InvalidOperation:  # a quantum beyond the context's precision
        return False


def judge(kolada: Decimal, printed: Observation | None) -> Verdict:
    """How another source's number compares with the plan's printed value of the same year and gender."""
    if printed is None:
        return Verdict.NEW
    if is_partial(printed):
        return Verdict.PARTIAL_YEAR
    if printed.value is None:
        return Verdict.PRINTED_TEXT
    if printed.value == kolada:
        return Verdict.AGREES
    if printed.value_max is None and _rounds_to(kolada, printed.value):
        return Verdict.ROUNDS
    return Verdict.DIFFERS


def compare(indicators: Iterable[Indicator], values: Iterable["KoladaValue"],
            municipality: str) -> tuple[Comparison, ...]:
    """One comparison per indicator with a ``kolada_id``, year and gender Kolada has a value for
    in ``municipality``; in the indicators' order, then by year and gender (T, K, M)."""
    by_kpi: dict[str, dict[tuple[int, Gender], "KoladaValue"]] = {}
    for value in values:
        if value.municipality == municipality:
            by_kpi.setdefault(value.kpi, {}).setdefault((value.period, Gender(value.gender)), value)
    found: list[Comparison] = []
    for indicator in sorted(indicators, key=lambda i: (i.order, i.indicator_id)):
        fetched = by_kpi.get(indicator.kolada_id) if indicator.kolada_id else None
        if not fetched:
            continue
        actuals = {(o.period, o.gender): o for o in indicator.observations if o.value_type == ValueType.ACTUAL}
        for (period, gender), value in sorted(fetched.items(), key=lambda kv: (kv[0][0], GENDER_ORDER[kv[0][1]])):
            printed = actuals.get((period, gender))
            found.append(Comparison(
                indicator.indicator_id, period, gender, judge(value.value, printed), value.kpi, value.value,
                printed.value if printed is not None else None, printed.printed if printed is not None else "",
                value.status, value.url))
    return tuple(found)


def new_actuals(comparisons: Iterable[Comparison]) -> tuple[Comparison, ...]:
    """The comparisons that fill a gap in the plan (``new``), the only ones a caller may add."""
    return tuple(c for c in comparisons if c.verdict is Verdict.NEW)


def differences(comparisons: Iterable[Comparison]) -> tuple[Comparison, ...]:
    """The comparisons where the plan prints another number than Kolada (``differs``)."""
    return tuple(c for c in comparisons if c.verdict is Verdict.DIFFERS)


def compare_stored(indicator: Indicator) -> tuple[Comparison, ...]:
    """The same comparison for the Kolada values stored in the package (in ``Indicator.reported``)."""
    actuals = {(o.period, o.gender): o for o in indicator.observations if o.value_type == ValueType.ACTUAL}
    found = []
    for value in sorted((o for o in indicator.reported_by(ObservationSource.KOLADA) if o.value is not None),
                        key=lambda o: (o.period, GENDER_ORDER[Gender(o.gender)])):
        printed = actuals.get((value.period, value.gender))
        found.append(Comparison(
            indicator.indicator_id, value.period, Gender(value.gender), judge(value.value, printed),
            indicator.kolada_id, value.value, printed.value if printed is not None else None,
            printed.printed if printed is not None else "", value.note, value.origin_url))
    return tuple(found)
