"""HTML pieces every page uses: front matter, fact lists, data tables, links. Text placed in them is
escaped by the caller (``escape.e``); these functions add only markup."""

from __future__ import annotations

import html
import re
from typing import Any, Callable

from generator.analysis.format import NBSP, observation_label, unit_text
from generator.i18n.texts import label, t
from generator.ingest.escape import e
from generator.model.plan import Observation, Plan
from generator.spec import urls

#: Draws a chart (``charts.IndicatorChart``, ``budget_chart.BudgetChart``) with its title, description and
#: element id as an SVG string: ``charts.to_svg`` in a build; tests may pass a stand-in or None (no charts).
ChartRenderer = Callable[[Any, str, str, str], str]

#: The language the plans are written in. Pages are built in several languages, but the data (plan
#: titles, names, notes, chapters, printed values) stays as the document printed it; the model has
#: no field for a plan's language, and every plan so far is Swedish.
DATA_LANG = "sv"


def data_lang(lang: str) -> str:
    """The attribute for an element that is all data on a page in ``lang``: ``' lang="sv"'`` on an
    English page (WCAG 3.1.2, a screen reader switches voice), nothing on a Swedish one."""
    return "" if lang == DATA_LANG else f' lang="{DATA_LANG}"'


def data_markup(markup: str, lang: str) -> str:
    """HTML made of data (a link, a list of names) marked with the data's language where the page's differs."""
    return f"<span{data_lang(lang)}>{markup}</span>" if markup and lang != DATA_LANG else markup


def data_text(text: object, lang: str) -> str:
    """Text from the data, escaped (``escape.e``) and marked with its language where the page's differs."""
    return data_markup(e(text), lang)


def number_html(number: str, unit: str, lang: str) -> str:
    """A number as formatted (with its sign: "≤ 60 000", "70–100") and its unit (``unit_text``),
    escaped, on one line (``span.plansite-value``). A unit that is the document's word is marked
    Swedish on a page in another language ("108 <span lang="sv">dagar</span>"); the number, and a
    unit without letters ("%"), are read in the page's language."""
    marked = _unit_html(unit, lang)
    return f'<span class="plansite-value">{e(number)}{NBSP + marked if marked else ""}</span>'


def _unit_html(unit: str, lang: str) -> str:
    """The unit after a number (``unit_text``), escaped, and marked as the document's language when it
    is a word (has letters: not "%" or "‰")."""
    shown = unit_text(unit)
    return data_text(shown, lang) if any(c.isalpha() for c in shown) else e(shown)


def units_marked(sentence: str, unit: str, lang: str) -> str:
    """``sentence`` (plain text) escaped, with each of its numbers' unit marked Swedish on a page in
    another language, as ``number_html`` marks it in a cell: "The actual for 2023 was 95 <span
    lang="sv">dagar</span>". A unit stands after a number and a no-break space (``format_value``);
    the same word elsewhere in the sentence (in a name) is left as it is."""
    escaped, word, marked = e(sentence), e(unit_text(unit)), _unit_html(unit, lang)
    if marked == word:  # no unit, "%", or a page in the document's language: nothing to mark
        return escaped
    return re.sub(rf"(?<=\d{NBSP}){re.escape(word)}(?![\w])", lambda _: marked, escaped)


def value_html(obs: Observation, unit: str, lang: str) -> str:
    """A value for a table cell, escaped: a number with its sign and unit never breaks ("≤ 60 000 timmar",
    ``number_html``), a value in words ("behålla eller öka jämfört 2023") wraps as text does and is
    marked Swedish on a page in another language."""
    if obs.value is None:  # the document's words (or the note on a missing value), marked as its language;
        # "–" where it has neither is ours
        return data_text(observation_label(obs, unit, lang), lang) if obs.printed or obs.note else e("–")
    return number_html(observation_label(obs, "", lang), unit, lang)  # the label without its unit: "≤ 60 000"


def value_cell(obs: Observation | None, unit: str, lang: str) -> str:
    """A table cell for a value (``value_html``): a number right-aligned (``td.num``), the document's
    words as text; empty without a value."""
    if obs is None:
        return "<td></td>"
    return f"<td{_NUM if obs.value is not None else ''}>{value_html(obs, unit, lang)}</td>"


def data_heading(level: int, text: str, lang: str) -> str:
    """A Markdown heading whose whole text is data: its language as an attribute (attr_list)."""
    attribute = f" {{ lang={DATA_LANG} }}" if lang != DATA_LANG else ""
    return f"{'#' * level} {e(text)}{attribute}\n\n"


def unsearched_heading(text: str) -> str:
    """A Markdown heading (h2) whose section the site's search leaves out (``data-search-exclude``,
    attr_list): a section whose blocks are all left out would otherwise be found as its heading
    alone, the same on every page of its kind."""
    return f"## {text} {{ data-search-exclude }}\n\n"


def without_front_matter(markdown: str) -> str:
    """Markdown without its front matter (the generated page writes its own)."""
    if markdown.startswith("---"):
        end = markdown.find("\n---", 3)
        if end != -1:
            return markdown[end + 4:].lstrip("\n")
    return markdown


def front_matter(title: str, description: str = "", hide: tuple[str, ...] = ()) -> str:
    """Front matter. The theme writes title and description into <title>, the header, the nav and
    <meta> without escaping, so they are HTML-escaped here, where they come from the data. Without a
    title the page's first heading names it (the start page: its <title> is then the site's name
    alone, not "Öppna planer - Öppna planer")."""
    import json
    lines = ["---"] + ([f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"] if title else [])
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


def scroll_hint(lang: str) -> str:
    """The attribute of a caption of a table that scrolls sideways: the hint plansite.css shows after
    the caption on a narrow screen ("rulla tabellen i sidled"), in the page's language."""
    return f' data-hint="{html.escape(t("labels.table.scroll_hint", lang), quote=True)}"'


def data_table(caption: str, headers: list[str], rows: list[str], css: str = "plansite-data", *, lang: str = "sv",
               numbers_from: int | None = None) -> str:
    """A data table with caption and column headers. ``caption``, headers and rows are HTML; ``lang``
    is the page's language (the hint under a budget table's caption, ``scroll_hint``). The headers of
    the columns from ``numbers_from`` on (years of values) stand right, over their numbers (``th.num``).

    Every cell carries its column header as ``data-label``: on a phone the rows of a data table are
    stacked as cards, each value after its header (plansite.css), so that no column is off-screen.
    A budget table (``css="plansite-budget"``) keeps its columns instead: the years scroll inside
    the table's region while the first column stays in place. Either way the wrapper is a named,
    keyboard-focusable region (the class keeps the theme from wrapping the table a second time),
    and the table keeps its roles, so that a table stacked by CSS is still read as a table.
    """
    label = _plain(caption)
    if css == "plansite-budget":
        head = "".join(f'<th scope="col">{h}</th>' for h in headers)
        return (f'<div class="plansite-table plansite-table--scroll" tabindex="0" role="region" aria-label="{label}">'
                f'<table class="{css}"><caption{scroll_hint(lang)}>{caption}</caption><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>\n\n')
    labels = [_plain(h) for h in headers]
    head = "".join(f'<th scope="col" role="columnheader"{_NUM if numbers_from is not None and i >= numbers_from else ""}>'
                   f'{h}</th>' for i, h in enumerate(headers))
    body = "".join(_with_roles(row, labels) for row in rows)
    return (f'<div class="plansite-table plansite-table--cards" tabindex="0" role="region" aria-label="{label}">'
            f'<table class="{css}" role="table"><caption>{caption}</caption><thead role="rowgroup"><tr role="row">{head}</tr>'
            f'</thead><tbody role="rowgroup">{body}</tbody></table></div>\n\n')


_NUM = ' class="num"'


def _plain(markup: str) -> str:
    """HTML as text for an attribute: tags dropped, escaped for a quoted attribute value."""
    return html.escape(html.unescape(re.sub(r"<[^>]+>", "", markup)), quote=True)


_CELL = re.compile(r"<(tr|th|td)\b([^>]*)>")


def _with_roles(row: str, labels: list[str]) -> str:
    """A row with ARIA roles on the row and its cells and each cell's column header as ``data-label``.

    The cells are counted in order (the renderers write no ``colspan``); the row header (``<th
    scope="row">``) is labelled too, so that a card can name every value it shows.
    """
    column = 0

    def mark(match: re.Match) -> str:
        nonlocal column
        tag, attrs = match.group(1), match.group(2)
        if tag == "tr":
            return f'<tr{attrs} role="row">'
        role = "rowheader" if tag == "th" else "cell"
        text = labels[column] if column < len(labels) else ""
        column += 1
        return f'<{tag}{attrs} role="{role}"' + (f' data-label="{text}">' if text else ">")

    return _CELL.sub(mark, row)


def filled(key: str, lang: str, **markup: str) -> str:
    """The text ``key`` escaped, with the placeholders ``markup`` filled in with markup."""
    text = e(t(key, lang, **{name: f"\x00{name}\x00" for name in markup}))
    for name, html_ in markup.items():
        text = text.replace(f"\x00{name}\x00", html_)
    return text


def page_link(from_page: str, to: str, text: str) -> str:
    return f'<a href="{html.escape(urls.rel(from_page, to))}">{text}</a>'



def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plan_label(plan: Plan, lang: str) -> str:
    """Short human label: "Medborgarnämnden, Värnamo kommun"."""
    return t("site.plan_label", lang, board=plan.meta.board, municipality=plan.meta.municipality)


def plan_label_html(plan: Plan, lang: str) -> str:
    """``plan_label`` as HTML: the board's and municipality's names escaped and marked as data."""
    return t("site.plan_label", lang, board=data_text(plan.meta.board, lang),
             municipality=data_text(plan.meta.municipality, lang))


def plan_page_title(page: str, plan: Plan, *, lang: str) -> str:
    """A plan page's title: "Uppdrag – Medborgarnämnden, Värnamo kommun"."""
    return t("site.page_title", lang, page=page, plan=plan_label(plan, lang))


def agenda2030_text(codes: str, lang: str) -> str:
    """Agenda 2030 goals and targets by name: "3;10.2" → "Mål 3: Hälsa och välbefinnande; Mål 10:
    Minskad ojämlikhet, delmål 10.2". A number the catalogue does not name is shown as written."""
    parts = []
    for code in (c.strip() for c in codes.split(";")):
        goal = code.split(".")[0]
        name = label("agenda2030", str(int(goal)), lang) if goal.isdigit() else ""
        if not name:
            parts.append(code)
        elif "." in code:
            parts.append(t("goals.agenda_target", lang, n=int(goal), name=name, target=code))
        else:
            parts.append(t("goals.agenda_goal", lang, n=int(goal), name=name))
    return "; ".join(p for p in parts if p)
