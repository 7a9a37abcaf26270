"""Each plan's own data files (indicator downloads, published package, zip) are kept between builds
(``build.plan_data``) and are the same as when made afresh."""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import pytest

from generator.build import pipeline, plan_data
from generator.outputs import archive, downloads

from .conftest import make_package

OTHER = "ljungby-testnamnden-2024"


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = plan_data.make

    def counting(plan, package):
        calls.append(plan.plan_id)
        return real(plan, package)

    monkeypatch.setattr(plan_data, "make", counting)
    return calls


def test_a_build_makes_again_only_the_changed_plans_data_and_publishes_the_same_files(project: Path, monkeypatch):
    make_package(project, OTHER, plan={"municipality": "Ljungby", "municipality_code": "0781", "board": "Testnämnden",
                                       "title": "Verksamhetsplan 2024", "document_type": "verksamhetsplan",
                                       "period_start": 2024, "period_end": 2025, "data_start": 2022,
                                       "source": {"title": "Testdokument"}})
    site = project / "site"
    calls = _counting(monkeypatch)
    pipeline.build_site(project, site)
    assert sorted(calls) == sorted([OTHER, "testby-testnamnden-2024"])
    first = {p.relative_to(site): p.read_bytes() for p in (site / "data").rglob("*") if p.is_file()}
    calls.clear()
    pipeline.build_site(project, site)
    assert calls == []
    assert {p.relative_to(site): p.read_bytes() for p in (site / "data").rglob("*") if p.is_file()} == first
    obs = project / "datapackages" / OTHER / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8")
    pipeline.build_site(project, site)
    assert calls == [OTHER]
    assert ",14," in (site / "data" / OTHER / "observations.csv").read_text(encoding="utf-8")
    assert len(list(plan_data.cache_dir(project).iterdir())) == 2  # the old entry pruned
    json_file = site / "data" / OTHER / "indikatorer" / "vantetid.json"
    assert "14" in [o["value"] for o in json.loads(json_file.read_text(encoding="utf-8"))["observations"]]
    for plan in (OTHER, "testby-testnamnden-2024"):  # each zip holds its own package as published
        with zipfile.ZipFile(site / "data" / plan / f"{plan}.zip") as packed:
            names = [n for n in packed.namelist() if not n.endswith("/")]
            assert names and all(packed.read(n) == (site / "data" / plan / n.split("/", 1)[-1]).read_bytes()
                                 for n in names), plan


def _z(value: object) -> bytes:
    return zlib.compress(json.dumps(value).encode("ascii"))


@pytest.mark.parametrize("damage", [
    b"", b"not zlib", b"x\x9c\x03\x00\x00\x00\x00\x01", _z([]), _z({"downloads": {"a": 1}, "package": {}, "zip": ""}),
    _z({"downloads": {}, "package": {}, "zip": "not base64!"}), zlib.compress(b"[" * 100_000 + b"]" * 100_000),
], ids=["empty", "not-zlib", "cut", "a-list", "not-text", "bad-base64", "deep"])
def test_a_broken_entry_is_made_again(project: Path, damage: bytes):
    site = project / "site"
    pipeline.build_site(project, site)
    before = {p.relative_to(site): p.read_bytes() for p in (site / "data").rglob("*") if p.is_file()}
    for entry in plan_data.cache_dir(project).iterdir():
        entry.write_bytes(damage)
    pipeline.build_site(project, site)
    assert {p.relative_to(site): p.read_bytes() for p in (site / "data").rglob("*") if p.is_file()} == before


def test_an_entry_holds_what_make_gives(project: Path, tmp_path: Path):
    from generator.validate.project import validate_project
    report = validate_project(project / "datapackages", project / "content", None, tmp_path / "v", set())
    name = report.plans[0]
    plan = report.validated[name].plan
    package = {"datapackage.json": "{}\n", "goals.csv": "goal_id\n=1\n"}
    used: set[str] = set()
    names = frozenset(package)
    get = plan_data.cached(tmp_path / "c", {name: report.validated[name].inputs}, used)
    made = get(plan, lambda: package, names)
    again = get(plan, lambda: pytest.fail("made again"), names)
    assert again == made and len(used) == 1
    assert made.downloads == downloads.plan_downloads(plan) and made.zip == archive.package_zip(package)
    other = {"datapackage.json": "{}\n", "goals.csv": "goal_id\n2\n"}
    unkept: set[str] = set()
    assert plan_data.cached(tmp_path / "c", {}, unkept)(plan, lambda: other, frozenset(other)).package == other
    assert unkept == set()  # no inputs: made every time, nothing kept


def test_an_entry_with_other_files_than_the_plans_is_made_again(project: Path, tmp_path: Path):
    """An entry edited by hand to hold a file outside the site, or another package, is not used."""
    from generator.validate.project import validate_project
    report = validate_project(project / "datapackages", project / "content", None, tmp_path / "v", set())
    name = report.plans[0]
    plan = report.validated[name].plan
    package = {"datapackage.json": "{}\n"}
    inputs = {name: report.validated[name].inputs}
    entry = tmp_path / "c" / f"{plan_data.key(inputs[name])}.json.z"
    good = plan_data.cached(tmp_path / "c", inputs, set())(plan, lambda: package, frozenset(package))
    for downloads_, package_ in (({**good.downloads, "../../../x": "x"}, package), (good.downloads, {"../x": "x"}),
                                 ({}, package)):
        entry.write_bytes(_z({"downloads": downloads_, "package": package_, "zip": ""}))
        again = plan_data.cached(tmp_path / "c", inputs, set())(plan, lambda: package, frozenset(package))
        assert again == good
