"""A hand-written page's Markdown links, rebased for the place the build writes the page.

``content/site/om.md`` is written as ``om/index.md`` (``urls.site_page``): the same address, but a
folder deeper in the docs, from where the engine resolves a Markdown link. Each relative link and
image of the page's Markdown (inline ``[text](target "title")`` and ``![alt](target)``, and reference
definitions ``[label]: target``) is therefore rewritten from the new place, and a link to another
hand-written page goes to that page's new place (``dataformat.md`` → ``dataformat/index.md``).
Left as written: links with a scheme (``https:``, ``mailto:``), from the site's root (``/…``), to a
place on the same page (``#…``) or above the docs, and anything inside code (fenced blocks and code
spans: ``[bilagan](07-bilaga.md)`` written as an example stays an example). Raw HTML is left too:
its links were written from the page's address, which has not changed. A link this misses is one the
engine then reports (``mkdocs build --strict``), not a wrong page.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\1(?!`)", re.S)  # within a paragraph
_INLINE = re.compile(r"(!?\[[^\]\n]*\]\([ \t]*)(<[^<>\n]*>|[^\s()<>]+)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^<>\n]*>|\S+)", re.M)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_KEPT = re.compile("\x00([0-9]+)\x00")


def rebased(markdown: str, source: str, target: str, moved: Callable[[str], str]) -> str:
    """``markdown``, the page at docs path ``source``, with its relative links rewritten for the
    page at docs path ``target``; ``moved`` gives the new docs path of a docs path a link names
    (the path itself when that did not move)."""
    return "".join(text if code else _prose(text, source, target, moved) for code, text in _blocks(markdown))


def _blocks(markdown: str) -> list[tuple[bool, str]]:
    """``markdown`` in runs of lines: (True, a fenced code block with its fences) or (False, the rest)."""
    out: list[tuple[bool, str]] = []
    fence = ""
    for line in markdown.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence:
            code = True
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = ""
        elif opening and not (opening.group(1)[0] == "`" and "`" in line.strip()[len(opening.group(1)):]):
            fence, code = opening.group(1), True  # a backtick fence's info string has no backtick
        else:
            code = False
        if out and out[-1][0] == code:
            out[-1] = (code, out[-1][1] + line)
        else:
            out.append((code, line))
    return out


def _prose(text: str, source: str, target: str, moved: Callable[[str], str]) -> str:
    if "\x00" in text:  # the code spans could not be set aside: left for the engine to check
        return text
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(match.group())
        return f"\x00{len(spans) - 1}\x00"

    def link(match: re.Match[str]) -> str:
        return match.group(1) + _link(match.group(2), source, target, moved)

    masked = _REFERENCE.sub(link, _INLINE.sub(link, _CODE_SPAN.sub(keep, text)))
    return _KEPT.sub(lambda match: spans[int(match.group(1))], masked)


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
