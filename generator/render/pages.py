"""The whole site's page sources and navigation: the start and data pages, and for each plan its
overview, goal, indicator, section and chapter pages (one module per page type beside this one).

Pure functions: nothing here touches the disk or the site engine. Every text from a data package
is escaped where it is placed; chapters arrive already rendered and sanitised (``ingest.markup``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from generator.analysis.format import (
    year_span,
)
from generator.analysis.shared import shared_measures
from generator.i18n.order import alphabetical, first_letter
from generator.i18n.texts import t
from generator.model.plan import Plan
from generator.render.chart_spec import indicator_vegalite, spec_json
from generator.render.charts import IndicatorChart
from generator.render.compare import render_comparisons
from generator.render.data_page import data_page
from generator.render.goals import goal_page, goals_overview
from generator.render.html import (
    ChartRenderer,
    data_table,
    data_text,
    front_matter,
    page_link,
    without_front_matter,
)
from generator.render.indicator import GUIDE, drawing, indicator_page, status_counts
from generator.render.reference import format_reference
from generator.render.sections import (
    SECTION_PAGES,
    about_document_page,
    chapter_page,
    plan_overview,
)
from generator.spec import urls


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str = ""
    children: tuple["NavItem", ...] = ()


@dataclass
class RenderedSite:
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # data files drawn with the pages (charts as SVG and Vega-Lite)
    nav: list[NavItem] = field(default_factory=list)


#: From this many plans the start page begins with a link to each first letter of the municipalities
#: (a phone shows about three plans a screen; at 290 the list is about a hundred screens long).
LETTERS_FROM = 30
#: The ids the letters lead to: a plan's data never makes an id (sanitised chapters have none), and the
#: prefix keeps them apart from the theme's. Letters are i18n.order.first_letter's, so É is E and no two
#: letters share an id.
_LETTER_ID = str.maketrans({"Å": "aa", "Ä": "ae", "Ö": "oe"})


def _letter_id(letter: str) -> str:
    ascii_letter = letter.translate(_LETTER_ID).lower()
    readable = ascii_letter.isascii() and ascii_letter.isalnum()
    return "plansite-letter-" + (ascii_letter if readable else "".join(f"u{ord(c):x}" for c in letter))


def letter_links(letters: list[str], lang: str) -> str:
    """Links to the first municipality under each of ``letters``, in the order given."""
    items = "".join(f'<li><a href="#{_letter_id(letter)}">{data_text(letter, lang)}</a></li>' for letter in letters)
    return f'<nav class="plansite-letters" aria-label="{t("site.home.letters", lang)}"><ul>{items}</ul></nav>\n\n'


def home_page(plans: list[Plan], intro: str, *, lang: str) -> str:
    page = "index.md"
    out = [front_matter("", t("site.description", lang), hide=("navigation",)),
           without_front_matter(intro).strip() + "\n\n"]
    rows, letters = [], []
    for plan in sorted(plans, key=lambda p: (alphabetical(p.meta.municipality), alphabetical(p.meta.board))):
        m = plan.meta
        letter = first_letter(m.municipality)
        anchor = ""
        if len(plans) >= LETTERS_FROM and letter not in letters:
            letters.append(letter)
            anchor = f' id="{_letter_id(letter)}"'
        rows.append(f"<tr{anchor}><th scope=\"row\">{data_text(m.municipality, lang)}</th><td>{data_text(m.board, lang)}</td>"
                    f"<td>{page_link(page, urls.plan_page(plan.plan_id), data_text(m.title, lang))}</td>"
                    f"<td><span class=\"plansite-value\">{year_span(m.period_start, m.period_end)}</span></td>"
                    f"<td class=\"num\">{len(plan.indicators)}</td>"
                    f"<td>{status_counts(plan.indicators, lang=lang)}</td></tr>")
    headers = [t(f"site.home.{c}", lang) for c in ("municipality", "board", "plan", "period", "indicators", "status")]
    if letters:
        out.append(letter_links(letters, lang))
    out.append(data_table(t("site.home.caption", lang), headers, rows, css="plansite-data plansite-plans"))
    return "".join(out)


@dataclass(frozen=True)
class PlanInputs:
    """What a plan's pages depend on besides the plan and the chart renderer: the language and its
    folder, the site's address, the comparison page of each of its indicators that has one,
    whether the site has the reading guide (``GUIDE``), the address of the site that publishes
    the downloads when this one does not (``Settings.data_site``) and where the charts' PNG and
    Vega-Lite spec are published when not beside the pages (``Settings.chart_downloads``)."""
    lang: str
    folder: str
    site_url: str
    compared: tuple[tuple[str, str], ...]  # (indicator id, comparison page), sorted
    guide: bool
    data_site: str = ""  # the address of the site that publishes the downloads, when this one does not
    charts_at: str = ""  # the address of the charts' PNG and spec for this language, when not beside the pages


@dataclass
class PlanPages:
    """One plan's page sources, the files drawn with them, and its sections for the navigation."""
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    sections: tuple[NavItem, ...] = ()


#: ``plan_renderer(plan, render_chart, inputs, progress)``: ``render_plan`` or what stands for it
#: (the build's cache of it, which must give the same).
PlanRenderer = Callable[[Plan, "ChartRenderer | None", PlanInputs, "Callable[[int], None] | None"], PlanPages]


def render_plan(plan: Plan, render_chart: ChartRenderer | None, inputs: PlanInputs,
                progress: Callable[[int], None] | None = None) -> PlanPages:
    """A plan's pages: overview, goals, sections, chapters, about the document, each goal and each
    indicator (``progress(1)`` after each indicator): the pages ``urls.plan_pages`` names, which
    validation knows the site's links by."""
    lang, folder, pid = inputs.lang, inputs.folder, plan.plan_id
    data = urls.data_root(folder, inputs.data_site)
    compared = dict(inputs.compared)
    out = PlanPages()
    out.pages[urls.plan_page(pid)] = plan_overview(plan, lang=lang, data=data)
    out.pages[urls.goals_page(pid)] = goals_overview(plan, lang=lang)
    sections = [NavItem(t("nav.overview", lang), urls.plan_page(pid)),
                NavItem(t("nav.goals", lang), urls.goals_page(pid))]
    for name in urls.sections(plan):
        title, render = SECTION_PAGES[name]
        out.pages[urls.section_page(pid, name)] = render(plan, render_chart, lang=lang, data=data)
        sections.append(NavItem(t(title, lang), urls.section_page(pid, name)))
    chapters = []
    for chapter in plan.chapters:
        out.pages[urls.chapter_page(pid, chapter.slug)] = chapter_page(plan, chapter, lang=lang)
        chapters.append(NavItem(chapter.title, urls.chapter_page(pid, chapter.slug)))
    if chapters:
        sections.append(NavItem(t("nav.plan_text", lang), children=tuple(chapters)))
    out.pages[urls.section_page(pid, urls.ABOUT_DOCUMENT)] = about_document_page(plan, lang=lang, data=data)
    sections.append(NavItem(t("nav.about_document", lang), urls.section_page(pid, urls.ABOUT_DOCUMENT)))
    for goal in plan.goals:
        out.pages[urls.goal_page(pid, goal.goal_id)] = goal_page(plan, goal, lang=lang)
    for ind in plan.indicators:
        chart = _recording(render_chart, out.files, pid, ind.indicator_id, spec=not inputs.charts_at)
        out.pages[urls.indicator_page(pid, ind.indicator_id)] = indicator_page(
            plan, ind, chart, lang=lang, site_url=inputs.site_url, folder=folder, data=data,
            compare_page=compared.get(ind.indicator_id, ""), guide=inputs.guide, charts_at=inputs.charts_at)
        if progress:
            progress(1)
    out.sections = tuple(sections)
    return out


def render_site(plans: list[Plan], site_pages: dict[str, str], render_chart: ChartRenderer | None,
                progress: Callable[[int], None] | None = None, concordance: list[dict] | None = None,
                *, lang: str = "sv", site_url: str = "", folder: str = "", data_site: str = "",
                charts_at: str = "", plan_renderer: PlanRenderer = render_plan) -> RenderedSite:
    """Every page of the site in ``lang``, and its navigation: municipalities → plans → plan sections.

    The pages are for the site's ``folder`` for ``lang`` (``urls.language_folder``: ``""`` at the
    root, ``"en/"``); their links to the downloads, published once at the root, go up from there,
    or to ``data_site``, the site that publishes the downloads when this one does not; the charts'
    PNG and spec are at ``charts_at`` when not beside the pages.
    Each plan's pages come from ``plan_renderer`` (``render_plan``)."""
    site = RenderedSite()
    site.pages["index.md"] = home_page(plans, site_pages.get("index.md", f"# {t('site.name', lang)}\n"), lang=lang)
    site.pages[urls.DATA_PAGE] = data_page(plans, site_pages.get(urls.DATA_PAGE, f"# {t('nav.download_data', lang)}\n"),
                                           lang=lang, site_url=site_url, format_page=urls.FORMAT_PAGE in site_pages,
                                           data=urls.data_root(folder, data_site), folder=folder,
                                           charts_elsewhere=bool(charts_at))
    measures = shared_measures(plans)  # the comparisons across plans (render.compare)
    compared: dict[str, dict[str, str]] = defaultdict(dict)
    for m in measures:
        for p, i in m.members:
            compared[p.plan_id][i.indicator_id] = urls.compare_page(m.key)
    by_municipality: dict[str, list[Plan]] = defaultdict(list)
    for plan in plans:
        by_municipality[plan.meta.municipality].append(plan)
    nav = [NavItem(t("nav.start", lang), "index.md")]
    for municipality in sorted(by_municipality, key=alphabetical):
        plan_items = []
        for plan in sorted(by_municipality[municipality], key=lambda p: alphabetical(p.meta.board)):
            inputs = PlanInputs(lang, folder, site_url, tuple(sorted(compared[plan.plan_id].items())), GUIDE in site_pages,
                                data_site, charts_at)
            part = plan_renderer(plan, render_chart, inputs, progress)
            site.pages.update(part.pages)
            site.files.update(part.files)
            plan_items.append(NavItem(f"{plan.meta.board}: {plan.meta.title}", children=part.sections))
        nav.append(NavItem(municipality, children=tuple(plan_items)))
    site.pages.update(render_comparisons(measures, concordance or [], lang=lang, render_chart=render_chart))
    nav.append(NavItem(t("compare.index_title", lang), urls.COMPARE_INDEX))
    for path, text in site_pages.items():
        if path not in ("index.md", urls.DATA_PAGE):
            site.pages[path] = text + (format_reference(plans, concordance or [], lang=lang) if path == urls.FORMAT_PAGE else "")
    about = [NavItem(_page_title(site_pages[p], p), p) for p in sorted(site_pages)
             if p not in ("index.md", urls.DATA_PAGE, urls.FORMAT_PAGE)]
    data = NavItem(t("nav.download_data", lang), urls.DATA_PAGE)
    if urls.FORMAT_PAGE in site_pages:  # the downloads and the format they are in: the data page is the
        # section's own (navigation.indexes: its first page, an index.md), the format page an entry in it
        data = NavItem(t("nav.download_data", lang),
                       children=(data, NavItem(_page_title(site_pages[urls.FORMAT_PAGE], urls.FORMAT_PAGE), urls.FORMAT_PAGE)))
    nav.append(data)
    if about:
        nav.append(NavItem(t("nav.about_site", lang), children=tuple(about)))
    site.nav = nav
    return site


def chart_files(plan: Plan, render_chart: ChartRenderer, lang: str) -> dict[str, str]:
    """Each of the plan's indicator charts in ``lang`` as its page draws them (``indicator.drawing``),
    without the pages: the SVG and the Vega-Lite spec, by their paths (``urls.chart_files``)."""
    files: dict[str, str] = {}
    for ind in plan.indicators:
        drawn = drawing(ind, lang)
        if drawn is not None:
            _recording(render_chart, files, plan.plan_id, ind.indicator_id)(*drawn)
    return files


def _recording(render_chart: ChartRenderer | None, files: dict[str, str], plan_id: str,
               indicator_id: str, spec: bool = True) -> ChartRenderer | None:
    """``render_chart`` that also keeps the indicator's drawing as an SVG file (the image its page
    shows, and for embedding elsewhere) and, with ``spec``, the chart as a Vega-Lite spec beside it
    (for interactive tools; without, where the downloads' own site publishes it)."""
    if render_chart is None:
        return None

    def render(chart: IndicatorChart, title: str, description: str, element_id: str) -> str:
        svg = render_chart(chart, title, description, element_id)
        files[urls.indicator_svg(plan_id, indicator_id)] = svg + "\n"
        if spec:
            files[urls.indicator_vegalite(plan_id, indicator_id)] = spec_json(
                indicator_vegalite(chart, title=title, description=description))
        return svg
    return render


def _page_title(text: str, path: str) -> str:
    for line in text.splitlines():
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip().strip('"')
        if line.startswith("# "):
            return line[2:].strip()
    return path
