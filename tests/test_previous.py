"""A rebuild links the published site's unchanged files instead of writing them again
(``build.previous``): only regular files of this user, reached without symbolic links, with the same
bytes; everything else is written, and nothing is written through a linked name."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.build import pipeline, previous, publish


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "data" / "plan").mkdir(parents=True)
    (site / "data" / "plan" / "a.csv").write_bytes(b"id,value\n1,2\n")
    os.chmod(site / "data" / "plan" / "a.csv", 0o644)  # as published, whatever the umask
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
    (aside,) = (project / "build" / "previous-sites").iterdir()  # the site before, which shared its files
    assert ",13," in (aside / "data" / plan / "observations.csv").read_text(encoding="utf-8")  # not written through


def test_the_published_site_is_untouched_until_the_swap(project: Path, monkeypatch):
    """A rebuild links most of the published site into the new one; just before the swap every
    published file still has its bytes and its mode."""
    site = project / "site"
    pipeline.build_site(project, site)

    def state() -> dict[Path, tuple[str, int]]:
        return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
                for p in site.rglob("*") if p.is_file() and not p.is_symlink()}

    published = state()
    inodes = {p.stat().st_ino for p in published}
    seen = {}
    real_swap = publish.swap_in

    def checking(new: Path, target: Path, aside: Path | None = None) -> None:
        seen["state"] = state()
        seen["linked"] = sum(1 for p in new.rglob("*") if p.is_file() and p.stat().st_ino in inodes)
        real_swap(new, target, aside)

    monkeypatch.setattr(publish, "swap_in", checking)
    obs = project / "datapackages" / "testby-testnamnden-2024" / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8")
    pipeline.build_site(project, site)
    assert seen["state"] == published
    assert seen["linked"] > len(published) // 3  # the downloads, charts and data files that did not change


def test_a_name_written_again_is_a_new_file_never_the_linked_one(tmp_path: Path):
    from generator.build.newsite import NewSite
    site = _site(tmp_path)
    (tmp_path / "new").mkdir()
    written = NewSite(tmp_path / "new", before=previous.Previous(site))
    written.write("data/plan/a.csv", b"id,value\n1,2\n")
    new = tmp_path / "new" / "data" / "plan" / "a.csv"
    assert os.path.samefile(new, site / "data" / "plan" / "a.csv")  # linked
    written.write("data/plan/a.csv", b"id,value\n1,3\n")
    assert (site / "data" / "plan" / "a.csv").read_bytes() == b"id,value\n1,2\n"
    assert new.read_bytes() == b"id,value\n1,3\n"


def test_a_file_with_another_name_or_writable_by_others_is_not_linked(tmp_path: Path):
    site = _site(tmp_path)
    published = site / "data" / "plan" / "a.csv"
    os.chmod(published, 0o644)
    before = previous.Previous(site)
    os.link(published, tmp_path / "elsewhere.csv")  # another name could change what is published
    assert not before.link("data/plan/a.csv", b"id,value\n1,2\n", tmp_path / "new" / "1")
    os.unlink(tmp_path / "elsewhere.csv")
    os.chmod(published, 0o666)
    assert not before.link("data/plan/a.csv", b"id,value\n1,2\n", tmp_path / "new" / "2")
    os.chmod(published, 0o644)
    assert before.link("data/plan/a.csv", b"id,value\n1,2\n", tmp_path / "new" / "3")


def test_a_file_replaced_between_the_check_and_the_link_is_not_kept(tmp_path: Path, monkeypatch):
    site = _site(tmp_path)
    other = tmp_path / "other.csv"
    other.write_bytes(b"something else\n")
    monkeypatch.setattr(os, "link", lambda src, dst, **kw: _link(other, dst))  # another file got the name
    new = tmp_path / "new" / "a.csv"
    assert not previous.Previous(site).link("data/plan/a.csv", b"id,value\n1,2\n", new)
    assert not new.exists()


_real_link = os.link


def _link(src: Path, dst: Path) -> None:
    _real_link(src, dst)


def test_every_chunk_is_compared(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(previous, "CHUNK", 4)
    site = _site(tmp_path)
    before = previous.Previous(site)
    assert not before.link("data/plan/a.csv", b"id,value\n1,3\n", tmp_path / "new" / "1")  # the last chunk differs
    assert before.link("data/plan/a.csv", b"id,value\n1,2\n", tmp_path / "new" / "2")
