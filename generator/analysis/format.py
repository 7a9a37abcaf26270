"""Values for readers: numbers with units, ranges and comparators, and the machine form for downloads.

Numbers come from ``i18n.numbers.format_number`` (exact from Decimal, symbols from babel).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from generator.i18n.numbers import format_number
from generator.i18n.texts import label, t

COMPARATOR_SIGNS = {"<=": "≤", ">=": "≥", "=": "=", "<": "<", ">": ">"}

if TYPE_CHECKING:  # pragma: no cover
    from generator.model.plan import Observation

NBSP = "\u00a0"


def unit_text(unit: str) -> str:
    """A unit as it stands after a number: "%" for "procent", nothing for a count ("antal") or no
    unit, else the document's word as it writes it ("dagar", "mnkr"), in every language."""
    return "" if unit in ("", "antal") else "%" if unit == "procent" else unit


def format_value(value: Decimal | None, unit: str = "", lang: str = "sv") -> str:
    """A number with its unit as the plan writes it (``unit_text``): "9,8 %" (unit "procent"),
    "160,2 mnkr", "13 dagar"; a count ("antal") stands alone."""
    if value is None:
        return ""
    shown = unit_text(unit)
    return f"{format_number(value, lang)}{NBSP}{shown}" if shown else format_number(value, lang)


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


def observation_label(obs: "Observation", unit: str = "", lang: str = "sv") -> str:
    """A value as a reader should see it in a table or chart: "≤ 100 %", "70–100 %", "Uppnått"."""
    if obs.value is None:
        return obs.printed or obs.note or "–"
    if obs.value_max is not None:
        return f"{format_number(obs.value, lang)}–{format_value(obs.value_max, unit, lang)}"
    sign = COMPARATOR_SIGNS.get(obs.comparator, "")
    return (sign + " " if sign else "") + format_value(obs.value, unit, lang)


def value_phrase(obs: "Observation", unit: str = "", lang: str = "sv") -> str:
    """A value in a sentence: "högst 2 dagar" (the plan printed ≤), "2 dagar", "mellan 70 och 100 %",
    "”Uppnått”". Only a printed comparator gives a word: a page never adds a sign the plan did not
    print (the direction, "lägre är bättre", is said separately)."""
    if obs.value is None:
        return t("format.quoted", lang, text=obs.printed or obs.note)
    if obs.value_max is not None:
        return t("format.between", lang, low=format_number(obs.value, lang), high=format_value(obs.value_max, unit, lang))
    word = label("comparator", obs.comparator, lang)
    return (word + " " if word else "") + format_value(obs.value, unit, lang)
