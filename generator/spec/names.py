"""Names that become pages or files in the site: which ones the site cannot use, and what instead.

A plan id is a folder, a goal id ``<plan>/mal/<goal_id>/index.md``, an indicator id a page and two
files, a chapter slug ``<plan>/text/<slug>.md`` and a resource path a published file (see
``urls.py``). Such a name must not be

- ``index``: the page the site makes itself for the folder (``mal/index.md`` lists the goals);
- a Windows device name (``con``, ``nul``, ``com1``, ``lpt9.csv`` …): Windows cannot create or
  open such a file, so the published site or package could not be copied or unpacked there;
- for a path, a part starting with ``.``: a hidden file, which web servers and programs treat
  specially (``.htaccess``), and which a reader of the package does not see.

The functions return a problem code and a name to suggest instead; ``validate.py`` makes the
problems. Messages live in ``texts.py`` under ``reserved-name``, ``device-name`` and ``hidden-path``.
"""

from __future__ import annotations

import re

#: A plan id is a folder name and the first part of every URL of the plan.
PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
#: Top-level folders of the site that a plan id must not take over (besides the pages in content/site).
RESERVED_PLAN_IDS = frozenset({"data", "assets", "search", "site", "text", "bilder", "404", "sitemap",
                               "jamfor"})  # jamfor/: the comparisons (urls.COMPARE_INDEX)

#: Names the site gives to pages of its own inside a folder.
PAGE_NAMES = frozenset({"index"})
#: Windows device names: with any extension and in any case they open the device, not a file.
DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in "0123456789¹²³"}
)


def device_name(name: str) -> bool:
    """Whether Windows reads ``name`` (``"NUL"``, ``"con.csv"``, ``"aux .txt"``) as a device."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.casefold() in DEVICE_NAMES


def _another(name: str) -> str:
    """A name to suggest instead: ``index`` → ``index-1``, ``con.csv`` → ``con-1.csv``."""
    stem, dot, rest = name.partition(".")
    return f"{stem.rstrip(' ')}-1{dot}{rest}"


def name_problem(name: str) -> tuple[str, str] | None:
    """``(code, suggestion)`` if ``name`` (an id that becomes a page or file) cannot be used."""
    if device_name(name):
        return "device-name", _another(name)
    if name.casefold() in PAGE_NAMES:
        return "reserved-name", _another(name)
    return None


def path_problem(path: str) -> tuple[str, str] | None:
    """``(code, suggestion)`` if a part of the relative ``path`` is hidden or a device name."""
    parts = path.split("/")
    if any(part.startswith(".") for part in parts):
        return "hidden-path", "/".join(part.lstrip(".") for part in parts if part.lstrip(".")) or "tabell.csv"
    if any(device_name(part) for part in parts):
        return "device-name", "/".join(_another(part) if device_name(part) else part for part in parts)
    return None
