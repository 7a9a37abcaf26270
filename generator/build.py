"""Build: validate → load → render → write a staging folder → ``mkdocs build --strict`` → swap in.

Only this module writes files. The site is built into a temporary folder next to the target and
swapped in only when everything succeeded, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import yaml

from . import cells, charts, downloads, files, load, pages, urls
from .limits import max_file_bytes
from .problems import ValidatedPlan
from .validate import Report, validate_project


class BuildFailed(Exception):
    """The build stopped; nothing was changed in the target folder."""

    def __init__(self, message: str, report: Report | None = None, detail: str = ""):
        super().__init__(message)
        self.report = report
        self.detail = detail


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    report: Report
    plans: int
    indicators: int
    pages: int


Progress = Callable[[str, int], Callable[[int], None]]


def _nav_yaml(items: list[pages.NavItem]) -> list:
    """The nav for mkdocs.yml; titles come from the data and the theme prints them unescaped."""
    out = []
    for item in items:
        title = html.escape(item.title)
        if item.children:
            out.append({title: _nav_yaml(list(item.children))})
        else:
            out.append({title: item.path})
    return out


def _site_pages(content: Path, contact: str) -> dict[str, str]:
    """The site's own pages from ``content/site/`` (never through a link; validation refuses links
    there); ``{{ kontakt }}`` becomes ``extra.contact``."""
    folder = content / "site"
    if files.kind(folder) != "dir":
        return {}
    return {entry.rel: files.read_bytes(folder / entry.rel, max_file_bytes()).decode("utf-8").replace("{{ kontakt }}", contact)
            for entry in files.walk(folder) if entry.kind == "file" and entry.rel.endswith(".md")}


def _published_package(validated: ValidatedPlan) -> dict[str, str]:
    """The plan's package as published: the descriptor and the resources validation read, every
    CSV cell made safe for spreadsheets; a resource whose text that changed loses its
    ``bytes`` and ``hash`` (they described the source file)."""
    out = {rel: cells.neutralise_csv(text) for rel, text in validated.files.items() if rel != "datapackage.json"}
    descriptor = json.loads(validated.files["datapackage.json"])
    for resource in descriptor.get("resources", []):
        if out.get(resource.get("path")) != validated.files.get(resource.get("path")):
            resource.pop("bytes", None)
            resource.pop("hash", None)
    out["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return out


class _PythonName(str):
    """A Python object named in the engine's configuration (``!!python/name:``)."""


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigDumper.add_representer(
    _PythonName, lambda dumper, value: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value}", ""))


def _markdown_extensions(extensions: list) -> list:
    """The configured extensions with the table of contents' slugs from ``markup.heading_id``:
    an id made from a goal or indicator title never shadows the theme's or a chapter's."""
    out = []
    for item in extensions or []:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name == "toc":
            options = {**(options or {}), "slugify": _PythonName("generator.markup.heading_id")}
        out.append({name: options} if options else name)
    if not any((i if isinstance(i, str) else next(iter(i))) == "toc" for i in out):
        out.append({"toc": {"slugify": _PythonName("generator.markup.heading_id")}})
    return out


def _contact(config: dict) -> str:
    return str((config.get("extra") or {}).get("contact") or "kontaktuppgift saknas (ange extra.contact i mkdocs.yml)")


def _mkdocs_config(root: Path, config: dict, docs_dir: Path, site_dir: Path, nav: list) -> dict:
    """The project's mkdocs.yml with absolute paths and the generated navigation."""
    config = dict(config)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    theme = config["theme"] = dict(config.get("theme") or {})
    if "custom_dir" in theme:
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    if "hooks" in config:
        config["hooks"] = [str((root / h).resolve()) for h in config["hooks"]]
    config["nav"] = nav
    config["markdown_extensions"] = _markdown_extensions(config.get("markdown_extensions"))
    return config


def _run_mkdocs(config_file: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file)],  # --quiet would lift --strict
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        lines = [l for l in (proc.stderr + proc.stdout).splitlines() if l.strip()]
        raise BuildFailed("mkdocs build misslyckades", detail="\n".join(lines[-20:]))


def _swap_in(new: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = False,
               progress: Progress | None = None) -> BuildResult:
    """Build the whole site from ``root`` (datapackages/, content/, mkdocs.yml) into ``site_dir``."""
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    datapackages, content = root / "datapackages", root / "content"
    report = validate_project(datapackages, content)
    if not report.ok:
        raise BuildFailed(f"{len(report.errors)} fel i indata", report)
    if strict and report.warnings:
        raise BuildFailed(f"{len(report.warnings)} varningar (--strict)", report)
    plans = [replace(load.load_plan(datapackages / name, None), chapters=report.validated[name].chapters)
             for name in report.plans]

    n_indicators = sum(len(p.indicators) for p in plans)
    tick = progress("Diagram och sidor", n_indicators) if progress else None
    site_config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    rendered = pages.render_site(plans, _site_pages(content, _contact(site_config)), charts.spec_to_svg, tick,
                                 concordance=list(report.concordance))
    download_files = downloads.render_downloads(plans)

    build_root = root / "build"
    build_root.mkdir(exist_ok=True)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="docs-", dir=build_root))
    new_site = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        docs = staging / "docs"
        for rel, text in {**rendered.pages, **download_files}.items():
            path = docs / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        published = {urls.package_file(name, rel): text for name in report.plans
                     for rel, text in _published_package(report.validated[name]).items()}
        for rel, text in published.items():  # only what the package declares, as validated
            path = docs / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for name in report.assets:  # only the images validation listed, never through a link
            path = docs / "assets" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files.read_bytes(content / "assets" / name, max_file_bytes()))
        config = _mkdocs_config(root, site_config, docs, new_site, _nav_yaml(rendered.nav))
        config_file = staging / "mkdocs.yml"
        config_file.write_text(yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False),
                               encoding="utf-8")
        _run_mkdocs(config_file)
        _swap_in(new_site, site_dir)
    except BaseException:
        shutil.rmtree(new_site, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(site_dir, report, len(plans), n_indicators, len(rendered.pages))
