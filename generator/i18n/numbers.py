"""Numbers for readers, exact from Decimal, with each language's symbols from babel (CLDR).

Babel's own formatting rounds to a pattern; a plan's printed decimals must stay ("7,0" is not "7"),
so the digits come from the Decimal and only the symbols from the locale:
``format_number(Decimal("-7874.50"), "sv") == "−7\\u00a0874,50"``, ``"-7,874.50"`` in English.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol


@cache
def symbols(lang: str) -> tuple[str, str, str]:
    """(decimal mark, group separator, minus sign) of ``lang``."""
    return get_decimal_symbol(lang), get_group_symbol(lang), get_minus_sign_symbol(lang)


def format_number(value: Decimal | int | None, lang: str = "sv") -> str:
    """Grouped digits for an exact value, keeping the printed decimals; "" for None."""
    if value is None:
        return ""
    decimal_mark, group, minus = symbols(lang)
    text = format(Decimal(value), "f")
    negative = text.startswith("-") and Decimal(value) != 0
    whole, _, decimals = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return (minus if negative else "") + group.join(groups) + (decimal_mark + decimals if decimals else "")
