"""The site in each of its languages (``extra.languages`` in mkdocs.yml, read by config.settings).

The first language is at the site's root, each other in a folder of its own with the same page
paths (``urls.language_folder``: ``en/<plan>/index.md``). The build renders every language and runs
the engine once per language; this module says what differs between them:

- the hand-written pages: ``content/site/*.md`` in the first language, ``content/site/<code>/*.md``
  in each other, as validation read them (``validate.site_pages``: every language has the same
  pages; a missing translation is an error naming the file, so a page of one language is never
  shown as another's);
- the pages' placeholders: ``{{ kontakt }}`` is ``extra.contact`` in the page's language, ``{{ data }}``
  the link to the downloads folder (published once, at the root, on the first language's own
  site or on the downloads' own: ``Settings.data_site``) from the page. The engine checks a
  Markdown link against the pages of its own language only, so a page outside the root links to a
  download with HTML: ``<a href="{{ data }}observations.csv">``;
- for every page, its versions in the other languages: the theme's language switch and the
  ``<link rel="alternate" hreflang>`` of its head.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from generator.config.settings import Settings
from generator.ingest import relocate
from generator.spec import urls


def folders(settings: Settings) -> dict[str, str]:
    """Each language of the site and its folder, the root language (``""``) first."""
    return {lang: urls.language_folder(lang, settings.languages) for lang in settings.languages}


def site_pages(read: Mapping[str, Mapping[str, str]], settings: Settings) -> dict[str, dict[str, str]]:
    """The hand-written pages of each language, ``{lang: {docs path: text}}`` (``content/site/data.md``
    at ``data/index.md``: ``urls.site_page``; every page's Markdown links rebased for the pages' docs
    paths), placeholders filled in. ``read`` is what validation read and checked (``Report.site_pages``:
    every language has the same pages, no two files make one page, the links lead somewhere)."""
    where = folders(settings)
    return {lang: _written(dict(read.get(lang, {})), lang, where[lang], settings) for lang in settings.languages}


def _written(pages: dict[str, str], lang: str, folder: str, settings: Settings) -> dict[str, str]:
    """One language's pages at their docs paths, their links rebased (``relocate.placed``) and their
    placeholders filled in (``relocate.filled``)."""
    contact = settings.contact_in(lang)
    data = urls.data_root(folder, settings.data_site)
    return {docs: relocate.filled(text, docs, data, contact) for docs, text in relocate.placed(pages).items()}


def alternates(pages: Mapping[str, Iterable[str]], settings: Settings) -> dict[str, dict[str, dict]]:
    """``{lang: {docs path: {"links": [[hreflang, url], …], "switch": [[lang, href], …]}}}`` for
    every page of every language (``urls.alternates``), and its address on each site that publishes
    another language (``Settings.language_sites``: built from the same project, so with the same
    pages); ``x-default`` is the page in the project's first language on every site, so that the
    sites say the same; nothing when the site has one language and no other language's site."""
    where = folders(settings)
    if len(where) < 2 and not settings.language_sites:
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
            elsewhere = [(other, address + urls.site_url(path)) for other, address in settings.language_sites]
            links[-1:-1] = elsewhere  # before x-default: the project's first language, here or on its own site
            links[-1] = ("x-default", dict(elsewhere).get(settings.content_language, links[-1][1]))
            out[lang][path] = {"links": [list(pair) for pair in links], "switch": [list(pair) for pair in [*hrefs, *elsewhere]]}
    return out
