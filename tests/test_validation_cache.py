"""The validation cache (validate/cache.py, model/codec.py): an unchanged valid plan is read, not
validated again, and what is read equals what validation found; any change, a broken or tampered
entry, or a plan with errors means validating again."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from generator.build import pipeline
from generator.config.limits import Limits
from generator.model import codec
from generator.model.plan import Source as ModelSource
from generator.validate import cache
from generator.validate import project as validation
from generator.validate.project import validate_project

from .conftest import ROOT, make_package

PLAN = "testby-testnamnden-2024"


def _validated(root: Path, used: set[str] | None = None, monkeypatch=None) -> tuple:
    """The report with ``root``'s cache, and the plans validated (not read from the cache)."""
    checked: list[str] = []
    real = validation._checked

    def counting(job):
        checked.append(job[0].name)
        return real(job)

    if monkeypatch is not None:
        monkeypatch.setattr(validation, "_checked", counting)
    report = validate_project(root / "datapackages", root / "content", Limits(), cache.cache_dir(root), used)
    return report, checked


def _same(a, b) -> None:
    assert a.problems == b.problems and a.plans == b.plans
    for name in a.plans:
        x, y = a.validated[name], b.validated[name]
        # encode shows every field, the compare=False ones (source, first_row) too
        assert codec.encode(x.plan) == codec.encode(y.plan) and codec.encode(x.chapters) == codec.encode(y.chapters)
        assert dict(x.files) == dict(y.files)


def test_the_shipped_plans_read_back_from_the_codec_exactly():
    read = codec.loads
    report = validate_project(ROOT / "datapackages", ROOT / "content", Limits())
    assert len(report.plans) >= 5
    for name in report.plans:
        v = report.validated[name]
        for value in (v.plan, v.chapters, dict(v.files), list(report.problems)):
            back = read(json.dumps(codec.encode(value)))
            assert back == value and codec.encode(back) == codec.encode(value)
    money = report.validated[report.plans[0]].plan.budget_lines[0].values[0].amount
    assert read(json.dumps(codec.encode(money))).as_tuple() == money.as_tuple()  # 12.50 stays 12.50


@pytest.mark.parametrize("data", [
    {"$": "Popen", "args": "x"},             # not a model class
    {"$": "Source", "file": "a"},             # a field missing
    {"$": "Source", "file": "a", "row": 1, "x": 2},
    {"$e": "Path", "v": "/"},
    {"$d": "one"},
    {"$t": "2024-13-45"},
    {"__class__": "x"},
    {"$tuple": "abc"},
])
def test_the_codec_refuses_what_it_would_not_have_written(data):
    with pytest.raises((ValueError, TypeError)):
        codec.loads(json.dumps(data))
    with pytest.raises((ValueError, TypeError)):
        codec.loads(json.dumps([1, {"$tuple": [data]}]))  # nested too


def test_the_codec_writes_only_the_models_own_classes():
    @dataclasses.dataclass(frozen=True)
    class Source:  # the model's name, another class
        file: str

    with pytest.raises(ValueError):
        codec.encode(Source("x"))
    assert codec.encode(ModelSource("a.csv", 2)) == {"$": "Source", "file": "a.csv", "row": 2}


def test_an_unchanged_plan_is_read_and_a_changed_one_validated_again(tmp_path: Path, monkeypatch):
    make_package(tmp_path)
    first, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert first.ok and checked == [PLAN]
    second, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert checked == []  # read from the cache
    _same(first, second)
    obs = tmp_path / "datapackages" / PLAN / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8")
    third, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert checked == [PLAN]
    values = [o.value for o in third.validated[PLAN].plan.observations]
    assert 14 in values and 13 not in values


def test_an_error_in_a_plan_the_cache_holds_is_reported(tmp_path: Path, monkeypatch):
    make_package(tmp_path)
    assert _validated(tmp_path)[0].ok
    obs = tmp_path / "datapackages" / PLAN / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",13,", ",tretton,", 1), encoding="utf-8")
    report, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert not report.ok and checked == [PLAN]
    assert any(p.file.endswith("observations.csv") for p in report.errors)
    before = set(os.listdir(cache.cache_dir(tmp_path)))
    _validated(tmp_path)
    assert set(os.listdir(cache.cache_dir(tmp_path))) == before  # a plan with errors is not kept


def test_a_new_file_a_chapter_or_another_generator_means_validating_again(tmp_path: Path, monkeypatch):
    make_package(tmp_path)
    (tmp_path / "content").mkdir()
    _validated(tmp_path)
    (tmp_path / "datapackages" / PLAN / "extra.txt").write_text("x", encoding="utf-8")
    report, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert checked == [PLAN] and any(p.file.endswith("extra.txt") or "extra.txt" in p.found for p in report.problems)
    chapter = tmp_path / "content" / PLAN / "01-inledning.md"
    chapter.parent.mkdir()
    chapter.write_text("---\ntitle: Inledning\n---\n\nText.\n", encoding="utf-8")
    report, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert checked == [PLAN] and [c.title for c in report.validated[PLAN].chapters] == ["Inledning"]
    assert _validated(tmp_path, monkeypatch=monkeypatch)[1] == []  # unchanged since: read
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another generator")
    assert _validated(tmp_path, monkeypatch=monkeypatch)[1] == [PLAN]


@pytest.mark.parametrize("damage", ["cut", "tampered", "empty"])
def test_a_broken_or_tampered_entry_is_validated_again(tmp_path: Path, monkeypatch, damage: str):
    make_package(tmp_path)
    first, _ = _validated(tmp_path)
    [entry] = cache.cache_dir(tmp_path).glob("*.json")
    text = entry.read_text(encoding="utf-8")
    entry.write_text({"cut": text[: len(text) // 2], "empty": "",
                      "tampered": text.replace('"$":"Source"', '"$":"Popen"', 1)}[damage], encoding="utf-8")
    report, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert checked == [PLAN]
    _same(first, report)


def test_a_link_in_a_plans_folder_gets_no_key(tmp_path: Path):
    folder = make_package(tmp_path)
    assert cache.key(folder, None, frozenset(), frozenset(), Limits(), None) is not None
    (folder / "notes.md").symlink_to(ROOT / "README.md")
    assert cache.key(folder, None, frozenset(), frozenset(), Limits(), None) is None


def test_the_key_stands_for_every_input_given():
    folder = ROOT / "datapackages" / "mark-socialnamnden-2024-2025"
    base = cache.key(folder, ROOT / "content", frozenset(), frozenset(), Limits(), None)
    others = [cache.key(folder, ROOT / "content", frozenset({"om"}), frozenset(), Limits(), None),
              cache.key(folder, ROOT / "content", frozenset(), frozenset({"a.png"}), Limits(), None),
              cache.key(folder, ROOT / "content", frozenset(), frozenset(), Limits(max_rows=10), None),
              cache.key(folder, ROOT / "content", frozenset(), frozenset(), Limits(), frozenset({"k"})),
              cache.key(folder, None, frozenset(), frozenset(), Limits(), None)]
    assert base is not None and len({base, *others}) == 6


def test_a_build_reads_the_cache_and_keeps_only_the_entries_it_used(project: Path, monkeypatch):
    pipeline.build_site(project, project / "site")
    entries = set(cache.cache_dir(project).iterdir())
    assert len(entries) == 1
    (cache.cache_dir(project) / ("0" * 64 + ".json")).write_text("[]", encoding="utf-8")  # a plan since changed
    (cache.cache_dir(project) / "x.part").write_text("", encoding="utf-8")  # a write cut short

    def refuse(job):
        raise AssertionError(f"{job[0].name} was validated again")

    monkeypatch.setattr(validation, "_checked", refuse)
    result = pipeline.build_site(project, project / "site")
    assert result.plans == 1 and set(cache.cache_dir(project).iterdir()) == entries


def test_source_survives_as_it_is_not_compared():
    source = ModelSource("a/b.csv", 7)
    assert codec.loads(json.dumps(codec.encode(source))) == source


def test_a_plan_that_changes_while_it_is_validated_is_not_kept(tmp_path: Path, monkeypatch):
    make_package(tmp_path)
    obs = tmp_path / "datapackages" / PLAN / "observations.csv"
    real = validation._checked

    def editing(job):
        result = real(job)
        obs.write_text(obs.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8")
        return result

    monkeypatch.setattr(validation, "_checked", editing)
    report = validate_project(tmp_path / "datapackages", None, Limits(), cache.cache_dir(tmp_path), set())
    assert report.ok and report.validated[PLAN].inputs == ""  # nothing stands for what was read
    assert not cache.cache_dir(tmp_path).exists() or list(cache.cache_dir(tmp_path).iterdir()) == []


def test_a_file_that_goes_while_the_key_is_made_means_no_key_not_a_crash(tmp_path: Path, monkeypatch):
    folder = make_package(tmp_path)
    (folder / "observations.csv~").write_text("a lock file", encoding="utf-8")
    real = os.scandir

    def listing_then_gone(path):
        entries = list(real(path))
        if Path(path) == folder:
            (folder / "observations.csv~").unlink()
        return entries

    monkeypatch.setattr(cache.os, "scandir", listing_then_gone)
    assert cache.key(folder, None, frozenset(), frozenset(), Limits(), None) is None


def test_a_plan_holding_a_name_that_is_not_utf8_is_read_back(tmp_path: Path, monkeypatch):
    folder = make_package(tmp_path)
    (folder / os.fsdecode(b"M\xe5ldokument.txt")).write_bytes(b"x")  # unzipped from Windows, Latin-1
    first, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert first.ok and checked == [PLAN] and any("\udce5" in p.file + p.found for p in first.problems)
    second, checked = _validated(tmp_path, monkeypatch=monkeypatch)
    assert checked == []
    _same(first, second)


def test_the_code_fingerprint_is_what_is_installed_not_what_the_working_folder_holds(tmp_path: Path,
                                                                                    monkeypatch: pytest.MonkeyPatch):
    """``python -m generator.cli`` from a checkout puts the checkout first on the path, where
    ``pip install -e`` left ``plansite.egg-info``: read as a second install, it gave another key than
    ``plansite build``, and the two kinds of run missed each other's cache entries. A later entry of
    the path counts, even when it is the working folder."""
    import sys

    from generator.validate import cache as results_cache

    (tmp_path / "plansite.egg-info").mkdir()
    (tmp_path / "plansite.egg-info" / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: plansite\nVersion: 9.9\n")
    (tmp_path / "other-9.9.dist-info").mkdir()
    (tmp_path / "other-9.9.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: other\nVersion: 9.9\n")
    monkeypatch.chdir(tmp_path)
    path = [p for p in sys.path if p not in ("", str(tmp_path))]
    try:
        fingerprints = {}
        for name, entries in {"installed": path, "python -c": ["", *path], "python -m": [str(tmp_path), *path],
                              "on PYTHONPATH too": [str(tmp_path), *path, str(tmp_path)]}.items():
            monkeypatch.setattr(sys, "path", entries)
            results_cache.code_fingerprint.cache_clear()
            fingerprints[name] = results_cache.code_fingerprint()
        assert fingerprints["python -c"] == fingerprints["python -m"] == fingerprints["installed"]
        assert fingerprints["on PYTHONPATH too"] != fingerprints["installed"]  # other 9.9 is installed there
    finally:
        monkeypatch.undo()
        results_cache.code_fingerprint.cache_clear()


def test_a_working_folder_that_is_gone_still_gives_a_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import sys

    from generator.validate import cache as results_cache

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    try:
        monkeypatch.setattr(sys, "path", [str(gone), *sys.path])
        results_cache.code_fingerprint.cache_clear()
        assert len(results_cache.code_fingerprint()) == 64
    finally:
        monkeypatch.undo()
        results_cache.code_fingerprint.cache_clear()


@pytest.mark.parametrize("text", [
    '{"$map":[{"$tuple":[1,2]}]}', '{"$map":[{"$map":[[1,2],[3,4]]}]}', '{"$map":[{"$e":"DecidedBy","v":"KF"}]}',
    '{"$e":"ObservationSource","v":{"$e":"ValueType","v":"plan"}}', '{"$map":["ab"]}', '{"$map":[[1,2,3]]}',
    '{"$d":{"$e":"ValueType","v":"plan"}}', '{"$":{"$e":"ValueType","v":"plan"}}',
])
def test_the_codec_refuses_decoded_values_where_encode_writes_plain_ones(text: str):
    with pytest.raises((ValueError, TypeError)):
        codec.loads(text)
