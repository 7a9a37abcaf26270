"""PNG copies of the indicator charts: each SVG, its text first turned into outlines of the font
vl-convert carries (``glyphs``: resvg laid out text slowly), drawn with Skia (``skia-python``) into
pixels in memory, and reduced to a palette of at most 256 colours with Pillow (a chart has a
handful of colours and their anti-aliased edges: about 95 KB becomes 13 KB and looks the same),
cached by content so that an unchanged chart is not rasterised again.

Skia, not vl-convert, draws: vl-convert (resvg inside) hands back only a PNG, which it took about
10 ms to compress and Pillow 4 ms to read back, of the 28 ms a chart took; Skia draws the same chart
into memory in about 3 ms. An SVG Skia's reader would draw otherwise (``for_skia`` says which:
text left as text, which Skia would set in the machine's fonts, or markup the rewrite does not
cover) is drawn by vl-convert as before, with the fonts it carries.

The cache lives in the project's build folder (``build/cache/png/<sha256>.png``, not committed);
the key covers the SVG, the scale, the palette, the glyphs' font, this module's code and the versions
of the rasterisers and of Pillow.
A cache that cannot be read or written only costs time: the PNG is made again. After a whole
build the PNGs it did not use (charts since changed) are removed (``prune``), so the cache holds
about one site's charts, and a CI job can keep it between runs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import re
import zlib
from pathlib import Path
from typing import Callable, Iterator

import skia
import vl_convert
from PIL import Image

from generator.build import glyphs
from generator.ingest import kept, parallel

SCALE = 2  # pixels per unit of the drawing: sharp on a high-density screen and in print
COLOURS = 256  # the palette's size: the most a PNG palette holds
COMPRESSION = 6  # zlib level: 8 took 9.5 against 3.2 ms a chart for 6 % fewer bytes, 9 twice as long as 8
STRATEGY = zlib.Z_FILTERED  # zlib's strategy for filtered rows: 1 % fewer bytes than the default, in the same time
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cache_dir(root: Path) -> Path:
    return root / "build" / "cache" / "png"


@functools.lru_cache(maxsize=1)
def _code() -> str:
    """This module's code, for the cache's key: what Skia is given (``for_skia``) and how the palette
    is made decide the PNG as much as the versions do."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _key(svg: str) -> str:
    made_by = (f"code {_code()}, skia {skia.__version__} or vl-convert {vl_convert.__version__}, drawn size, "
               f"{glyphs.made_by()}, scale {SCALE} Pillow {Image.__version__} colours {COLOURS} zlib {COMPRESSION} "
               f"strategy {STRATEGY}")
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


_PLAIN_ROOT = {"xmlns", "width", "height", "viewBox", "class", "role", "aria-labelledby", "preserveAspectRatio",
               "font-family", "fill"}  # what ``render.svg.document`` writes on the root
_XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
#: What Skia is given to draw: the elements and attributes our charts are made of once their text is
#: outlines (``render.svg``, ``glyphs``), colours as ``#rgb``, ``#rrggbb`` or none. Each tag must be
#: written as our renderer writes one: a name, then ``name="value"`` pairs.
_TAG = re.compile(r'<(/?)([a-z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)\s*(/?)>')
_PAIR = re.compile(r'([a-zA-Z][a-zA-Z0-9:-]*)="([^"<>]*)"')
_ELEMENTS = frozenset({"svg", "defs", "title", "desc", "g", "path", "rect", "line", "use"})
_ATTRIBUTES = frozenset({"xmlns", "xmlns:xlink", "width", "height", "viewBox", "class", "role", "aria-labelledby",
                         "preserveAspectRatio", "font-family", "id", "data-series", "d", "x", "y", "x1", "y1", "x2",
                         "y2", "transform", "fill", "stroke", "stroke-width", "stroke-dasharray", "xlink:href"})
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|none")


def for_skia(svg: str) -> str | None:
    """``svg`` written so that Skia's SVG reader draws what resvg draws, or None when it holds what
    this does not cover. Skia's reader follows ``<use>``'s reference (how ``glyphs`` places each
    outlined glyph) only as ``xlink:href``: with ``href`` it drew the charts without their text.
    None unless the SVG is one ``<svg>`` element made only of what our charts are made of
    (``_ELEMENTS``, ``_ATTRIBUTES``, ``_COLOUR``; the root's attributes those ``render.svg.document``
    writes): text left as text (``glyphs`` leaves what it cannot outline, and Skia would set it in
    the machine's fonts), a style, an opacity, a colour with alpha or a reference elsewhere than
    the drawing itself is drawn by resvg."""
    text = svg.strip().replace('<use href="#', '<use xlink:href="#')
    root = _TAG.match(text)
    if (root is None or root.group(2) != "svg" or root.group(1) or root.group(4) or not text.endswith("</svg>")
            or text.count("<svg") != 1
            or not {name for name, _ in _PAIR.findall(root.group(3))} <= _PLAIN_ROOT):
        return None
    for start in (found.start() for found in re.finditer("<", text)):
        tag = _TAG.match(text, start)
        if tag is None or tag.group(2) not in _ELEMENTS:
            return None
        for name, value in _PAIR.findall(tag.group(3)):
            if (name not in _ATTRIBUTES or (name in ("fill", "stroke") and not _COLOUR.fullmatch(value))
                    or (name == "xlink:href" and not value.startswith("#"))):
                return None
    return f"{root.group()[:-1]} {_XLINK}>{text[root.end():]}"


def drawn_by_skia(svg: str) -> Image.Image | None:
    """``svg`` (as ``for_skia`` wrote it) in pixels at ``SCALE``, or None when Skia cannot read it or
    make a canvas that large. The canvas is as resvg makes it: the root's size times the scale,
    rounded down."""
    dom = skia.SVGDOM.MakeFromStream(skia.MemoryStream(svg.encode("utf-8"), True))  # True: Skia keeps a copy
    if dom is None:
        return None
    size = dom.containerSize()
    width, height = int(size.width() * SCALE), int(size.height() * SCALE)
    if width < 1 or height < 1:
        return None
    surface = skia.Surface.MakeRaster(skia.ImageInfo.Make(width, height, skia.kRGBA_8888_ColorType,
                                                          skia.kUnpremul_AlphaType))
    if surface is None:  # more pixels than Skia will hold
        return None
    with surface as canvas:
        canvas.scale(SCALE, SCALE)
        dom.render(canvas)
    return Image.frombuffer("RGBA", (width, height), surface.makeImageSnapshot().tobytes(), "raw", "RGBA", 0, 1)


def drawn_by_resvg(svg: str) -> Image.Image:
    """``svg`` in pixels at ``SCALE``, drawn by vl-convert (resvg, with the fonts it carries)."""
    return Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=SCALE))).convert("RGBA")


def png(svg: str) -> bytes:
    """The SVG at its drawn size (``drawn``), its text as outlines (``glyphs``), drawn by Skia where
    ``for_skia`` allows and else by resvg, as a palette PNG (transparency kept where there is any)."""
    outlined = glyphs.outlined(drawn(svg))
    prepared = for_skia(outlined)
    image = drawn_by_skia(prepared) if prepared is not None else None
    if image is None:
        image = drawn_by_resvg(outlined)
    if image.getchannel("A").getextrema() == (255, 255):  # opaque, as a chart on its white ground is: its
        image = image.convert("RGB")  # palette then has no alpha (from Skia's pixels it had 254 in places)
    out = io.BytesIO()
    palette = image.quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE)
    palette.save(out, "PNG", compress_level=COMPRESSION, compress_type=STRATEGY)
    return out.getvalue()


POOLED = 64  # from this many charts to make, a pool of one process per core makes them
CHUNK = 8  # charts a worker takes at a time: about a tenth of a second of work, so an interrupted pool stops soon


def _made(svgs: list[str]) -> Iterator[bytes]:
    """The PNGs of ``svgs`` in order, each as soon as it is made: in this process when they are few,
    else on every core (``parallel.ordered``: the work is CPU only, rasterising and quantising,
    about 13 ms a chart, each chart on its own)."""
    return parallel.ordered(png, svgs, pooled=POOLED, chunk=CHUNK)


def rasterise(svgs: dict[str, str], cache: Path, used: set[str] | None = None,
              tick: Callable[[int], None] | None = None) -> tuple[dict[str, bytes], int]:
    """``svgs``: site path (``….svg``) → SVG text. Returns site path (``….png``) → PNG bytes, and how
    many distinct drawings were rasterised now (the rest came from ``cache``, where each new one is stored as
    soon as it is made: an interrupted build keeps what it made). ``used`` receives the cache keys;
    ``tick(n)`` is called as each ``n`` of the PNGs are there."""
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
            if tick:
                tick(1)
        else:  # the same drawing at several paths (plans copied from one another) is made once
            missing.setdefault(key, (svg, []))[1].append(path)
    with contextlib.closing(_made([svg for svg, _ in missing.values()])) as made:
        for (key, (_, paths)), data in zip(missing.items(), made):
            kept.store(cache / f"{key}.png", data)
            out.update((path.removesuffix(".svg") + ".png", data) for path in paths)
            if tick:
                tick(len(paths))
    return dict(sorted(out.items())), len(missing)


def prune(cache: Path, used: set[str]) -> int:
    """Remove the PNGs of ``cache`` that a whole build did not use (charts since changed) and any
    half-written ``.part`` file, so that the cache holds about one site's charts (``kept.prune``).
    Returns how many were removed."""
    return kept.prune(cache, used, ".png")
