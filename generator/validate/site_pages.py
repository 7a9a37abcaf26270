"""Validate stage, the site's own pages: ``content/site/*.md`` in the first language and
``content/site/<code>/*.md`` in each other (``extra.languages``).

What the build would stop on, or would lose a page to, is a problem here, so ``validate`` fails
where ``build`` would (but for the links into a plan's pages and the comparisons, which
``site_links`` follows only as far as the folder):

- a page that cannot be read: a link (never followed), too large (``PLANSITE_MAX_FILE_BYTES``) or
  not UTF-8 (a byte-order mark is dropped); a file name other than lower-case a–z, 0–9, ``-`` and
  ``_`` (folders likewise): the engine skips a hidden page, reads ``README.md`` as an index and
  cannot name a page whose name is not text;
- a page in one language without its translation; two files for one address (``om.md`` and
  ``om/index.md``; ``data.md`` is written as ``data/index.md``: ``urls.site_page``); a page at an
  address the build gives to something else (a language's folder, ``jamfor/``, ``data/``,
  ``assets/``, ``search/``: ``TAKEN``);
- a link that leads nowhere (``site_links``).

The texts read are handed to the build (``Report.site_pages``), which reads nothing here again.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from generator.config.limits import Limits
from generator.config.settings import Settings
from generator.i18n.texts import LANGUAGES, t
from generator.ingest import files
from generator.model.problems import Problem
from generator.spec import urls
from generator.validate import site_links

SITE = "site"  # content/site/
#: A page's path in its language's folder.
PAGE_NAME = re.compile(r"(?:[a-z0-9][a-z0-9_-]{0,79}/){0,4}[a-z0-9][a-z0-9_-]{0,79}\.md")
#: First folders of the addresses the build gives to what it makes (the data page, ``data.md``, is the site's).
TAKEN = frozenset({"assets", "search", *(path.partition("/")[0] for path in (urls.DATA_PAGE, urls.COMPARE_INDEX)),
                   *LANGUAGES})


def check_site_pages(content: Path | None, site: Settings | None, limits: Limits,
                     made: site_links.Made = site_links.Made(),
                     assets: Iterable[str] = ()) -> tuple[list[Problem], dict[str, dict[str, str]]]:
    """The problems of the site's pages, and the pages read, ``{lang: {path in its folder: text}}``
    (the first language's at ``content/site/``); a page with a problem is left out. ``site``: the
    site's settings (its languages, Markdown extensions and link rules: ``site_links``); with None
    (no mkdocs.yml says) every language's pages are read and checked, but none needs a translation,
    and links are read as MkDocs reads them by default. ``made``: what the build makes besides
    these pages (``site_links.Made``)."""
    languages = None if site is None else site.languages
    complete = languages is not None
    languages = tuple(LANGUAGES if languages is None else languages)
    by_lang: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    engine = site.engine if site is not None else {}
    try:  # the engine would refuse them for every page, not only the site's own
        rules = site_links.reading_rules(engine)
    except site_links.MarkdownSettingError as exc:
        return [Problem("mkdocs.yml", "site-markdown", field="markdown_extensions", found=str(exc))], by_lang
    except site_links.ValidationSettingError as exc:
        setting, value = exc.args
        code = "site-validation" if value is not None else "site-validation-name"
        return [Problem("mkdocs.yml", code, field=setting, found=value or "")], by_lang
    problems: list[Problem] = []
    folder = content / SITE if content is not None else None
    if folder is None or files.kind(folder) != "dir" or not languages:
        return problems, by_lang
    root, others = languages[0], languages[1:]
    first = site.content_language if site is not None else root  # whose pages are content/site/'s own
    unread: dict[str, set[str]] = {lang: set() for lang in languages}  # pages present but not readable
    elsewhere = {lang: set() for lang, _ in site.language_sites} if site is not None else {}  # built on their own
    for entry in files.walk(folder):
        if entry.kind != "file" or not entry.rel.endswith(".md"):
            continue  # links and other kinds: check_site_content
        head, _, rest = entry.rel.partition("/")
        lang, rel = (head, rest) if head in LANGUAGES and rest else (first, entry.rel)
        if head == first and rest:  # the first language's pages are content/site/'s own: not lost unseen
            problems.append(Problem(f"content/{SITE}/{entry.rel}", "site-page-root-language", found=first,
                                    expected=f"content/{SITE}/{rest}"))
            continue
        if lang in elsewhere:
            elsewhere[lang].add(rel)
        if lang not in by_lang:
            continue  # a language the site is not built in
        label = _source(lang, rel, first)
        problem = _name_problem(label, rel)
        text, problem = ("", problem) if problem else _read(folder / entry.rel, label, limits.max_file_bytes)
        if problem is not None:
            problems.append(problem)
            unread[lang].add(rel)
        else:
            by_lang[lang][rel] = text
    for lang in [*(others if complete else ()), *elsewhere]:  # the language switch leads to the same page there
        have = set(by_lang[root]) | unread[root]
        theirs = elsewhere[lang] if lang in elsewhere else set(by_lang[lang]) | unread[lang]
        for rel in sorted(have ^ theirs):
            missing, present = (lang, root) if rel in have else (root, lang)
            problems.append(Problem(_source(missing, rel, first), "site-page-missing",
                                    found=_source(present, rel, first), expected=", ".join([*languages, *elsewhere])))
    for lang, pages in by_lang.items():
        placed: dict[str, str] = {}
        for rel in sorted(pages):
            address = urls.site_url(urls.site_page(rel))
            twin = placed.setdefault(address, rel)
            if twin != rel:
                problems.append(Problem(_source(lang, rel, first), "site-page-twice",
                                        found=_source(lang, twin, first), expected=f"/{address}"))
    folders = {lang: urls.language_folder(lang, languages) for lang in languages}
    contacts = {lang: site.contact_in(lang) if site is not None else t("build.contact-missing", lang)
                for lang in languages}
    problems.extend(site_links.link_problems(
        by_lang, folders, made, assets, lambda lang, rel: _source(lang, rel, first),
        extensions=engine.get("markdown_extensions"), rules=rules, contacts=contacts, timeout=limits.render_timeout))
    return problems, by_lang


#: Folders the engine leaves out of the site (MkDocs' ``exclude_docs`` default).
EXCLUDED = "templates/"


def _name_problem(label: str, rel: str) -> Problem | None:
    """The problem with a page's path in its folder, if any: its name, or an address that is the build's."""
    if not PAGE_NAME.fullmatch(rel) or rel.rpartition("/")[2] == "readme.md" or rel.startswith(EXCLUDED):
        return Problem(label, "site-page-name", found=rel)
    first = urls.site_url(urls.site_page(rel)).partition("/")[0]
    if first in TAKEN and urls.site_page(rel) != urls.DATA_PAGE:
        return Problem(label, "site-page-taken", found=f"/{first}/")
    return None


def _read(path: Path, label: str, limit: int) -> tuple[str, Problem | None]:
    try:
        raw = files.read_bytes(path, limit)
    except files.UnsafeFile as exc:
        return "", Problem(label, exc.code, found=exc.found or label,
                           expected=f"<= {limit}" if exc.code == "file-too-large" else "")
    except OSError as exc:
        return "", Problem(label, "unreadable", found=exc.strerror or exc.__class__.__name__)
    try:
        return raw.decode("utf-8-sig"), None  # a byte-order mark is no part of the page
    except UnicodeDecodeError as exc:
        return "", Problem(label, "site-page-not-utf8", found=f"byte {exc.start + 1}")


def _source(lang: str, rel: str, root: str) -> str:
    return f"content/{SITE}/{rel}" if lang == root else f"content/{SITE}/{lang}/{rel}"
