"""HTML pieces every page uses: front matter, fact lists, data tables, links. Text placed in them is
escaped by the caller (``escape.e``); these functions add only markup."""

from __future__ import annotations

import html
import re
from typing import Callable

from generator.i18n.texts import t
from generator.ingest.escape import e
from generator.model.plan import Plan
from generator.spec import urls

ChartRenderer = Callable[[dict, str, str, str], str]


def without_front_matter(markdown: str) -> str:
    """Markdown without its front matter (the generated page writes its own)."""
    if markdown.startswith("---"):
        end = markdown.find("\n---", 3)
        if end != -1:
            return markdown[end + 4:].lstrip("\n")
    return markdown


def front_matter(title: str, description: str = "", hide: tuple[str, ...] = ()) -> str:
    """Front matter. The theme writes title and description into <title>, the header, the nav and
    <meta> without escaping, so they are HTML-escaped here, where they come from the data."""
    import json
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=False)}")
    if hide:
        lines.append("hide:")
        lines.extend(f"  - {h}" for h in hide)
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def web_link(url: str, text: str) -> str:
    """A link to another site (``text`` is HTML); an address that is not http(s) stays plain text."""
    if not url.startswith(("https://", "http://")):
        return e(url)
    return f'<a href="{e(url)}">{text}</a>'


def facts(items: list[tuple[str, str]], css: str = "plansite-facts") -> str:
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items if v)
    return f'<dl class="{css}">{rows}</dl>\n\n'


def data_table(caption: str, headers: list[str], rows: list[str], css: str = "plansite-data") -> str:
    """A data table with caption and column headers. ``caption``, headers and rows are HTML.

    Wide tables scroll sideways on a phone, so the wrapper is a named, keyboard-focusable region;
    the class keeps the theme from wrapping the table a second time.
    """
    label = html.escape(html.unescape(re.sub(r"<[^>]+>", "", caption)), quote=True)
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    return (f'<div class="plansite-table" tabindex="0" role="region" aria-label="{label}"><table class="{css}">'
            f'<caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>\n\n')


def page_link(from_page: str, to: str, text: str) -> str:
    return f'<a href="{html.escape(urls.rel(from_page, to))}">{text}</a>'



def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plan_label(plan: Plan, lang: str) -> str:
    """Short human label: "Medborgarnämnden, Värnamo kommun"."""
    return t("site.plan_label", lang, board=plan.meta.board, municipality=plan.meta.municipality)


def plan_page_title(page: str, plan: Plan, *, lang: str) -> str:
    """A plan page's title: "Uppdrag – Medborgarnämnden, Värnamo kommun"."""
    return t("site.page_title", lang, page=page, plan=plan_label(plan, lang))
