"""build.caches: each cache keeps what the last build of each kind of site used."""

from __future__ import annotations

from pathlib import Path

from generator.build import caches


def test_a_cache_keeps_the_last_build_of_each_kind(tmp_path: Path):
    assert caches.kept_entries(tmp_path, "png", "sv", {"a", "b"}) == {"a", "b"}
    assert caches.kept_entries(tmp_path, "png", "en", {"c"}) == {"a", "b", "c"}
    assert caches.kept_entries(tmp_path, "png", "sv", {"b"}) == {"b", "c"}  # sv's last build replaces its first
    assert caches.kept_entries(tmp_path, "units", "sv", {"u"}) == {"u"}  # each cache on its own
    assert caches.kind_of(("sv", "en")) == "sv,en"


def test_a_damaged_or_strange_record_keeps_nothing(tmp_path: Path):
    folder = caches.used_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / "png-en.json").write_bytes(b"not zlib")
    (folder / "png-../x.json".replace("/", "_")).write_bytes(b"")
    caches.kept_entries(tmp_path, "png", "fi", {"f"})
    (folder / "png-fi.json").rename(folder / "png-NOT A KIND.json")
    assert caches.kept_entries(tmp_path, "png", "sv", {"a"}) == {"a"}


def test_a_hostile_record_keeps_nothing_and_stops_nothing(tmp_path: Path):
    """A record nested too deep, a FIFO, a link or a folder in its place: none is read, none stops
    the build (this runs after the new site is published)."""
    import os
    import zlib

    folder = caches.used_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / "png-en.json").write_bytes(zlib.compress(b"[" * 200_000 + b"]" * 200_000))
    os.mkfifo(folder / "png-fi.json")
    (folder / "png-da.json").symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_bytes(zlib.compress(b'["x"]'))
    (folder / "png-de.json").mkdir()
    (folder / "half.part").write_bytes(b"")
    assert caches.kept_entries(tmp_path, "png", "sv", {"a"}) == {"a"}
    assert not (folder / "half.part").exists()


def test_the_records_are_never_written_through_a_link(tmp_path: Path):
    (tmp_path / "build" / "cache").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    caches.used_dir(tmp_path).symlink_to(tmp_path / "outside")
    assert caches.kept_entries(tmp_path, "png", "sv", {"a"}) == {"a"}
    assert list((tmp_path / "outside").iterdir()) == []
