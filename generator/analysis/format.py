"""Values for readers: numbers with units, ranges and comparators, and the machine form for downloads.

Numbers come from ``i18n.numbers.format_number`` (exact from Decimal, symbols from babel).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from generator.i18n.numbers import format_number
from generator.i18n.texts import label

COMPARATOR_SIGNS = {"<=": "≤", ">=": "≥", "=": "=", "<": "<", ">": ">"}

if TYPE_CHECKING:  # pragma: no cover
    from generator.model.plan import Observation

NBSP = "\u00a0"
MINUS = "\u2212"

UNIT_SUFFIX = {
    "procent": "\u00a0%",
    "mnkr": "\u00a0mnkr",
    "tkr": "\u00a0tkr",
    "kr": "\u00a0kr",
    "kr/inv": "\u00a0kr/inv",
    "dagar": "\u00a0dagar",
    "dygn": "\u00a0dygn",
    "timmar": "\u00a0timmar",
}


def format_value(value: Decimal | None, unit: str = "") -> str:
    """A number with its unit: "9,8 %", "160,2 mnkr", "13 dagar"; a count ("antal") stands alone."""
    if value is None:
        return ""
    if unit in UNIT_SUFFIX:
        return format_number(value) + UNIT_SUFFIX[unit]
    if not unit or unit == "antal":
        return format_number(value)
    return f"{format_number(value)}{NBSP}{unit}"


def plain_decimal(value: Decimal | None) -> str:
    """The machine form used in downloads: dot decimal, no grouping, no exponent ("" for None)."""
    if value is None:
        return ""
    return format(value, "f")


def amount_in_sek(amount: Decimal, unit: str) -> str:
    """An amount in kronor, exact: 30.4 mnkr → "30400000"; 0.015 mnkr → "15000"."""
    factor = {"mnkr": Decimal(1_000_000), "tkr": Decimal(1000), "kr": Decimal(1)}[unit]
    sek = amount * factor
    if sek == sek.to_integral_value():
        return str(int(sek))
    return format(sek.normalize(), "f")


def year_span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def observation_label(obs: "Observation", unit: str = "") -> str:
    """A value as a reader should see it in a table or chart: "≤ 100 %", "70–100 %", "Uppnått"."""
    if obs.value is None:
        return obs.printed or obs.note or "–"
    if obs.value_max is not None:
        return f"{format_number(obs.value)}–{format_value(obs.value_max, unit)}"
    sign = COMPARATOR_SIGNS.get(obs.comparator, "")
    return (sign + " " if sign else "") + format_value(obs.value, unit)


def value_phrase(obs: "Observation", unit: str = "", direction: str = "") -> str:
    """A value in a sentence: "högst 2 dagar", "mellan 70 och 100 %", "”Uppnått”".

    Without a printed comparator, a ``direction`` (higher/lower is better) gives the word.
    """
    if obs.value is None:
        return f"”{obs.printed or obs.note}”"
    if obs.value_max is not None:
        return f"mellan {format_number(obs.value)} och {format_value(obs.value_max, unit)}"
    word = label("comparator", obs.comparator) or label("comparator", {"higher": ">=", "lower": "<="}.get(direction, ""))
    return (word + " " if word else "") + format_value(obs.value, unit)
