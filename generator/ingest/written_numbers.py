"""Numbers as people write them in Sweden, read in one place for validation and for the import.

A CSV of the format holds plain numbers (``-1234.5``). What offices write – and what a spreadsheet
saves – is ``1 234,5``, ``−7,2``, ``9,8 %`` or, in a printed target, ``≤108``, ``≥ 85``, ``= 100%``,
``70-100`` or ``37% (2021)``. ``read_number`` reads one number and says which habit it met (so
validation can name the fix); ``read_printed`` reads a printed value with its comparator, range and
year marker (for the import). Neither guesses: "1e5", "NaN", Arabic-Indic digits or a word are no
number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

#: A number as the format writes it: an optional minus, digits, optionally a dot and digits.
NUMBER = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,10})?$")
INTEGER = re.compile(r"^-?[0-9]{1,15}$")
#: A decimal comma (also after thousands grouped with dots: 1.234,5).
DECIMAL_COMMA = re.compile(r"^[-−]?[0-9]{1,3}(\.[0-9]{3})*,[0-9]+$|^[-−]?[0-9]+,[0-9]+$")
#: Thousands grouped by a space, a no-break or narrow no-break space, a thin space or an apostrophe.
THOUSANDS = re.compile(r"^[-−]?[0-9]{1,3}([ \u00a0\u202f\u2009'][0-9]{3})+([.,][0-9]+)?$")
_GROUPING = re.compile(r"[ \u00a0\u202f\u2009']")
_SPACES = " \u00a0\u202f\u2009"


@dataclass(frozen=True, slots=True)
class Written:
    """A number read from text: ``plain`` as the format writes it (``-1234.50``, decimals kept) and
    the habit that made the text differ: ``""``, ``decimal-comma``, ``thousands-separator``,
    ``minus-sign`` or ``percent``."""

    plain: str
    habit: str = ""

    @property
    def value(self) -> Decimal:
        return Decimal(self.plain)


def read_number(text: str, integer: bool = False, percent: bool = False) -> Written | None:
    """``text`` as one number, or ``None``. ``percent`` allows a trailing percent sign (``9,8 %``)."""
    plain = INTEGER if integer else NUMBER
    if plain.match(text):
        return Written(text)
    cell = text.strip(_SPACES)
    habit = ""
    if percent and cell.endswith("%"):
        cell, habit = cell[:-1].rstrip(_SPACES), "percent"
    if plain.match(cell):
        return Written(cell, habit or "spaces")
    if DECIMAL_COMMA.match(cell):
        if integer:
            return None
        fixed, habit = cell.replace(".", "").replace(",", ".").replace("−", "-"), habit or "decimal-comma"
    elif THOUSANDS.match(cell):
        fixed, habit = _GROUPING.sub("", cell).replace(",", ".").replace("−", "-"), habit or "thousands-separator"
    elif cell.startswith("−"):
        fixed, habit = "-" + cell[1:], habit or "minus-sign"
    else:
        return None
    return Written(fixed, habit) if plain.match(fixed) else None


#: Comparators as printed, and as the format writes them.
COMPARATORS = {"≤": "<=", "<=": "<=", "≥": ">=", ">=": ">=", "=": "=", "<": "<", ">": ">"}
_PRINTED = re.compile(
    r"^(?P<comparator>≤|≥|<=|>=|=|<|>)?[ \u00a0\u202f]*"
    r"(?P<value>[-−]?[0-9][0-9 \u00a0\u202f\u2009.,']*?)[ \u00a0\u202f]*(?P<percent>%)?"
    r"(?:[ \u00a0\u202f]*[-–—][ \u00a0\u202f]*(?P<value_max>[0-9][0-9 \u00a0\u202f\u2009.,']*?)[ \u00a0\u202f]*%?)?"
    r"(?:[ \u00a0\u202f]*\((?P<year>(19|20)[0-9]{2})\))?$")


@dataclass(frozen=True, slots=True)
class Printed:
    """A printed value read apart: ``≤ 85 % (2021)`` is comparator ``<=``, value ``85``, year 2021."""

    value: str
    comparator: str = ""
    value_max: str = ""
    year: int | None = None


def read_printed(text: str) -> Printed | None:
    """A value as a plan prints it – a number with an optional comparator, percent sign, upper
    bound (``70-100``) and year marker (``(2021)``) – or ``None`` when ``text`` is not one."""
    match = _PRINTED.match(text.strip(_SPACES))
    if not match:
        return None
    value = read_number(match["value"], percent=False)
    upper = read_number(match["value_max"]) if match["value_max"] else None
    if value is None or (match["value_max"] and upper is None):
        return None
    comparator = COMPARATORS[match["comparator"]] if match["comparator"] else ""
    if upper is not None and comparator:
        return None  # "≤ 70-100" says two things at once
    return Printed(value.plain, comparator, upper.plain if upper else "", int(match["year"]) if match["year"] else None)
