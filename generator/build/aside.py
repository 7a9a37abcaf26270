"""The sites set aside: a build moves the site it replaces into the project's
``build/previous-sites/`` (``set_aside``), where the next build takes the newest back as the folder
of its new site (``take_aside``, ``newsite``) and removes the others in a process of its own while
it works, from ``build/removing/`` (``remove_previous``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def remove(path: Path) -> None:
    """Remove ``path``: a folder with what it holds, else the name; links are removed, not followed."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def previous_sites(build_root: Path) -> Path:
    """Where a build moves the site it replaced: inside the project's build folder, never beside the
    site, where a web server serving the site's parent would still publish it."""
    return build_root / "previous-sites"


def removing(aside: Path) -> Path:
    """Where what is to be removed waits for the remover (``remove_previous``), beside ``aside``: a
    remover still running from a killed build removes only there, never in a folder taken back."""
    return aside.with_name("removing")


def spoil(folder: Path, aside: Path) -> None:
    """Send a folder taken back that the build could not clear (a name it cannot remove) to removal,
    so that no build takes it back again; removed now where it cannot be moved."""
    set_aside(folder, removing(aside))


def set_aside(old: Path, aside: Path | None) -> None:
    """Move the previous site ``old`` into ``aside`` (a rename: the same file system), or remove
    it now. Removing a site of 290 plans (about 180 000 files and folders) took a fifth of a
    rebuild with one plan changed, one core busy and the other idle."""
    if aside is not None:
        try:
            aside.mkdir(parents=True, exist_ok=True)
            os.rename(old, aside / f"{os.getpid()}-{time.monotonic_ns()}")
            return
        except OSError:  # another file system (a site outside the project), or no build folder
            pass
    remove(old)


def take_aside(aside: Path, target: Path) -> Path | None:
    """Move the site set aside last (``publish.swap_in``) from ``aside`` to a new ``.<name>.new-*`` beside
    ``target``, closed to others (0700) until the build opens it; None when there is none or it
    cannot be moved there (another file system)."""
    try:
        plain = aside.is_dir() and not aside.is_symlink()
        sites = [p for p in aside.iterdir() if p.is_dir() and not p.is_symlink()] if plain else []
        if not sites or not target.parent.is_dir():
            return None
        newest = max(sites, key=lambda p: (p.lstat().st_ctime_ns, p.name))
        place = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        os.rmdir(place)
        os.rename(newest, place)
        os.chmod(place, 0o700)
    except OSError:
        return None
    return place


#: The removal of set-aside sites, run in a process of its own: in a thread it needed the GIL back
#: after each of its ~180 000 calls while the build's Python held it, and fell far behind.
_REMOVER = """
import os, shutil, sys
for path in sys.argv[1:]:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass
"""


def remove_previous(aside: Path) -> subprocess.Popen | None:
    """Move what ``aside`` holds (the sites earlier builds replaced, ``publish.swap_in``) to
    ``removing`` and start removing all that is there in a process of its own, which spends its time
    in the file system's calls while the build works on the other core (links are removed, never
    followed); the build waits for it (``publish.guard``). An interrupted build does not wait, and
    what is left the next build removes. Where the process cannot start, they are removed here."""
    target = removing(aside)
    try:
        if aside.is_dir() and not aside.is_symlink():
            for path in sorted(aside.iterdir()):
                target.mkdir(exist_ok=True)
                os.rename(path, target / path.name)
        previous = sorted(target.iterdir()) if target.is_dir() and not target.is_symlink() else []
    except OSError:
        previous = []
    if not previous:
        return None
    try:
        return subprocess.Popen([sys.executable, "-I", "-c", _REMOVER, *map(str, previous)],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        for path in previous:
            remove(path)
        return None
