"""What the browser tests share: Debian's chromium and npm's axe-core, the marks that skip a module
without them (and fail it on CI, which sets PLANSITE_REQUIRE_BROWSER=1), axe-core's run, and pages whose
search index has no documents. The fixtures that serve the session's built site and start the browser
(``server``, ``browser``) are in conftest.py."""

from __future__ import annotations

import functools
import json
import os
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from .conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]

_missing = [str(p) for p in (CHROMIUM, AXE) if not p.exists()]
if _missing and os.environ.get("PLANSITE_REQUIRE_BROWSER") == "1":
    raise RuntimeError(f"browser tests required but missing: {', '.join(_missing)}")
#: Each browser test module's marks (``pytestmark = MARKS``): a browser test, skipped without the browser.
MARKS = [pytest.mark.browser, pytest.mark.skipif(bool(_missing), reason=f"needs {', '.join(_missing)} (see README)")]

WCAG21 = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
#: The WCAG 2.1 A/AA rule whose outcome a page's own content decides differently on a phone: a table
#: that fits a desktop scrolls inside its region at 390 px, and that region must be reachable by keyboard.
PHONE_WIDTH = {"type": "rule", "values": ["scrollable-region-focusable"]}
AXE_RUN = """async rules => (await axe.run(document, {runOnly: rules})).violations
             .map(v => v.id + ': ' + v.nodes.length + ' × ' + v.nodes[0].target.join(' '))"""


def _without_documents(route) -> None:
    """The search index as the site serves it but without its documents: Material's search worker
    still reads its configuration and loads its language scripts, as on every page, but does not
    build an index of the whole site (about a CPU-second on each page these tests open; they do not
    search: test_phone.py's search test reads the real index)."""
    try:
        route.fulfill(body=_lean_index(route.request.url), content_type="application/json")
    except PlaywrightError:  # the page was closed before its search worker asked; nothing to serve
        pass


@functools.lru_cache(maxsize=None)
def _lean_index(url: str) -> bytes:
    """The site's search index at ``url`` with its configuration only, read once per run."""
    with urllib.request.urlopen(url) as response:
        index = json.load(response)
    return json.dumps({**index, "docs": []}).encode("utf-8")


def lean_search(context) -> None:
    context.route("**/search/search_index.json", _without_documents)


def lean_page(browser, viewport: dict):
    """A page in a new context of the browser whose search index has no documents (lean_search)."""
    context = browser.new_context(viewport=viewport)
    lean_search(context)
    return context.new_page()


def axe_page(browser, width: int, scheme: str):
    """A page in a new context of the browser, with axe-core loaded into every document it opens."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    lean_search(context)
    return context.new_page()
