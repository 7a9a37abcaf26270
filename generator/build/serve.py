"""Live preview: build, serve on 127.0.0.1, rebuild when the sources change, show problems in the browser.

The build runs in the calling (main) thread, where it can handle SIGINT and SIGTERM as a normal
build does; the HTTP server answers from a daemon thread. The sources are watched by polling
(``snapshot``: path, size and modification time of every file below datapackages/, content/,
site_theme/ and mkdocs.yml; links are not followed), so nothing beyond the standard library is
needed. After a failed build every page request gets a page listing the problems (escaped, in the
chosen language) that reloads itself; the site from the last good build stays on disk untouched.
"""

from __future__ import annotations

import html
import http.server
import os
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from generator.build.pipeline import BuildFailed, build_site
from generator.i18n.texts import t

WATCHED = ("datapackages", "content", "site_theme", "mkdocs.yml")


def snapshot(root: Path) -> frozenset[tuple[str, int, int]]:
    """What the build reads, as (path, size, mtime) of every file; a change is a new snapshot."""
    out = set()
    for name in WATCHED:
        top = root / name
        if top.is_file():
            stat = top.lstat()
            out.add((name, stat.st_size, stat.st_mtime_ns))
            continue
        for folder, dirs, files in os.walk(top):  # os.walk does not follow links to folders
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in files:
                path = Path(folder, file)
                try:
                    stat = path.lstat()
                except OSError:
                    continue
                out.add((str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns))
    return frozenset(out)


@dataclass
class Preview:
    """The state the server reads: the problems of the last build, or none when it succeeded."""

    lang: str = "sv"
    problems: list[str] = field(default_factory=list)
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self, lines: list[str]) -> None:
        with self.lock:
            self.problems = lines
            self.builds += 1

    def succeeded(self) -> None:
        with self.lock:
            self.problems = []
            self.builds += 1

    def error_page(self) -> bytes | None:
        with self.lock:
            if not self.problems:
                return None
            items = "".join(f"<li>{html.escape(line)}</li>" for line in self.problems)
        lang = self.lang
        return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
                f'<meta http-equiv="refresh" content="2"><meta name="viewport" content="width=device-width">'
                f"<title>{html.escape(t('serve.failed_title', lang))}</title></head><body>"
                f"<main><h1>{html.escape(t('serve.failed_title', lang))}</h1>"
                f"<p>{html.escape(t('serve.failed_text', lang))}</p><ul>{items}</ul></main></body></html>"
                ).encode("utf-8")


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        page = self.preview.error_page()
        if page is not None and (self.path.endswith("/") or self.path.endswith(".html")):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(page)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the terminal shows builds
        pass


def start_server(site_dir: Path, preview: Preview, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 (never another interface) serving ``site_dir`` in a daemon thread."""
    handler = type("PreviewHandler", (_Handler,), {"preview": preview})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True, name="plansite-serve").start()
    return server


def build_once(root: Path, site_dir: Path, preview: Preview, report: Callable[[str], None]) -> bool:
    """One build; its problems go to the preview and, one per line, to ``report``."""
    try:
        result = build_site(root, site_dir)
    except BuildFailed as exc:
        lines = [p.line(preview.lang) for p in exc.report.errors] if exc.report is not None else []
        lines = lines or [exc.text(preview.lang)]
        for line in lines:
            report(line)
        preview.failed(lines)
        return False
    preview.succeeded()
    for notice in result.notices:
        report(t(notice, preview.lang))
    report(t("serve.built", preview.lang, pages=result.pages))
    return True


def watch(root: Path, site_dir: Path, preview: Preview, report: Callable[[str], None], interval: float = 1.0,
          stop: threading.Event | None = None) -> None:
    """Build now, then again whenever the sources change, until ``stop`` is set (or forever)."""
    stop = stop or threading.Event()
    seen = snapshot(root)
    build_once(root, site_dir, preview, report)
    while not stop.wait(interval):
        now = snapshot(root)
        if now == seen:
            continue
        time.sleep(min(interval, 0.3))  # let an editor finish writing
        seen = snapshot(root)
        report(t("serve.rebuilding", preview.lang))
        build_once(root, site_dir, preview, report)
