"""The benchmark's measures and report (benchmarks/build.py): the Pages artifact's size as GitHub's
actions make it, and a profile row for each build."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("bench_build", ROOT / "benchmarks" / "build.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_build"] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def _site(path: Path) -> Path:
    (path / "a" / "b").mkdir(parents=True)
    for i in range(40):  # pages that compress well, as HTML does
        (path / "a" / f"{i}.html").write_text("<p>Nämndens mål och indikatorer</p>\n" * (50 + i), encoding="utf-8")
    (path / "a" / "b" / "chart.png").write_bytes(os.urandom(30_000))  # and a file that does not
    return path


@pytest.mark.skipif(shutil.which("tar") is None or shutil.which("gzip") is None, reason="needs tar and gzip")
def test_the_pages_artifact_is_as_large_as_the_tar_githubs_action_makes_deflated_at_level_6(tmp_path: Path):
    bench = _build_module()
    site = _site(tmp_path / "site")
    tar, measured = bench.pages_artifact(site)
    made = subprocess.run(f"tar --directory {site} -cf - --exclude='.[^/]*' . | gzip -6 -c", shell=True,
                          check=True, capture_output=True).stdout  # upload-pages-artifact's tar, deflated
    assert abs(measured - len(made)) <= 0.02 * len(made)  # gzip's header and tar's padding differ a little
    plain = subprocess.run(f"tar --directory {site} -cf - --exclude='.[^/]*' .", shell=True, check=True,
                           capture_output=True).stdout
    assert abs(tar - len(plain)) <= 0.02 * len(plain)
    raw = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert measured < raw / 2  # the pages compress


def test_hidden_files_are_not_in_the_pages_artifact(tmp_path: Path):
    bench = _build_module()
    site = _site(tmp_path / "site")
    before = bench.pages_artifact(site)
    (site / ".git").mkdir()
    (site / ".git" / "objects").write_bytes(os.urandom(50_000))
    (site / "a" / ".hidden").write_bytes(os.urandom(50_000))
    assert bench.pages_artifact(site) == before


def test_the_report_has_a_profile_row_for_each_build_and_the_artifact_column():
    bench = _build_module()
    run = bench.Run(wall=10.0, cpu=15.0, rss_mb=100.0, ok=True, tree_mb=180.0)
    result = {"n": 5, "pages": 818, "cold": run, "warm": bench.Run(2.0, 2.0, 90.0, True),
              "changed": bench.Run(3.0, 3.0, 90.0, True), "floor": bench.Run(4.0, 4.0, 80.0, True),
              "site_mb": 35.2, "artifact_mb": 7.2, "tar_mb": 40.4, "kinds": {"HTML": 18.0},
              "languages": [{"lang": "sv", "run": run, "files": 120, "site_mb": 19.6, "tar_mb": 21.2, "artifact_mb": 4.1},
                            {"lang": "en", "run": bench.Run(9.0, 14.0, 95.0, False), "files": 118, "site_mb": 18.0,
                             "tar_mb": 19.9, "artifact_mb": 3.8}],
              "visit": {"html": 6000, "css_js": 62000, "search": 0, "searched": 21000, "page": "x"},
              "shards": {"runs": [bench.Run(6.0, 8.0, 90.0, True), bench.Run(5.0, 7.0, 90.0, True), run],
                         "files": 1421, "differing": ["data/index.json"]},
              "phases": {"cold": {"validate": 1.4, "PNG": 6.0, "whole build": 10.0},
                         "warm": {"validate": 1.3, "whole build": 2.0},
                         "one plan changed": {"validate": 1.3, "PNG": 0.1, "whole build": 3.0}}}
    text = bench.report([result])
    rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| 5 | ")]
    profile = {row[1]: row for row in rows if row[1] in ("cold", "warm", "one plan changed")}
    assert set(profile) == {"cold", "warm", "one plan changed"}
    assert profile["cold"][2:] == ["1.4", "6.0", "2.6", "10.0 |"]  # validate, PNG, other, whole build
    assert profile["warm"][2:] == ["1.3", "0.0", "0.7", "2.0 |"]
    kinds = next(row for row in rows if row[1] == "18")
    assert kinds[-3:] == ["35", "40", "7 |"]  # whole site, Pages tar, Pages artifact
    alone = {row[1]: row[2:] for row in rows if row[1] in ("sv", "en")}
    assert alone["sv"] == ["10.0 s (CPU 15.0 s)", "180 MB (largest process 100 MB)", "120", "20 MB", "21 MB", "4 MB |"]
    assert rows[0][9] == "180 MB (largest process 100 MB)"  # the cold build's peak memory
    shards = next(row for row in rows if row[1] == "6.0 s (CPU 8.0 s)")
    assert shards[2:] == ["5.0 s (CPU 7.0 s)", "10.0 s (CPU 15.0 s)", "1421", "1: data/index.json |"]
    assert alone["en"][0] == "9.0 s (CPU 14.0 s) FAILED" and "N = 5: en alone" in text


def test_the_peak_memory_counts_every_process_of_the_run():
    """``measure``'s peak memory is what the run's processes held together (the build runs workers
    beside itself): a child holding 60 MB while its parent holds 60 MB counts, one holding nothing
    does not."""
    bench = _build_module()

    def peak(child_bytes: int) -> float:
        child = f"y = bytearray({child_bytes}); import time; time.sleep(1.5)"
        parent = f"import subprocess, sys\nx = bytearray(60_000_000)\nsubprocess.run([sys.executable, '-c', {child!r}])"
        run = bench.measure([sys.executable, "-c", parent], ROOT)
        assert run.ok
        return run.tree_mb

    both, alone = peak(60_000_000), peak(0)
    assert both > 110 and 40 < both - alone < 80
