"""Validate stage, the site's own pages: ``content/site/*.md`` in the first language and
``content/site/<code>/*.md`` in each other (``extra.languages``).

Everything the build would stop on is a problem here, so ``validate`` fails where ``build`` would:

- a page that cannot be read: a link (never followed), too large (``PLANSITE_MAX_FILE_BYTES``) or not UTF-8;
- a page in one language without its translation, or two files for one page (``data.md`` and
  ``data/index.md``: ``urls.site_page``);
- a Markdown link (``relocate.links``: the links the build rebases) to a page or file the site
  does not have. A link to another hand-written page of the same language or to an image of
  ``content/assets/`` is checked exactly; a link into what the build makes (a valid plan's folder,
  ``data/``, ``jamfor/``) is checked as far as its first folder and that it names a file (the
  engine, ``mkdocs build --strict``, checks the rest, and anchors).

The texts read are handed to the build (``Report.site_pages``), which reads nothing here again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping
from urllib.parse import unquote

from generator.config.limits import Limits
from generator.i18n.texts import LANGUAGES
from generator.ingest import files, relocate
from generator.model.problems import Problem
from generator.spec import urls

SITE = "site"  # content/site/

#: The first folders of what the build makes beside the plans' own (``urls``): a link into them
#: is checked by the engine.
MADE = frozenset(path.partition("/")[0] for path in (urls.DATA_PAGE, urls.COMPARE_INDEX))


def check_site_pages(content: Path | None, languages: Iterable[str] | None, limits: Limits, plan_ids: Iterable[str] = (),
                     assets: Iterable[str] = ()) -> tuple[list[Problem], dict[str, dict[str, str]]]:
    """The problems of the site's pages, and the pages read, ``{lang: {path in its folder: text}}``
    (the first language's at ``content/site/``); a page with a problem is left out. With
    ``languages`` None (no mkdocs.yml says which the site has) every language's pages are read and
    checked, but none needs a translation."""
    complete = languages is not None
    languages = tuple(LANGUAGES if languages is None else languages)
    by_lang: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    problems: list[Problem] = []
    folder = content / SITE if content is not None else None
    if folder is None or files.kind(folder) != "dir" or not languages:
        return problems, by_lang
    root, others = languages[0], languages[1:]
    unread: dict[str, set[str]] = {lang: set() for lang in languages}  # pages present but not readable
    for entry in files.walk(folder):
        if entry.kind != "file" or not entry.rel.endswith(".md"):
            continue  # links and other kinds: check_site_content
        head, _, rest = entry.rel.partition("/")
        lang, rel = (head, rest) if head in LANGUAGES and rest else (root, entry.rel)
        if lang not in by_lang or (lang == root and head in LANGUAGES and rest):
            continue  # a language the site is not built in
        label = _source(lang, rel, root)
        text, problem = _read(folder / entry.rel, label, limits.max_file_bytes)
        if problem is not None:
            problems.append(problem)
            unread[lang].add(rel)
        else:
            by_lang[lang][rel] = text
    for lang in others if complete else ():
        have, theirs = set(by_lang[root]) | unread[root], set(by_lang[lang]) | unread[lang]
        for rel in sorted(have ^ theirs):
            missing, present = (lang, root) if rel in have else (root, lang)
            problems.append(Problem(_source(missing, rel, root), "site-page-missing",
                                    found=_source(present, rel, root), expected=", ".join(languages)))
    for lang, pages in by_lang.items():
        placed: dict[str, str] = {}
        for rel in sorted(pages):
            twin = placed.setdefault(urls.site_page(rel), rel)
            if twin != rel:
                problems.append(Problem(_source(lang, rel, root), "site-page-twice",
                                        found=_source(lang, twin, root), expected=urls.site_page(rel)))
    problems.extend(_link_problems(by_lang, root, frozenset(plan_ids), frozenset(assets)))
    return problems, by_lang


def _read(path: Path, label: str, limit: int) -> tuple[str, Problem | None]:
    try:
        raw = files.read_bytes(path, limit)
    except files.UnsafeFile as exc:
        return "", Problem(label, exc.code, found=exc.found or label,
                           expected=f"<= {limit}" if exc.code == "file-too-large" else "")
    except OSError as exc:
        return "", Problem(label, "unreadable", found=exc.strerror or exc.__class__.__name__)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return "", Problem(label, "site-page-not-utf8", found=f"byte {exc.start + 1}")


def _link_problems(by_lang: Mapping[str, Mapping[str, str]], root: str, plan_ids: frozenset[str],
                   assets: frozenset[str]) -> list[Problem]:
    problems = []
    for lang, pages in by_lang.items():
        docs = set(pages) | {urls.site_page(rel) for rel in pages}  # a page's source and where it is written
        for rel, text in sorted(pages.items()):
            for written, named in relocate.links(text, rel):
                path = unquote(named)
                if path in docs or (path.startswith("assets/") and path[len("assets/"):] in assets):
                    continue
                first = path.partition("/")[0]
                if (first in plan_ids or first in MADE) and "/" in path and not written.split("#")[0].endswith("/"):
                    continue  # what the build makes: the engine checks the rest
                problems.append(Problem(_source(lang, rel, root), "site-page-link", found=written))
    return problems


def _source(lang: str, rel: str, root: str) -> str:
    return f"content/{SITE}/{rel}" if lang == root else f"content/{SITE}/{lang}/{rel}"
