"""Screenshots of the built site at phone (390 px) and desktop (1280 px) widths, for review.

Usage: python tests/screenshots.py [site-dir] [out-dir] [page ...]
Serves the site on 127.0.0.1 and drives Debian's Chromium (/usr/bin/chromium) with Playwright.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
DEFAULT_PAGES = [
    "",
    "varnamo-medborgarnamnden-2024-2026/",
    "varnamo-medborgarnamnden-2024-2026/indikatorer/langvarigt-ekonomiskt-bistand/",
    "varnamo-medborgarnamnden-2024-2026/ekonomi/",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request (the test output stays the test's), and without a
    traceback when the browser closes a page before its last file arrived."""

    def log_message(self, format, *args) -> None:  # noqa: A002 (the standard library's name)
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    pages = sys.argv[3:] or DEFAULT_PAGES
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for width, height, label in ((390, 844, "telefon"), (1280, 900, "dator")):
                page = browser.new_page(viewport={"width": width, "height": height})
                for path in pages:
                    page.goto(base + path)
                    name = (path.strip("/").replace("/", "_") or "start") + f"-{label}.png"
                    page.screenshot(path=str(out / name), full_page=True)
                    print(out / name)
                page.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
