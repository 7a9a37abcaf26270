"""Build benchmark: the synthetic corpus at several sizes, each ratio against a floor from the same run.

    python benchmarks/build.py 5 60 290        # writes benchmarks/RESULTS.md (default sizes: 5 20)
    python benchmarks/build.py 5 60 --cold 290 # N = 290 measured by its cold build and each language alone

For each N it writes the corpus (``corpus.py``) and measures, each in a fresh child process:

* cold build — ``plansite build`` with no site and no build folder;
* warm build — the same command again, nothing changed;
* one plan changed — one note in one plan's observations.csv edited, then built again;
* floor — stock mkdocs-material (no overrides, no plugins beyond search) building the root language's
  pages as our build renders them (the Markdown only, no downloads), with a lean nav (one entry per plan);

with wall time, CPU time (user + system of the child and its children) and peak memory (all its
processes together, and the largest alone); then the site's size, the first-visit weight of an
indicator page (its HTML, CSS, JS and the search index, gzip), its size as GitHub Pages receives it
(tar, and deflated), and where the time goes inside each build (each step timed inside it); then the
corpus built in two shards and merged (``two_shards``), the merged site compared file by file with
the unsharded one; last, each language built as a site of its own (``plansite build --language``),
its run and size.
Ratios are against the floor measured in the same run, so a slow or busy machine moves both.
"""

from __future__ import annotations

import csv
import filecmp
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float  # the largest RSS of any one process of the run (``ru_maxrss``)
    ok: bool
    tree_mb: float = 0.0  # the most memory the run's processes held together (``TreeMemory``)


def _children() -> dict[int, list[int]]:
    """Each process's children, from /proc (a process that ends meanwhile is left out)."""
    out: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    parent = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            out.setdefault(parent, []).append(int(entry.name))
    return out


def _pss_kb(pid: int) -> int:
    """The proportional set size of one process (shared pages divided among their sharers), 0 if gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """The peak of the memory one process and all its descendants hold together, sampled every
    ``EVERY`` seconds as the sum of their proportional set sizes (a page shared by forked workers
    counted once, split among them; ``ru_maxrss`` gives only the largest single process, while the
    build runs its engine workers, its PNG pool and its database writer beside itself). A peak
    shorter than the interval can be missed."""
    EVERY = 0.2

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.EVERY):
            children, tree, total = _children(), [self.pid], 0
            while tree:
                pid = tree.pop()
                total += _pss_kb(pid)
                tree.extend(children.get(pid, ()))
            self.peak_kb = max(self.peak_kb, total)


def measure(args: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Wall and CPU time of one command and everything it started (``wait4``), the largest RSS of
    any one of its processes and the peak of what they held together (``TreeMemory``)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: nobody reads a pipe during wait4, and a
        # build that warns more than a pipe holds (64 KB; 60 plans do) would block on it for ever
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        memory = TreeMemory(proc.pid)
        memory.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        memory.done.set()
        memory.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            sys.stderr.write(errors.read().decode("utf-8", "replace")[-2000:])
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode == 0,
               memory.peak_kb / 1024)


def change_one_note(path: Path) -> None:
    """Edit the note of the first row: the smallest change a publisher makes."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["note"] = (rows[0]["note"] + " Ändrad.").strip()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


KINDS = (("HTML", (".html",)), ("PNG", (".png",)), ("SVG", (".svg",)), ("Vega-Lite", (".vl.json",)),
         ("search", ("search_index.json",)), ("data", (".csv", ".json", ".zip", ".xlsx", ".sqlite", ".jsonld", ".rdf")))


def site_kinds(site: Path) -> dict[str, float]:
    """MB of the site by kind of file (the theme's assets and the rest are "other"), and "root
    language": what the site holds outside the other languages' folders (``en/``), about what a
    site in the root language alone would be."""
    out = dict.fromkeys([name for name, _ in KINDS] + ["other", "root language"], 0.0)
    others = {p.name for p in site.iterdir() if p.is_dir() and (p / "search").is_dir() and (p / "index.html").is_file()
              and len(p.name) == 2}  # the other languages' folders: two letters, with their own search
    for path in site.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        size = path.stat().st_size / 1e6
        kind = next((name for name, ends in KINDS if path.name.endswith(ends)), "other")
        out[kind] += size
        if path.relative_to(site).parts[0] not in others:
            out["root language"] += size
    return out


def pages_artifact(site: Path) -> tuple[int, int]:
    """Bytes of the site as GitHub Pages receives it: ``actions/upload-pages-artifact`` tars the
    folder (hidden files left out; its README asks to keep the tar under 1 GB, Pages' supported
    size), and ``actions/upload-artifact`` stores that tar deflated at its default level, 6 (the
    size ``actions/deploy-pages`` warns about above 1 GiB). Returns (tar, deflated), counted as the
    tar is made, so nothing is written."""
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    size = tar_size = 0

    class Sink:
        def write(self, data: bytes) -> int:
            nonlocal size, tar_size
            tar_size += len(data)
            size += len(deflate.compress(data))
            return len(data)

    with tarfile.open(fileobj=Sink(), mode="w|", format=tarfile.GNU_FORMAT) as tar:
        for path in sorted(site.rglob("*")):
            rel = path.relative_to(site)
            if any(part.startswith(".") for part in rel.parts) or path.is_symlink():
                continue
            tar.add(path, arcname=f"./{rel.as_posix()}", recursive=False)
    size += len(deflate.flush())
    return tar_size, size


DOWNLOADS = "downloads"  # in the table of sites of their own, beside the languages


def language_sites(project: Path, env: dict) -> list[dict]:
    """Each language of the corpus built as a site of its own (``extra.language_sites``,
    ``plansite build --language``), cold after the builds above (their caches are kept, but every
    unit's language switch differs), and the downloads as a site of their own (``extra.data_site``,
    ``plansite build --downloads``): each one's run, files and Pages size. Each site is removed once
    measured."""
    config = project / "mkdocs.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    languages = data["extra"]["languages"]
    data["extra"]["language_sites"] = {lang: f"https://{lang}.plans.example.org/" for lang in languages}
    data["extra"]["data_site"] = "https://data.plans.example.org/"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = []
    for lang in [*languages, DOWNLOADS]:
        site = project / f"site-{lang}"
        which = ["--downloads"] if lang == DOWNLOADS else ["--language", lang]
        run = measure([sys.executable, "-m", "generator.cli", "build", "--quiet", "--root", str(project),
                       "--site-dir", str(site), *which], ROOT, env)
        tar, deflated = pages_artifact(site)
        out.append({"lang": lang, "run": run, "files": sum(1 for p in site.rglob("*") if p.is_file()),
                    "site_mb": folder_size(site) / 1e6, "tar_mb": tar / 1e6, "artifact_mb": deflated / 1e6})
        shutil.rmtree(site, ignore_errors=True)
    return out


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0


def first_visit(site: Path) -> dict[str, int]:
    """gzip bytes a first visit to an indicator page downloads: HTML, CSS, JS and the search index it
    reads at once (its plan's own, build/search.py; none where the page fetches it only when the
    reader searches, site_theme/main.html); the heaviest over the first indicator page of each plan.
    ``searched`` is the index the page fetches when the reader searches."""
    first: dict[str, Path] = {}
    for page in sorted(site.glob("*/indikatorer/*/index.html")):
        first.setdefault(page.relative_to(site).parts[0], page)
    return max((_visit(site, page) for page in first.values()), key=lambda v: v["html"] + v["css_js"] + v["search"])


def _visit(site: Path, page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    assets = [site / ref.split('"')[0].lstrip("./").replace("../", "") for ref in html.split('href="')[1:]
              if ref.split('"')[0].endswith(".css")]
    assets += [site / ref.split('"')[0].replace("../", "") for ref in html.split('src="')[1:]
               if ref.split('"')[0].endswith(".js")]
    css_js = sum(gz(a) for a in {a.resolve() for a in assets if a.resolve().is_file()})
    own = site / page.relative_to(site).parts[0] / "search" / "search_index.json"
    index = own if own.is_file() else site / "search" / "search_index.json"
    lazy = "plansite-search.js" in html  # the index waits for the reader to search (its script)
    return {"html": gz(page), "css_js": css_js, "search": 0 if lazy else gz(index), "searched": gz(index),
            "page": str(page.relative_to(site))}


FLOOR_SCRIPT = r"""
import sys
from pathlib import Path
from generator.build import pipeline
keep = Path(sys.argv[2])
real = pipeline.pages.render_site
kept = []
def render_site(*args, **kwargs):
    site = real(*args, **kwargs)
    if not kept:  # the root language's pages, as the build hands them to the engine
        kept.append(site)
        for rel, text in site.pages.items():
            path = keep / "docs" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return site
pipeline.pages.render_site = render_site
pipeline.build_site(Path(sys.argv[1]), Path(sys.argv[1]) / "site-floor")
"""


def floor_project(project: Path, keep: Path, plan_ids: list[str]) -> Path:
    """The page sources of one build, with a stock mkdocs-material config and a lean nav."""
    keep.mkdir(parents=True)
    subprocess.run([sys.executable, "-c", FLOOR_SCRIPT, str(project), str(keep)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config = {
        "site_name": "Floor", "docs_dir": str(keep / "docs"), "site_dir": str(keep / "site"),
        "use_directory_urls": True, "theme": {"name": "material", "language": "sv", "font": False},
        "plugins": ["search"], "markdown_extensions": ["tables", "attr_list", {"toc": {"permalink": False}}],
        "nav": [{"Start": "index.md"}] + [{pid: f"{pid}/index.md"} for pid in plan_ids],
    }
    (keep / "floor.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return keep / "floor.yml"


PROFILED = r"""
import json, os, sys, time
from generator.build import engine, links, merge, newsite, pipeline, plan_data, publish, raster, rendered, search, units
from generator.validate import cache as validated
from generator.outputs import open_data
from generator.render import pages
spent = {}
def timed(name, owner, attribute):
    func = getattr(owner, attribute)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0) + time.perf_counter() - start
    setattr(owner, attribute, wrapper)
timed("validate", pipeline, "validate_project")
timed("render (pages, charts)", pages, "render_site")
timed("PNG", raster, "rasterise")
timed("open data", open_data, "plan_files")
timed("open data", open_data, "site_files")
timed("site folder", pipeline, "new_site_in")
timed("write files", newsite.NewSite, "write")
timed("engine (units)", engine, "run_units")
timed("merge", merge, "merge")
timed("link check", links, "check")
timed("link check", links, "check_anchors")
timed("search split", search, "split_index")
timed("swap in", newsite.NewSite, "finish")
timed("swap in", publish, "swap_in")
timed("prune caches", units, "prune")
timed("prune caches", raster, "prune")
timed("prune caches", validated, "prune")
timed("prune caches", rendered, "prune")
timed("prune caches", plan_data, "prune")
start = time.perf_counter()
try:
    from generator.cli import main
    main()
finally:
    spent["whole build"] = time.perf_counter() - start
    with open(os.environ["PLANSITE_BENCH_PHASES"], "w") as fh:
        json.dump(spent, fh)
"""


def profiled(args: list[str], cwd: Path, env: dict, phases_file: Path) -> tuple[Run, dict[str, float]]:
    """One build measured as ``measure`` does, with the time of each of its steps (validation,
    rendering, PNGs, open data, writing, the engine, merging, the link check, the search split)
    taken inside it: the wrappers cost microseconds a call, so the profile is of the build itself."""
    phases_file.unlink(missing_ok=True)  # a run that writes none is not given the last one's
    run = measure([sys.executable, "-c", PROFILED, *args], cwd, {**env, "PLANSITE_BENCH_PHASES": str(phases_file)})
    try:
        spent = json.loads(phases_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        spent = {}
    return run, spent


def bench(n: int, work: Path, cold_only: bool = False) -> dict:
    project = work / f"corpus-{n}"
    ids = corpus.write_corpus(n, project)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["build", "--quiet", "--root", str(project), "--site-dir", str(project / "site")]
    phases: dict[str, dict[str, float]] = {}
    cold, phases["cold"] = profiled(args, ROOT, env, work / f"phases-{n}.json")
    site = project / "site"
    if cold_only:
        tar, artifact = pages_artifact(site)
        result = {"n": n, "pages": sum(1 for _ in site.rglob("index.html")), "cold": cold, "warm": None,
                  "changed": None, "floor": None, "site_mb": folder_size(site) / 1e6, "visit": first_visit(site),
                  "phases": phases, "kinds": site_kinds(site), "artifact_mb": artifact / 1e6, "tar_mb": tar / 1e6}
        shutil.rmtree(site, ignore_errors=True)
        result["languages"] = language_sites(project, env)
        shutil.rmtree(project, ignore_errors=True)
        return result
    warm, phases["warm"] = profiled(args, ROOT, env, work / f"phases-{n}.json")
    change_one_note(project / "datapackages" / ids[0] / "observations.csv")
    changed, phases["one plan changed"] = profiled(args, ROOT, env, work / f"phases-{n}.json")
    size = folder_size(site)
    kinds = site_kinds(site)
    tar, artifact = pages_artifact(site)
    pages = sum(1 for _ in site.rglob("index.html"))
    visit = first_visit(site)
    config = floor_project(project, work / f"floor-{n}", ids)
    floor = measure([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)], ROOT, env)
    shutil.rmtree(work / f"floor-{n}", ignore_errors=True)
    shutil.rmtree(project / "site-floor", ignore_errors=True)
    shards = two_shards(project, site, work / f"shards-{n}", env)
    shutil.rmtree(site, ignore_errors=True)
    each = language_sites(project, env)
    shutil.rmtree(project, ignore_errors=True)  # a larger N after this one needs the disk
    return {"n": n, "pages": pages, "cold": cold, "warm": warm, "changed": changed, "floor": floor,
            "site_mb": size / 1e6, "visit": visit, "phases": phases, "kinds": kinds, "artifact_mb": artifact / 1e6,
            "tar_mb": tar / 1e6, "languages": each, "shards": shards}


def two_shards(project: Path, site: Path, work: Path, env: dict) -> dict:
    """The corpus built in two shards and merged, as the README's GitHub Actions matrix does it, each
    job in a copy of the project of its own (no build folder, no site); the merged site compared with
    ``site``, the unsharded build of the same corpus: ``runs`` (shard 1, shard 2, merge), ``files``
    (in the merged site) and ``differing`` (paths that differ or are in one site only)."""
    def copy(name: str) -> Path:
        return Path(shutil.copytree(project, work / name, ignore=lambda folder, names: [
            n for n in names if Path(folder) == project and (n in ("build", "site") or n.startswith("site-"))]))

    runs = []
    for k in (1, 2):
        part = copy(f"shard-{k}")
        runs.append(measure([sys.executable, "-m", "generator.cli", "build", "--quiet", "--root", str(part),
                             "--site-dir", str(part / "site"), "--shard", f"{k}/2"], ROOT, env))  # (the site
        # folder's leftovers are looked after even by a shard: never this checkout's)
    final = copy("final")
    for k in (1, 2):
        shutil.copytree(work / f"shard-{k}" / "build" / "cache", final / "build" / "cache", dirs_exist_ok=True)
        shutil.rmtree(work / f"shard-{k}", ignore_errors=True)
    runs.append(measure([sys.executable, "-m", "generator.cli", "build", "--quiet", "--root", str(final),
                         "--site-dir", str(final / "site")], ROOT, env))
    merged = final / "site"
    ours = {p.relative_to(merged).as_posix() for p in merged.rglob("*") if p.is_file()} if merged.is_dir() else set()
    theirs = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    differing = sorted((ours ^ theirs) | {rel for rel in ours & theirs
                                          if not filecmp.cmp(merged / rel, site / rel, shallow=False)})
    shutil.rmtree(work, ignore_errors=True)
    return {"runs": runs, "files": len(ours), "differing": differing}


def machine() -> str:
    cpus = os.cpu_count()
    mem = ""
    try:
        kb = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{platform.machine()}, {cpus} cores{mem}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def report(results: list[dict]) -> str:
    lines = ["# Build benchmark results", "",
             f"Written by `python benchmarks/build.py {_command(results)}` on "
             f"{time.strftime('%Y-%m-%d')}. Machine: {machine()}. The machine is shared, so read the ratios, "
             "which compare runs made minutes apart on the same machine, rather than the seconds.", "",
             "| N | pages | cold build | warm build | one plan changed | floor (stock Material, lean nav) | "
             "cold ÷ floor | warm ÷ floor | changed ÷ cold | peak memory (cold) | site | first visit, gzip |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        cold, warm, changed, floor = r["cold"], r["warm"], r["changed"], r["floor"]
        visit = r["visit"]
        total = visit["html"] + visit["css_js"] + visit["search"]
        if floor is None:  # measured by its cold build only (--cold)
            middle = "not run | not run | not run | – | – | –"
        else:
            middle = (f"{_run(warm)} | {_run(changed)} | {_run(floor)} | {cold.wall / floor.wall:.2f} | "
                      f"{warm.wall / floor.wall:.2f} | {changed.wall / cold.wall:.2f}")
        lines.append(
            f"| {r['n']} | {r['pages']} | {_run(cold)} | {middle} | "
            f"{_memory(cold)} | {r['site_mb']:.0f} MB | "
            f"{total / 1024:.0f} KB (page {visit['html'] / 1024:.0f}, CSS+JS {visit['css_js'] / 1024:.0f}, "
            f"search {visit['search'] / 1024:.0f}; its index when searched {visit['searched'] / 1024:.0f}) |")
    lines += ["", f"Each plan of the corpus has {corpus.INDICATORS} indicators (`benchmarks/corpus.py`). A build is "
              "its wall time, then its CPU time (user and system, the build and every process it started) and "
              "its peak memory: all its processes together (the sum of their proportional set sizes, sampled "
              "every 0.2 s), then the largest one alone (RSS). The floor builds the root language's pages only "
              "(about half of a two-language site's), so each ratio against it is the stricter for it.", "",
              "Targets (issue 14): at N = 290 cold ≤ 10 min, peak RSS ≤ 2 GB, site ≤ 1 GB (as a Pages tar; "
              "in two languages, each language as a site of its own, below); cold ≤ 1.5× floor, "
              "warm ≤ 1.1× floor, one plan changed ≤ 5 % of cold; first visit ≤ 100 KB gzip.", "",
              "## Where the time goes (seconds of wall time)", "",
              "Each step timed inside each build above (`PROFILED`); the engine runs the units on every "
              "core, the other steps in the build's one process; \"site folder\" is the wait for the folder "
              "the build writes into (the scan of the one taken back); \"other\" is the rest (reading the "
              "settings, the downloads, the units' navigation and keys, the pages' language versions).", ""]
    rows = [(r["n"], run, spent) for r in results for run, spent in r["phases"].items() if spent]
    names = list(dict.fromkeys(name for _, _, spent in rows for name in spent if name != "whole build"))
    if names:
        lines += ["| N | build | " + " | ".join(names) + " | other | whole build |", "|---|---|" + "---|" * (len(names) + 2)]
    else:
        lines.append("Not measured in this run.")
    for n, run, spent in rows:
        other = spent.get("whole build", 0) - sum(spent.get(name, 0) for name in names)
        lines.append(f"| {n} | {run} | " + " | ".join(f"{spent.get(name, 0):.1f}" for name in names)
                     + f" | {other:.1f} | {spent.get('whole build', 0):.1f} |")
    lines += ["", "## The site by kind of file (MB)", "",
              "\"root language\" is what lies outside the other languages' folders (`en/`): about what a site in "
              "the root language alone would be. \"Pages tar\" is the site as GitHub Pages receives it "
              "(`pages_artifact`: the tar that `actions/upload-pages-artifact` makes; its README asks to keep it "
              "under 1 GB, the size Pages supports), \"Pages artifact\" that tar deflated at level 6 as "
              "`actions/upload-artifact` stores it (`actions/deploy-pages` warns above 1 GiB of it).", ""]
    names = [name for name, _ in KINDS] + ["other", "root language"]
    lines += ["| N | " + " | ".join(names) + " | whole site | Pages tar | Pages artifact |", "|---|" + "---|" * (len(names) + 3)]
    for r in results:
        kinds = r.get("kinds") or {}
        artifact = f"{r['artifact_mb']:.0f}" if r.get("artifact_mb") is not None else "not measured"
        tar = f"{r['tar_mb']:.0f}" if r.get("tar_mb") is not None else "not measured"
        lines.append(f"| {r['n']} | " + " | ".join(f"{kinds.get(name, 0):.0f}" for name in names)
                     + f" | {r['site_mb']:.0f} | {tar} | {artifact} |")
    lines += ["", "## Each language and the downloads as sites of their own", "",
              "The same corpus with `extra.language_sites` (an address for each language) and `extra.data_site` "
              "(one for the downloads), each language built alone with `plansite build --language` after the "
              "builds above (cold for the engine: every page's language switch differs), then the downloads "
              "with `plansite build --downloads`. Each language's site then holds its pages and charts, and "
              "links its downloads to the downloads' site. \"Pages tar\" is what `actions/upload-pages-artifact` "
              "makes, the size GitHub Pages supports up to 1 GB.", "",
              "| N | site | build | peak memory | files | site | Pages tar | Pages artifact |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        for each in r.get("languages") or []:
            run = each["run"]
            lines.append(f"| {r['n']} | {each['lang']} | {_run(run)}{'' if run.ok else ' FAILED'} | "
                         f"{_memory(run)} | {each['files']} | {each['site_mb']:.0f} MB | {each['tar_mb']:.0f} MB | "
                         f"{each['artifact_mb']:.0f} MB |")
    lines += ["", "## Two shards, then the merge", "",
              "As the README's GitHub Actions matrix runs it: `plansite build --shard 1/2` and `--shard 2/2`, each in "
              "a copy of the corpus of its own with no build folder (here one after the other; in Actions on "
              "machines of their own at once), then a plain `plansite build` in a third copy holding both "
              "shards' `build/cache/`. Its site is compared, file by file, byte for byte, with the site of the "
              "unsharded builds above (the cold build, then warm, then one plan changed).", "",
              "| N | shard 1 of 2 | shard 2 of 2 | merge | files | differing or missing |", "|---|---|---|---|---|---|"]
    for r in results:
        shards = r.get("shards")
        if shards:
            first, second, merge = shards["runs"]
            told = ", ".join(shards["differing"][:5]) + (" …" if len(shards["differing"]) > 5 else "")
            lines.append(f"| {r['n']} | {_run(first)} | {_run(second)} | {_run(merge)} | {shards['files']} | "
                         f"{len(shards['differing'])}{': ' + told if told else ''} |")
    failed = [f"N = {r['n']}: {name}" for r in results for name in ("cold", "warm", "changed", "floor")
              if r[name] is not None and not r[name].ok]
    failed += [f"N = {r['n']}: {each['lang']} alone" for r in results for each in r.get("languages") or [] if not each["run"].ok]
    failed += [f"N = {r['n']}: shards" for r in results if r.get("shards") and not all(x.ok for x in r["shards"]["runs"])]
    if failed:
        lines += ["", "Failed runs: " + "; ".join(failed)]
    return "\n".join(lines) + "\n"


def _run(run: Run) -> str:
    return f"{run.wall:.1f} s (CPU {run.cpu:.1f} s)"


def _memory(run: Run) -> str:
    return f"{run.tree_mb:.0f} MB (largest process {run.rss_mb:.0f} MB)"


def _command(results: list[dict]) -> str:
    full = [str(r["n"]) for r in results if r["floor"] is not None]
    cold = [str(r["n"]) for r in results if r["floor"] is None]
    return " ".join(full + (["--cold"] + cold if cold else []))


def main(argv: list[str]) -> None:
    full = argv[:argv.index("--cold")] if "--cold" in argv else argv
    cold = argv[argv.index("--cold") + 1:] if "--cold" in argv else []
    sizes = [(int(a), False) for a in full] + [(int(a), True) for a in cold]
    sizes = sizes or [(5, False), (20, False)]
    with tempfile.TemporaryDirectory(prefix="plansite-bench-") as tmp:
        results = []
        for n, cold_only in sizes:
            print(f"N = {n}{' (cold build only)' if cold_only else ''} …", file=sys.stderr, flush=True)
            results.append(bench(n, Path(tmp), cold_only))
            (HERE / "RESULTS.md").write_text(report(results), encoding="utf-8")
    print((HERE / "RESULTS.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
