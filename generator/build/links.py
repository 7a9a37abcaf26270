"""The links of the merged site: every relative ``href`` and ``src`` of every HTML page resolves to a
file of the new site.

MkDocs checks a unit's Markdown links (``validation`` in mkdocs.yml, a warning that ``--strict``
turns into a failure), but a link to a page of another unit reaches a stand-in there, which it
cannot see into; this check runs on the whole new site, after the units are merged, so a link
broken across units still stops the build. Addresses with a scheme (``https:``, ``mailto:``), from
the site's root (``/``) and within the page (``#…``) are not files of the site and are left alone.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from generator.build.publish import BuildFailed
from generator.ingest import files

_ATTRIBUTE = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
MAX_PAGE = 1 << 30


def check(site: Path) -> int:
    """Raise BuildFailed (``broken-link``, naming the page and the link) for the first relative link
    that resolves to no file of ``site``; return how many links were checked."""
    present = {e.rel for e in files.walk(site, 10_000_000) if e.kind == "file"}
    checked = 0
    for page in sorted(p for p in present if p.endswith(".html")):
        text = files.read_bytes(site / page, MAX_PAGE).decode("utf-8", "replace")
        here = posixpath.dirname(page)
        for match in _ATTRIBUTE.finditer(text):
            link = html.unescape(match.group(1) if match.group(1) is not None else match.group(2)).strip()
            if not link or link.startswith(("#", "/", "?")) or _SCHEME.match(link):
                continue
            path = unquote(link.split("#", 1)[0].split("?", 1)[0])
            checked += 1
            if not _resolves(posixpath.join(here, path), path.endswith("/"), present):
                raise BuildFailed.of("broken-link", page=page, link=link)
    return checked


def _resolves(path: str, folder: bool, present: set[str]) -> bool:
    target = posixpath.normpath(path)
    if target == "." or target.startswith("../") or target == "..":
        return target == "." and "index.html" in present
    if folder:
        return f"{target}/index.html" in present
    return target in present or f"{target}/index.html" in present
