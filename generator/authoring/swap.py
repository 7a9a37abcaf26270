"""Putting a checked package in place: one rename, and the old package back if that fails.

Both ``import`` and ``kolada update`` write a whole package into a folder beside the plans,
validate it there, and only then call ``put_in_place``: readers of ``datapackages/`` see the old
package or the new one, never half of each.
"""

from __future__ import annotations

import os
from pathlib import Path


def put_in_place(folder: Path, target: Path, work: Path) -> None:
    """Rename ``folder`` (a checked package in ``work``) to ``target``; an existing ``target`` is
    moved into ``work`` first and moved back if the rename fails. Folders 0755, files 0644."""
    for path in [folder, *folder.iterdir()]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    if not target.exists():
        os.rename(folder, target)
        return
    os.rename(target, work / ".old")
    try:
        os.rename(folder, target)
    except OSError:
        os.rename(work / ".old", target)
        raise
