"""A hand-written page's Markdown links, rebased for the place the build writes the page.

``content/site/data.md`` is written as ``data/index.md`` (``urls.site_page``): the same address, but
a folder deeper in the docs, from where the engine resolves a Markdown link. Each relative link and
image destination of the page's Markdown (``](target`` of an inline link or image, ``[label]: target``
of a reference definition) is therefore rewritten from the new place, and a link to a hand-written
page that moved goes to that page's new place (``dataformat.md`` → ``dataformat/index.md``, also from
the pages that did not move). A destination is found by its ``](``, whatever the link's text (it may
hold brackets, an image or a line break).

Left as written: links with a scheme (``https:``, ``mailto:``), from the site's root (``/…``), to a
place on the same page (``#…``) or above the docs; an escaped bracket (``\\](``); footnotes
(``[^1]:``); and code and HTML: fenced and indented code blocks, code spans (``[bilagan](07-bilaga.md)``
written as an example stays an example) and HTML blocks (their links were written from the page's
address, which has not changed; Markdown inside them is not read). A link this misses is one the
engine then reports (``mkdocs build --strict``), not a wrong page. Every pattern here reads a bounded
stretch or runs once over the text, so a page of a million brackets or backticks is read in linear time.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from typing import Callable, Mapping

from generator.spec import urls

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"(?: {4}|\t)")
#: An HTML block as Markdown reads one: a block-level element (Markdown's own list) or a comment at
#: a line's start after a blank line; an inline element (``<a href>``) begins a paragraph instead.
_HTML_START = re.compile(
    r" {0,3}(?:<!--|</?(?:address|article|aside|blockquote|body|canvas|center|colgroup|dd|details|div|dl|dt"
    r"|fieldset|figcaption|figure|footer|form|group|h[1-6]|header|hgroup|hr|html|iframe|legend|li|main|map|math"
    r"|menu|nav|noscript|object|ol|option|output|p|pre|progress|script|section|style|summary|table|tbody|td"
    r"|textarea|tfoot|th|thead|tr|ul|video)(?=[\s/>]))", re.I)
_BLANK = re.compile(r"\n[ \t]*\n")
_TICKS = re.compile(r"`+")
_INLINE = re.compile(r"(?<!\\)(\]\([ \t]*\n?[ \t]*)(<[^<>\n]*>|[^\s()<>\[\]]+)")
_REFERENCE = re.compile(r"^( {0,3}\[(?!\^)(?:[^\]\\\n]|\\.){1,999}\]:[ \t]*\n?[ \t]*)(<[^<>\n]*>|[^\s<>]+)"
                        r"(?=[ \t]*(?:$|[\"'(]))", re.M)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_KEPT = re.compile("\x00([0-9]+)\x00")


def rebased(markdown: str, source: str, target: str, moved: Callable[[str], str]) -> str:
    """``markdown``, the page at docs path ``source``, with its relative links rewritten for the
    page at docs path ``target``; ``moved`` gives the new docs path of a docs path a link names
    (the path itself when that did not move)."""
    return "".join(text if code else _prose(text, source, target, moved) for code, text in _blocks(markdown))


def placed(pages: Mapping[str, str]) -> dict[str, str]:
    """One language's hand-written pages (path in its folder → text) at the docs paths the build
    writes them to (``urls.site_page``), each page's links ``rebased`` for its place and a link to
    another of them going to that page's place."""

    def moved(path: str) -> str:
        return urls.site_page(path) if path in pages else path

    return {urls.site_page(path): rebased(text, path, urls.site_page(path), moved) for path, text in pages.items()}


def _blocks(markdown: str) -> list[tuple[bool, str]]:
    """``markdown`` in runs of lines: (True, code or HTML: a fenced block with its fences, an
    indented code block, an HTML block) or (False, the rest)."""
    out: list[tuple[bool, str]] = []
    fence, kind, after_blank = "", "", True  # kind: "indented" or "html" while in such a block
    for line in markdown.splitlines(keepends=True):
        blank = not line.strip()
        opening = _FENCE.match(line)
        if fence:
            code = True
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = ""
        elif opening and not (opening.group(1)[0] == "`" and "`" in line.strip()[len(opening.group(1)):]):
            fence, kind, code = opening.group(1), "", True  # a backtick fence's info string has no backtick
        elif kind == "indented" and (blank or _INDENTED.match(line)):
            code = True
        elif kind == "html" and not blank:
            code = True
        elif after_blank and not blank and _INDENTED.match(line):
            kind, code = "indented", True
        elif after_blank and _HTML_START.match(line):
            kind, code = "html", True
        else:
            kind, code = "", False
        after_blank = blank
        if out and out[-1][0] == code:
            out[-1] = (code, out[-1][1] + line)
        else:
            out.append((code, line))
    return out


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text``'s code spans are: a run of backticks to the next run as long, within a
    paragraph (one pass over the runs: no run is scanned twice)."""
    runs = []
    for found in _TICKS.finditer(text):
        start, end = found.span()
        if text[max(0, start - 1)] == "\\" and start:  # an escaped backtick is a backtick, not code
            start += 1
        if start < end:
            runs.append((start, end))
    later: dict[int, int] = {}
    following: list[int | None] = [None] * len(runs)
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        following[i] = later.get(length)
        later[length] = i
    breaks = [found.start() for found in _BLANK.finditer(text)]
    spans, i = [], 0
    while i < len(runs):
        j = following[i]
        if j is not None and bisect.bisect(breaks, runs[i][1]) == bisect.bisect(breaks, runs[j][0]):
            spans.append((runs[i][0], runs[j][1]))
            i = j + 1
        else:
            i += 1
    return spans


def _prose(text: str, source: str, target: str, moved: Callable[[str], str]) -> str:
    if "\x00" in text:  # the code spans could not be set aside: left for the engine to check
        return text
    spans = _code_spans(text)
    kept = [text[start:end] for start, end in spans]
    masked, done = [], 0
    for i, (start, end) in enumerate(spans):
        masked.append(text[done:start] + f"\x00{i}\x00")
        done = end
    masked.append(text[done:])

    def link(match: re.Match[str]) -> str:
        return match.group(1) + _link(match.group(2), source, target, moved)

    rewritten = _REFERENCE.sub(link, _INLINE.sub(link, "".join(masked)))
    return _KEPT.sub(lambda match: kept[int(match.group(1))], rewritten)


def _link(written: str, source: str, target: str, moved: Callable[[str], str]) -> str:
    bracketed = written.startswith("<")
    url = written[1:-1] if bracketed else written
    if not url or url.startswith(("/", "#", "\\")) or _SCHEME.match(url):
        return written
    cut = min([i for i in (url.find("#"), url.find("?")) if i >= 0] or [len(url)])
    path, tail = url[:cut], url[cut:]
    named = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    if named in (".", "..") or named.startswith("../"):
        return written
    new = posixpath.relpath(moved(named), posixpath.dirname(target) or ".") + ("/" if path.endswith("/") else "")
    return f"<{new}{tail}>" if bracketed else new + tail


def filled(text: str, docs_path: str, data: str, contact: str) -> str:
    """A placed page's placeholders filled in: ``{{ kontakt }}`` is ``contact`` (in the page's
    language), ``{{ data }}`` the link from the page (``docs_path`` in its language's folder) to
    the downloads, which are at ``data`` seen from the language's pages (``urls.data_root``: published
    once, at the root, or on another site). The engine checks a Markdown link against the pages of
    its own language only, so a page outside the root links to a download with HTML:
    ``<a href="{{ data }}observations.csv">``."""
    link = urls.rel(docs_path, urls.shared("data/", data))
    return text.replace("{{ kontakt }}", contact).replace("{{ data }}", link)
