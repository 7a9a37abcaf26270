"""Validate stage, the links of the site's own pages, found and followed as the build follows them.

Each page is read as the engine reads it: placed where the build writes it (``relocate.placed``:
``data.md`` is ``data/index.md``, its Markdown links rebased), its placeholders filled in
(``relocate.filled``), and turned into HTML by Python-Markdown with the extensions MkDocs loads
(``toc``, ``tables`` and ``fenced_code`` always, then the site's ``markdown_extensions``; the table
of contents' slugs from ``markup.heading_id``, as ``build.engine`` sets them). Its ids are taken
where MkDocs takes them (the raw HTML's before it is set aside, the elements' after the table of
contents), its links after Markdown's escapes are undone (``\\_`` is ``_``), as MkDocs reads them.
A page is read in a child process with a time limit (``bounded.run``): a page Python-Markdown
cannot finish (thousands of ``[``, lists nested hundreds deep) is one line, not a wait or a
traceback. Then:

- a link or image of the Markdown goes where the engine (``mkdocs build --strict``) sends it, by
  the site's ``validation`` settings in mkdocs.yml (``LinkRules``): from the page's docs path to a
  docs file of the same language, its ``#anchor`` an id of that page; what the settings make a
  warning (a failure under ``--strict``) is an error here, and a link the engine leaves as written
  is followed as the build's link check follows it;
- a link in the page's own HTML goes where a browser sends it from the page's address
  (``urls.html_links``, ``urls.link_files``: the build's link check, ``build.links``, reads the same).

What the build makes is known here by name (``Made``): each valid plan's pages and the comparisons'
(``<plan>/saknas/`` is refused here as by the build), every download of ``data/`` (on the site that
publishes them: ``data/saknas.csv``), each language's charts and each plan's own search index; with
one plan validated alone, the others' are not known, and a link into a plan's folder (any folder of
the project's plans), ``jamfor/`` or ``data/`` is checked only as far as that. The anchors of the
pages the build writes more into (the start page, ``data.md`` and ``dataformat.md``) and of a plan's
pages are not checked here: the build checks them where MkDocs sees them (``links.check_anchors``).
The engine's own files are known (each language's start page, 404 page, sitemap and search index),
the theme's stylesheets and scripts are not: a link to them is refused here though the build would
find them. A page that takes
longer than the time limit is refused, though the engine might finish it later (1 MB of links takes
Python-Markdown about 20 s); after two such pages the others are not read (``bounded.MOST_TIMEOUTS``).
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, fields
from typing import Callable, Iterable, Mapping
from urllib.parse import unquote, urlsplit

import markdown
import markdown.htmlparser
from markdown.util import AMP_SUBSTITUTE

from generator.ingest import bounded, relocate
from generator.ingest.markup import heading_id
from generator.model.problems import Problem
from generator.spec import urls

#: The extensions MkDocs always loads, before those mkdocs.yml names (its ``markdown_extensions``' builtins).
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
#: The pages the build writes more into, with ids this check does not know.
EXTENDED = frozenset({"index.md", *(urls.site_page(page) for page in urls.EXTENDED)})
COMPARE = urls.COMPARE_INDEX.partition("/")[0]
DATA = "data"
ASSETS = "assets/"  # the images of content/assets/, in each language's folder
#: What the engine writes in each language's folder besides the pages (the start page is the build's).
ENGINE_FILES = ("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", urls.SEARCH_INDEX)
#: At most this many wrong links are told for one page, then how many more there are.
MAX_LINKS_TOLD = 20
LEVELS = ("warn", "info", "ignore")
#: The files of a language's own charts (``data/<plan>/indikatorer/``), in every language's folder.
CHARTS = (".svg", ".png", ".vl.json")


@dataclass(frozen=True, slots=True)
class Made:
    """What the build makes, as far as validation knows it: the valid plans (``plans``, their ids),
    and where known every page of theirs and of the comparisons (``pages``: their docs paths in a
    language's folder, ``<plan>/mal/index.md``: ``urls.plan_pages``, ``urls.compare_page``), every
    download of ``data/`` (``urls.site_data_files``, ``urls.plan_data_files``) and every
    indicator's chart (``urls.chart_files``, in each language's folder); None: anything of that
    kind in a plan's folder, ``jamfor/`` or ``data/`` may be one (one plan validated alone).
    ``data_site``: the site that publishes the downloads when this one does not
    (``Settings.data_site``): a link into this site's ``data/`` then reaches only the charts and the
    data page, and a link to ``data_site`` only ``there`` (its files under ``data/``; None: any)."""
    plans: frozenset[str] = frozenset()
    pages: frozenset[str] | None = None
    downloads: frozenset[str] | None = None
    charts: frozenset[str] | None = None
    data_site: str = ""
    there: frozenset[str] | None = None

    def elsewhere_missing(self, text: str) -> list[str]:
        """The links in a page's ``text`` (placeholders filled) to a file ``data_site`` does not publish."""
        if not self.data_site or self.there is None:
            return []
        prefix = self.data_site + "data/"  # {{ data }}
        return [prefix + path for path in re.findall(re.escape(prefix) + r"""([^\s"'<>()#?]*?)[.,;:!]*(?=[\s"'<>()#?]|$)""", text)
                if "data/" + unquote(path) not in self.there]

    @property
    def data_here(self) -> bool:
        """Whether the site's root holds the downloads."""
        return not self.data_site


class MarkdownSettingError(ValueError):
    """The site's ``markdown_extensions`` cannot be loaded (the build could not render a page either)."""


class ValidationSettingError(ValueError):
    """A ``validation`` setting of mkdocs.yml the engine refuses: ``(setting, value)``, the value
    None where the engine knows no such setting."""


@dataclass(frozen=True, slots=True)
class LinkRules:
    """What the engine does with a Markdown link it cannot follow (``validation.links`` in
    mkdocs.yml, or ``validation`` itself for all of MkDocs' checks; MkDocs' defaults). ``warn``
    stops the build (the engine runs with ``--strict``); ``info`` and ``ignore`` leave the link as
    written; an absolute link (``/om/``) is followed from the docs with ``relative_to_docs``."""

    not_found: str = "warn"  # a link to a file (``x.md``, ``bild.png``) that is not there
    absolute_links: str = "info"  # a link from the site's root
    unrecognized_links: str = "info"  # a link to something that is not there and names no file (``om/``)
    anchors: str = "info"  # a link to an ``#anchor`` the page does not have

    @classmethod
    def of(cls, engine: Mapping) -> "LinkRules":
        """The rules of the engine's settings (mkdocs.yml), as MkDocs reads ``validation``: a setting
        under ``validation.links`` wins over the same in ``validation``; an empty one is the default.
        ``ValidationSettingError`` for what the engine refuses under ``--strict`` (not a mapping, a
        name it does not know, a level it does not know)."""
        if "validation" not in engine:
            return cls()
        validation = engine["validation"]
        if not isinstance(validation, Mapping):
            raise ValidationSettingError("validation", repr(validation)[:40])
        for name, value in validation.items():
            if name in _SECTIONS:
                if value is not None and not isinstance(value, Mapping):
                    raise ValidationSettingError(f"validation.{name}", repr(value)[:40])
                for inner, level in (value or {}).items():
                    if inner not in _SECTIONS[name]:
                        raise ValidationSettingError(f"validation.{name}.{inner}", None)
                    _level(f"validation.{name}.{inner}", inner, level)
            elif any(name in names for names in _SECTIONS.values()):
                _level(f"validation.{name}", name, value)
            else:
                raise ValidationSettingError(f"validation.{name}", None)
        nested = validation.get("links") or {}
        values = {}
        for field in fields(cls):
            value = nested.get(field.name)
            value = validation.get(field.name) if value is None else value
            values[field.name] = field.default if value is None else value
        return cls(**values)


#: MkDocs' ``validation`` sections and the names in each (a name at the top applies to every section that has it).
_SECTIONS = {"nav": ("omitted_files", "not_found", "absolute_links"),
             "links": ("not_found", "absolute_links", "unrecognized_links", "anchors")}


def _level(setting: str, name: str, value: object) -> None:
    allowed = (*LEVELS, "relative_to_docs") if name == "absolute_links" else LEVELS
    if value is not None and value not in allowed:
        raise ValidationSettingError(setting, repr(value)[:40])


def markdown_reader(extensions: Iterable | None) -> markdown.Markdown:
    """Python-Markdown with MkDocs' builtins and ``extensions`` as mkdocs.yml lists them (a name, or
    a name and its options), the table of contents' slugs the engine's (``markup.heading_id``)."""
    names, configs = list(BUILTIN_EXTENSIONS), {}
    if extensions is not None and not isinstance(extensions, (list, tuple)):
        raise MarkdownSettingError(repr(extensions)[:60])
    for item in extensions or ():
        name, options = (item, None) if isinstance(item, str) else next(iter(item.items()), ("", None)) \
            if isinstance(item, Mapping) else ("", None)
        if not isinstance(name, str) or not name:
            raise MarkdownSettingError(repr(item)[:60])
        if name not in names:
            names.append(name)
        if isinstance(options, Mapping):
            configs[name] = dict(options)
    configs.setdefault("toc", {})["slugify"] = heading_id
    try:
        reader = markdown.Markdown(extensions=names, extension_configs=configs)
    except Exception as exc:  # an extension that is not installed or refuses its options
        raise MarkdownSettingError(f"{exc.__class__.__name__}: {exc}"[:120]) from None
    reader.preprocessors.register(_RawIds(reader), "plansite_raw_ids", 21)  # MkDocs': before html_block (20)
    reader.treeprocessors.register(_Ids(reader), "plansite_ids", 5)  # MkDocs': after the table of contents
    reader.treeprocessors.register(_Links(reader), "plansite_links", 0)  # MkDocs': after unescape (0)
    return reader


class _RawIds(markdown.preprocessors.Preprocessor):
    """The ids of the page's raw HTML, read from its lines before Markdown sets the HTML aside."""

    def run(self, lines: list[str]) -> list[str]:
        parser = _IdParser()
        parser.feed("\n".join(lines))
        parser.close()
        self.md.plansite_ids |= parser.ids
        return lines


class _IdParser(markdown.htmlparser.htmlparser.HTMLParser):  # Markdown's copy of the parser, as MkDocs'
    """The ids of raw HTML, read as MkDocs reads them (``_RawHTMLPreprocessor``)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (name == "name" and tag == "a")):  # a bare id names nothing
                self.ids.add(value)
        return super().handle_starttag(tag, attrs)


class _Ids(markdown.treeprocessors.Treeprocessor):
    """Every id of the page's elements (headings' from the table of contents, ``{#id}``)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.get("id"):
                self.md.plansite_ids.add(element.get("id"))
            if element.tag == "a" and element.get("name"):
                self.md.plansite_ids.add(element.get("name"))


class _Links(markdown.treeprocessors.Treeprocessor):
    """The Markdown's links and images, as MkDocs' relative-path processor reads them (``a href``,
    ``img src``); and any other address of an element (an ``{href=…}`` of ``attr_list``), which the
    engine leaves as written and the build's link check follows."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key and element.get(key) is not None:
                self.md.plansite_links.append(element.get(key))
            if isinstance(element.tag, str) and element.tag.lower() in urls.LINK_TAGS:
                for name, value in element.items():
                    link = urls.relative_link(value, escaped=False) if name.lower() in urls.LINK_ATTRIBUTES and name != key else None
                    if link:
                        self.md.plansite_raw.append(link)


_READERS: dict[str, markdown.Markdown] = {}


def reading_rules(engine: Mapping) -> LinkRules:
    """The link rules of the engine's settings (mkdocs.yml), once its Markdown extensions are known
    to load: ``MarkdownSettingError`` or ``ValidationSettingError`` for what the engine refuses."""
    _reader(engine.get("markdown_extensions"))
    return LinkRules.of(engine)


def _reader(extensions: object) -> markdown.Markdown:
    key = json.dumps(extensions, sort_keys=True, default=repr)
    if key not in _READERS:
        _READERS[key] = markdown_reader(extensions)
    return _READERS[key]


def read_page(text: str, extensions: list | None) -> tuple[list[str], list[str], list[str]]:
    """One placed page's Markdown links, the relative links of its HTML and its ids, read as the
    engine reads the page (run by ``bounded.run`` in a child process)."""
    reader = _reader(extensions)
    reader.reset()
    reader.plansite_links, reader.plansite_ids, reader.plansite_raw = [], set(), []
    reader.convert(text)  # a blank page is not processed: no links, no ids
    raw = [link for block in reader.htmlStash.rawHtmlBlocks if isinstance(block, str)
           for link in urls.html_links(block)]
    return list(reader.plansite_links), [*reader.plansite_raw, *raw], sorted(reader.plansite_ids)


def link_problems(pages: Mapping[str, Mapping[str, str]], folders: Mapping[str, str], made: Made,
                  assets: Iterable[str], label: Callable[[str, str], str], *, extensions: Iterable | None = None,
                  rules: LinkRules = LinkRules(), contacts: Mapping[str, str] | None = None,
                  timeout: float = 10.0) -> list[Problem]:
    """Every link of the site's pages (``pages``: language → path in its folder → text, the first
    language first; ``folders``: language → its folder, ``""`` or ``"en/"``) that leads nowhere, and
    every page that cannot be read in ``timeout`` seconds. ``label(lang, path)`` names the file a
    problem is in; ``made``: what the build makes besides the site's pages; ``contacts``:
    ``{{ kontakt }}`` in each language."""
    _reader(extensions)  # MarkdownSettingError here, before any page is read
    docs = {lang: {urls.site_page(path): path for path in texts} for lang, texts in pages.items()}
    jobs, filled = [], {}
    for lang, texts in pages.items():
        contact, data = (contacts or {}).get(lang, ""), urls.data_root(folders[lang], made.data_site)
        for target, moved in relocate.placed(texts).items():
            filled[lang, target] = relocate.filled(moved, target, data, contact)
            jobs.append(((lang, target), (filled[lang, target], extensions)))
    outcomes = bounded.run(read_page, jobs, timeout)
    names = tuple(assets)
    present = {f"{folder}{urls.site_url(target)}index.html" for lang, folder in folders.items() for target in docs[lang]}
    present |= {f"{folder}{ASSETS}{name}" for folder in folders.values() for name in names}
    present |= {f"{folder}{name}" for folder in folders.values() for name in ENGINE_FILES}
    published = frozenset(f"{ASSETS}{name}" for name in names)
    by_lang: dict[str, dict[str, bounded.Outcome]] = {lang: {} for lang in folders}
    for (lang, target), outcome in sorted(outcomes.items()):
        by_lang[lang][target] = outcome
    problems: list[Problem] = []
    for lang, folder in folders.items():
        # every page of the language; None for one not read (its own line says so; its ids are unknown)
        read = {target: outcome.value if outcome.ok else None for target, outcome in by_lang[lang].items()}
        for target, outcome in by_lang[lang].items():
            where = label(lang, docs[lang][target])
            if not outcome.ok:
                code = "site-page-not-read" if outcome.reason == "not-read" else "site-page-too-complex"
                problems.append(Problem(where, code, found=outcome.reason))
                continue
            markdown_links, raw_links, _ = outcome.value
            here = posixpath.dirname(f"{folder}{urls.site_url(target)}index.html")
            wrong = []
            for url in markdown_links:
                followed = _engine_follows(url, target, read, rules, not folder, made, published)
                if followed is None:  # left as written: the build's link check follows it
                    link = urls.relative_link(url, escaped=False)
                    followed = link is None or _reaches(here, link, present, folders, made)
                if not followed:
                    wrong.append(url)
            wrong += [link for link in raw_links if not _reaches(here, link, present, folders, made)]
            wrong += made.elsewhere_missing(filled[lang, target])
            problems += [Problem(where, "site-page-link", found=url) for url in wrong[:MAX_LINKS_TOLD]]
            if len(wrong) > MAX_LINKS_TOLD:
                problems.append(Problem(where, "site-page-links-more", found=str(len(wrong) - MAX_LINKS_TOLD)))
    return problems


def _engine_follows(url: str, source: str, read: Mapping[str, tuple], rules: LinkRules, root: bool,
                    made: Made, published: frozenset[str]) -> bool | None:
    """Whether the engine follows ``url`` from the page at docs path ``source`` to a docs file of the
    same language (and the anchor in it, where the rules check anchors), as MkDocs' relative-path
    processor does: True, False where the rules make it a warning, None where the engine leaves the
    link as written. ``root``: the language's folder is the site's root (``_made``)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return True  # another site, mailto:
    absolute = url.startswith(("/", "\\"))
    if absolute and rules.absolute_links != "relative_to_docs":
        return False if rules.absolute_links == "warn" else None
    if AMP_SUBSTITUTE in url:  # an address Markdown hid (an e-mail address)
        return True
    if not parts.path:
        return _anchor_found(parts.fragment, source, read, rules)
    path = unquote(parts.path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path).lstrip("/"))
    if target in read:
        return _anchor_found(parts.fragment, target, read, rules)
    if target == "index.md":  # the start page, whose ids the build writes
        return True
    if target in published or (posixpath.splitext(target)[1] and _made(target, root, made, "index.md")):
        # a page the build writes (its ids are not known here) or a file, in which the engine finds no anchor
        return target.endswith(".md") or not parts.fragment or rules.anchors != "warn"
    level = rules.unrecognized_links if not posixpath.splitext(path)[1] and not absolute else rules.not_found
    return False if level == "warn" else None


def _anchor_found(anchor: str, target: str, read: Mapping[str, tuple | None], rules: LinkRules) -> bool:
    return (not anchor or rules.anchors != "warn" or target in EXTENDED or read[target] is None
            or anchor in read[target][2])


def _reaches(here: str, link: str, present: set[str], folders: Mapping[str, str], made: Made) -> bool:
    """Whether a relative ``link`` on a page in site folder ``here`` reaches a file of the site, as
    the build's link check finds files (``urls.link_files``): ``present`` (the hand-written pages,
    start pages and images of every language), or a place where the build makes files."""
    return any(file in present or _site_made(file, folders, made) for file in urls.link_files(here, link))


def _site_made(file: str, folders: Mapping[str, str], made: Made) -> bool:
    """Whether site file ``file`` lies where the build makes files (``_made``, in the language
    folder it starts with; a folder's page is its ``index.html``)."""
    folder = next((f for f in folders.values() if f and file.startswith(f)), "")
    return _made(file[len(folder):], not folder, made, "index.html")


def _docs_paths(file: str) -> tuple[str, ...]:
    """The docs paths a page at site file ``file`` may be made from (``urls.site_url``): ``a/b/index.html``
    from ``a/b/index.md`` or ``a/b.md``; nothing for a file that is no page."""
    folder, _, name = file.rpartition("/")
    return (f"{folder}/index.md", f"{folder}.md") if name == "index.html" and folder else ()


def _made(path: str, root: bool, made: Made, index: str) -> bool:
    """Whether ``path`` (in a language's folder; ``root``: the site's root folder) is what the
    build makes: a page of a plan or of the comparisons (``made.pages``), a plan's search index, and under ``data/``
    the data page (``index``), the blank template and each language's charts (``made.charts``), and,
    in ``root`` only and where it holds them (``made.data_here``), the downloads (``made.downloads``)."""
    first, _, rest = path.partition("/")
    if rest and (first in made.plans or first == COMPARE):
        return (made.pages is None or (first in made.plans and rest == urls.SEARCH_INDEX)
                or not made.pages.isdisjoint(_docs_paths(path) if index == "index.html" else (path,)))
    if first != DATA or not rest:
        return False
    plan, _, inner = rest.partition("/")
    if rest == index or path == urls.TEMPLATE:
        return True
    if plan in made.plans and inner.startswith("indikatorer/") and inner.endswith(CHARTS):
        return made.charts is None or path in made.charts
    return root and made.data_here and (path in made.downloads if made.downloads is not None else True)
