"""What validation found for each valid plan, kept between builds (``build/cache/validated/``).

Validating a plan (frictionless, the domain rules, the chapters' Markdown) costs about a quarter of
a second; a build that finds the plan's inputs unchanged reads the result instead: the problems
(warnings), the files read, the chapters and the model, written by ``model/codec.py`` as JSON, never
pickle. Only plans without errors are kept: a plan with errors is the one being worked on, and its
problems are found again.

An entry's name is a hash of everything the result depends on (``key``): every file and folder below
the plan's folder and its chapters' folder (names, kinds and bytes), the names of the site's pages
and images, the concordance's keys, the limits, the generator's own files and the versions of every
installed package and of Python. A plan whose folders hold a link, something that is not a file or a
folder, or more than the limits allow, gets no key and is validated every time. An entry that cannot
be read or decoded counts as missing; one that cannot be written only costs time.

Decoding runs no code, but what it reads is used as validated, the chapters' safe HTML too: the
folder is trusted as ``build/cache/units/`` is, which holds built pages. Keep ``build/cache`` where
only this project's builds write (the Pages workflow runs on main alone, so its ``actions/cache``
holds main's builds only).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from generator.config.limits import Limits
from generator.ingest import kept
from generator.model import codec

GENERATOR = Path(__file__).resolve().parents[1]
FORMAT = "1"  # the layout of an entry; bump it when it changes


def cache_dir(root: Path) -> Path:
    return root / "build" / "cache" / "validated"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The generator's files (code, schemas, texts) and every installed package's version: what is
    installed, not the folder ``python -c`` or ``python -m`` puts first on the path (the working
    folder: a checkout's ``plansite.egg-info`` there, read as a second install, gave another key
    than ``plansite build`` from the same checkout, so the two missed each other's entries). Later
    entries count even when they are the working folder; a package found twice counts once."""
    digest = hashlib.sha256(f"format {FORMAT}\npython {sys.version}\n".encode("utf-8"))
    installed = list(sys.path)
    if installed and not getattr(sys.flags, "safe_path", False) and _is_working_folder(installed[0]):
        installed = installed[1:]
    versions = sorted({f"{d.metadata['Name']} {d.version}" for d in metadata.distributions(path=installed)
                       if d.metadata["Name"]})
    digest.update("\n".join(versions).encode("utf-8"))
    try:
        for path in sorted(GENERATOR.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and not path.is_symlink():
                digest.update(f"\n{path.relative_to(GENERATOR).as_posix()} {path.stat().st_size}\n".encode("utf-8"))
                digest.update(path.read_bytes())
    except OSError:  # a file of the generator went while it was read (being edited): this run matches no entry
        return os.urandom(32).hex()
    return digest.hexdigest()


def _is_working_folder(entry: str) -> bool:
    """``entry`` (of ``sys.path``) names the working folder: ``""``, or its path (a working folder
    that is gone is none)."""
    try:
        return entry == "" or os.path.abspath(entry) == os.getcwd()
    except OSError:
        return entry == ""


class _Unkeyable(Exception):
    """The folder holds something a key does not stand for (a link, a device, too much)."""


def _add_folder(digest: "hashlib._Hash", label: str, folder: Path, limits: Limits, budget: list[int]) -> None:
    """Every entry below ``folder`` into ``digest``: name, kind and, for a file, its bytes; a missing
    folder as such. Never follows a link; raises ``_Unkeyable`` for anything but files and folders."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        digest.update(f"\n{label} missing\n".encode("utf-8"))
        return
    except OSError:
        raise _Unkeyable from None
    for entry in entries:
        rel = f"{label}/{entry.name}"
        budget[0] -= 1
        if budget[0] < 0 or entry.is_symlink():
            raise _Unkeyable
        if entry.is_dir(follow_symlinks=False):
            digest.update(f"\n{rel} dir\n".encode("utf-8", "surrogateescape"))
            _add_folder(digest, rel, Path(entry.path), limits, budget)
        elif entry.is_file(follow_symlinks=False):
            try:  # a file may go (an editor's lock file) between the listing and the reading
                if entry.stat(follow_symlinks=False).st_size > limits.max_file_bytes:
                    raise _Unkeyable
                with open(entry.path, "rb", opener=lambda p, f: os.open(p, f | os.O_NOFOLLOW)) as fh:
                    data = fh.read(limits.max_file_bytes + 1)
            except OSError:
                raise _Unkeyable from None
            digest.update(f"\n{rel} file {len(data)}\n".encode("utf-8", "surrogateescape") + data)
        else:
            raise _Unkeyable


MAX_ENTRIES = 10_000  # entries below one plan's two folders that a key reads, at most


def key(package_dir: Path, content: Path | None, site_names: frozenset[str], assets: frozenset[str],
        limits: Limits, concordance_keys: frozenset[str] | None) -> str | None:
    """The name of the plan's entry, or None if it is not to be cached."""
    digest = hashlib.sha256(code_fingerprint().encode("ascii"))
    given = {"plan": package_dir.name, "site": sorted(site_names), "assets": sorted(assets), "limits": repr(limits),
             "concordance": None if concordance_keys is None else sorted(concordance_keys),
             "content": content is not None}
    digest.update(json.dumps(given, ensure_ascii=True).encode("ascii"))
    budget = [MAX_ENTRIES]
    try:
        if package_dir.is_symlink():
            return None
        _add_folder(digest, "package", package_dir, limits, budget)
        if content is not None:
            if (content / package_dir.name).is_symlink():
                return None
            _add_folder(digest, "chapters", content / package_dir.name, limits, budget)
    except (_Unkeyable, OSError, RecursionError, UnicodeError):
        return None
    return digest.hexdigest()


def load(cache: Path, name: str) -> tuple | None:
    """The result kept under ``name`` (``project._checked``'s tuple), or None."""
    try:
        found, files_read, chapters, plan = codec.loads((cache / f"{name}.json").read_bytes())
        if not (isinstance(found, list) and isinstance(files_read, dict) and isinstance(chapters, tuple)):
            return None
        return found, files_read, chapters, plan
    except Exception:  # missing, cut short, written by another version, tampered with: validate again
        return None


def store(cache: Path, name: str, result: tuple) -> None:
    """Keep ``result`` under ``name``, whole or not at all."""
    try:  # ASCII with escapes: a name that is not UTF-8 (surrogates) reads back exactly
        text = json.dumps([codec.encode(part) for part in result], ensure_ascii=True, separators=(",", ":"))
    except (ValueError, RecursionError):
        return
    kept.store(cache / f"{name}.json", text.encode("ascii"))


def prune(cache: Path, used: set[str]) -> int:
    """Remove the entries a whole build did not use (plans since changed) and half-written files."""
    return kept.prune(cache, used, ".json")
