"""The charts' text as glyph outlines, for the PNG copies only.

resvg (inside vl-convert) lays out text at about 0.1 ms a glyph, even glyphs it does not draw: a
chart's 100-odd glyphs were half of the time its PNG took. The same glyphs as outlines (``<path>``,
each drawn once in ``<defs>`` and placed with ``<use>``) cost it a quarter of that. Each ``<text>``
of our charts (``render.svg.text``: one line, a baseline at ``y``, an anchor, regular or bold, a
fill, a rotation) is shaped here with HarfBuzz (``uharfbuzz``: the shaper resvg's own rustybuzz
ports, so kerning and advances are the same) in Liberation Sans, the sans-serif vl-convert carries
inside itself and draws with where the machine has none of its own. The PNGs therefore no longer
depend on the fonts of the machine that builds them.

The page's SVG keeps its text (readable, selectable, in the reader's font); only the copy handed to
the rasteriser is outlined. Anything not understood is left as text for resvg to draw as before: a
``<text>`` with other attributes or markup inside, without its own size, empty, or holding
right-to-left text or a character the font lacks; every text of an SVG whose text could take
properties from elsewhere (``_ours``); all of them when vl-convert's fonts cannot be found
(``fonts()`` is then empty and ``made_by()`` says so, for the PNG cache's key).
"""

from __future__ import annotations

import functools
import hashlib
import html
import mmap
import re
import struct
import unicodedata
from pathlib import Path

import uharfbuzz
import vl_convert

_FAMILY = "Liberation Sans"
_STYLES = ("Regular", "Bold")
_SFNT = re.compile(rb"\x00\x01\x00\x00")  # a TrueType font's first four bytes
_TAG = re.compile(rb"[A-Za-z0-9/ ]{4}")


def _embedded_fonts(library: Path) -> dict[str, bytes]:
    """Style ("Regular", "Bold") → the font's bytes, for each style of ``_FAMILY`` found inside the
    compiled ``library``: the fonts resvg's own font database holds. A font is recognised by its
    table directory (a TrueType header, 8–40 tables with printable tags, ``glyf`` and ``name``
    among them) and then by the family and style its ``name`` table gives."""
    found: dict[str, bytes] = {}
    with open(library, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for match in _SFNT.finditer(data):
            start = match.start()
            if start + 12 > len(data):
                break
            (tables,) = struct.unpack_from(">H", data, start + 4)
            if not 8 <= tables <= 40 or start + 12 + 16 * tables > len(data):
                continue
            tags, end = set(), 0
            for i in range(tables):
                tag, _, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * i)
                tags.add(tag)
                end = max(end, offset + length)
            if not {b"glyf", b"name"} <= tags or not all(_TAG.fullmatch(t) for t in tags) or start + end > len(data):
                continue
            font = bytes(data[start:start + end])
            face = uharfbuzz.Face(font)
            family = face.get_name(uharfbuzz.OTNameIdPredefined.FONT_FAMILY)
            style = face.get_name(uharfbuzz.OTNameIdPredefined.FONT_SUBFAMILY)
            if family == _FAMILY and style in _STYLES:
                found.setdefault(style, font)
    return found


@functools.lru_cache(maxsize=1)
def fonts() -> dict[bool, uharfbuzz.Font]:
    """Bold? → the font to shape and outline with; empty when vl-convert's fonts are not found."""
    try:
        found = _embedded_fonts(Path(vl_convert.__file__).with_name("vl_convert.abi3.so"))
    except (OSError, ValueError):
        return {}
    if set(found) != set(_STYLES):
        return {}
    return {style == "Bold": uharfbuzz.Font(uharfbuzz.Face(data)) for style, data in found.items()}


@functools.lru_cache(maxsize=1)
def made_by() -> str:
    """What the outlines come from, for the PNG cache's key."""
    if not fonts():
        return "text left to resvg"
    versions = sorted(font.face.get_name(uharfbuzz.OTNameIdPredefined.VERSION_STRING) or "" for font in fonts().values())
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]  # how they are placed
    return f"glyphs of vl-convert's {_FAMILY} ({', '.join(versions)}), uharfbuzz {uharfbuzz.__version__}, code {code}"


class _Path:
    """A pen (the calls HarfBuzz draws a glyph with) that writes an SVG path's ``d``, in font units."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def _add(self, command: str, *points: tuple[float, float]) -> None:
        self.parts.append(command + " ".join(f"{x:g} {y:g}" for x, y in points))

    def moveTo(self, p):  # noqa: N802 (the pen protocol's names)
        self._add("M", p)

    def lineTo(self, p):  # noqa: N802
        self._add("L", p)

    def qCurveTo(self, *points):  # noqa: N802
        self._add("Q", *points)

    def curveTo(self, *points):  # noqa: N802
        self._add("C", *points)

    def closePath(self):  # noqa: N802
        self.parts.append("Z")

    def endPath(self):  # noqa: N802
        pass


@functools.lru_cache(maxsize=4096)
def _outline(bold: bool, glyph: int) -> str:
    pen = _Path()
    fonts()[bold].draw_glyph_with_pen(glyph, pen)
    return "".join(pen.parts)


_TEXT = re.compile(r"<text ([^<>]*)>([^<>]*)</text>")
_ATTRIBUTE = re.compile(r'\s*([a-z-]+)="([^"<>]*)"')
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_ROTATION = re.compile(r"rotate\(-?[0-9.]+ -?[0-9.]+ -?[0-9.]+\)")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")
_KNOWN = {"x", "y", "font-size", "text-anchor", "font-weight", "fill", "transform", "class", "data-series"}


def _attributes(text: str) -> dict[str, str] | None:
    out: dict[str, str] = {}
    done = 0
    for match in _ATTRIBUTE.finditer(text):
        if match.start() != done:
            return None
        out[match.group(1)] = match.group(2)
        done = match.end()
    return out if done == len(text.rstrip()) else None


def _collapsed(text: str) -> str:
    """``text`` as resvg (and a browser) lays out a ``<text>`` by default: line breaks and tabs as
    spaces, spaces at either end removed and each run of them as one."""
    return re.sub(" +", " ", re.sub("[\n\r\t]", " ", text)).strip(" ")


_RIGHT_TO_LEFT = {"R", "AL", "AN"}  # bidi classes that would need the bidi algorithm to order


def _left_to_right(text: str) -> bool:
    return not any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT for ch in text)


def _placed(match: re.Match[str], defs: dict[str, str]) -> str:
    """One ``<text>`` as a group of placed glyphs, or as it was when it is not one of ours or the
    font lacks one of its characters."""
    attrs = _attributes(match.group(1))
    if (attrs is None or not set(attrs) <= _KNOWN or "font-size" not in attrs
            or not all(_NUMBER.fullmatch(attrs.get(k, "0")) for k in ("x", "y", "font-size"))
            or attrs.get("text-anchor", "start") not in ("start", "middle", "end")
            or attrs.get("font-weight", "bold") != "bold"
            or not _COLOUR.fullmatch(attrs.get("fill", "#000"))
            or not _ROTATION.fullmatch(attrs.get("transform", "rotate(0 0 0)"))):
        return match.group(0)
    bold = "font-weight" in attrs
    font = fonts()[bold]
    text = _collapsed(html.unescape(match.group(2)))
    if not text or not _left_to_right(text):  # nothing to draw, or text that needs the bidi algorithm
        return match.group(0)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction, buffer.language = "ltr", "en"  # not the machine's locale: the same everywhere
    buffer.guess_segment_properties()  # the script, from the text
    uharfbuzz.shape(font, buffer)
    if not buffer.glyph_infos or any(info.codepoint == 0 for info in buffer.glyph_infos):  # a character the
        return match.group(0)  # font lacks
    scale = float(attrs["font-size"]) / font.face.upem
    x, y = float(attrs.get("x", "0")), float(attrs.get("y", "0"))
    width = sum(position.x_advance for position in buffer.glyph_positions) * scale
    x -= {"start": 0, "middle": width / 2, "end": width}[attrs.get("text-anchor", "start")]
    placed = []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions):
        outline = _outline(bold, info.codepoint)
        if outline:  # a space has none
            name = f"glyph-{int(bold)}-{info.codepoint}"
            defs.setdefault(name, f'<path id="{name}" d="{outline}"/>')
            placed.append(f'<use href="#{name}" transform="matrix({scale:.6g} 0 0 {-scale:.6g} '
                          f'{x + position.x_offset * scale:.3f} {y - position.y_offset * scale:.3f})"/>')
        x += position.x_advance * scale
    group = "".join(f' {k}="{attrs[k]}"' for k in ("fill", "transform") if k in attrs)
    return f"<g{group}>{''.join(placed)}</g>"


_INHERITED = re.compile(r"<(?!text\b)[a-zA-Z][^<>]*\s(?:font-size|font-weight|font-style|font-variant|text-anchor"
                        r"|letter-spacing|word-spacing|style|xml:space|direction|writing-mode)=|<style\b")
_ROOT_FAMILY = re.compile(r'<svg\b[^>]*\sfont-family="sans-serif"')


def _ours(svg: str) -> bool:
    """Whether the text of ``svg`` takes its font only from its own attributes and the root's
    ``font-family="sans-serif"`` (``render.svg.document``): no style sheet, no text property set
    on any other element, which ``_placed`` would not see."""
    return _ROOT_FAMILY.match(svg.lstrip()) is not None and _INHERITED.search(svg) is None


def outlined(svg: str) -> str:
    """``svg`` with each of its ``<text>`` elements (those ``_placed`` understands) as glyph outlines
    in the same place; unchanged when the fonts are not found, it has no text, or its text could
    take properties from elsewhere (``_ours``)."""
    if not fonts() or "<text " not in svg or not _ours(svg):
        return svg
    defs: dict[str, str] = {}
    body = _TEXT.sub(lambda match: _placed(match, defs), svg)
    root = re.search(r"<svg\b[^>]*>", body)
    if root is None or not defs:
        return body
    return body[:root.end()] + "<defs>" + "".join(defs.values()) + "</defs>" + body[root.end():]
