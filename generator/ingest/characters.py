"""Characters a published text must not carry, found in one place for every kind of text.

- Control characters (C0/C1 but tab and line feed, a carriage return not before a line feed,
  U+2028/U+2029) break a CSV row or the YAML of a page: an error.
- Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) make a text display as
  another text ("Trojan Source"): an error.
- Zero-width characters only make equal-looking texts differ: a warning, and they are removed
  wherever a text is published (``strip_invisible``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from generator.model.codes import Severity

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]|\r(?!\n)")
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
#: Zero-width space, non-joiner and joiner, word joiner and the byte-order mark inside a text.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def strip_invisible(text: str) -> str:
    """``text`` without zero-width characters."""
    return _INVISIBLE.sub("", text)


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def scan(text: str, control: bool = True) -> Iterator[tuple[str, int, str, str]]:
    """``(code, offset, found, severity)`` for the first character of each kind in ``text``:
    ``control-character`` (only when ``control``), ``bidi-control`` and ``invisible-character``."""
    match = CONTROL.search(text) if control else None
    if match:
        yield "control-character", match.start(), f"U+{ord(match.group(0)[0]):04X}", Severity.ERROR
    match = BIDI.search(text)
    if match:
        yield "bidi-control", match.start(), _name(match.group(0)), Severity.ERROR
    match = _INVISIBLE.search(text)
    if match:
        yield "invisible-character", match.start(), _name(match.group(0)), Severity.WARNING
