"""The blank spreadsheet template the site offers for download (``data/plan-mall.xlsx``).

It is the workbook ``plansite export-template`` writes, made by the same code, for a plan with
nothing filled in yet: the sheet ``plan`` with every field and its meaning but no values, one sheet
per table that ``plansite new`` starts a plan with and one per table of a follow-up (only the
header row, drop-down lists for the coded columns), and the help sheet. Filled in, ``plansite import plan-mall.xlsx`` creates the plan
that its sheet ``plan`` names.

Every text is a text cell marked so that a spreadsheet never reads it as a formula (``template``),
and the bytes are the same at every build (``outputs.workbook.book_bytes``: fixed dates, no author,
fixed zip times), so the file's sha256 in ``data/index.json`` changes only when the format does.
"""

from __future__ import annotations

from generator.authoring import template
from generator.authoring.scaffold import TABLES
from generator.outputs.workbook import book_bytes
from generator.spec.package import build_descriptor


def blank_template_bytes(*, lang: str = "sv") -> bytes:
    """The blank template as .xlsx bytes, its help sheet in ``lang``."""
    descriptor = build_descriptor("", {}, list(TABLES))  # no plan id, no metadata, no rows
    return book_bytes(template.build_workbook(descriptor, {}, lang=lang))
