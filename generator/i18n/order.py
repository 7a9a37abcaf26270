"""Names in the order of the Swedish alphabet, the plans' language: "Håbo" before "Härryda", "Åmål"
before "Älmhult" and both before "Örebro". Python orders by code point, which puts ä (U+00E4) before
å (U+00E5) and sets capitals apart. A municipality's or board's name keeps this order on the pages of
every language: it is a Swedish name, spelt with Swedish letters.

Only what Swedish names need (babel has no collation, and ICU is a large dependency for it): case
does not separate; å, ä and ö follow z in that order (æ and ø as ä and ö); é, è, ê, ë as e, á and à
as a, ü as y; a hyphen as a space, so "Upplands-Bro" and "Upplands Väsby" sort by their second word;
spaces around a name do not count. Names that differ only in these are told apart by their own
spelling, so the order is total.
"""

from __future__ import annotations

import unicodedata

# after z (U+007A): å, ä, ö, by code points that no name's letter would give
_PRIMARY = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y", "é": "e", "è": "e",
                          "ê": "e", "ë": "e", "á": "a", "à": "a", "-": " "})
_LETTER = {"{": "Å", "|": "Ä", "}": "Ö"}


def alphabetical(name: str) -> tuple[str, str]:
    """A sort key for ``name`` in Swedish alphabetical order: ``sorted(names, key=alphabetical)``."""
    name = unicodedata.normalize("NFC", name).strip()
    return name.casefold().translate(_PRIMARY), name


def first_letter(name: str) -> str:
    """The letter ``name`` is listed under, as a capital, by the same rules as ``alphabetical``:
    "Åmål" → "Å", "Ærø" → "Ä", "Élan" → "E"; "" for an empty name."""
    primary = alphabetical(name)[0][:1]
    return _LETTER.get(primary, primary.upper())
