"""The site in each of its languages (``extra.languages`` in mkdocs.yml, read by config.settings).

The first language is at the site's root, each other in a folder of its own with the same page
paths (``urls.language_folder``: ``en/<plan>/index.md``). The build renders every language and runs
the engine once per language; this module says what differs between them:

- the hand-written pages: ``content/site/*.md`` in the first language, ``content/site/<code>/*.md``
  in each other. Every language has the same pages: a missing translation stops the build with one
  line naming the file (a page of one language is never shown as another's);
- the pages' placeholders: ``{{ kontakt }}`` is ``extra.contact`` in the page's language, ``{{ data }}``
  the link to the downloads folder (published once, at the root) from the page. The engine checks a
  Markdown link against the pages of its own language only, so a page outside the root links to a
  download with HTML: ``<a href="{{ data }}observations.csv">``;
- for every page, its versions in the other languages: the theme's language switch and the
  ``<link rel="alternate" hreflang>`` of its head.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from generator.build.publish import BuildFailed
from generator.config.settings import LANGUAGES, Settings
from generator.i18n import texts
from generator.ingest import files, relocate
from generator.model.plan import Plan
from generator.spec import urls

SITE = "site"  # content/site/


def folders(settings: Settings) -> dict[str, str]:
    """Each language of the site and its folder, the root language (``""``) first."""
    return {lang: urls.language_folder(lang, settings.languages) for lang in settings.languages}


def check_plan_ids(plans: Iterable[Plan], settings: Settings) -> None:
    """A plan's folder may not be a language's folder (``/en/`` holds the English pages)."""
    taken = {folder.rstrip("/") for folder in folders(settings).values() if folder}
    for plan in plans:
        if plan.plan_id in taken:
            raise BuildFailed.of("plan-id-language", plan=plan.plan_id)


def site_pages(content: Path, settings: Settings) -> dict[str, dict[str, str]]:
    """The hand-written pages of each language, ``{lang: {docs path: text}}`` (``content/site/data.md``
    at ``data/index.md``: ``urls.site_page``; every page's Markdown links rebased for the pages' docs
    paths), placeholders filled in (never read through a link; validation refuses links in
    ``content/site/``). Two files for one docs path (``data.md`` and ``data/index.md``) stop the build."""
    folder = content / SITE
    by_lang: dict[str, dict[str, str]] = {lang: {} for lang in settings.languages}
    if files.kind(folder) != "dir":
        return by_lang
    root, others = settings.languages[0], settings.languages[1:]
    for entry in files.walk(folder):
        if entry.kind != "file" or not entry.rel.endswith(".md"):
            continue
        head, _, rest = entry.rel.partition("/")
        if head in LANGUAGES and rest:  # content/site/<code>/…: another language's page, if built
            if head in others:
                by_lang[head][rest] = files.read_bytes(folder / entry.rel, settings.limits.max_file_bytes).decode("utf-8")
            continue
        by_lang[root][entry.rel] = files.read_bytes(folder / entry.rel, settings.limits.max_file_bytes).decode("utf-8")
    for lang in others:
        for path in sorted(set(by_lang[root]) ^ set(by_lang[lang])):
            missing, present = (lang, root) if path in by_lang[root] else (root, lang)
            raise BuildFailed.of("site-page-missing", path=_source(missing, path, root),
                                 other=_source(present, path, root), languages=", ".join(settings.languages))
    for lang, pages in by_lang.items():
        placed: dict[str, str] = {}
        for path in sorted(pages):
            twin = placed.setdefault(urls.site_page(path), path)
            if twin != path:
                raise BuildFailed.of("site-page-twice", path=_source(lang, path, root), other=_source(lang, twin, root),
                                     docs=urls.site_page(path))
    where = folders(settings)
    return {lang: _written(pages, lang, where[lang], settings) for lang, pages in by_lang.items()}


def _written(pages: dict[str, str], lang: str, folder: str, settings: Settings) -> dict[str, str]:
    """One language's pages at their docs paths (``urls.site_page``): each page's Markdown links
    rebased for its place, a link to another hand-written page going to that page's place
    (``relocate``), and its placeholders filled in."""
    sources = set(pages)

    def moved(path: str) -> str:
        return urls.site_page(path) if path in sources else path

    out = {}
    for path, text in pages.items():
        docs = urls.site_page(path)
        out[docs] = _fill(relocate.rebased(text, path, docs, moved), docs, lang, folder, settings)
    return out


def _source(lang: str, path: str, root: str) -> str:
    return f"content/{SITE}/{path}" if lang == root else f"content/{SITE}/{lang}/{path}"


def _fill(text: str, path: str, lang: str, folder: str, settings: Settings) -> str:
    contact = settings.texts(lang).get("contact") or texts.t("build.contact-missing", lang)
    data = urls.rel(path, urls.shared("data/", folder))
    return text.replace("{{ kontakt }}", contact).replace("{{ data }}", data)


def alternates(pages: Mapping[str, Iterable[str]], settings: Settings) -> dict[str, dict[str, dict]]:
    """``{lang: {docs path: {"links": [[hreflang, url], …], "switch": [[lang, href], …]}}}`` for
    every page of every language (``urls.alternates``); nothing when the site has one language."""
    where = folders(settings)
    if len(where) < 2:
        return {lang: {} for lang in where}
    present = {lang: set(paths) for lang, paths in pages.items()}
    out: dict[str, dict[str, dict]] = {}
    for lang, paths in present.items():
        out[lang] = {}
        for path in sorted(paths):
            if not path.endswith(".md"):
                continue
            versions = {other: folder for other, folder in where.items() if path in present[other]}
            links, hrefs = urls.alternates(path, where[lang], versions, settings.site_url)
            out[lang][path] = {"links": [list(pair) for pair in links], "switch": [list(pair) for pair in hrefs]}
    return out
