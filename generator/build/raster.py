"""PNG copies of the indicator charts: each SVG, its text first turned into outlines of the font
vl-convert carries (``glyphs``: resvg laid out text slowly), rasterised with vl-convert (resvg
inside, offline) and reduced to a palette of at most 256 colours with Pillow (a chart has a
handful of colours and their anti-aliased edges: about 95 KB becomes 13 KB and looks the same),
cached by content so that an unchanged chart is not rasterised again.

The cache lives in the project's build folder (``build/cache/png/<sha256>.png``, not committed);
the key covers the SVG, the scale, the palette, the glyphs' font and the versions of the rasteriser
and of Pillow.
A cache that cannot be read or written only costs time: the PNG is made again. After a whole
build the PNGs it did not use (charts since changed) are removed (``prune``), so the cache holds
about one site's charts, and a CI job can keep it between runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from pathlib import Path
from typing import Iterator

import vl_convert
from PIL import Image

from generator.build import glyphs
from generator.ingest import kept, parallel

SCALE = 2  # pixels per unit of the drawing: sharp on a high-density screen and in print
COLOURS = 256  # the palette's size: the most a PNG palette holds
COMPRESSION = 8  # zlib level: 9 took twice as long (23 against 12 ms a chart) for 1 % fewer bytes
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cache_dir(root: Path) -> Path:
    return root / "build" / "cache" / "png"


def _key(svg: str) -> str:
    made_by = f"vl-convert {vl_convert.__version__} drawn size, {glyphs.made_by()}, scale {SCALE} Pillow {Image.__version__} colours {COLOURS} zlib {COMPRESSION}"
    return hashlib.sha256(f"{made_by}\n{svg}".encode("utf-8")).hexdigest()


_ROOT = re.compile(r"<svg\b[^>]*>")
_VIEW_BOX = re.compile(r'\sviewBox="0 0 ([0-9.]+) ([0-9.]+)"')
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def drawn(svg: str) -> str:
    """The SVG at the size it was drawn (its viewBox). A chart's ``width`` lets the page show it up
    to a third larger (``charts.ZOOM``) with no ``height``, which a browser takes from the viewBox's
    shape; resvg makes the canvas that wide but only the viewBox tall, so the PNG had a blank strip,
    a fifth of its width, right of the chart. An SVG without a viewBox is left as it is."""
    root = _ROOT.search(svg)
    box = _VIEW_BOX.search(root.group()) if root else None
    if root is None or box is None:
        return svg
    tag = _SIZE.sub("", root.group())
    tag = tag[:4] + f' width="{box.group(1)}" height="{box.group(2)}"' + tag[4:]
    return svg[:root.start()] + tag + svg[root.end():]


def png(svg: str) -> bytes:
    """The SVG at its drawn size (``drawn``), its text as outlines (``glyphs``), as a palette PNG
    (transparency kept)."""
    image = Image.open(io.BytesIO(vl_convert.svg_to_png(glyphs.outlined(drawn(svg)), scale=SCALE))).convert("RGBA")
    out = io.BytesIO()
    image.quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE).save(out, "PNG", compress_level=COMPRESSION)
    return out.getvalue()


POOLED = 64  # from this many charts to make, a pool of one process per core makes them
CHUNK = 8  # charts a worker takes at a time: about half a second of work, so an interrupted pool stops soon


def _made(svgs: list[str]) -> Iterator[bytes]:
    """The PNGs of ``svgs`` in order, each as soon as it is made: in this process when they are few,
    else on every core (``parallel.ordered``: the work is CPU only, rasterising and quantising,
    about 0.06 s a chart, each chart on its own)."""
    return parallel.ordered(png, svgs, pooled=POOLED, chunk=CHUNK)


def rasterise(svgs: dict[str, str], cache: Path, used: set[str] | None = None) -> tuple[dict[str, bytes], int]:
    """``svgs``: site path (``….svg``) → SVG text. Returns site path (``….png``) → PNG bytes, and how
    many distinct drawings were rasterised now (the rest came from ``cache``, where each new one is stored as
    soon as it is made: an interrupted build keeps what it made). ``used`` receives the cache keys."""
    out: dict[str, bytes] = {}
    missing: dict[str, tuple[str, list[str]]] = {}  # cache key → the SVG and every path that draws it
    for path, svg in sorted(svgs.items()):
        key = _key(svg)
        if used is not None:
            used.add(key)
        try:
            data = (cache / f"{key}.png").read_bytes()
        except OSError:
            data = b""
        if data.startswith(PNG_SIGNATURE):
            out[path.removesuffix(".svg") + ".png"] = data
        else:  # the same drawing at several paths (plans copied from one another) is made once
            missing.setdefault(key, (svg, []))[1].append(path)
    with contextlib.closing(_made([svg for svg, _ in missing.values()])) as made:
        for (key, (_, paths)), data in zip(missing.items(), made):
            kept.store(cache / f"{key}.png", data)
            out.update((path.removesuffix(".svg") + ".png", data) for path in paths)
    return dict(sorted(out.items())), len(missing)


def prune(cache: Path, used: set[str]) -> int:
    """Remove the PNGs of ``cache`` that a whole build did not use (charts since changed) and any
    half-written ``.part`` file, so that the cache holds about one site's charts (``kept.prune``).
    Returns how many were removed."""
    return kept.prune(cache, used, ".png")
