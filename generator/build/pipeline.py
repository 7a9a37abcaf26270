"""Build: validate → load → render → the engine's units (``units``), cached → merge → check links → swap in.

The site is rendered once per language (``languages``): the first at the root with the downloads,
published once, then each other in its folder (``/en/``), all in the same new site. A later language
built as a site of its own publishes none of the data (only its charts and its blank template): its
pages link to the first language's site, or, with ``extra.data_site``, every language's do to the
downloads' own site, which ``downloads_site`` builds (``Settings.data_site``). The files the
engine would only copy (downloads, charts, images) are written straight into the new site; the
pages go through the engine (``mkdocs build --strict``) in units, one per plan and language and one
site unit per language, each taken from ``build/cache/units/`` when its inputs are unchanged, the
others built in a pool of workers on every core. The units' outputs are merged into the new site
(``merge``: one search index and one sitemap per language) and every relative link of it checked
(``links``).

Only this module, ``newsite`` (the new site's folder), ``publish`` and ``aside`` (the swap and the
sites set aside), ``raster`` (its PNG cache), ``validate.cache`` (what validation found for each
valid plan, read again when the plan is unchanged), ``rendered`` (each plan's pages, likewise) and
``plan_data`` (each plan's own data files, likewise) write files. The site is built into a folder
next to the target, the one the build before last published where there is one (``newsite``: only
what differs is written), and swapped in only when everything succeeded, so a failed build leaves
the published site untouched; ``publish`` puts it in place safely (atomic swap, lock, leftovers,
signals).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from generator.authoring import blank
from generator.build import (
    aside,
    caches,
    languages,
    links,
    newsite,
    plan_data,
    previous,
    publish,
    raster,
    shards,
    site_units,
    units,
)
from generator.build import rendered as rendered_cache
from generator.build.publish import BuildFailed, BuildInterrupted
from generator.config import settings as config
from generator.ingest import files, parallel
from generator.model.problems import ValidatedPlan
from generator.outputs import cells, downloads, open_data
from generator.render import charts, pages
from generator.spec import urls
from generator.validate import cache as validated_cache
from generator.validate.project import Report, validate_project

__all__ = ["BuildFailed", "BuildInterrupted", "BuildResult", "abandon", "build_site", "new_site_in", "plan_parts",
           "published_downloads", "swap_in", "validated", "write_files"]

@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    report: Report
    plans: int
    indicators: int
    pages: int
    notices: tuple[str, ...] = ()  # catalogue keys of warnings about the outputs (no site_url …)
    rasterised: int = 0  # the chart PNGs made in this build (the others came from the cache)
    unit_count: int = 0  # the engine's units (one per plan and language, one site unit per language)
    engine_runs: int = 0  # the units the engine built in this build (the others came from the cache)


#: ``progress(step, total)`` starts a step of ``total`` items and returns what counts one done; the
#: command line names the step (``pages``) in its language.
Progress = Callable[[str, int], Callable[[int], None]]


def _published_package(plan: ValidatedPlan) -> dict[str, str]:
    """The plan's package as published: the descriptor and the resources validation read, every
    CSV cell made safe for spreadsheets; a resource whose text that changed loses its
    ``bytes`` and ``hash`` (they described the source file)."""
    out = {rel: cells.neutralise_csv(text) for rel, text in plan.files.items() if rel != "datapackage.json"}
    descriptor = json.loads(plan.files["datapackage.json"])
    for resource in descriptor.get("resources", []):
        if out.get(resource.get("path")) != plan.files.get(resource.get("path")):
            resource.pop("bytes", None)
            resource.pop("hash", None)
    out["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return out


def write_files(new_site: newsite.NewSite, files: dict[str, str | bytes], guarded: publish.Guarded, folder: str = "",
                listed: dict[str, tuple[int, str]] | None = None) -> None:
    """``files`` written straight into the new site under ``folder`` (text encoded as it is
    written); those of ``data/`` also recorded in ``listed`` (size, SHA-256: ``data/index.json``)."""
    if not new_site.recycled:
        guarded.removed()  # a site set aside holds second names of the published files, which
        # ``previous`` links only when they have one
    for rel, text in files.items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        digest = None
        if listed is not None and rel.startswith("data/"):
            digest = hashlib.sha256(data).hexdigest()
            listed[rel] = (len(data), digest)
        new_site.write(folder + rel, data, digest)


def _give_back_memory() -> None:
    """Return the memory this process has freed to the machine: glibc keeps freed blocks for the
    process, whose RSS would stay at the high-water mark of drawing the pages while the engine's
    workers need theirs. ``malloc_trim`` where the C library has it; else nothing."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def validated(root: Path, settings: config.Settings, strict: bool, checked: set[str]) -> tuple[Report, list]:
    """The project validated (``checked``: the validation cache's entries it used) and its valid
    plans with their chapters; a ``BuildFailed`` on any error, or on a warning when ``strict``."""
    report = validate_project(root / "datapackages", root / "content", settings.limits,
                              validated_cache.cache_dir(root), checked, site=settings)
    if not report.ok:
        raise BuildFailed.of("input-errors", report=report, count=len(report.errors))
    if strict and report.warnings:
        raise BuildFailed.of("strict-warnings", report=report, count=len(report.warnings))
    return report, [replace(report.validated[name].plan, chapters=report.validated[name].chapters)
                    for name in report.plans]


def plan_parts(report: Report, plans: list, plan_files: Callable,
               tick: Callable[[int], None] | None = None) -> dict:
    """Each valid plan's own data files (``plan_data.PlanData``: its indicator downloads, its
    package as published, its zip), by its folder's name, from ``plan_files`` (``plan_data.cached``);
    ``tick(1)`` after each plan."""
    out = {}
    for name, plan in zip(report.plans, plans):
        out[name] = plan_files(plan, lambda name=name: _published_package(report.validated[name]),
                               frozenset(report.validated[name].files))
        if tick:
            tick(1)
    return out


def published_downloads(report: Report, own: dict, site_csvs: dict[str, str], pngs: dict[str, bytes], lang: str
                        ) -> tuple[dict[str, str | bytes], dict]:
    """The files of ``data/`` that the plans make (path in the site → text or bytes): the site's CSVs
    (``downloads.site_downloads``), each plan's indicator downloads, its package (only what it
    declares, as validated) and zip (``own``: ``plan_parts``), and ``pngs``; and what each plan's
    dataset is distributed as, for the catalogue (``open_data.distributions``)."""
    files: dict[str, str | bytes] = dict(site_csvs)
    for part in own.values():
        files.update(part.downloads)
    packages = {name: own[name].package for name in report.plans}
    files.update((urls.package_file(name, rel), text) for name in report.plans for rel, text in packages[name].items())
    files.update(open_data.plan_files(packages, pngs, zips={name: part.zip for name, part in own.items()}))
    return files, open_data.distributions(packages, lang)


def new_site_in(site_dir: Path, build_root: Path, guarded: publish.Guarded,
              scanned: parallel.Later[newsite.Scanned] | None) -> newsite.NewSite:
    """The folder the new site is written into: the site set aside that the guard took back (what it
    holds ``scanned``), or a new one. Unchanged files are second names of the published site's where
    they are not already there: known from the listing of what its files hold, or, without one, by
    comparing (``previous``)."""
    listing = newsite.Listing.read(build_root / newsite.LISTING)
    if guarded.recycled is not None:
        return newsite.NewSite(guarded.recycled, recycled=True, published=site_dir, listing=listing,
                               scanned=scanned.result() if scanned is not None else None)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    return newsite.NewSite(path, published=site_dir, listing=listing,
                           before=previous.Previous(site_dir) if listing is None else None)


def swap_in(new: newsite.NewSite, target: Path, build_root: Path) -> None:
    """Finish the site (``NewSite.finish``: only this build's files, open to readers) and put it in
    place atomically; the previous one goes to ``build/previous-sites/``, where the next build takes
    it back to write into (``aside.take_aside``). What the site's files hold is recorded for that."""
    new.finish()
    publish.swap_in(new.path, target, publish.previous_sites(build_root))
    with contextlib.suppress(OSError):  # only time is lost without it
        new.listing().write(build_root / newsite.LISTING)


def abandon(new_site: newsite.NewSite | None, exc: BaseException, site_dir: Path, build_root: Path) -> None:
    """After ``exc`` stopped a build: its new site's folder removed (one taken back goes back aside,
    ``guard``, unless the file system refused something in it), and an error of the file system
    raised as one line naming the path (``publish.failure``)."""
    if new_site is not None and not new_site.recycled:
        shutil.rmtree(new_site.path, ignore_errors=True)
    elif new_site is not None and isinstance(exc, OSError):
        aside.spoil(new_site.path, publish.previous_sites(build_root))
    failed = publish.failure(exc, site_dir, build_root) if isinstance(exc, OSError) else None
    if failed is not None:
        raise failed from exc


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = False,
               progress: Progress | None = None, shard: tuple[int, int] | None = None,
               language: str | None = None) -> BuildResult:
    """Build the whole site from ``root`` (datapackages/, content/, mkdocs.yml) into ``site_dir``.

    One build of a project runs at a time; it first heals a swap that a crash cut short and
    removes what a killed build left behind. SIGINT and SIGTERM raise BuildInterrupted once mkdocs
    has been stopped and the temporary folders removed. Raises BuildFailed when nothing changed.

    With ``shard=(k, n)`` only the units and chart PNGs of every n-th municipality (by kommunkod,
    starting at the k-th; shard 1 also builds the site units) are made, into ``build/cache/units/``
    and ``build/cache/png/``, and nothing is published: a later build with every shard's caches
    finds every unit and every PNG there.

    With ``language``, only that language is built, as a site of its own (``config.read``).
    """
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    try:  # a bad setting or limit fails now, before anything is read
        settings = config.read(root, language=language)
    except config.SettingsError as exc:
        raise BuildFailed.of(exc.code, **exc.params) from None
    with publish.guard(root, site_dir, recycle=shard is None) as guarded:
        # what the folder taken back holds, read in a process of its own while this one validates
        scanned = parallel.Later(newsite.scan, str(guarded.recycled)) if guarded.recycled is not None else None
        try:
            return _build(root, site_dir, settings, strict, progress, shard, guarded, scanned)
        finally:
            if scanned is not None:
                scanned.close()


def _build(root: Path, site_dir: Path, settings: config.Settings, strict: bool,
           progress: Progress | None, shard: tuple[int, int] | None = None,
           guarded: publish.Guarded = publish.Guarded(lambda: None),
           scanned: parallel.Later[newsite.Scanned] | None = None) -> BuildResult:
    checked: set[str] = set()  # the validation cache's entries this build used
    report, plans = validated(root, settings, strict, checked)

    site_pages = languages.site_pages(report.site_pages, settings)

    n_indicators = sum(len(p.indicators) for p in plans)
    plan_ids = tuple(p.plan_id for p in plans)
    tick = progress("pages", n_indicators * len(settings.languages)) if progress else None
    folders = languages.folders(settings)  # the root language first: the data is published with it
    data_here = not settings.data_site  # else the first language's own site or the downloads' own site does
    build_root = root / "build"
    rendered: dict[str, pages.RenderedSite] = {}
    statics: dict[str, dict[str, bytes]] = {}  # per language, the files the engine would only copy (their paths)
    rasterised, notices, drawn = 0, (), set()  # drawn: the PNG cache's keys this build used
    data_files: dict[str, tuple[int, str]] = {}  # each file of data/ written → its size and SHA-256 (for index.json)
    distributed: dict = {}  # what each plan's dataset is distributed as (for the catalogue)
    mine = shards.files_of(plans, shard) if shard is not None else None
    plan_inputs = {name: report.validated[name].inputs for name in report.plans}  # the keys of the caches below
    reused: set[str] = set()  # the render cache's entries this build used
    plan_renderer = rendered_cache.cached(rendered_cache.cache_dir(root), plan_inputs, reused)
    kept_data: set[str] = set()  # the plan data cache's entries this build used
    plan_files = plan_data.cached(plan_data.cache_dir(root), plan_inputs, kept_data)
    staging = new_site = None
    site_data: parallel.Later | None = None  # the site's database and workbook, made in a process of their own
    try:  # the writes: errors of the file system become one line naming the path (publish.failure)
        own = plan_parts(report, plans, plan_files) if data_here else {}  # each plan's indicator downloads, package, zip
        download_files = downloads.site_downloads(plans, {plan.plan_id: own[name].site_rows
                                                          for name, plan in zip(report.plans, plans)}) if data_here else {}
        # the database and workbook, made of the site's CSVs in a process of their own while this one
        # draws the pages, are waited for only after the engine's units
        site_data = parallel.Later(open_data.database_and_workbook,
                                   *open_data.site_data_inputs(plans, settings.language, download_files)
                                   ) if data_here and shard is None else None  # a shard publishes nothing
        if shard is None:
            new_site = new_site_in(site_dir, build_root, guarded, scanned)

        def draw(lang: str, tick: Callable[[int], None] | None = None) -> pages.RenderedSite:
            return pages.render_site(plans, site_pages[lang], charts.to_svg, tick, concordance=list(report.concordance),
                                     lang=lang, site_url=settings.site_url, folder=folders[lang],
                                     data_site=settings.data_site, charts_at=settings.chart_downloads(lang),
                                     plan_renderer=plan_renderer)
        for lang, folder in folders.items():  # one language at a time: its files are written straight into
            # the new site and let go before the next language is drawn (the peak of memory holds one language)
            site = rendered[lang] = draw(lang, tick)
            # a PNG beside each SVG, but on the downloads' own site, with the spec (downloads_site.py: the pages
            # were drawn without it, ``charts_at``); the SVG the page shows stays here
            svgs = {} if settings.downloads_site else {p: svg for p, svg in site.files.items() if p.endswith(".svg")}
            pngs, made = raster.rasterise(svgs if shard is None else {p: svg for p, svg in svgs.items() if mine(p)},
                                          raster.cache_dir(root), drawn)
            rasterised += made
            if shard is not None:  # a shard makes its own plans' PNGs (into the cache the final build reads);
                # the others are only named: their paths are the units' stand-ins, the same in every build
                pngs = {**{p.removesuffix(".svg") + ".png": b"" for p in svgs}, **pngs}
            out: dict[str, str | bytes] = {}
            holds_data = not folder and data_here  # the data is published once, at the root, with the
            # root language's charts in index.json
            if holds_data:
                published, distributed = published_downloads(report, own, download_files, pngs, settings.language)
                out.update(published)
                del download_files, published, own
            else:
                out.update(pngs)
            out.update(site.files)  # its charts (SVG, Vega-Lite)
            out[urls.TEMPLATE] = blank.blank_template_bytes(lang=lang)  # the blank template, its help in the language
            for name in report.assets:  # only the images validation listed, never through a link
                out[f"assets/{name}"] = files.read_bytes(root / "content" / "assets" / name, settings.limits.max_file_bytes)
            if new_site is not None:
                write_files(new_site, out, guarded, folder, data_files if holds_data else None)
            # the units need only the paths, also of the site's open data made after them (``open_data.site_files``)
            statics[lang] = dict.fromkeys([*out, *(open_data.site_paths(settings) if holds_data else ())], b"")
            site.files = {}
            del site, pngs, out
        if site_data is not None:  # made by now (in seconds, while the pages were drawn): its process goes
            site_data.settle()
        _give_back_memory()  # what drawing the languages took, before the engine's workers start
        alternates = languages.alternates({lang: site.pages for lang, site in rendered.items()}, settings)
        n_pages = sum(len(site.pages) for site in rendered.values())  # the units let go of the pages' sources
        if shard is not None:
            return _build_shard(root, settings, plans, rendered, statics, alternates, shard, report, n_indicators,
                                rasterised)
        staging = Path(tempfile.mkdtemp(prefix="docs-", dir=build_root))
        built, ran = site_units.run_units(root, settings, plans, rendered, statics, alternates, staging)
        # the database, workbook, catalogue and index of the data (the database and workbook from ``site_data``)
        if site_data is not None:
            opened = open_data.site_files(plans, data_files, distributed, settings, site_data.result)
            notices = opened.notices
            for rel, data in opened.files.items():
                new_site.write(rel, data)
            del opened
        try:
            known = site_units.merged(built, new_site, settings, plan_ids)
        except units.Damaged:  # a cache entry holding a link where it lists a file: every such entry built again
            for entry, listed in {entry: listed for parts in built.values() for _, entry, listed in parts}.items():
                if not units.plain_files(entry, listed):
                    shutil.rmtree(entry, ignore_errors=True)
            rendered = {lang: draw(lang) for lang in folders}  # drawn again (from the render cache)
            built, again = site_units.run_units(root, settings, plans, rendered, statics, alternates, staging)
            try:
                known, ran = site_units.merged(built, new_site, settings, plan_ids), ran + again
            except units.Damaged as damaged:
                raise BuildFailed.of("engine-failed", detail=f"{damaged.entry} is not a whole unit") from None
        links.check(new_site.path, known, new_site.files(), new_site.changed())
        swap_in(new_site, site_dir, build_root)
    except BaseException as exc:
        abandon(new_site, exc, site_dir, build_root)
        raise
    finally:
        if site_data is not None:
            site_data.close()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    kind = caches.kind_of(settings.languages)  # each cache keeps what the last build of each kind used
    units.prune(units.cache_dir(root), caches.kept_entries(
        root, "units", kind, {entry.name for parts in built.values() for _, entry, _ in parts}))
    raster.prune(raster.cache_dir(root), caches.kept_entries(root, "png", kind, drawn))
    validated_cache.prune(validated_cache.cache_dir(root), caches.kept_entries(root, "validated", kind, checked))
    rendered_cache.prune(rendered_cache.cache_dir(root), caches.kept_entries(root, "rendered", kind, reused))
    plan_data.prune(plan_data.cache_dir(root), caches.kept_entries(root, "data", kind, kept_data))
    return BuildResult(site_dir, report, len(plans), n_indicators, n_pages,
                       notices, rasterised, sum(len(parts) for parts in built.values()), ran)


def _build_shard(root: Path, settings: config.Settings, plans: list, rendered: dict, statics: dict, alternates: dict,
                 shard: tuple[int, int], report: Report, n_indicators: int, rasterised: int = 0) -> BuildResult:
    """Build one shard's units into the cache (``build_site(shard=…)``); nothing is published."""
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(prefix="docs-", dir=root / "build"))
        built, ran = site_units.run_units(root, settings, plans, rendered, statics, alternates, staging,
                                           shards.units_of(plans, shard))
    except OSError as exc:
        failed = publish.failure(exc, units.cache_dir(root), root / "build")
        if failed is not None:
            raise failed from exc
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    count = sum(len(parts) for parts in built.values())
    return BuildResult(units.cache_dir(root), report, len(plans), n_indicators,
                       sum(len(dict(u.pages)) for parts in built.values() for u, _, _ in parts), (), rasterised, count, ran)
