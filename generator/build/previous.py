"""The previous site's unchanged files, reused: a file the build would write with exactly the bytes
the published site already holds at that path is made a second name (a hard link) of that file
instead of being written again.

Most of a rebuild's downloads, charts and PNGs are the same as last time; writing them again is
most of what a build with one plan changed spends publishing (at 290 plans, hundreds of MB and a
disk's write-back). A link costs no bytes, and removing the previous site (``publish.swap_in``)
then only drops a name.

Only a regular file of this build's user is linked, with the published mode (0644, so nobody else
can write to it and the build never changes its mode) and no other name (another name, outside the
site, could change what is published), reached without any symbolic link on the way (each folder is
checked with ``realpath``, the file opened with ``O_NOFOLLOW``), with the same bytes (compared, not
guessed from sizes or times); the new name must then be that very file (same inode). Anything else
is written as before. Nothing is ever written through a linked name: the writers of the new site
remove a name before they write (``newsite.NewSite``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.build.publish import FILE_MODE

CHUNK = 1 << 20  # bytes compared at a time: the largest files (the database, the zips) are not read whole


class Previous:
    """The published site at ``site`` as a source of unchanged files (none when it is missing, not
    a folder or a symbolic link)."""

    def __init__(self, site: Path) -> None:
        real = os.path.realpath(site)
        self.root = site if os.path.isdir(site) and not os.path.islink(site) and real == str(site) else None
        self._plain: dict[str, bool] = {}  # folder (relative) → reached without a symbolic link
        self._uid = os.geteuid()
        self.linked = 0

    def plain_folder(self, folder: str) -> bool:
        if folder not in self._plain:
            path = os.path.join(self.root, folder) if folder else str(self.root)
            self._plain[folder] = os.path.realpath(path) == os.path.normpath(path) and os.path.isdir(path)
        return self._plain[folder]

    def link(self, rel: str, data: bytes, path: Path) -> bool:
        """Make ``path`` (a new name in the new site, not there yet) the previous site's ``rel``
        when that file holds exactly ``data``; True when linked, False when the caller must write."""
        if self.root is None or not self.plain_folder(os.path.dirname(rel)):
            return False
        old = os.path.join(self.root, rel)
        try:
            fd = os.open(old, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            found = os.fstat(fd)
            if (not stat.S_ISREG(found.st_mode) or found.st_uid != self._uid or found.st_nlink != 1
                    or stat.S_IMODE(found.st_mode) != FILE_MODE or found.st_size != len(data)):
                return False
            with os.fdopen(os.dup(fd), "rb") as fh:
                view = memoryview(data)
                for start in range(0, len(data), CHUNK):
                    if fh.read(CHUNK) != view[start:start + CHUNK]:
                        return False
                if fh.read(1):
                    return False
        finally:
            os.close(fd)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, path, follow_symlinks=False)
        except OSError:
            return False
        made = os.lstat(path)
        if (made.st_dev, made.st_ino) != (found.st_dev, found.st_ino):  # the old name changed meanwhile
            os.unlink(path)
            return False
        self.linked += 1
        return True
