"""The site's units: the engine runs once per unit, and a unit's output is cached by its inputs.

A language of the site has one unit per plan (the pages under ``<plan>/``) and one site unit (the
start page, the comparisons, the data and about pages, 404 and the theme's files). Each unit's
configuration carries the whole navigation of its language, and ``unit_hook`` gives MkDocs a
stand-in for every other page of the navigation and every page or file the unit's pages may link
to (``stand_ins``): everything of the language for the site unit; for a plan's unit all but the
other plans' pages outside the navigation and their files (``data/<plan>/``), which no page of a
plan links to, so that a unit's work does not grow with the number of plans. A page's HTML is the
same as a build of the whole language gives.

A unit's output is kept in ``build/cache/units/<key>/`` (beside ``build/cache/png/``), where the key
is a SHA-256 of everything the output depends on: the unit's pages (bytes), the paths of the
stand-ins, its configuration without the build's temporary paths, and ``engine.fingerprint``
(engine code and versions, mkdocs.yml, the theme folder). A unit found there does not run the
engine. An entry is written whole or not at all (the engine's output folder is renamed into place,
with the list of its files, ``FILES``, so that a build need not read through it) and read without
following links. Where it has no list, one that holds anything but folders and files is built
again; the files a build takes from an entry must be plain files reached without a link, or the
entry is built again (``Damaged``, raised by ``merge``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from generator.build import engine, unit_hook
from generator.ingest import files

SITE = "site"  # the name of each language's site unit
MAX_ENTRIES = 10_000_000  # a cached unit is the build's own output: no bound but the disk's
MAX_BYTES = 1 << 32
FILES = "unit-files.json"  # in a stored unit's output: its files (``store``)


def cache_dir(root: Path) -> Path:
    return root / "build" / "cache" / "units"


def owner(path: str, plan_ids: frozenset[str]) -> str:
    """The unit a docs path belongs to: its plan's (``<plan>/…``), else the site's."""
    head = path.split("/", 1)[0]
    return head if "/" in path and head in plan_ids else SITE


def plan_of(path: str, plan_ids: frozenset[str]) -> str:
    """The plan a docs path is of (``<plan>/…`` or its files, ``data/<plan>/…``), else ``""``."""
    parts = path.split("/")
    if len(parts) > 1 and parts[0] in plan_ids:
        return parts[0]
    if len(parts) > 2 and parts[0] == "data" and parts[1] in plan_ids:
        return parts[1]
    return ""


class Paths:
    """Every docs path of one language (``every``, sorted), grouped once by the plan each is of
    (``plan_of``; ``""``: the site's), so that a plan unit's stand-ins cost its own plan's paths and
    the site's, not every path of the country (at 290 plans, 68 000 paths: 35 ms a unit, 20 s a build)."""

    def __init__(self, every: list[str], plan_ids: frozenset[str]) -> None:
        self.every, self.plan_ids = every, plan_ids
        self.groups: dict[str, set[str]] = {}
        for path in every:
            self.groups.setdefault(plan_of(path, plan_ids), set()).add(path)

    def stand_ins(self, name: str, own: Mapping[str, bytes], nav: set[str]) -> tuple[str, ...]:
        """The stand-ins unit ``name`` needs (see above), sorted: for the site's unit every path but
        its own; for a plan's, the site's paths, its plan's and the other plans' in its navigation."""
        if name == SITE:
            return tuple(p for p in self.every if p not in own)
        chosen = (self.groups.get("", set()) | self.groups.get(name, set())) - own.keys()
        chosen |= {p for p in nav if p not in own and p in self.groups.get(plan_of(p, self.plan_ids), ())}
        return tuple(sorted(chosen))


@dataclass(frozen=True)
class Unit:
    lang: str
    name: str  # a plan id or SITE
    pages: Mapping[str, bytes]  # docs path → Markdown, the unit's own pages
    stand_ins: tuple[str, ...]  # the other docs paths the unit needs (``stand_ins``), sorted
    config: Mapping  # engine.config without docs_dir and site_dir

    @property
    def theme(self) -> bool:
        return self.name == SITE

    def built(self) -> "Unit":
        """The unit as the merge needs it once its output is there: its language and name, without
        its pages' sources, stand-ins and configuration, so that the build lets those go (at 60
        plans of 60 indicators about 80 MB, held to the end of the build)."""
        return Unit(self.lang, self.name, {}, (), {})

    def key(self, fingerprint: str) -> str:
        digest = hashlib.sha256(f"plansite unit 1\n{fingerprint}\n{self.lang}\n{self.name}\n".encode("utf-8"))
        digest.update(json.dumps(self.config, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
        digest.update(json.dumps(self.stand_ins, ensure_ascii=False).encode("utf-8"))
        for path in sorted(self.pages):
            digest.update(f"\n{path}\n{len(self.pages[path])}\n".encode("utf-8") + self.pages[path])
        return digest.hexdigest()


def hashable_config(config: Mapping, root: Path) -> dict:
    """The unit's configuration as it enters the key: no temporary paths, the project's own
    paths relative to the project (so a copy of the project elsewhere finds the same keys)."""
    out = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir")}
    prefix = str(root) + os.sep
    if isinstance(out.get("theme"), Mapping) and "custom_dir" in out["theme"]:
        out["theme"] = {**out["theme"], "custom_dir": str(out["theme"]["custom_dir"]).removeprefix(prefix)}
    if "hooks" in out:
        out["hooks"] = [str(h).removeprefix(prefix) for h in out["hooks"]]
    return out


def prepare(unit: Unit, folder: Path, config: dict) -> Path:
    """Write the unit's docs folder (its pages), its configuration (``config`` with the unit hook)
    and the hook's description (its pages and stand-ins); return the configuration file."""
    docs = folder / "docs"
    for path, data in unit.pages.items():
        _write(docs / path, data)
    config_file = folder / "mkdocs.yml"
    engine.write_config(config_file, {**config, "docs_dir": str(docs), "site_dir": str(folder / "out"),
                                      "hooks": [*(config.get("hooks") or []), str(engine.HOOK)]})
    Path(f"{config_file}.unit.json").write_text(
        json.dumps({"own": sorted(unit.pages), "stand_ins": unit.stand_ins, "theme": unit.theme}), encoding="utf-8")
    return config_file


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def cached(entry: Path) -> list[str] | None:
    """The files of a cache entry (relative paths), or None when there is no whole entry: missing,
    a link, or holding anything but folders and regular files (then it is removed). They are read
    from the entry's list of its files (``FILES``, written when it was stored); an entry without
    one is read through."""
    try:
        if files.kind(entry) != "dir":
            return None
    except OSError:  # a file where the cache's folder belongs
        return None
    try:
        listed = json.loads(files.read_bytes(entry / FILES, MAX_BYTES))
        if isinstance(listed, list) and all(isinstance(rel, str) for rel in listed) and unit_hook.MANIFEST in listed:
            return listed
    except (OSError, ValueError):
        pass
    listed, bad = [], False
    for item in files.walk(entry, MAX_ENTRIES):
        if item.kind == "file":
            listed.append(item.rel)
        elif item.kind != "dir":
            bad = True
    if bad or unit_hook.MANIFEST not in listed:
        with contextlib.suppress(OSError):
            shutil.rmtree(entry)
        return None
    return listed


class Damaged(Exception):
    """A cache entry whose list names what is not a plain file reached without a link (``plain_files``)."""

    def __init__(self, entry: Path) -> None:
        super().__init__(str(entry))
        self.entry = entry


def plain_files(entry: Path, listed: list[str]) -> bool:
    """Each of ``listed`` is a regular file of ``entry`` reached without a symbolic link below it:
    checked for the files a build links or copies from the entry (``merge``), not for every entry."""
    base, folders = os.path.realpath(entry), {"": True}
    for rel in listed:
        if rel.startswith("/") or ".." in rel.split("/"):
            return False
        folder = os.path.dirname(rel)
        if folder not in folders:
            folders[folder] = os.path.realpath(os.path.join(entry, folder)) == os.path.join(base, folder)
        try:
            if not folders[folder] or not stat.S_ISREG(os.lstat(os.path.join(entry, rel)).st_mode):
                return False
        except OSError:  # not there
            return False
    return True


def store(out: Path, entry: Path) -> Path:
    """Put a unit's finished output in the cache in one step (a rename in the same file system) and
    return where it is now. An entry that another build stored first is kept; the cache only saves
    time, so when it cannot be written (read-only, full) the output is used where it was built.
    The entry lists its files (``FILES``), so that a later build need not read through it."""
    with contextlib.suppress(OSError):
        listed = [item.rel for item in files.walk(out, MAX_ENTRIES) if item.kind == "file"]
        (out / FILES).write_text(json.dumps(sorted([*listed, FILES]), ensure_ascii=False), encoding="utf-8")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        os.rename(out, entry)
    except OSError:
        if cached(entry) is None:
            return out
        shutil.rmtree(out, ignore_errors=True)
    return entry


def read(entry: Path, rel: str) -> bytes:
    return files.read_bytes(entry / rel, MAX_BYTES)


def manifest(entry: Path) -> list[list]:
    """Every page of the unit's language in MkDocs' order: ``[docs path, url, output path, own]``."""
    return json.loads(read(entry, unit_hook.MANIFEST))


def prune(cache: Path, used: set[str]) -> None:
    """Remove the cache's entries that a whole build did not use (outputs of pages, settings or
    code since changed: ``used`` is what ``caches.kept_entries`` keeps), so that the cache holds about
    one site of each kind; links are removed, not followed."""
    try:
        if files.kind(cache) != "dir":
            return
    except OSError:
        return
    for item in os.scandir(cache):
        if item.name in used:
            continue
        with contextlib.suppress(OSError):
            if item.is_dir(follow_symlinks=False):
                shutil.rmtree(item.path)
            else:
                os.unlink(item.path)
