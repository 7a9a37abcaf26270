"""PNG copies of the indicator charts: each SVG rasterised with vl-convert (resvg inside, with its
own fonts, offline), cached by content so that an unchanged chart is not rasterised again.

The cache lives in the project's build folder (``build/cache/png/<sha256>.png``, not committed);
the key covers the SVG, the scale and the rasteriser's version. A cache that cannot be read or
written only costs time: the PNG is made again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import vl_convert

SCALE = 2  # pixels per SVG unit: sharp on a high-density screen and in print
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cache_dir(root: Path) -> Path:
    return root / "build" / "cache" / "png"


def _key(svg: str) -> str:
    return hashlib.sha256(f"vl-convert {vl_convert.__version__} scale {SCALE}\n{svg}".encode("utf-8")).hexdigest()


def _store(path: Path, data: bytes) -> None:
    """Write a cache entry whole or not at all (a killed build leaves no half file under its name)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        return


def rasterise(svgs: dict[str, str], cache: Path) -> tuple[dict[str, bytes], int]:
    """``svgs``: site path (``….svg``) → SVG text. Returns site path (``….png``) → PNG bytes, and how
    many of them were rasterised now (the rest came from ``cache``)."""
    out, made = {}, 0
    for path, svg in sorted(svgs.items()):
        entry = cache / f"{_key(svg)}.png"
        try:
            data = entry.read_bytes()
        except OSError:
            data = b""
        if not data.startswith(PNG_SIGNATURE):
            data = vl_convert.svg_to_png(svg, scale=SCALE)
            made += 1
            _store(entry, data)
        out[path.removesuffix(".svg") + ".png"] = data
    return out, made
