"""Where things live in the built site (one place, so pages and downloads agree).

Every page the site makes is a folder's ``index.md`` (``<plan>/indikatorer/<id>/index.md``, not
``<plan>/indikatorer/<id>.md``): the URL is the same (``<plan>/indikatorer/<id>/``), and a relative link
in the page's HTML then means the same whether an engine reads it from the page's URL (MkDocs) or
from its source file (Zensical). So are the two hand-written pages the build writes more into
(``content/site/data.md`` is ``data/index.md``: ``site_page``), the Markdown links of every
hand-written page rebased for it as they are read (``ingest.relocate``). Two kinds keep their names:
the other hand-written pages, and a plan's chapters (``<plan>/text/<slug>.md``): with the theme's
``navigation.indexes`` the first of them, were it an ``index.md``, would become the page of its
section ("About this site", the chapters) instead of an entry in it.

A page's docs path (``<plan>/index.md``) is the same in every language: the first of the site's
languages is at the site's root, each other in a folder of its own (``en/<plan>/index.md``), with
the same slugs. The downloads (``data/``) are published once, at the root; a page in a language's
folder links to them through ``shared``.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Iterable, Iterator, Mapping, Sequence
from urllib.parse import unquote


def plan_page(plan_id: str) -> str:
    return f"{plan_id}/index.md"


def goals_page(plan_id: str) -> str:
    return f"{plan_id}/mal/index.md"


def goal_page(plan_id: str, goal_id: str) -> str:
    return f"{plan_id}/mal/{goal_id}/index.md"


def indicator_page(plan_id: str, indicator_id: str) -> str:
    return f"{plan_id}/indikatorer/{indicator_id}/index.md"


def budget_page(plan_id: str) -> str:
    return f"{plan_id}/ekonomi/index.md"


def chapter_page(plan_id: str, slug: str) -> str:
    return f"{plan_id}/text/{slug}.md"


def section_page(plan_id: str, name: str) -> str:
    return f"{plan_id}/{name}/index.md"


#: A plan's section pages (``section_page``), in the navigation's order, each with the part of the
#: plan it shows (a field of ``model.plan.Plan``): a plan has the page when that part holds anything.
SECTIONS = (("ekonomi", "budget_tables"), ("uppdrag", "assignments"), ("internkontroll", "risks"),
            ("lokalbehov", "premises_needs"), ("tabeller", "extra_tables"))
ABOUT_DOCUMENT = "om-dokumentet"  # the section page every plan has: where its document came from


def sections(plan) -> tuple[str, ...]:
    """The names of the section pages ``plan`` (a ``model.plan.Plan``) has (``SECTIONS``)."""
    return tuple(name for name, part in SECTIONS if getattr(plan, part))


def plan_pages(plan, chapters: Iterable | None = None) -> tuple[str, ...]:
    """Every page of ``plan``'s folder (docs paths), the pages ``render.pages.render_plan`` writes:
    its overview, goals, section pages, chapters (``chapters`` where they are kept apart from the
    plan, as validation keeps them), the page about its document, each goal and each indicator."""
    pid = plan.plan_id
    return (plan_page(pid), goals_page(pid), *(section_page(pid, name) for name in sections(plan)),
            *(chapter_page(pid, c.slug) for c in (plan.chapters if chapters is None else chapters)),
            section_page(pid, ABOUT_DOCUMENT), *(goal_page(pid, g.goal_id) for g in plan.goals),
            *(indicator_page(pid, i.indicator_id) for i in plan.indicators))


def indicator_csv(plan_id: str, indicator_id: str) -> str:
    return f"data/{plan_id}/indikatorer/{indicator_id}.csv"


def indicator_json(plan_id: str, indicator_id: str) -> str:
    return f"data/{plan_id}/indikatorer/{indicator_id}.json"


def indicator_svg(plan_id: str, indicator_id: str) -> str:
    """The indicator's chart as an SVG file (the same drawing as on its page)."""
    return f"data/{plan_id}/indikatorer/{indicator_id}.svg"


def indicator_png(plan_id: str, indicator_id: str) -> str:
    """The indicator's chart as a PNG image (the SVG file rasterised at build)."""
    return f"data/{plan_id}/indikatorer/{indicator_id}.png"


def indicator_vegalite(plan_id: str, indicator_id: str) -> str:
    """The indicator's chart as a Vega-Lite spec with its values (for interactive tools)."""
    return f"data/{plan_id}/indikatorer/{indicator_id}.vl.json"


def chart_files(plan_id: str, indicator_id: str) -> tuple[str, str, str]:
    """An indicator's chart as the build publishes it in each language's folder: SVG, PNG, Vega-Lite."""
    return (indicator_svg(plan_id, indicator_id), indicator_png(plan_id, indicator_id),
            indicator_vegalite(plan_id, indicator_id))


EXTENDED = frozenset({"data.md", "dataformat.md"})  # the hand-written pages the build writes more into


def site_page(source: str) -> str:
    """The docs path of a hand-written page of ``content/site/`` (``source``, relative to that
    folder). A page the build writes more into (``EXTENDED``: its links in HTML, written from the
    page's address) is its folder's ``index.md`` (``data.md`` → ``data/index.md``), at the address it
    had (``data/``); the others keep their names, so that none is the first page of the navigation's
    section "About this site" and with ``navigation.indexes`` taken for the section's own page."""
    return source.removesuffix(".md") + "/index.md" if source in EXTENDED else source


DATA_PAGE = site_page("data.md")  # the downloads explained (render.data_page)
FORMAT_PAGE = site_page("dataformat.md")  # the data format, if the site has the page (content/site/dataformat.md)
GUIDE_PAGE = site_page("las-sidan.md")  # how to read the pages, if the site has it (content/site/las-sidan.md)

COMPARE_INDEX = "jamfor/index.md"
SEARCH_INDEX = "search/search_index.json"  # each language's search index, and each plan's own in its folder


def compare_page(key: str) -> str:
    """The comparison of one measure across plans (``key``: a concordance key or ``kolada-<id>``)."""
    return f"jamfor/{key}/index.md"


def package_file(plan_id: str, name: str) -> str:
    return f"data/{plan_id}/{name}"


def site_url(docs_path: str) -> str:
    """The site-relative URL of a docs file, with MkDocs' directory URLs (``a/b.md`` → ``a/b/``)."""
    if not docs_path.endswith(".md"):
        return docs_path
    stem = docs_path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def rel(from_docs_path: str, to_docs_path: str) -> str:
    """A relative URL from the page built from ``from_docs_path`` to ``to_docs_path``; an address on
    another site (``https://…``, ``shared`` from a site that does not publish the downloads) as it is."""
    if elsewhere(to_docs_path):
        return to_docs_path
    here = site_url(from_docs_path)
    base = posixpath.dirname(here.rstrip("/")) if not here.endswith("/") else here.rstrip("/")
    target = site_url(to_docs_path)
    path = _relpath(target, base)
    if target.endswith("/") or target == "":
        path = path.rstrip("/") + "/"
    if path == "./":
        return "./"
    return path


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath(target or ".", base or ".")`` for the site's own relative paths, without
    its two calls to ``os.getcwd()`` and ``abspath`` (a third of the time a site's pages took to draw):
    the common folders are dropped and each of ``base``'s others climbed with ``..``. A path that is
    absolute or holds ``.``, ``..`` or an empty segment goes to ``posixpath.relpath`` itself."""
    folder = target.removesuffix("/")
    up, down = base.split("/") if base else [], folder.split("/") if folder else []
    if target.startswith("/") or any(part in ("", ".", "..") for part in up + down):
        return posixpath.relpath(target or ".", base or ".")
    same = 0
    for a, b in zip(up, down):
        if a != b:
            break
        same += 1
    return "/".join([".."] * (len(up) - same) + down[same:]) or "."


def package_zip(plan_id: str) -> str:
    """The plan's whole published package as one zip."""
    return f"data/{plan_id}/{plan_id}.zip"


def site_csv(table: str) -> str:
    """A site-wide table as CSV (``observations``, ``budget``, ``indicators``, ``goals`` …)."""
    return f"data/{table}.csv"


DATABASE = "data/plans.sqlite"
WORKBOOK = "data/plans.xlsx"
TEMPLATE = "data/plan-mall.xlsx"  # the blank spreadsheet template for a new plan, in each language's folder
DATA_INDEX = "data/index.json"
CATALOG_RDF = "data/catalog.rdf"
CATALOG_JSONLD = "data/catalog.jsonld"
#: The site-wide tables, each published as ``site_csv(name)``, in the order the data page lists them
#: (``outputs.downloads.SITE_TABLES`` makes them).
SITE_TABLES = ("plans", "goals", "indicators", "observations", "followups", "budget", "assignments", "risks")


def site_data_files(catalogue: bool) -> tuple[str, ...]:
    """The downloads the build publishes at the top of ``data/`` (beside the data page): the site-wide
    tables, the database, the workbook, the blank template, the index of the data, and the catalogue
    when the site's address is known (``catalogue``)."""
    return (*(site_csv(name) for name in SITE_TABLES), DATABASE, WORKBOOK, TEMPLATE, DATA_INDEX,
            *((CATALOG_RDF, CATALOG_JSONLD) if catalogue else ()))


def plan_data_files(plan_id: str, package: Iterable[str], indicator_ids: Iterable[str]) -> tuple[str, ...]:
    """The downloads the build publishes under ``data/<plan>/``: the files of its ``package`` as
    validated (the descriptor and its resources), its zip, and each indicator's CSV and JSON."""
    return (*(package_file(plan_id, name) for name in package), package_zip(plan_id),
            *(path for ind in indicator_ids for path in (indicator_csv(plan_id, ind), indicator_json(plan_id, ind))))


def language_folder(lang: str, languages: Sequence[str]) -> str:
    """Where the pages in ``lang`` live: ``""`` for the first of ``languages`` (the site's root),
    ``"en/"`` for English when it comes later."""
    return "" if lang == languages[0] else f"{lang}/"


def data_root(folder: str, site: str = "") -> str:
    """Where the downloads (published once, with the site's first language) are seen from the docs
    root of the pages in ``folder``: ``""`` at the site's root, ``"../"`` from ``en/``, or ``site``,
    the address of the site that publishes them when this one does not (a language built as a site
    of its own, or every language when the downloads have a site of their own: ``Settings.data_site``)."""
    return site or "../" * folder.count("/")


def elsewhere(address: str) -> bool:
    """Whether ``address`` (a ``data_root``, a ``shared`` path) is on another site."""
    return address.startswith(("https://", "http://"))


def shared(path: str, data: str) -> str:
    """A download (``data/budget.csv``) as a docs path seen from the pages whose downloads are at
    ``data`` (``data_root``): ``../data/budget.csv`` from ``en/``, or its address on the site that
    publishes it; ``rel`` makes the link from that."""
    return data + path


def alternates(docs_path: str, folder: str, folders: Mapping[str, str], address: str = ""
               ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The same page in each language of ``folders`` (language → folder, root language first), seen
    from its version in ``folder``: ``(links, hrefs)``. ``links`` are for ``<link rel="alternate"
    hreflang>``, one per language and ``x-default`` (the root language's page), absolute when the
    site's address ``address`` is known; ``hrefs`` are relative links to the other languages' pages."""
    here = folder + docs_path
    links, hrefs = [], []
    for lang, there in folders.items():
        relative = rel(here, there + docs_path)
        links.append((lang, address + site_url(there + docs_path) if address else relative))
        if there != folder:
            hrefs.append((lang, relative))
    if links:
        links.append(("x-default", links[0][1]))
    return links, hrefs


# The links of a page's HTML, as a browser follows them ------------------------------------------
# Read alike by the build's link check of the whole site (``build.links``) and by validation of the
# hand-written pages' HTML (``validate.site_links``), so validate refuses what the build would.

#: The elements whose address a browser follows or loads, and the attributes that hold it.
LINK_TAGS = ("a", "link", "img", "script", "source", "iframe", "video", "audio", "embed", "track", "image", "use")
LINK_ATTRIBUTES = ("href", "src", "xlink:href")
#: A start tag of ``LINK_TAGS`` in HTML, and its attributes (group 2).
LINK_TAG = re.compile(rf"<({'|'.join(LINK_TAGS)})\b([^>]*)>", re.I)
#: An address attribute of such a tag: its name (group 1), its value in double (2) or single (3) quotes.
LINK_ATTRIBUTE = re.compile(rf"""\s({'|'.join(LINK_ATTRIBUTES)})\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def relative_link(value: str, escaped: bool = True) -> str | None:
    """An attribute's address as written in HTML (``value``; with ``escaped`` False, as text, which
    the page will hold escaped), when it names a place of this site relative to the page; None for
    another site or ``mailto:`` (a scheme), the site's root (``/…``) and the page itself (``#…``, ``?…``)."""
    link = (html.unescape(value) if escaped else value).strip()
    return link if link and not link.startswith(("#", "/", "?")) and not _SCHEME.match(link) else None


def html_links(fragment: str) -> Iterator[str]:
    """The relative addresses (``relative_link``) of every link tag in ``fragment``, in order."""
    for tag in LINK_TAG.finditer(fragment):
        for attribute in LINK_ATTRIBUTE.finditer(tag.group(2)):
            link = relative_link(attribute.group(2) if attribute.group(2) is not None else attribute.group(3))
            if link:
                yield link


def link_files(here: str, link: str) -> tuple[str, ...]:
    """The files of the site, any one of which a relative ``link`` (``relative_link``) on a page in
    folder ``here`` (site-relative, ``""`` at the root) reaches: a folder's ``index.html``, a file, or
    either where the link does not say (``../om``). Nothing for a link that climbs above the site."""
    path = unquote(link.split("#", 1)[0].split("?", 1)[0])
    target = posixpath.normpath(posixpath.join(here, path))
    if target == ".":
        return ("index.html",)
    if target == ".." or target.startswith(("../", "/")):
        return ()
    if path.endswith("/"):
        return (f"{target}/index.html",)
    return (target, f"{target}/index.html")
