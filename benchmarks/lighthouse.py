"""Lighthouse (mobile) on three pages of a built site: performance and accessibility.

    python benchmarks/lighthouse.py site                 # writes benchmarks/LIGHTHOUSE.md, updates README.md
    python benchmarks/lighthouse.py /tmp/site --runs 5   # the median of five runs per page

Builds nothing: it serves the given site folder on 127.0.0.1 (``http.server`` in a thread, text
gzip-compressed when the browser asks, as GitHub Pages serves it) and runs
``node_modules/.bin/lighthouse`` (``npm ci`` installs it) with Debian's Chromium in Lighthouse's
default form factor, mobile, with its default simulated throttling (a mid-range phone on a slow 4G
connection). Each page is run ``--runs`` times and the run with the median performance score is
reported; its JSON report is kept in a temporary folder (``--reports`` to choose one).

Not part of the tests: timing on a shared machine is noisy. Targets (issue 15): accessibility 100
and performance at least 95 on every page.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility")
PAGES = (
    "",
    "varnamo-medborgarnamnden-2024-2026/",
    "varnamo-medborgarnamnden-2024-2026/indikatorer/langvarigt-ekonomiskt-bistand/",
)
TARGETS = {"performance": 95, "accessibility": 100}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")
README_START = "<!-- lighthouse:start -->"
README_END = "<!-- lighthouse:end -->"


class Handler(SimpleHTTPRequestHandler):
    """Static files; text gzip-compressed when asked for, as a static host does."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(url: str, report: Path) -> dict:
    args = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}", "--chrome-path=/usr/bin/chromium",
            f"--chrome-flags={CHROME_FLAGS}"]
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0 or not report.is_file():
        sys.exit(f"lighthouse failed on {url} (exit {proc.returncode}): {proc.stderr.strip()[-800:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def score(result: dict, category: str) -> int:
    value = result["categories"][category]["score"]
    return round(value * 100) if value is not None else -1


def failing(result: dict, category: str, weighted: bool) -> list[str]:
    """Titles of the category's audits that Lighthouse does not count as passed (score < 0.9):
    those that weigh in the score (``weighted``) or the advice that does not."""
    titles = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative", "error"):
            continue
        if (ref.get("weight", 0) > 0) != weighted:
            continue
        if audit.get("score") is not None and audit["score"] < 0.9:
            shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            titles.append(f"{audit['title']}{shown} [`{ref['id']}`]")
    return titles


def median_run(results: list[dict]) -> dict:
    ordered = sorted(results, key=lambda r: score(r, "performance"))
    return ordered[(len(ordered) - 1) // 2]


def report(rows: list[tuple[str, list[dict], dict]], version: str, runs: int, load: tuple) -> str:
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], stdout=subprocess.PIPE, text=True,
                              stderr=subprocess.DEVNULL).stdout.strip()
    lines = [
        "# Lighthouse results",
        "",
        f"Written by `python benchmarks/lighthouse.py` on {time.strftime('%Y-%m-%d')}: Lighthouse {version}, "
        f"{chromium}, mobile form factor with simulated throttling, {runs} run(s) per page, the run with "
        f"the median performance score shown. Machine: {platform.machine()}, {os.cpu_count()} cores, shared "
        f"(load average {load[0]:.1f} before the runs, {os.getloadavg()[0]:.1f} after): Lighthouse's simulated "
        "times scale the CPU time it measures, so a busy machine lowers performance (TBT first).",
        "",
        "Targets (issue 15): accessibility 100, performance ≥ 95 on every page.",
        "",
        "| page | performance | accessibility | performance, all runs | FCP | LCP | TBT | CLS | Speed Index |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for page, results, chosen in rows:
        metrics = [chosen["audits"][m].get("displayValue", "–") for m in METRICS]
        all_runs = ", ".join(str(score(r, "performance")) for r in results)
        lines.append(f"| `/{page}` | {score(chosen, 'performance')} | {score(chosen, 'accessibility')} "
                     f"| {all_runs} | " + " | ".join(metrics) + " |")
    lines += ["", "## Audits not passed (score below 0.9) that count in the score", ""]
    for page, _, chosen in rows:
        for category in CATEGORIES:
            titles = failing(chosen, category, weighted=True)
            lines.append(f"- `/{page}` {category}: " + ("none" if not titles else "; ".join(titles)))
    lines += ["", "## Advice not followed (weight 0: does not count in the score)", ""]
    for page, _, chosen in rows:
        titles = [t for category in CATEGORIES for t in failing(chosen, category, weighted=False)]
        lines.append(f"- `/{page}`: " + ("none" if not titles else "; ".join(titles)))
    return "\n".join(lines) + "\n"


def readme_summary(rows: list[tuple[str, list[dict], dict]], date: str) -> str:
    parts = [f"`/{page}` {score(c, 'performance')}/{score(c, 'accessibility')}" for page, _, c in rows]
    return (f"{README_START}\nSenaste körning ({date}; prestanda/tillgänglighet): " + ", ".join(parts)
            + f".\n{README_END}")


def update_readme(summary: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < 0:
        print("README.md has no lighthouse markers; not updated", file=sys.stderr)
        return
    readme.write_text(text[:start] + summary + text[end + len(README_END):], encoding="utf-8")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder (plansite build --site-dir …)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), help="paths under the site root")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median reported)")
    parser.add_argument("--reports", type=Path, help="folder for the JSON reports (default: temporary)")
    parser.add_argument("--out", type=Path, default=HERE / "LIGHTHOUSE.md")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md as it is")
    options = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci` first")
    if not shutil.which("/usr/bin/chromium"):
        sys.exit("/usr/bin/chromium is missing: apt-get install chromium")
    for page in options.pages:
        if not (options.site / page / "index.html").is_file():
            sys.exit(f"{options.site / page / 'index.html'} is missing: build the site first")
    reports = options.reports or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    server = serve(options.site.resolve())
    rows = []
    try:
        for page in options.pages:
            url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
            slug = page.strip("/").replace("/", "_") or "start"
            results = [run_lighthouse(url, reports / f"{slug}-{n + 1}.json") for n in range(options.runs)]
            chosen = median_run(results)
            print(f"/{page}: performance {score(chosen, 'performance')}, "
                  f"accessibility {score(chosen, 'accessibility')}", file=sys.stderr)
            rows.append((page, results, chosen))
    finally:
        server.shutdown()
    version = rows[0][2].get("lighthouseVersion", "?")
    options.out.write_text(report(rows, version, options.runs, load), encoding="utf-8")
    if not options.no_readme:
        update_readme(readme_summary(rows, time.strftime("%Y-%m-%d")))
    print(options.out.read_text(encoding="utf-8"))
    print(f"JSON reports: {reports}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
