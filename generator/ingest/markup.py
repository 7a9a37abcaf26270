"""Chapters: Markdown from municipal staff to the safe page source the site engine receives.

A chapter is rendered here, before the site engine sees it, and never by the engine itself:

1. bounded input: size and nesting are checked first (``MAX_BYTES``, ``MAX_NESTING``), and the
   caller runs ``render`` in a child process with a time limit (``bounded.run``);
2. Python-Markdown turns it into HTML (tables; no attribute lists, so authors set no ids or classes);
3. nh3 keeps only what plan text needs – headings, paragraphs, lists, tables, links, images with
   alt, emphasis, abbr, figure – with no ``id``, ``class``, ``style``, forms or inputs, and only
   http, https and mailto links; links to other chapters and images in ``content/assets/`` are
   rewritten to their place in the site, anything else relative is a problem with its line;
4. top-level headings become Markdown headings with an explicit ``user-content-`` id (as GitHub
   prefixes ids in user content), so the engine still builds the page's table of contents and no
   id can shadow the theme's (``__config``, ``__search``, ``__drawer`` …); every other block is
   passed on as raw HTML that the engine does not touch.

Problems are returned as data: ``(code, row, found, severity)``.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.toc import slugify

from generator.ingest import characters
from generator.ingest.escape import e
from generator.spec import urls

MAX_BYTES = 1024 * 1024
MAX_NESTING = 12
ID_PREFIX = "user-content-"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")

_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
TAGS = _HEADINGS | {
    "h1", "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "img", "figure", "figcaption", "strong", "em", "b", "i", "s", "del", "ins", "sub", "sup", "abbr", "small",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start", "reversed"},
    "li": {"value"},
}
_CLEAN_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "textarea", "select",
                  "svg", "math", "form", "button", "title"}
_VOID = {"br", "hr", "img"}
#: Numbers a chapter's table regions (no attribute of the chapter's own survives the sanitiser).
TABLE_MARK = "data-plansite-table"


@dataclass(frozen=True, slots=True)
class ChapterContext:
    """Where a chapter sits: its plan, its slug, the plan's chapter files and the site's images."""

    plan_id: str
    slug: str
    chapter_files: tuple[tuple[str, str], ...] = ()  # (file name, slug) of every chapter of the plan
    assets: frozenset[str] = frozenset()             # file names in content/assets/
    first_row: int = 1                               # the file's line on which the Markdown starts

    @property
    def page(self) -> str:
        return urls.chapter_page(self.plan_id, self.slug)


@dataclass(frozen=True, slots=True)
class RenderedChapter:
    body: str  # the page source after the chapter's title: Markdown headings and raw HTML blocks
    problems: tuple[tuple[str, int | None, str, str], ...] = ()  # (code, row, found, severity)


def render(text: str, ctx: ChapterContext) -> RenderedChapter:
    """The safe page source of one chapter, with every problem found on the way."""
    problems: list[tuple[str, int | None, str, str]] = []
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return RenderedChapter("", (("chapter-too-large", None, str(size), "error"),))
    deep = _too_deep(text)
    if deep:
        return RenderedChapter("", (("chapter-too-deep", ctx.first_row + deep[0], str(deep[1]), "error"),))
    for code, offset, found, severity in characters.scan(text, control=False):
        problems.append((code, ctx.first_row + text.count("\n", 0, offset), found, severity))
    if any(p[3] == "error" for p in problems):
        return RenderedChapter("", tuple(problems))
    text = characters.strip_invisible(text)
    converted = markdown.markdown(text, extensions=["tables"],
                                  extension_configs={"tables": {"use_align_attribute": True}})
    safe = nh3.clean(
        converted,
        tags=TAGS,
        clean_content_tags=_CLEAN_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_UrlFilter(text, ctx, problems),
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    if any(p[3] == "error" for p in problems):
        return RenderedChapter("", tuple(problems))  # nothing of a chapter with an error is published
    safe = re.sub(r"<(/?)h1>", r"<\1h2>", safe)  # the page's own h1 is the chapter title
    return RenderedChapter(_page_source(_scrollable_tables(safe)), tuple(problems))


def _scrollable_tables(safe: str) -> str:
    """Every table in a region a keyboard can scroll (as the generated tables are), numbered by
    ``TABLE_MARK``: the chapter is rendered once for every language, and the page names the region
    in its own (``render.sections.chapter_page``). The class keeps the theme from wrapping it a
    second time in a region without a name."""
    count = iter(range(1, safe.count("<table>") + 1))
    safe = re.sub("<table>", lambda _: (f'<div class="plansite-table" tabindex="0" role="region" '
                                        f'{TABLE_MARK}="{next(count)}"><table class="plansite-data">'), safe)
    return safe.replace("</table>", "</table></div>")


def _too_deep(text: str) -> tuple[int, int] | None:
    """``(line index, depth)`` of the first line nested deeper than ``MAX_NESTING`` lists or quotes."""
    for index, line in enumerate(text.split("\n")):
        stripped = line.lstrip(" \t>")
        prefix = line[: len(line) - len(stripped)]
        depth = prefix.count(">") + len(prefix.replace(">", "").expandtabs(4)) // 4
        if depth > MAX_NESTING:
            return index, depth
    return None


class _UrlFilter:
    """nh3's attribute filter: links and image sources checked and rewritten to their place in the site."""

    def __init__(self, text: str, ctx: ChapterContext, problems: list):
        self.text, self.ctx, self.problems = text, ctx, problems
        self.chapters = dict(ctx.chapter_files)

    def __call__(self, tag: str, attr: str, value: str) -> str | None:
        if tag == "a" and attr == "href":
            return self._href(value)
        if tag == "img" and attr == "src":
            return self._src(value)
        return value

    def _problem(self, code: str, value: str, severity: str = "error") -> None:
        self.problems.append((code, self._row(value), value[:120], severity))

    def _row(self, value: str) -> int | None:
        for candidate in (value, html.unescape(value)):
            at = self.text.find(candidate)
            if at >= 0:
                return self.ctx.first_row + self.text.count("\n", 0, at)
        return None

    def _href(self, value: str) -> str | None:
        value = value.strip()
        if value.startswith("#"):
            return "#" + ID_PREFIX + value[1:].removeprefix(ID_PREFIX) if len(value) > 1 else None
        parts = urlsplit(value)
        if parts.scheme or value.startswith("//"):
            return value  # nh3 has already kept only http, https and mailto
        path = posixpath.normpath(parts.path) if parts.path else ""
        if path in self.chapters:
            fragment = f"#{ID_PREFIX}{parts.fragment.removeprefix(ID_PREFIX)}" if parts.fragment else ""
            return urls.rel(self.ctx.page, urls.chapter_page(self.ctx.plan_id, self.chapters[path])) + fragment
        self._problem("chapter-broken-link", value)
        return None

    def _src(self, value: str) -> str | None:
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme or value.startswith("//"):
            self._problem("chapter-external-image", value)  # the site loads nothing from other hosts
            return None
        name = _asset_name(parts.path, self.ctx)
        if name is None or name not in self.ctx.assets:
            self._problem("chapter-missing-image", value)
            return None
        return urls.rel(self.ctx.page, f"assets/{name}")


def _asset_name(path: str, ctx: ChapterContext) -> str | None:
    """The file in content/assets/ a chapter's image path names, read from the chapter's folder
    (``../assets/a.png``) or from its page in the site (``../../assets/a.png``)."""
    for base in (f"content/{ctx.plan_id}", posixpath.dirname(ctx.page)):
        resolved = posixpath.normpath(posixpath.join(base, path))
        for root in ("content/assets/", "assets/"):
            if resolved.startswith(root) and "/" not in resolved[len(root):]:
                return resolved[len(root):]
    return None


class _TopLevel(HTMLParser):
    """Finds the top-level elements of sanitised HTML and the text of each top-level heading."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.depth = 0
        self.headings: list[tuple[int, int, int, str]] = []  # (start, end, level, text)
        self._open: tuple[int, int, list[str]] | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth == 0 and tag in _HEADINGS:
            self._open = (self._offset(), int(tag[1]), [])
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth -= 1
        if self.depth == 0 and self._open is not None and tag in _HEADINGS:
            start, level, text = self._open
            end = self.source.index(">", self._offset()) + 1
            self.headings.append((start, end, level, " ".join("".join(text).split())))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[2].append(data)


def _page_source(safe: str) -> str:
    parser = _TopLevel(safe)
    parser.feed(safe)
    parser.close()
    out, position, used = [], 0, set()
    for start, end, level, text in parser.headings:
        out.append(_raw_block(safe[position:start]))
        out.append(f"{'#' * level} {e(text)} {{: #{_attr_id(_unique_id(text, used))} }}\n\n" if text else "")
        position = end
    out.append(_raw_block(safe[position:]))
    return "".join(out)


def _raw_block(fragment: str) -> str:
    fragment = fragment.strip()
    return f'<div class="plansite-chapter">\n{fragment}\n</div>\n\n' if fragment else ""


def _attr_id(slug: str) -> str:
    """The id as written in ``{: #id }``: underscores escaped, or a pair (``_-_``) would be read as
    emphasis before the attribute list, and the heading would show its braces."""
    return slug.replace("_", "\\_")


def _unique_id(text: str, used: set[str]) -> str:
    base = ID_PREFIX + (slugify(text, "-") or "rubrik")
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def heading_id(text: str, separator: str = "-") -> str:
    """The site engine's slug for a generated heading, never one the theme or chapters use: no
    leading underscore (the theme's ``__config`` …) and no ``user-content-`` prefix."""
    slug = slugify(text, separator).lstrip("_-")
    if not slug or slug.startswith(ID_PREFIX):
        slug = "h-" + slug
    return slug
