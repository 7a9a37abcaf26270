"""The downloads as a site of their own: ``plansite build --downloads``.

A national site in two languages is over GitHub Pages' 1 GB even as one site per language
(``extra.language_sites``): the first language's site also carries the downloads, a sixth of it.
With ``extra.data_site`` (the address of a site for the downloads alone) no site of pages publishes
them; each links its downloads there (``Settings.data_site``), and this build makes that site:
``data/`` as the first language's site would have held it (the site's CSVs, each plan's indicator
downloads, package and zip, the database, workbook, catalogue and ``data/index.json``), and each
indicator chart's PNG and Vega-Lite spec in every language (the first's in ``data/``, another's in
``<code>/data/``, as in a site of every language), drawn here; the SVG each page shows stays beside
it, on the pages' sites, which then make no PNG. The engine does not run: the
site's one page, at its root and at ``data/``, lists the files and links to each language's data
page, and its ``404.html`` leads there from any address it does not hold (``render.downloads_page``).

Like every build it validates first, writes a new folder beside the target (``newsite``: the
previous site's unchanged files are reused) and swaps it in only when everything succeeded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from generator.build import caches, languages, plan_data, publish, raster
from generator.build.pipeline import (
    BuildFailed,
    BuildResult,
    Progress,
    abandon,
    new_site_in,
    plan_parts,
    published_downloads,
    swap_in,
    validated,
    write_files,
)
from generator.config import settings as config
from generator.outputs import downloads, open_data
from generator.render import charts, downloads_page, pages
from generator.spec import urls
from generator.validate import cache as validated_cache


def build_downloads(root: Path, site_dir: Path | None = None, *, strict: bool = False,
                    progress: Progress | None = None) -> BuildResult:
    """Build the downloads' own site (``extra.data_site``) from ``root`` into ``site_dir``; as
    ``pipeline.build_site`` does, one build at a time, the previous site untouched on failure."""
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    try:
        settings = config.read(root, downloads=True)
    except config.SettingsError as exc:
        raise BuildFailed.of(exc.code, **exc.params) from None
    with publish.guard(root, site_dir, recycle=True) as guarded:
        return _build(root, site_dir, settings, strict, progress, guarded)


def _build(root: Path, site_dir: Path, settings: config.Settings, strict: bool, progress: Progress | None,
           guarded: publish.Guarded) -> BuildResult:
    checked: set[str] = set()  # the validation cache's entries this build used
    report, plans = validated(root, settings, strict, checked)
    tick = progress("downloads", len(plans)) if progress else None
    kept_data: set[str] = set()
    drawn: set[str] = set()  # the PNG cache's entries this build used
    plan_files = plan_data.cached(plan_data.cache_dir(root), {name: report.validated[name].inputs
                                                              for name in report.plans}, kept_data)
    new_site = None
    try:
        own = plan_parts(report, plans, plan_files, tick)
        site_csvs = downloads.site_downloads(plans, {plan.plan_id: own[name].site_rows
                                                     for name, plan in zip(report.plans, plans)})
        made = open_data.database_and_workbook(*open_data.site_data_inputs(plans, settings.language, site_csvs))
        published, distributed = published_downloads(report, own, site_csvs, {}, settings.language)
        del own, site_csvs
        new_site = new_site_in(site_dir, root / "build", guarded, None)
        data_files: dict[str, tuple[int, str]] = {}  # each file → its size and SHA-256, for data/index.json
        write_files(new_site, published, guarded, listed=data_files)
        del published
        folders = languages.folders(settings)
        charted = progress("charts", sum(ind.drawn for plan in plans for ind in plan.indicators) * len(folders)
                           ) if progress else None
        for lang, folder in folders.items():  # the first language's in data/index.json, as on a site of pages
            write_files(new_site, _charts(plans, lang, root, drawn, charted), guarded, folder,
                        None if folder else data_files)
        opened = open_data.site_files(plans, data_files, distributed, settings, lambda: made)
        for rel, data in opened.files.items():
            new_site.write(rel, data)
        site_name = settings.texts(settings.language).get("site_name", settings.site_name)
        for page in downloads_page.PAGES:  # not in data/index.json, which lists the data
            new_site.write(urls.site_url(page) + "index.html", downloads_page.downloads_page(
                plans, page=page, site_url=settings.site_url, site_name=site_name,
                pages=settings.pages_sites).encode("utf-8"))
        new_site.write(downloads_page.NOT_FOUND, downloads_page.not_found_page(
            site_url=settings.site_url, site_name=site_name, pages=settings.pages_sites).encode("utf-8"))
        swap_in(new_site, site_dir, root / "build")
    except BaseException as exc:
        abandon(new_site, exc, site_dir, root / "build")
        raise
    validated_cache.prune(validated_cache.cache_dir(root), caches.kept_entries(root, "validated", caches.DOWNLOADS, checked))
    plan_data.prune(plan_data.cache_dir(root), caches.kept_entries(root, "data", caches.DOWNLOADS, kept_data))
    raster.prune(raster.cache_dir(root), caches.kept_entries(root, "png", caches.DOWNLOADS, drawn))
    return BuildResult(site_dir, report, len(plans), sum(len(p.indicators) for p in plans), 0, opened.notices)


def _charts(plans: list, lang: str, root: Path, drawn: set[str],
            tick: Callable[[int], None] | None) -> dict[str, str | bytes]:
    """Every indicator chart's PNG and Vega-Lite spec in ``lang``, drawn as its page draws it
    (``pages.chart_files``), the PNGs through the project's cache (``raster``). The pages' sites
    keep only the SVG each page shows."""
    files: dict[str, str] = {}
    for plan in plans:
        files.update(pages.chart_files(plan, charts.to_svg, lang))
    pngs, _ = raster.rasterise({p: svg for p, svg in files.items() if p.endswith(".svg")}, raster.cache_dir(root),
                               drawn, tick)
    return {**pngs, **{p: spec for p, spec in files.items() if p.endswith(".vl.json")}}
