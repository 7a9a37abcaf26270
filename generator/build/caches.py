"""What a whole build keeps of its caches: the entries the last build of each kind of site used.

Each cache (validation results, rendered plans, the plans' data, PNGs, the engine's units) is pruned
after a whole build, so that it holds about one site. A project that publishes each language as a
site of its own builds them in turn from one project (``plansite build --language sv``, then
``--language en``): pruning to one build's entries would throw away the other language's, and every
build would be cold. So each kind of build (its languages: ``sv``, ``en`` or ``sv,en`` for the site
in two languages) records the entries it used in ``build/cache/used/<cache>-<kind>.json``, and a cache
keeps what the last build of any kind used. A record that cannot be read keeps nothing; one that
cannot be written only costs the other kind's next build its time.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from generator.ingest import kept

#: A kind of build as it is named in a record's file name: language codes joined by commas.
KIND = re.compile(r"[a-z]{2,3}(?:,[a-z]{2,3})*")


def used_dir(root: Path) -> Path:
    return root / "build" / "cache" / "used"


def kind_of(languages: tuple[str, ...]) -> str:
    """The kind of build that makes the site in ``languages`` (``Settings.languages``)."""
    return ",".join(languages)


def kept_entries(root: Path, cache: str, kind: str, used: set[str]) -> set[str]:
    """``used``, the entries this build of ``kind`` used of ``cache`` (``units``, ``png`` …), recorded
    for the next build, joined with what the last build of every other kind recorded."""
    folder = used_dir(root)
    kept.store_json(folder / f"{cache}-{kind}.json", sorted(used))
    keep = set(used)
    try:
        records = list(folder.iterdir())
    except OSError:
        return keep
    for record in records:
        other = record.name.removeprefix(f"{cache}-").removesuffix(".json")
        if not record.name.startswith(f"{cache}-") or not KIND.fullmatch(other) or other == kind:
            continue
        try:
            names = kept.load_json(record)
        except (OSError, ValueError, zlib.error):  # a damaged record keeps nothing
            continue
        if isinstance(names, list):
            keep.update(name for name in names if isinstance(name, str))
    return keep
