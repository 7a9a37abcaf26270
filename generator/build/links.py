"""The links of the merged site: every relative ``href`` and ``src`` of the pages' content, and every
file a page loads, resolves to a file of the new site.

MkDocs checks a unit's Markdown links (``validation`` in mkdocs.yml, a warning that ``--strict``
turns into a failure), but a link to a page of another unit reaches a stand-in there, which it
cannot see into; this check runs on the whole new site, after the units are merged, so a link
broken across units still stops the build. It reads each page's content (``<article>``: the
Markdown MkDocs checked, and the HTML in it, which MkDocs does not check) and, in the rest of the
page, what it loads (``src``, ``<link href>``); the theme's own links around the content (the
footer's link to the accessibility page, which a project may not have) are the theme's, as
before. Addresses with a scheme (``https:``, ``mailto:``), from the site's root (``/``) and within
the page (``#…``) are not files of the site and are left alone.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from typing import Mapping

from generator.build.publish import BuildFailed
from generator.ingest import files
from generator.spec import urls

MAX_PAGE = 1 << 30


#: Each unit's pages and their links (``page_links``), written beside its output by the engine's
#: worker and kept with it in the unit's cache entry, so that the check reads no page a unit gave.
UNIT_LINKS = "unit-links.json"


def page_links(text: str) -> list[str]:
    """The links of one page that ``check`` resolves (``_links``), in order."""
    start = text.find("<article")
    end = text.rfind("</article>") if start >= 0 else -1  # the theme's: a page's own may come first
    return list(_links(text, start, end))


def write_unit_links(out: Path) -> None:
    """``UNIT_LINKS`` in a unit's output folder ``out``: every page's path there → its links."""
    found = {}
    for entry in files.walk(out, 10_000_000):
        if entry.kind == "file" and entry.rel.endswith(".html"):
            found[entry.rel] = page_links(files.read_bytes(out / entry.rel, MAX_PAGE).decode("utf-8", "replace"))
    (out / UNIT_LINKS).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")


def check(site: Path, known: Mapping[str, list[str]] | None = None, present: set[str] | None = None,
          pages: set[str] | None = None) -> int:
    """Raise BuildFailed (``broken-link``, naming the page and the link) for the first relative link
    that resolves to no file of ``site``; return how many links were checked. ``known``: the links
    of pages as their units gave them (path in ``site`` → ``page_links``), which are not read again;
    ``present``: every file of ``site`` where the build knows them (``NewSite.files``), else read;
    ``pages``: the pages to check, where the others are known to be good (``NewSite.changed``)."""
    if present is None:
        present = {e.rel for e in files.walk(site, 10_000_000) if e.kind == "file"}
    known = known or {}
    checked = 0
    for page in sorted(p for p in (present if pages is None else pages & present) if p.endswith(".html")):
        found = known.get(page)
        if found is None:
            found = page_links(files.read_bytes(site / page, MAX_PAGE).decode("utf-8", "replace"))
        here = posixpath.dirname(page)
        for link in found:
            checked += 1
            if not any(file in present for file in urls.link_files(here, link)):
                raise BuildFailed.of("broken-link", page=page, link=link)
    return checked


def _links(text: str, start: int, end: int):
    """The page's relative addresses (``urls.relative_link``): every one inside its content
    (``start``–``end``, the ``<article>``), and outside it those of what the page loads."""
    for tag in urls.LINK_TAG.finditer(text):
        content = start <= tag.start() < end
        for attribute in urls.LINK_ATTRIBUTE.finditer(tag.group(2)):
            name = attribute.group(1).lower()
            if not content and (tag.group(1).lower() == "a" or (name != "src" and tag.group(1).lower() != "link")):
                continue
            link = urls.relative_link(attribute.group(2) if attribute.group(2) is not None else attribute.group(3))
            if link:
                yield link


_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def check_anchors(site: Path, anchors: list[list[str]]) -> None:
    """The links of a unit's pages to an anchor of a page of another unit (``[docs path, link,
    target's output path, anchor]``, relative to ``site``): the target has an element with that id,
    else BuildFailed as MkDocs' anchor validation (``validation.anchors: warn``) under --strict."""
    ids: dict[str, set[str]] = {}
    for source, link, target, anchor in anchors:
        if target not in ids:
            text = files.read_bytes(site / target, MAX_PAGE).decode("utf-8", "replace")
            ids[target] = {html.unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in _ID.finditer(text)}
        if anchor not in ids[target]:
            raise BuildFailed.of("engine-failed", detail=f"WARNING -  Doc file '{source}' contains a link '{link}', "
                                                          f"but the page '{target}' does not contain an anchor '#{anchor}'.")
