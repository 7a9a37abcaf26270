"""The folder a build writes the new site into, and every file it writes there.

A build with one plan changed writes almost the same site as the last: at 290 plans about 128 000
files in 48 000 folders, of which a few hundred differ. Made afresh, each of those names cost a
link or a write, a folder and later a mode and a removal, a quarter of such a build. So the site a
build before last published, which the last build set aside (``publish.swap_in``), is taken back as
the new site's folder (``publish.take_aside``: a double buffer), and only what differs is written.

What each file of a site holds is recorded when it is made (``LISTING``: a token for its bytes
with the file's inode, size and time of change), and kept in ``build/`` for the site published.
A file of the folder taken back is known only when its inode, size, time and mode are those
recorded: a name of the very file the build made, not written since (the build never writes
through a name: ``publish.write_new``). The inodes of the two sites' unchanged files are the same,
so the listing of the site published describes most of the folder taken back too. A file whose
token is this build's at its path is kept; any other file is removed and written anew, and
whatever the build did not write (a file since removed from the site, a link or anything but a
folder or a file, a file added by hand) is removed, with the folders left empty (``finish``). The
site is the same, file for file and mode for mode, as one written into an empty folder.

Tokens: ``h`` and a SHA-256 of the bytes for a file written; ``u`` and the cache entry's name for
a unit's file linked from the cache (``merge``), whose entries are never written once stored.
Files are 0644 and folders 0755 as they are made (whatever the umask); the top folder is opened
last (``finish``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Callable

from generator.build import previous
from generator.build.publish import DIR_MODE, FILE_MODE

LISTING = "site-files.json"  # in the project's build/: the files of the site published
MAX_LISTING = 1 << 28
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def token_of(data: bytes) -> str:
    return "h" + hashlib.sha256(data).hexdigest()[:32]


def load_listing(path: Path) -> dict | None:
    """The listing at ``path`` (``{"dev": …, "files": {path: [token, inode, size, time]}}``), or
    None when it is missing, too large or not one."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_LISTING + 1)
        listing = json.loads(data) if len(data) <= MAX_LISTING else None
    except (OSError, ValueError):
        return None
    if not isinstance(listing, dict) or not isinstance(listing.get("files"), dict) or not isinstance(listing.get("dev"), int):
        return None
    return listing


class NewSite:
    """The new site's folder ``path``: empty (made by the build; ``before``, the published site whose
    unchanged files are linked, ``previous``) or taken back from an earlier build (``listing``: the
    published site's, which says what the folder's files hold)."""

    def __init__(self, path: Path, *, before: previous.Previous | None = None, listing: dict | None = None,
                 recycled: bool = False) -> None:
        self.path = path
        self.recycled = recycled
        self._root = str(path)
        self._before = before
        self._uid = os.geteuid()
        self._present: dict[str, tuple[int, int, int]] = {}  # a file of the folder taken back → inode, size, time
        self._tokens: dict[str, str] = {}  # such a file → what it holds, where the listing says so
        self._others: set[str] = set()  # anything else there but folders (links, pipes, others' files)
        self._folders: set[str] = {""}  # the folders there or made
        self.made: dict[str, list] = {}  # each file of the new site → [token, inode, size, time]
        self.kept = 0  # files of the folder taken back kept as they were
        self._dev = 0
        if recycled:
            self._scan(listing)

    def _scan(self, listing: dict | None) -> None:
        """What the folder taken back holds (read without following links), and which of its files
        the listing describes."""
        known = listing["files"] if listing and listing.get("dev") == os.lstat(self._root).st_dev else {}
        pending = [""]
        while pending:
            folder = pending.pop()
            with os.scandir(os.path.join(self._root, folder) if folder else self._root) as entries:
                for entry in entries:
                    rel = f"{folder}/{entry.name}" if folder else entry.name
                    found = entry.stat(follow_symlinks=False)
                    if stat.S_ISDIR(found.st_mode) and found.st_uid == self._uid:
                        if stat.S_IMODE(found.st_mode) != DIR_MODE:
                            os.chmod(entry.path, DIR_MODE)
                        self._folders.add(rel)
                        pending.append(rel)
                    elif (stat.S_ISREG(found.st_mode) and found.st_uid == self._uid
                          and stat.S_IMODE(found.st_mode) == FILE_MODE):
                        self._present[rel] = here = (found.st_ino, found.st_size, found.st_mtime_ns)
                        record = known.get(rel)
                        if isinstance(record, list) and len(record) == 4 and tuple(record[1:]) == here:
                            self._tokens[rel] = record[0]
                    else:
                        self._others.add(rel)

    # Writing -------------------------------------------------------------------------------------

    def write(self, rel: str, data: bytes) -> None:
        """The file ``rel`` (a path in the site) holds ``data``."""
        token = token_of(data)
        if self._kept(rel, token):
            return
        path = self._clear(rel)
        if self._before is not None and self._before.link(rel, data, Path(path)):
            found = os.lstat(path)
            self.made[rel] = [token, found.st_ino, found.st_size, found.st_mtime_ns]
            return
        self.made[rel] = [token, *_create(path, data)]

    def place(self, rel: str, source: Path, token: str, read: Callable[[], bytes]) -> None:
        """The file ``rel`` is a second name of ``source`` (a unit's file in the cache, ``token`` its
        entry's); a copy (``read``) where it cannot be: another file system, or another user's file
        (the site's modes are set on it, which only its owner may)."""
        if self._kept(rel, token):
            return
        path = self._clear(rel)
        with contextlib.suppress(OSError):
            os.link(source, path, follow_symlinks=False)
            found = os.lstat(path)
            if stat.S_ISREG(found.st_mode) and found.st_uid == self._uid:
                if stat.S_IMODE(found.st_mode) != FILE_MODE:
                    os.chmod(path, FILE_MODE)
                self.made[rel] = [token, found.st_ino, found.st_size, found.st_mtime_ns]
                return
            os.unlink(path)
        self.made[rel] = [token, *_create(path, read())]

    def _kept(self, rel: str, token: str) -> bool:
        """Keep the folder's file at ``rel`` when it holds ``token`` and the build has not written it."""
        if rel in self.made or self._tokens.get(rel) != token:
            return False
        self.made[rel] = [token, *self._present[rel]]
        self.kept += 1
        return True

    def _clear(self, rel: str) -> str:
        """The path of ``rel``, with its folders, and nothing at it: the folder's old file (or
        whatever else is there) is removed, never written through."""
        self._folder(os.path.dirname(rel))
        path = os.path.join(self._root, rel)
        if rel in self._folders:  # a folder where the new site has a file
            shutil.rmtree(path)
            self._forget(rel)
        elif rel in self.made or rel in self._present or rel in self._others:
            _remove(path)
        self._present.pop(rel, None)
        self._tokens.pop(rel, None)
        self._others.discard(rel)
        self.made.pop(rel, None)
        return path

    def _folder(self, rel: str) -> None:
        if rel in self._folders:
            return
        self._folder(os.path.dirname(rel))
        path = os.path.join(self._root, rel)
        if rel in self._present or rel in self._others or rel in self.made:  # a file where a folder belongs
            _remove(path)
            self._present.pop(rel, None)
            self._tokens.pop(rel, None)
            self._others.discard(rel)
            self.made.pop(rel, None)
        os.mkdir(path, DIR_MODE)
        os.chmod(path, DIR_MODE)
        self._folders.add(rel)

    def _forget(self, folder: str) -> None:
        prefix = folder + "/"
        for names in (self._present, self._tokens, self.made):
            for rel in [r for r in names if r.startswith(prefix)]:
                del names[rel]
        self._others = {r for r in self._others if not r.startswith(prefix)}
        self._folders = {f for f in self._folders if f != folder and not f.startswith(prefix)}

    # Finishing -----------------------------------------------------------------------------------

    def finish(self) -> None:
        """Remove what the build did not write and the folders left empty, then open the top folder
        (0755): the site is complete."""
        for rel in [*(r for r in self._present if r not in self.made), *self._others]:
            _remove(os.path.join(self._root, rel))
        self._present, self._tokens, self._others = {}, {}, set()
        needed = {""}
        for rel in self.made:
            folder = os.path.dirname(rel)
            while folder not in needed:
                needed.add(folder)
                folder = os.path.dirname(folder)
        for folder in sorted(self._folders - needed, key=lambda f: f.count("/"), reverse=True):
            with contextlib.suppress(FileNotFoundError):
                os.rmdir(os.path.join(self._root, folder))
        self._folders = needed
        self._dev = os.lstat(self._root).st_dev
        os.chmod(self._root, DIR_MODE)

    def files(self) -> set[str]:
        """Every file of the new site (paths in it)."""
        return set(self.made)

    def save_listing(self, path: Path) -> None:
        """Record what the site's files hold (``LISTING``), for the build that takes this folder back
        (after ``finish``: the folder may have moved since)."""
        listing = {"dev": self._dev, "files": self.made}
        part = path.with_name(path.name + ".part")
        part.write_text(json.dumps(listing, separators=(",", ":")), encoding="utf-8")
        os.replace(part, path)


def _create(path: str, data: bytes) -> tuple[int, int, int]:
    """A new file at ``path`` (nothing there) holding ``data``, mode 0644; its inode, size and time."""
    fd = os.open(path, _CREATE, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fchmod(fd, FILE_MODE)
        found = os.fstat(fd)
    finally:
        os.close(fd)
    return found.st_ino, found.st_size, found.st_mtime_ns


def _remove(path: str) -> None:
    """Remove the name ``path`` (a folder of another user's with what it holds); links are removed,
    never followed."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)
