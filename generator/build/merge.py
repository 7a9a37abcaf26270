"""The site of one language merged from its units' outputs (``units``), as one engine run would
have written it. The units' files are linked from the cache, not copied (``NewSite.place``).

Each plan unit gives its own pages; the site unit its pages, 404 and the theme's files, once.
The search index and the sitemap are each language's one file, put together from the units' in
the order MkDocs builds the pages (the units' ``unit-pages.json``): Material's search index is
``{"config": …, "docs": [the entries of each page, page by page]}``, written with the separators
and escapes Material uses; MkDocs' sitemap is a header, one ``<url>`` block per page and a footer,
and ``sitemap.xml.gz`` is gzipped with the latest of the units' build dates as its time.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from generator.build import links, unit_hook, units
from generator.build.newsite import NewSite

SEARCH = "search/search_index.json"
SITEMAP = "sitemap.xml"
SITEMAP_GZ = "sitemap.xml.gz"
MERGED = (unit_hook.MANIFEST, unit_hook.ANCHORS, links.UNIT_LINKS, units.FILES, SEARCH, SITEMAP, SITEMAP_GZ)
_URL = re.compile(r"\s*<url>.*?</url>", re.S)


@dataclass(frozen=True)
class Merged:
    anchors: list[list[str]]  # the units' links to anchors in other units (``unit_hook.ANCHORS``), for ``links.check_anchors``
    links: dict[str, list[str]]  # each page written (path in the language's folder) → its links (``links.UNIT_LINKS``), for ``links.check``
    search: dict | None  # the language's search index, for ``search.split_index`` to write (None: the site has no search)


def merge(parts: Sequence[tuple[units.Unit, Path, list[str]]], site: NewSite, folder: str) -> Merged:
    """Put the units' outputs (``(unit, cache entry, its files)``) into the language's ``folder``
    (``""`` or ``en/``) of the new ``site``, with its sitemap; its search index is returned."""
    for _, entry, listed in parts:  # the files read from each entry, as those it gives are (``units.plain_files``)
        if not units.plain_files(entry, [rel for rel in MERGED if rel in listed]):
            raise units.Damaged(entry)
    first = next(entry for unit, entry, _ in parts if unit.theme)
    order = units.manifest(first)
    position = {url: i for i, (_, url, _, _) in enumerate(order)}
    searches, sitemaps, anchors = [], [], []
    found: dict[str, list[str]] = {}
    for unit, entry, listed in parts:
        present = set(listed)
        pages = order if unit.theme else units.manifest(entry)
        if unit.theme:
            wanted = [rel for rel in listed if rel not in MERGED]
        else:
            wanted = [dest for _, _, dest, own in pages if own and dest in present]
        token = "u" + entry.name  # a cache entry is never written once stored: its name says what it holds
        taken = [rel for rel in wanted if not site.holds(folder + rel, token)]
        if taken and not units.plain_files(entry, taken):
            raise units.Damaged(entry)
        for rel in wanted:
            site.place(folder + rel, entry / rel, token, lambda rel=rel: units.read(entry, rel))
        if links.UNIT_LINKS in present:
            listed_links = json.loads(units.read(entry, links.UNIT_LINKS))
            found.update((rel, listed_links[rel]) for rel in wanted if rel in listed_links)
        if unit_hook.ANCHORS in present:
            anchors += json.loads(units.read(entry, unit_hook.ANCHORS))
        if SEARCH in present:
            searches.append(json.loads(units.read(entry, SEARCH)))
        if SITEMAP in present:
            own = [url for _, url, _, mine in pages if mine]
            sitemaps.append((units.read(entry, SITEMAP).decode("utf-8"), own,
                             units.read(entry, SITEMAP_GZ) if SITEMAP_GZ in present else b""))
    if sitemaps:
        text, stamp = sitemap(sitemaps, position, units.read(first, SITEMAP).decode("utf-8"))
        site.write(folder + SITEMAP, text.encode("utf-8"))
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, filename=str(site.path / folder / SITEMAP_GZ), mode="wb", mtime=stamp) as gz:
            gz.write(text.encode("utf-8"))
        site.write(folder + SITEMAP_GZ, buffer.getvalue())
    return Merged(anchors, found, search_index(searches, position) if searches else None)


def search_index(indexes: list[dict], position: dict[str, int]) -> dict:
    """One search index from the units': the first one's configuration, every entry, page by page
    in the build's order (a page's entries keep their order)."""
    entries = [entry for index in indexes for entry in index.get("docs", [])]
    entries.sort(key=lambda e: position.get(str(e.get("location", "")).split("#", 1)[0], len(position)))
    return {"config": indexes[0].get("config", {}), "docs": entries}


def sitemap(parts: list[tuple[str, list[str], bytes]], position: dict[str, int], frame: str) -> tuple[str, int]:
    """One sitemap from the units' (``(text, the unit's own page urls in order, its gzip)``): the
    site unit's header and footer (``frame``) around every unit's ``<url>`` blocks in the build's
    order; a unit's blocks are its own pages' in order. Returns the text and the gzip's time."""
    blocks: list[tuple[int, str]] = []
    for text, own, _ in parts:
        found = _URL.findall(text)
        if found and len(found) != len(own):
            raise ValueError(f"a unit's sitemap lists {len(found)} pages, not its {len(own)}")
        blocks += [(position.get(url, len(position)), block) for url, block in zip(own, found)]
    blocks.sort(key=lambda b: b[0])
    first, last = _URL.search(frame), None
    for last in _URL.finditer(frame):
        pass
    head = frame[:first.start()] if first else _head(frame)
    tail = frame[last.end():] if last else frame[len(head):]
    stamps = [struct.unpack("<I", gz[4:8])[0] for _, _, gz in parts if len(gz) >= 8]
    return head + "".join(block for _, block in blocks) + tail, max(stamps, default=0)


def _head(frame: str) -> str:
    """The sitemap up to the end of ``<urlset …>`` (a unit without pages in it)."""
    end = frame.find(">", frame.find("<urlset"))
    return frame[:end + 1] if end >= 0 else frame
