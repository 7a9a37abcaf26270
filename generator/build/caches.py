"""What a whole build keeps of its caches: the entries the last build of each kind of site used.

Each cache (validation results, rendered plans, the plans' data, PNGs, the engine's units) is pruned
after a whole build, so that it holds about one site. A project that publishes each language as a
site of its own builds them in turn from one project (``plansite build --language sv``, then
``--language en``): pruning to one build's entries would throw away the other language's, and every
build would be cold. So each kind of build (its languages: ``sv``, ``en`` or ``sv,en`` for the site
in two languages) records the entries it used in ``build/cache/used/<cache>-<kind>.json``, and a cache
keeps what the last build of any kind used. A record that cannot be read keeps nothing; one that
cannot be written only costs the other kind's next build its time. A kind that is not built again
(the site in two languages, once a project publishes one site per language) keeps its entries until
``build/cache/`` is emptied.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from pathlib import Path

from generator.ingest import files, kept

#: The largest record read, compressed and not (a record of a 290-plan site's PNGs is about 1 MB).
MAX_RECORD = 64 * 1024 * 1024
#: The kind of the build of the downloads' own site (``build.downloads_site``).
DOWNLOADS = "downloads"
#: A kind of build as it is named in a record's file name: language codes joined by commas, or ``DOWNLOADS``.
KIND = re.compile(rf"{DOWNLOADS}|[a-z]{{2,3}}(?:,[a-z]{{2,3}})*")


def used_dir(root: Path) -> Path:
    return root / "build" / "cache" / "used"


def kind_of(languages: tuple[str, ...]) -> str:
    """The kind of build that makes the site in ``languages`` (``Settings.languages``)."""
    return ",".join(languages)


def kept_entries(root: Path, cache: str, kind: str, used: set[str]) -> set[str]:
    """``used``, the entries this build of ``kind`` used of ``cache`` (``units``, ``png`` …), recorded
    for the next build, joined with what the last build of every other kind recorded. The records'
    folder is read and written only when it is a folder (never through a link)."""
    folder = used_dir(root)
    keep = set(used)
    if any(files.kind(path) not in ("dir", "missing") for path in (folder, folder.parent)):
        return keep
    kept.store_json(folder / f"{cache}-{kind}.json", sorted(used))
    try:
        records = list(os.scandir(folder))
    except OSError:
        return keep
    for record in records:
        if record.name.endswith(".part"):  # left by a build that was stopped while writing
            with contextlib.suppress(OSError):
                os.unlink(record.path)
            continue
        other = record.name.removeprefix(f"{cache}-").removesuffix(".json")
        if not record.name.startswith(f"{cache}-") or not KIND.fullmatch(other) or other == kind:
            continue
        keep.update(_recorded(Path(record.path)))
    return keep


def _recorded(record: Path) -> list[str]:
    """The entries a record names; none when it is not a record ``kept_entries`` wrote (damaged,
    a link, not a file, too large, nested too deep …)."""
    try:
        data = zlib.decompressobj().decompress(files.read_bytes(record, MAX_RECORD), MAX_RECORD)
        names = json.loads(data)
    except Exception:  # noqa: BLE001 – whatever is wrong with it, it keeps nothing
        return []
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else []
