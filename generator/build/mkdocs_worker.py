"""A process that imports MkDocs once and builds one unit after another (``engine.run_units``).

Started by path (``python …/mkdocs_worker.py <staging folder>``) in a session of its own, so that the
build can kill it and whatever it started as one process group. It reads one configuration file's
path a line on stdin and answers each with one JSON line on the stdout it was given: ``{"ok": true}``
or ``{"ok": false, "detail": "…"}`` (the warnings and errors MkDocs logged, as ``mkdocs build
--strict`` prints them). Anything else written to stdout goes to stderr, never into the answers.

What does not change between the units of one build, and what MkDocs does slowly for pages
like ours, is sped up in this process (``mkdocs_speedups``); with ``PLANSITE_ENGINE_STOCK=1`` the
worker leaves MkDocs as it is, so that a test can check that the speed-ups change no byte of the site.

After MkDocs, the worker takes the indentation out of the unit's pages (``compact``) and lists
each page's links for the link check (``links.write_unit_links``), so that this work is spread over
the cores and kept in the unit's cache entry.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the generator the build runs (toc slugs)


class _Lines(logging.Handler):
    """The messages of one build, as ``mkdocs build`` prints them (``WARNING -  …``)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def main() -> None:
    if len(sys.argv) > 1:
        os.chdir(sys.argv[1])  # the build's staging folder
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    from mkdocs import utils
    from mkdocs.__main__ import _showwarning
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from generator.build import compact, links, mkdocs_speedups

    if os.environ.get("PLANSITE_ENGINE_STOCK") != "1":
        mkdocs_speedups.apply()
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    lines = _Lines()
    logger.addHandler(lines)
    if not sys.warnoptions:  # as `mkdocs build` does
        warnings.simplefilter("module", DeprecationWarning)
        warnings.showwarning = _showwarning
    for line in sys.stdin:
        lines.lines.clear()
        duplicates = utils.DuplicateFilter()  # one build's repeated warnings, not the worker's
        build.log.addFilter(duplicates)
        try:
            config = load_config(config_file=line.rstrip("\n"), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build.build(config)
            finally:
                config.plugins.on_shutdown()
            compact.compact_site(Path(config["site_dir"]))
            links.write_unit_links(Path(config["site_dir"]))
            answer = {"ok": True}
        except Abort as exc:
            answer = {"ok": False, "detail": "\n".join(lines.lines + [f"Aborted: {exc}"])}
        except Exception as exc:  # a broken configuration or theme: the build reports it, the worker goes on
            answer = {"ok": False, "detail": "\n".join(lines.lines + [f"{type(exc).__name__}: {exc}"])}
        finally:
            build.log.removeFilter(duplicates)
        answers.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
