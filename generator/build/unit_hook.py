"""A MkDocs hook that makes one run of the engine build one unit of the site (``units``).

The unit's docs folder holds its own pages as rendered; this hook adds a stand-in (a file that
is not on disk) for each other page and file the unit needs, in MkDocs' own order of a docs
folder: every page of the navigation, so that the navigation is the whole language's (each page's
HTML is what a build of the whole language gives), and what its pages may link to, so that a link
to another unit resolves as it did. Once MkDocs has made the navigation, the hook marks every
stand-in excluded: MkDocs then neither reads, renders nor copies it, and a link to one is reported
at INFO, not as a warning. A plan's unit also leaves out the theme's files (the site's unit
publishes them once).

The unit is described by ``<config>.unit.json`` beside the configuration file (``own``: the docs
paths of the unit's pages; ``stand_ins``: the other docs paths; ``theme``: whether it publishes
the theme's files). The hook writes
``unit-pages.json`` into the site folder: every page of the language, in MkDocs' order, as
``[docs path, url, output path, own]``, which the merge (``units``) needs for the search index and
the sitemap, and ``unit-anchors.json``: the links of its pages to an anchor of a page of another
unit, ``[docs path, link, target's output path, anchor]``, which MkDocs cannot check here (the
target is a stand-in) and ``links.check_anchors`` checks on the merged site. This module is loaded by MkDocs by path and imports nothing of the generator.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

MANIFEST = "unit-pages.json"
ANCHORS = "unit-anchors.json"


def _unit(config) -> dict:
    return json.loads(Path(str(config.config_file_path) + ".unit.json").read_text(encoding="utf-8"))


def _order(path: str) -> tuple:
    """Where MkDocs' walk of a docs folder puts ``path``: a folder's files (``index`` first, then by
    name) before its subfolders (by name)."""
    *folders, name = path.split("/")
    return (*[(1, folder) for folder in folders], (0, os.path.splitext(name)[0] not in ("index", "README"), name))


def on_files(files, config):
    from mkdocs.structure.files import File, Files

    unit = _unit(config)
    docs = [f for f in files if f.src_dir and os.path.realpath(f.src_dir) == os.path.realpath(config.docs_dir)]
    others = [f for f in files if f not in docs]
    docs += [File(path, config.docs_dir, config.site_dir, config.use_directory_urls) for path in unit["stand_ins"]]
    return Files(sorted(docs, key=lambda f: _order(f.src_uri)) + others)


def on_nav(nav, config, files):
    # imported here: the build reads this module's MANIFEST without importing MkDocs
    from mkdocs.structure.files import InclusionLevel

    unit = _unit(config)
    own = set(unit["own"])
    docs = os.path.realpath(config.docs_dir)
    pages = []
    for file in files:
        from_docs = os.path.realpath(file.src_dir) == docs if file.src_dir else False
        mine = file.src_uri in own if from_docs else bool(unit["theme"])
        if file.is_documentation_page() and from_docs:
            url = "" if file.url in (".", "./") else file.url  # as Page.url (the search index's locations)
            pages.append([file.src_uri, url, file.dest_uri, mine])
        if not mine:
            file.inclusion = InclusionLevel.EXCLUDED
    site = Path(config.site_dir)
    site.mkdir(parents=True, exist_ok=True)
    (site / MANIFEST).write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    return nav


def on_env(env, config, files):
    """The links to anchors in stand-ins (MkDocs has read every page of the unit by now)."""
    out = []
    for file in files.documentation_pages():
        for target, anchors in (getattr(file.page, "links_to_anchors", None) or {}).items():
            if target.inclusion.is_excluded():
                out += [[file.src_uri, link, target.dest_uri, anchor] for anchor, link in anchors.items()]
    (Path(config.site_dir) / ANCHORS).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return env
