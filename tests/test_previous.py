"""A rebuild links the published site's unchanged files instead of writing them again
(``build.previous``): only regular files of this user, reached without symbolic links, with the same
bytes; everything else is written, and nothing is written through a linked name."""

from __future__ import annotations

import os
from pathlib import Path

from generator.build import pipeline, previous


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "data" / "plan").mkdir(parents=True)
    (site / "data" / "plan" / "a.csv").write_bytes(b"id,value\n1,2\n")
    return site


def test_a_file_with_the_same_bytes_is_linked_and_any_other_is_left_to_write(tmp_path: Path):
    site = _site(tmp_path)
    before = previous.Previous(site)
    new = tmp_path / "new"
    assert before.link("data/plan/a.csv", b"id,value\n1,2\n", new / "data/plan/a.csv")
    assert os.path.samefile(new / "data/plan/a.csv", site / "data/plan/a.csv")
    assert not before.link("data/plan/a.csv", b"id,value\n1,3\n", new / "b.csv")  # same size, other bytes
    assert not before.link("data/plan/a.csv", b"id,value\n1,2\n\n", new / "c.csv")
    assert not before.link("data/plan/missing.csv", b"", new / "d.csv")
    assert not (new / "b.csv").exists() and not (new / "c.csv").exists() and before.linked == 1


def test_nothing_is_linked_through_a_symbolic_link(tmp_path: Path):
    site = _site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.csv").write_bytes(b"id,value\n1,2\n")
    (site / "data" / "link.csv").symlink_to(elsewhere / "a.csv")
    (site / "data" / "folder").symlink_to(elsewhere, target_is_directory=True)
    before = previous.Previous(site)
    new = tmp_path / "new"
    assert not before.link("data/link.csv", b"id,value\n1,2\n", new / "1")
    assert not before.link("data/folder/a.csv", b"id,value\n1,2\n", new / "2")
    linked_site = tmp_path / "linked-site"
    linked_site.symlink_to(site, target_is_directory=True)
    assert not previous.Previous(linked_site).link("data/plan/a.csv", b"id,value\n1,2\n", new / "3")
    assert not previous.Previous(tmp_path / "no-site").link("data/plan/a.csv", b"id,value\n1,2\n", new / "4")
    assert not new.exists() or list(new.iterdir()) == []


def test_a_rebuild_keeps_unchanged_files_and_writes_what_changed_or_was_tampered_with(project: Path):
    site = project / "site"
    pipeline.build_site(project, site)
    plan = "testby-testnamnden-2024"
    observations = site / "data" / plan / "observations.csv"
    chart = next((site / "data" / plan / "indikatorer").glob("*.svg"))
    tampered = next((site / "data" / plan / "indikatorer").glob("*.vl.json"))
    good = tampered.read_bytes()
    inodes = {path: path.stat().st_ino for path in (observations, chart)}
    os.chmod(tampered, 0o600)  # edited on the server, same size
    tampered.write_bytes(good[:-2] + b"  ")
    pipeline.build_site(project, site)
    assert chart.stat().st_ino == inodes[chart], "an unchanged chart was written again"
    assert observations.stat().st_ino == inodes[observations]
    assert tampered.read_bytes() == good and (tampered.stat().st_mode & 0o777) == 0o644
    source = project / "datapackages" / plan / "observations.csv"
    source.write_text(source.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8")
    pipeline.build_site(project, site)
    assert observations.stat().st_ino != inodes[observations]
    assert ",14," in observations.read_text(encoding="utf-8")
    assert all(path.stat().st_nlink == 1 for path in (observations, chart))  # the previous site is gone


def test_the_builder_never_writes_through_a_linked_name(project: Path, tmp_path: Path):
    """Every file of the published site keeps its bytes through a rebuild that links most of them
    into the new site: a witness (another name of each file, made before the rebuild) still reads
    what the file held."""
    site = project / "site"
    pipeline.build_site(project, site)
    witness = tmp_path / "witness"
    held: dict[Path, bytes] = {}
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            name = witness / str(len(held))
            name.parent.mkdir(exist_ok=True)
            os.link(path, name)
            held[name] = path.read_bytes()
    obs = project / "datapackages" / "testby-testnamnden-2024" / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8")
    pipeline.build_site(project, site)
    linked = [name for name in held if name.stat().st_nlink > 1]
    assert len(linked) > len(held) // 2  # most of the site was linked into the new one
    assert [name for name, data in held.items() if name.read_bytes() != data] == []
