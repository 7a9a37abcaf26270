"""The new site's folder (generator/build/newsite.py): written afresh, or taken back from an earlier
build and left holding exactly what a fresh one would, whatever was done to it meanwhile."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.build import newsite
from generator.build.newsite import NewSite

FIRST = {"index.html": b"<p>start</p>", "d/b.csv": b"id,value\n1,2\n", "d/e/c.png": b"\x89PNG...",
         "x/old.html": b"<p>gammal</p>"}
SECOND = {"index.html": b"<p>start</p>", "d/b.csv": b"id,value\n1,2\n", "d/e/c.png": b"\x89PNG...",
          "n/new.html": b"<p>ny</p>"}


def state(folder: Path) -> dict[str, tuple]:
    """Every name below ``folder`` (and the folder): its kind, mode and bytes."""
    out = {}
    for path in [folder, *folder.rglob("*")]:
        found = path.lstat()
        rel = str(path.relative_to(folder))
        if stat.S_ISREG(found.st_mode):
            out[rel] = ("file", oct(stat.S_IMODE(found.st_mode)), path.read_bytes())
        else:
            out[rel] = ("folder" if stat.S_ISDIR(found.st_mode) else "other", oct(stat.S_IMODE(found.st_mode)))
    return out


def written(folder: Path, files: dict[str, bytes], listing: newsite.Listing | None = None,
            recycled: bool = False) -> NewSite:
    site = NewSite(folder, listing=listing, recycled=recycled)
    for rel, data in files.items():
        site.write(rel, data)
    site.finish()
    return site


def fresh(tmp_path: Path, files: dict[str, bytes]) -> dict[str, tuple]:
    folder = tmp_path / "fresh"
    folder.mkdir()
    written(folder, files)
    return state(folder)


def test_a_folder_taken_back_keeps_its_unchanged_files_and_loses_what_the_build_did_not_write(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    first = written(site, FIRST)
    first.listing().write(tmp_path / newsite.LISTING)
    inode = (site / "index.html").stat().st_ino
    second = written(site, SECOND, newsite.Listing.read(tmp_path / newsite.LISTING), recycled=True)
    assert state(site) == fresh(tmp_path, SECOND)
    assert (site / "index.html").stat().st_ino == inode and second.kept == 3  # kept, not written again
    assert not (site / "x").exists()  # the folder its only file left
    assert second.files() == set(SECOND)


def test_whatever_was_done_to_the_folder_meanwhile_is_undone(tmp_path: Path):
    site, secret = tmp_path / "site", tmp_path / "secret.txt"
    site.mkdir()
    secret.write_text("hemligt", encoding="utf-8")
    written(site, FIRST).listing().write(tmp_path / newsite.LISTING)
    with open(site / "d" / "b.csv", "ab") as fh:  # written through its name: same file, other bytes
        fh.write(b"=HYPERLINK(1)\n")
    (site / "index.html").write_bytes(b"<p>start</p>")  # the same bytes written again: a newer time,
    found = (site / "index.html").stat()  # set apart, where the file system's clock is coarse
    os.utime(site / "index.html", ns=(found.st_atime_ns, found.st_mtime_ns + 1_000_000_000))
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o700)
    os.symlink(outside, site / "d" / "folder-link")  # a link to a folder: removed, its target's mode kept
    os.chmod(site / "d" / "e" / "c.png", 0o666)  # writable by others
    os.chmod(site / "d" / "e", 0o777)
    (site / "stray.html").write_text("<p>lagd dit för hand</p>", encoding="utf-8")
    os.symlink(secret, site / "n")  # a link where the new site has a folder
    os.symlink(secret, site / "d" / "link.txt")
    second = written(site, SECOND, newsite.Listing.read(tmp_path / newsite.LISTING), recycled=True)
    assert state(site) == fresh(tmp_path, SECOND) and second.kept == 0
    assert secret.read_text(encoding="utf-8") == "hemligt"  # the links were removed, not followed
    assert stat.S_IMODE(outside.stat().st_mode) == 0o700 and outside.is_dir()


def test_a_file_where_a_folder_belongs_and_a_folder_where_a_file_belongs(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    before = {"p": b"en fil", "q/r.html": b"<p>r</p>", "q/s/t.html": b"<p>t</p>"}
    after = {"p/index.html": b"<p>p</p>", "q": b"nu en fil"}
    written(site, before).listing().write(tmp_path / newsite.LISTING)
    written(site, after, newsite.Listing.read(tmp_path / newsite.LISTING), recycled=True)
    assert state(site) == fresh(tmp_path, after)


def test_a_listing_that_is_not_one_or_of_another_file_system_is_not_trusted(tmp_path: Path):
    for text in ("", "[]", "plansite site files 1", "plansite site files 1\tx\n", "plansite site files 2\t1\n"):
        (tmp_path / "listing.txt").write_text(text, encoding="utf-8")
        assert newsite.Listing.read(tmp_path / "listing.txt") is None
    (tmp_path / "listing.txt").write_bytes(b"plansite site files 1\t1\n\xff\n")
    assert newsite.Listing.read(tmp_path / "listing.txt") is None
    assert newsite.Listing.read(tmp_path / "missing.txt") is None
    (tmp_path / "listing.txt").write_text("plansite site files 1\t7\na.html\th1\t1.2.3\nb.html\tonly two\n", encoding="utf-8")
    assert newsite.Listing.read(tmp_path / "listing.txt").files == {"a.html": ("h1", "1.2.3")}
    site = tmp_path / "site"
    site.mkdir()
    written(site, FIRST).listing().write(tmp_path / newsite.LISTING)
    listing = newsite.Listing.read(tmp_path / newsite.LISTING)
    second = written(site, SECOND, newsite.Listing(listing.dev + 1, listing.files), recycled=True)
    assert second.kept == 0 and state(site) == fresh(tmp_path, SECOND)


def test_modes_are_the_sites_whatever_the_umask(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    old = os.umask(0o077)
    try:
        written(site, FIRST)
    finally:
        os.umask(old)
    modes = {rel: found[1] for rel, found in state(site).items()}
    assert set(modes.values()) == {"0o644", "0o755"} and modes["."] == modes["d"] == modes["d/e"] == "0o755"


def test_two_folders_in_turn_share_their_unchanged_files(tmp_path: Path):
    """The published site's unchanged files are linked into the new one, so that the folder taken
    back next time holds them too: a build with little changed writes little."""
    one, two, listing = tmp_path / "one", tmp_path / "two", tmp_path / newsite.LISTING
    one.mkdir()
    two.mkdir()
    written(one, FIRST).listing().write(listing)
    second = NewSite(two, published=one, listing=newsite.Listing.read(listing))
    for rel, data in SECOND.items():
        second.write(rel, data)
    second.finish()
    second.listing().write(listing)
    assert second.shared == 3 and (one / "d" / "b.csv").stat().st_ino == (two / "d" / "b.csv").stat().st_ino
    third_files = {**SECOND, "d/b.csv": b"id,value\n1,3\n"}
    third = NewSite(one, recycled=True, published=two, listing=newsite.Listing.read(listing))  # "one" taken back
    for rel, data in third_files.items():
        third.write(rel, data)
    third.finish()
    assert (third.kept, third.shared) == (2, 1)  # index.html and c.png kept; n/new.html linked from "two"
    assert state(one) == fresh(tmp_path, third_files)
    assert (one / "n" / "new.html").stat().st_ino == (two / "n" / "new.html").stat().st_ino


def test_the_changed_files_are_known_only_while_no_file_of_the_published_site_is_gone(tmp_path: Path):
    """links.check reads only the changed pages' links when every published file is still there."""
    one, listing = tmp_path / "one", tmp_path / newsite.LISTING
    one.mkdir()
    first = written(one, {"a.html": b"a", "b.html": b"b"})
    assert first.changed() is None  # no listing: nothing is known to have been checked
    first.listing().write(listing)
    again = written(one, {"a.html": b"a", "b.html": b"B", "c.html": b"c"}, newsite.Listing.read(listing), recycled=True)
    assert again.changed() == {"b.html", "c.html"}
    again.listing().write(listing)
    fewer = written(one, {"a.html": b"a", "c.html": b"c"}, newsite.Listing.read(listing), recycled=True)
    assert fewer.changed() is None  # b.html is gone: a link to it may be broken anywhere


def test_a_file_kept_and_then_written_again_in_the_same_build_counts_as_changed(tmp_path: Path):
    one, listing = tmp_path / "one", tmp_path / newsite.LISTING
    one.mkdir()
    written(one, {"a.html": b"a"}).listing().write(listing)
    again = NewSite(one, recycled=True, listing=newsite.Listing.read(listing))
    again.write("a.html", b"a")  # kept
    again.write("a.html", b"A")  # and written again
    again.finish()
    assert again.changed() == {"a.html"} and (one / "a.html").read_bytes() == b"A"
