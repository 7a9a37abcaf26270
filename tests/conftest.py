"""Shared fixtures: the real site built once per session, and tiny packages made per test."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from filelock import FileLock

from generator.spec.package import build_descriptor

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
VARNAMO = "varnamo-medborgarnamnden-2024-2026"


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """The whole suite (``pytest`` without paths) runs on pytest-xdist's workers, one per core and at
    most four; a file or test named on the command line runs in this process, as does ``-n 0``.
    (Not ``addopts = "-n auto"``: ``-p no:xdist`` would then stop at the unknown ``-n``.)"""
    if not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput"):
        return
    if config.option.numprocesses is None and config.args_source == pytest.Config.ArgsSource.TESTPATHS:
        config.option.numprocesses = "auto"
        config.option.maxprocesses = config.option.maxprocesses or 4


# --- the real site, built once per test run ------------------------------------------------------
#
# ``build_site(ROOT, …)`` runs in a process of its own, started as soon as the tests are collected
# (if any test reads the site), so that it builds while the other tests run; under pytest-xdist the
# first worker starts it and every worker reads the same site. Its process holds ``running.lock``
# until it has written ``result.json``; a test that needs the site waits for that lock.

BUILD = """
import json, sys, traceback
from pathlib import Path
from filelock import FileLock
folder = Path(sys.argv[2])
with FileLock(folder / "running.lock"):
    (folder / "started").touch()
    try:
        from generator.build.pipeline import build_site
        build_site(Path(sys.argv[1]), folder / "site")
        result = {"ok": True}
    except BaseException:
        result = {"ok": False, "error": traceback.format_exc()}
    (folder / "result.json").write_text(json.dumps(result), encoding="utf-8")
"""
_build_process: list[subprocess.Popen] = []


def _run_folder(tmp_path_factory) -> Path:
    """A folder of this test run that all its processes share (under xdist each worker has its own
    basetemp inside the run's)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _site_folder(tmp_path_factory) -> Path:
    """The folder of this run's site build, started here if no process of the run has started it."""
    shared = _run_folder(tmp_path_factory)
    folder = shared / "built"
    with FileLock(shared / "built.lock"):
        if not folder.is_dir():
            folder.mkdir()
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
            with open(folder / "build.log", "wb") as log:
                process = subprocess.Popen([sys.executable, "-c", BUILD, str(ROOT), str(folder)], cwd=ROOT, env=env,
                                           stdout=log, stderr=subprocess.STDOUT)
            _build_process.append(process)
            while not (folder / "started").exists() and process.poll() is None:  # it holds running.lock
                time.sleep(0.02)
    return folder


@pytest.fixture(scope="session", autouse=True)
def _start_the_site_build(request, tmp_path_factory) -> None:
    if any("built_site" in item.fixturenames for item in request.session.items):
        _site_folder(tmp_path_factory)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read the built site run last, so that the build runs beside the others."""
    items.sort(key=lambda item: "built_site" in item.fixturenames)


def pytest_sessionfinish(session, exitstatus) -> None:
    for process in _build_process:
        if process.poll() is None and exitstatus == pytest.ExitCode.INTERRUPTED:
            process.terminate()  # the build stops mkdocs and removes its folders (BuildInterrupted)
        process.wait()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built from the shipped plans with the real build (mkdocs --strict included)."""
    folder = _site_folder(tmp_path_factory)
    with FileLock(folder / "running.lock"):  # free once the build's process has ended
        pass
    result = folder / "result.json"
    if not result.is_file():
        log = (folder / "build.log").read_text(encoding="utf-8", errors="replace")
        pytest.fail(f"the site build ended without a result:\n{log}", pytrace=False)
    outcome = json.loads(result.read_text(encoding="utf-8"))
    if not outcome["ok"]:
        pytest.fail(f"the site build failed:\n{outcome['error']}", pytrace=False)
    return folder / "site"


@dataclass(frozen=True)
class PageTags:
    """A page's elements as its start tags: (name, attributes, inside the page's first <article>),
    and the text of each <style>."""
    tags: tuple[tuple[str, dict[str, str | None], bool], ...]
    styles: tuple[str, ...]


class _TagReader(HTMLParser):
    """Reads a page with the tokenizer BeautifulSoup's "html.parser" uses, keeping only what the
    whole-site checks look at; a repeated attribute keeps its last value, as BeautifulSoup does.
    (Building a BeautifulSoup tree of every page took a minute: the site is over 50 MB of HTML.)"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], bool]] = []
        self.styles: list[str] = []
        self._article = 0  # depth inside the first <article>; -1 once it has closed
        self._style: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs), self._article > 0))
        if tag == "article" and self._article >= 0:
            self._article += 1
        if tag == "style":
            self._style = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article > 0:
            self._article -= 1
            if self._article == 0:
                self._article = -1
        if tag == "style" and self._style is not None:
            self.styles.append("".join(self._style))
            self._style = None

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style.append(data)


@pytest.fixture(scope="module")
def server(built_site: Path):
    """The session's built site served over HTTP on a free port; its address, ending in "/"."""
    import functools
    import http.server
    import threading

    from .screenshots import QuietHandler

    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Chromium (tests/browser.py's CHROMIUM and ARGS), for a module's browser tests."""
    from playwright.sync_api import sync_playwright

    from .browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def page_tags(path: Path) -> PageTags:
    reader = _TagReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    if reader._style is not None:  # a <style> the page never closed: its text runs to the end
        reader.styles.append("".join(reader._style))
    return PageTags(tuple(reader.tags), tuple(reader.styles))


@pytest.fixture(scope="session")
def site_tags(built_site: Path, tmp_path_factory) -> dict[Path, PageTags]:
    """Every HTML page of the built site, read once in a test run for all the tests that read them
    all (under xdist the first worker to need them stores them for the others)."""
    stored = _run_folder(tmp_path_factory) / "site_tags.pickle"
    with FileLock(f"{stored}.lock"):
        if stored.is_file():
            return pickle.loads(stored.read_bytes())
        tags = {page: page_tags(page) for page in sorted(built_site.rglob("*.html"))}
        stored.write_bytes(pickle.dumps(tags, protocol=pickle.HIGHEST_PROTOCOL))
    return tags


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


MINIMAL_PLAN = {
    "municipality": "Värnamo",
    "municipality_code": "0683",
    "board": "Testnämnden",
    "title": "Verksamhetsplan 2024",
    "document_type": "verksamhetsplan",
    "period_start": 2024,
    "period_end": 2025,
    "data_start": 2022,
    "source": {"title": "Testdokument"},
}

MINIMAL_FILES = {
    "goals.csv": csv_text(
        ["goal_id", "parent_id", "level", "level_label", "code", "title", "description", "decided_by", "agenda2030", "crc_articles", "section", "order", "note"],
        [["omrade", "", "area", "", "", "Trygghet", "", "", "", "", "1", "1", ""],
         ["mal-1", "omrade", "board_goal", "", "", "Kortare väntetider", "", "", "1;10.2", "", "1", "2", ""]]),
    "indicators.csv": csv_text(
        ["indicator_id", "goal_id", "name", "unit", "kind", "direction", "kolada_id", "concordance_key", "decided_by", "measures", "agenda2030", "table_id", "section", "order", "note"],
        [["vantetid", "mal-1", "Väntetid i dagar", "dagar", "target", "lower", "N31814", "", "", "", "", "", "1", "1", ""]]),
    "observations.csv": csv_text(
        ["indicator_id", "period", "value_type", "gender", "comparator", "value", "value_max", "printed", "trend", "comparison", "note"],
        [["vantetid", "2022", "utfall", "T", "", "13", "", "13", "", "", ""],
         ["vantetid", "2025", "mal", "T", "<=", "2", "", "≤2", "", "", ""]]),
    "budget_tables.csv": csv_text(["table_id", "budget_type", "title", "unit", "section", "order", "note"],
                                  [["drift", "drift", "Driftbudget", "mnkr", "", "1", ""]]),
    "budget_lines.csv": csv_text(["line_id", "table_id", "parent_id", "code", "name", "is_total", "section", "order", "note"],
                                 [["a", "drift", "summa", "", "Verksamhet A", "false", "", "1", ""],
                                  ["summa", "drift", "", "", "Summa", "true", "", "2", ""]]),
    "budget_values.csv": csv_text(["line_id", "column", "period", "value_type", "measure", "amount", "printed", "note"],
                                  [["a", "Budget 2024", "2024", "budget", "netto", "30.4", "30,4", ""],
                                   ["summa", "Budget 2024", "2024", "budget", "netto", "30.4", "30,4", ""]]),
}


def make_package(base: Path, plan_id: str = "testby-testnamnden-2024", files: dict[str, str] | None = None,
                 plan: dict | None = None, descriptor_patch=None) -> Path:
    """Write a small valid package (optionally with some files replaced) and return its folder."""
    folder = base / "datapackages" / plan_id
    folder.mkdir(parents=True, exist_ok=True)
    merged = {**MINIMAL_FILES, **(files or {})}
    for name, text in merged.items():
        if text is None:
            continue
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    present = [n[:-4] for n, t in merged.items() if t is not None and n.endswith(".csv")]
    descriptor = build_descriptor(plan_id, plan or dict(MINIMAL_PLAN), present)
    if descriptor_patch:
        descriptor_patch(descriptor)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def new_project(folder: Path) -> Path:
    """``folder`` made a project with the real mkdocs.yml and theme, and one tiny valid plan."""
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site_theme", folder / "site_theme")
    (folder / "content").mkdir()
    make_package(folder)
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with the real mkdocs.yml and theme, and one tiny valid plan."""
    return new_project(tmp_path)
