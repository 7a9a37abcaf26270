"""Reading folders others send: never through a symbolic link, only regular files, bounded.

A plan folder, a chapter folder or ``content/assets/`` may hold anything a pull request can add:
links to ``/proc/self/environ`` or ``../../.git/config``, a FIFO that blocks a reader forever,
a folder where a file belongs. ``walk`` lists what is there without following links, and
``read_bytes`` opens a file with ``O_NOFOLLOW`` and checks it is a regular file of bounded size
on the open descriptor, so nothing can be swapped in between the check and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

#: How many entries one folder walk looks at before it stops (a folder of a million files is no plan).
MAX_ENTRIES = 2000


class UnsafeFile(OSError):
    """A path that is not read: ``code`` is ``symlink``, ``not-a-file`` or ``file-too-large``."""

    def __init__(self, code: str, path: Path, found: str = ""):
        super().__init__(f"{code}: {path}")
        self.code = code
        self.path = path
        self.found = found


@dataclass(frozen=True, slots=True)
class Entry:
    rel: str   # path below the walked folder, with "/"
    kind: str  # "file", "dir", "symlink" or "other" (FIFO, socket, device)
    size: int = 0


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    return "other"


def kind(path: Path) -> str:
    """What ``path`` is, without following a link; ``"missing"`` if nothing is there."""
    try:
        return _kind(os.lstat(path).st_mode)
    except FileNotFoundError:
        return "missing"


def walk(folder: Path, limit: int = MAX_ENTRIES) -> Iterator[Entry]:
    """Every entry below ``folder`` (sorted, folders before their contents); links are listed, never entered."""
    seen = 0
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(folder / rel_dir if rel_dir else folder) as it:
                entries = sorted(it, key=lambda d: d.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            seen += 1
            if seen > limit:
                return
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            st = entry.stat(follow_symlinks=False)
            item = Entry(rel, _kind(st.st_mode), st.st_size)
            yield item
            if item.kind == "dir":
                subdirs.append(rel)
        stack.extend(reversed(subdirs))


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, never through a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFile("symlink", path) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile("not-a-file", path, _kind(st.st_mode))
        if st.st_size > limit:
            raise UnsafeFile("file-too-large", path, str(st.st_size))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise UnsafeFile("file-too-large", path, str(total))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
