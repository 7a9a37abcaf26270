"""plansite serve: a real build served on 127.0.0.1, rebuilt when a file changes, problems shown."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.build import serve
from generator.cli import cli

PLAN = "testby-testnamnden-2024"


def _wait(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the preview did not rebuild"
        time.sleep(0.1)


def _get(port: int, path: str = "/") -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
        assert answer.headers["Cache-Control"] == "no-store"
        return answer.read().decode("utf-8")


def test_the_preview_shows_problems_then_the_site_once_they_are_fixed(project: Path):
    goals = project / "datapackages" / PLAN / "goals.csv"
    good = goals.read_text(encoding="utf-8")
    goals.write_text(good.replace("\n", "\n<script>x</script>,", 1), encoding="utf-8")  # a broken row
    preview = serve.Preview(lang="en")
    server = serve.start_server(project / "site", preview, port=0)
    port = server.server_address[1]
    assert server.server_address[0] == "127.0.0.1"
    stop, lines = threading.Event(), []
    watcher = threading.Thread(target=serve.watch, args=(project, project / "site", preview, lines.append, 0.1, stop))
    watcher.start()
    try:
        _wait(lambda: preview.builds >= 1)
        page = BeautifulSoup(_get(port), "html.parser")
        assert page.h1.get_text() == "The build failed" and page.html["lang"] == "en"
        problems = [li.get_text() for li in page.select("li")]
        assert problems and all(p.startswith(f"{PLAN}/goals.csv") for p in problems), problems
        assert page.find("script") is None  # the problem text is escaped, not markup
        assert lines[:len(problems)] == problems
        goals.write_text(good, encoding="utf-8")
        _wait(lambda: preview.builds >= 2)
        site = BeautifulSoup(_get(port), "html.parser")
        assert site.select_one(".md-content") is not None and not preview.problems
        assert "The preview is up to date" in lines[-1]
    finally:
        stop.set()
        watcher.join(60)
        server.shutdown()


def test_a_busy_port_is_one_clean_line(project: Path):
    server = serve.start_server(project / "site", serve.Preview(), port=0)
    try:
        result = CliRunner().invoke(cli, ["serve", "--root", str(project), "--port", str(server.server_address[1]),
                                          "--lang", "en"])
    finally:
        server.shutdown()
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert f"port {server.server_address[1]} cannot be used" in line and "Traceback" not in result.output


def test_the_snapshot_sees_an_edit_and_ignores_the_site(project: Path):
    before = serve.snapshot(project)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("x", encoding="utf-8")
    assert serve.snapshot(project) == before
    (project / "content" / "new.md").write_text("x", encoding="utf-8")
    assert serve.snapshot(project) != before
