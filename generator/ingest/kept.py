"""Files kept between builds (``build/cache/…``: PNGs, validation results, rendered plans, plans'
data files): each written whole or not at all, and pruned to the entries the last whole build of
each kind used (``build.caches``).

A cache only saves time: a file that cannot be written is not kept, and one that cannot be removed
stays. Entries are removed, never followed; a folder in a cache is not its own and is left alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zlib
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


def store_json(path: Path, value: object) -> None:
    """``value`` as zlib-compressed ASCII JSON at ``path`` (``store``): text of any kind reads back
    exactly, a name that is not UTF-8 too."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    store(path, zlib.compress(text.encode("ascii"), 1))


def load_json(path: Path) -> object:
    """What ``store_json`` wrote at ``path``; raises (``OSError``, ``zlib.error``, ``ValueError``…)
    when it is missing or is not such an entry."""
    return json.loads(zlib.decompress(path.read_bytes()))


def strings(value: object) -> dict[str, str]:
    """``value`` when it is a mapping of strings to strings, as an entry's files are; else ``ValueError``."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError("a mapping of strings")
    return value


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
