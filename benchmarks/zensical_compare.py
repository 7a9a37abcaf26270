"""MkDocs (our engine) beside Zensical on the same docs: one whole language, no units, no hook.

    python benchmarks/zensical_compare.py OUT [--lang sv] [--project CORPUS] [--zensical /tmp/zvenv/bin/zensical]

Writes OUT/docs (every page of the language as our build renders it, plus the files the engine
would copy: charts, PNGs, downloads, images), OUT/mkdocs.yml (``engine.config`` with the full nav,
docs_dir and site_dir relative to OUT, no unit hook) and OUT/zensical.yml (the same but its site_dir;
Zensical reads mkdocs.yml syntax), then runs ``mkdocs build`` (this
Python) and ``zensical build`` under ``/usr/bin/time -v`` into OUT/site-mkdocs and OUT/site-zensical.
Wall, CPU (user + system) and peak RSS of each go to OUT/timings.json, their output to OUT/*.log.
Zensical is in the project's test extras (``--zensical .venv/bin/zensical``), or in a venv of its
own: ``python3 -m venv /tmp/zvenv && /tmp/zvenv/bin/pip install zensical nh3``; it is run with
PYTHONPATH=<this checkout>, so that it can import the slugify our configuration names
(``generator.ingest.markup.heading_id``). Nothing here is used by the build; see benchmarks/ZENSICAL.md.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from generator.authoring import blank  # noqa: E402
from generator.build import engine, languages, pipeline, raster, site_units  # noqa: E402
from generator.config import settings as config  # noqa: E402
from generator.ingest import files  # noqa: E402
from generator.outputs import downloads, open_data  # noqa: E402
from generator.render import charts, pages  # noqa: E402
from generator.spec import urls  # noqa: E402
from generator.validate.project import validate_project  # noqa: E402


def write_docs(out: Path, lang: str, png_cache: Path, project: Path = ROOT) -> dict:
    """The language's pages and static files of ``project`` (this checkout, or a corpus made by
    ``corpus.py``) in OUT/docs; returns its engine configuration."""
    settings = config.read(project)
    report = validate_project(project / "datapackages", project / "content", settings.limits, site=settings)
    assert report.ok, report
    plans = [replace(report.validated[n].plan, chapters=report.validated[n].chapters) for n in report.plans]
    folders = languages.folders(settings)
    folder = folders[lang]
    site_pages = languages.site_pages(report.site_pages, settings)
    site = pages.render_site(plans, site_pages[lang], charts.to_svg, None, concordance=list(report.concordance),
                             lang=lang, site_url=settings.site_url, folder=folder)
    # the languages have the same page paths (languages.py): the switch needs only the paths
    alternates = languages.alternates({code: site.pages for code in folders}, settings)
    statics: dict[str, bytes] = {}
    pngs, _ = raster.rasterise({p: s for p, s in site.files.items() if p.endswith(".svg")}, png_cache)
    if not folder:  # the root language publishes the downloads (pipeline._build)
        download_files = downloads.render_downloads(plans)
        published = {n: pipeline._published_package(report.validated[n]) for n in report.plans}
        packages = {urls.package_file(n, rel): text for n in report.plans for rel, text in published[n].items()}
        opened = open_data.render_open_data(plans, {**download_files, **site.files, **packages}, published, settings,
                                            {urls.TEMPLATE: blank.blank_template_bytes(lang=lang), **pngs})
        statics.update({rel: text.encode("utf-8") for rel, text in {**download_files, **packages}.items()})
        statics.update(opened.files)
    else:
        statics.update(pngs)
    statics.update({rel: text.encode("utf-8") for rel, text in site.files.items()})
    for name in report.assets:
        statics[f"assets/{name}"] = files.read_bytes(project / "content" / "assets" / name, settings.limits.max_file_bytes)
    docs = out / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for rel, text in site.pages.items():
        _write(docs / rel, text.encode("utf-8"))
    for rel, data in statics.items():
        _write(docs / rel, data)
    engine_settings = {**settings.engine, "site_url": settings.site_url} if settings.site_url else settings.engine
    return engine.config(project, engine_settings, Path("docs"), Path("site-mkdocs"), site_units.nav_yaml(site.nav),
                         lang=lang, folder=folder, site_texts=settings.texts(lang),
                         alternates=alternates[lang]) | {"_pages": len(site.pages), "_files": len(statics)}


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def zensical_config(cfg: dict, out: Path, variant: str | None, by_url: bool, suffix: str = "") -> dict:
    """Our configuration as Zensical gets it: only the output folder differs. Zensical 0.0.73 takes
    it whole (the ``!!python/name:`` slugify too, when ``generator`` and nh3 import in its venv) and
    drops what it does not support without a word (search ``lang``; see ZENSICAL.md).

    ``variant``: the theme's ``variant`` (Zensical's default is ``modern``; ``classic`` is Material's
    look). The theme finds a page's versions by ``page.url`` (``extra.plansite_alternates`` is keyed
    by MkDocs' spelling of it, ``a/b/``); ``by_url`` adds the other spellings Zensical may use
    (``/a/b/``, ``.`` and ``./`` for the start page). Before 2026-12-03 it also rewrote a copy of the
    theme, which looked pages up by ``page.file``: the theme now does what that trial did."""
    z = {**copy.deepcopy(cfg), "site_dir": "site-zensical" + suffix}
    if variant:
        z["theme"]["variant"] = variant
    if by_url:
        alternates = z["extra"].get("plansite_alternates") or {}
        for url, versions in list(alternates.items()):
            for key in _urls(url):
                alternates[key] = versions
    return z


def _urls(url: str) -> set[str]:
    """The ways a page's URL (MkDocs' ``page.url``, ``a/b/`` or ``""``) may be written."""
    return {url, "/" + url, url or ".", url or "./"}


TIME_FIELDS = {"wall": r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", "user": r"User time \(seconds\): (\S+)",
               "sys": r"System time \(seconds\): (\S+)", "rss_kb": r"Maximum resident set size \(kbytes\): (\d+)",
               "exit": r"Exit status: (\d+)"}


def timed(args: list[str], cwd: Path, log: Path, env: dict | None = None) -> dict:
    """One run under ``nice -n 19 /usr/bin/time -v``: its numbers and its exit status."""
    timing = log.with_suffix(".time")
    with open(log, "wb") as fh:
        rc = subprocess.call(["nice", "-n", "19", "/usr/bin/time", "-v", "-o", str(timing), *args], cwd=cwd, env=env,
                             stdout=fh, stderr=subprocess.STDOUT)
    text = timing.read_text(encoding="utf-8", errors="replace")
    got = {k: (m.group(1) if (m := re.search(p, text)) else None) for k, p in TIME_FIELDS.items()}
    parts = [float(x) for x in (got["wall"] or "0").split(":")]
    wall = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    return {"rc": rc, "wall_s": round(wall, 2), "cpu_s": round(float(got["user"] or 0) + float(got["sys"] or 0), 2),
            "rss_mb": round(int(got["rss_kb"] or 0) / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="sv")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project to build (default this checkout; "
                        "a corpus folder written by benchmarks/corpus.py)")
    parser.add_argument("--zensical", default="/tmp/zvenv/bin/zensical")
    parser.add_argument("--png-cache", type=Path, default=None, help="chart PNG cache (default OUT/png-cache)")
    parser.add_argument("--only", choices=("mkdocs", "zensical"), default=None)
    parser.add_argument("--variant", choices=("modern", "classic"), default=None, help="Zensical's theme variant")
    parser.add_argument("--by-url", action="store_true", help="Zensical: theme copy keyed by page.url (a trial)")
    parser.add_argument("--site-suffix", default="", help="Zensical's output folder: site-zensical<suffix>")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    cfg = write_docs(out, args.lang, args.png_cache or out / "png-cache", args.project.resolve())
    counts = {"pages": cfg.pop("_pages"), "files": cfg.pop("_files")}
    engine.write_config(out / "mkdocs.yml", cfg)
    engine.write_config(out / "zensical.yml", zensical_config(cfg, out, args.variant, args.by_url, args.site_suffix))
    results = {"counts": counts}
    if args.only in (None, "mkdocs"):
        shutil.rmtree(out / "site-mkdocs", ignore_errors=True)
        results["mkdocs"] = timed([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml"], out, out / "mkdocs.log")
    if args.only in (None, "zensical"):
        shutil.rmtree(out / f"site-zensical{args.site_suffix}", ignore_errors=True)
        zensical = str(Path(args.zensical).resolve()) if "/" in args.zensical else args.zensical  # run from OUT
        results["zensical"] = timed([zensical, "build", "--clean", "-f", "zensical.yml"], out,
                                    out / f"zensical{args.site_suffix}.log",
                                    {**os.environ, "PYTHONPATH": str(ROOT)})
    (out / f"timings{args.site_suffix}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
