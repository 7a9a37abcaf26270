"""Files kept between builds (``build/cache/…``: PNGs, validation results, rendered plans): each
written whole or not at all, and pruned to the entries the last whole build used.

A cache only saves time: a file that cannot be written is not kept, and one that cannot be removed
stays. Entries are removed, never followed; a folder in a cache is not its own and is left alone.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def inside(rel: str) -> bool:
    """Whether ``rel``, a path read from a cache entry, stays inside the folder it is joined to:
    relative, with no empty, ``.`` or ``..`` part, no backslash and no NUL. An entry is the build's
    own output, but one edited by hand must not make the build write elsewhere."""
    parts = rel.split("/")
    return bool(rel) and "\\" not in rel and "\0" not in rel and all(p not in ("", ".", "..") for p in parts)


def store(path: Path, data: bytes) -> None:
    """``data`` at ``path``, whole or not at all (a killed build leaves no half file under its name,
    only a ``.part`` file that ``prune`` removes)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        return


def prune(cache: Path, used: set[str], suffix: str) -> int:
    """Remove the files of ``cache`` but those named ``<used name><suffix>`` (half-written files
    too). Returns how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(cache))
    except OSError:
        return 0
    for entry in entries:
        if entry.name.endswith(suffix) and entry.name[: -len(suffix)] in used:
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                continue
            os.unlink(entry.path)
            removed += 1
    return removed
