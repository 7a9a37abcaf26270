"""Validate stage, the links of the site's own pages, found and followed as the build follows them.

Each page is read as the engine reads it: its Markdown links rebased for the place the build writes
it (``relocate.rebased``; ``data.md`` is ``data/index.md``) and turned into HTML by Python-Markdown
with the site's ``markdown_extensions`` (the table of contents' slugs from ``markup.heading_id``, as
``build.engine`` sets them). Then:

- a link or image of the Markdown goes where the engine (``mkdocs build --strict``) sends it: from
  the page's docs path, to a docs file of the same language, else it is an error; a link from the
  site's root (``/om/``) is an error too. Its ``#anchor`` must be an id of the page it leads to (a
  heading's slug, an ``{#id}``, an ``id`` in the page's HTML);
- a link or image in the page's own HTML goes where a browser sends it, from the page's address,
  and must reach a page or file of the site (the build's link check, ``build.links``).

What the build makes is known here only in part: a valid plan's folder, ``jamfor/`` and, from the
first language, ``data/`` hold what the build makes, so a link into them is checked as far as that
folder and that it names a file; the engine checks the rest, and the anchors of the pages the build
writes more into (the start page, ``data.md`` and ``dataformat.md``). A link holding a placeholder
(``{{ data }}``) is left to the build, which fills it in first.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from typing import Iterable, Mapping
from urllib.parse import unquote, urljoin, urlsplit

import markdown
from markdown.util import AMP_SUBSTITUTE

from generator.ingest import relocate
from generator.ingest.markup import heading_id
from generator.model.problems import Problem
from generator.spec import urls

#: The extensions of a site whose mkdocs.yml names none.
DEFAULT_EXTENSIONS = ("tables", "attr_list", "toc")
#: The pages the build writes more into, with ids this check does not know.
EXTENDED = frozenset({"index.md", *(urls.site_page(page) for page in urls.EXTENDED)})
COMPARE = urls.COMPARE_INDEX.partition("/")[0] + "/"
DATA = "data/"
_HOST = "https://site.invalid/"  # a stand-in address to resolve a page's HTML links from


class MarkdownSettingError(ValueError):
    """The site's ``markdown_extensions`` cannot be loaded (the build could not render a page either)."""


def markdown_reader(extensions: Iterable | None) -> markdown.Markdown:
    """Python-Markdown with ``extensions`` as mkdocs.yml lists them (a name, or a name and its
    options), the table of contents' slugs the engine's (``markup.heading_id``)."""
    names, configs = [], {}
    for item in DEFAULT_EXTENSIONS if extensions is None else extensions:
        name, options = (item, None) if isinstance(item, str) else next(iter(item.items()), ("", None))
        if not isinstance(name, str) or not name:
            raise MarkdownSettingError(repr(item)[:60])
        names.append(name)
        configs[name] = dict(options) if isinstance(options, Mapping) else {}
    if "toc" not in names:
        names.append("toc")
    configs.setdefault("toc", {})["slugify"] = heading_id
    try:
        return markdown.Markdown(extensions=names, extension_configs=configs)
    except Exception as exc:  # an extension that is not installed or refuses its options
        raise MarkdownSettingError(f"{exc.__class__.__name__}: {exc}"[:120]) from None


class _Found(markdown.treeprocessors.Treeprocessor):
    """The Markdown's links and images, and every id of the page, once the other processors ran
    (emptied by the caller before each page: a blank page is not processed at all)."""

    links: list[str]
    ids: set[str]

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.get("id"):
                self.ids.add(element.get("id"))
            if element.tag == "a":
                if element.get("name"):
                    self.ids.add(element.get("name"))
                if element.get("href") is not None:
                    self.links.append(element.get("href"))
            elif element.tag == "img" and element.get("src") is not None:
                self.links.append(element.get("src"))


class _RawLinks(HTMLParser):
    """The links, images and ids of a page's own HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            if (tag, name) in (("a", "href"), ("img", "src")):
                self.links.append(value)


def link_problems(pages: Mapping[str, Mapping[str, str]], folders: Mapping[str, str], plan_ids: Iterable[str],
                  assets: Iterable[str], extensions: Iterable | None, label) -> list[Problem]:
    """Every link of the site's pages (``pages``: language → path in its folder → text, the first
    language first; ``folders``: language → its folder, ``""`` or ``"en/"``) that leads nowhere.
    ``label(lang, path)`` names the file a problem is in."""
    reader = markdown_reader(extensions)
    found = _Found(reader)
    reader.treeprocessors.register(found, "plansite_found", 0.5)  # after the table of contents (5)
    plans = frozenset(plan_ids)
    published = frozenset(f"assets/{name}" for name in assets)
    problems: list[Problem] = []
    for lang, texts in pages.items():
        folder = folders[lang]
        docs = {urls.site_page(path): path for path in texts}
        read: dict[str, tuple[list[str], list[str], set[str]]] = {}
        for target, moved in relocate.placed(texts).items():
            reader.reset()
            found.links, found.ids = [], set()
            reader.convert(moved)
            raw = _RawLinks()
            for block in reader.htmlStash.rawHtmlBlocks:
                if isinstance(block, str):
                    raw.feed(block)
            raw.close()
            read[target] = (list(found.links), raw.links, found.ids | raw.ids)
        addresses = {urls.site_url(target) for target in read}
        others = tuple(other for other in folders.values() if other and other != folder)
        for target, (links, raw_links, _) in read.items():
            where = label(lang, docs[target])
            for url in links:
                if not _markdown_link_ok(url, target, read, folder, plans, published):
                    problems.append(Problem(where, "site-page-link", found=url))
            for url in raw_links:
                if not _html_link_ok(url, folder + urls.site_url(target), addresses, folder, others, plans, published):
                    problems.append(Problem(where, "site-page-link", found=url))
    return problems


def _markdown_link_ok(url: str, source: str, read: Mapping[str, tuple], folder: str, plans: frozenset[str],
                      published: frozenset[str]) -> bool:
    """Whether the engine finds the docs file ``url`` names from the page at docs path ``source``
    (as MkDocs' relative-path processor does) and the anchor in it."""
    if "{{" in url:
        return True
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or AMP_SUBSTITUTE in url:  # another site; an address Markdown hid (mailto:)
        return True
    if url.startswith(("/", "\\")):
        return False
    if not parts.path:
        return not parts.fragment or source in EXTENDED or parts.fragment in read[source][2]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path))).lstrip("/")
    if target in read:
        return not parts.fragment or target in EXTENDED or parts.fragment in read[target][2]
    if target in published or target == "index.md":
        return True
    return _made(target, folder, plans) and bool(posixpath.splitext(target)[1])


def _html_link_ok(url: str, address: str, addresses: set[str], folder: str, others: tuple[str, ...],
                  plans: frozenset[str], published: frozenset[str]) -> bool:
    """Whether a browser on the page at ``address`` (site-relative) reaches a page or file of the
    site (``addresses``: the hand-written pages' addresses in the page's language folder)."""
    if "{{" in url:
        return True
    resolved = urlsplit(urljoin(_HOST + address, url))
    if f"{resolved.scheme}://{resolved.netloc}/" != _HOST:
        return True  # another site, or mailto: and the like
    path = unquote(resolved.path)[1:]
    if path.startswith(DATA) or (others and path.startswith(others)):
        return True  # the data, published once at the root, and the other languages: the build checks them
    if not path.startswith(folder):
        return False
    here = path[len(folder):]
    return here in addresses or here == "" or here in published or _made(here, folder, plans)


def _made(target: str, folder: str, plans: frozenset[str]) -> bool:
    """Whether ``target`` (in the language's folder) lies where the build makes what it names."""
    first = target.partition("/")[0]
    if "/" in target and first in plans or target.startswith(COMPARE):
        return True
    return target.startswith(DATA) and (not folder or target == urls.DATA_PAGE)
