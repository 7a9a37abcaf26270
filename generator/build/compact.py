"""The engine's pages without their indentation: each run of white space that holds a line break
becomes one line break, except inside ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``, where
white space is kept as written.

A browser shows a run of white space in text as one space, and a line break is white space, so a
page looks and reads the same; its markup, attributes and quotes are unchanged byte for byte, so
every parser of the site (the link check, the search, the tests) reads it as before. The theme's
templates indent every line: at the shipped plans this is about a fifth of each page's bytes, and of
a site at 290 plans about 0.25 GB. A minifier such as minify-html saves a few points more but
rewrites the markup (drops quotes, reorders attributes), which our own readers of the HTML would
have to follow; this keeps them as they are.

Run by the engine's worker on each unit's output (``mkdocs_worker``), so the work is spread over
the cores and cached with the unit; it is no part of MkDocs and moves with the engine seam.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_KEPT = re.compile(r"<(pre|textarea|script|style)\b", re.I)
_CLOSING = {name: re.compile(rf"</{name}\b[^>]*>", re.I) for name in ("pre", "textarea", "script", "style")}
_INDENT = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")  # HTML's white space only: a no-break space is text


def compact(page: str) -> str:
    """``page`` (HTML) with each white-space run that holds a line break as one ``\\n``. One pass
    (each kept element's end is searched for once, onwards): linear in the page, whatever it holds."""
    out, done = [], 0
    while (opening := _KEPT.search(page, done)) is not None:
        closing = _CLOSING[opening.group(1).lower()].search(page, opening.end())
        end = closing.end() if closing else len(page)
        out.append(_INDENT.sub("\n", page[done:opening.start()]))
        out.append(page[opening.start():end])
        done = end
    out.append(_INDENT.sub("\n", page[done:]))
    return "".join(out)


def compact_site(folder: Path) -> int:
    """Compact every ``.html`` file under ``folder`` (the engine's own output; links are not
    followed) in place; returns the bytes saved."""
    saved = 0
    for here, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(here, d))]
        for name in names:
            path = Path(here, name)
            if not name.endswith(".html") or path.is_symlink():
                continue
            text = path.read_text(encoding="utf-8")
            smaller = compact(text)
            if len(smaller) != len(text):
                path.write_text(smaller, encoding="utf-8")
                saved += len(text.encode("utf-8")) - len(smaller.encode("utf-8"))
    return saved
