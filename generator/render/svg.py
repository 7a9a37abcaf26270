"""SVG primitives for the charts: escaped text, lines and paths, markers, and axis ticks at "nice" steps.

Pure string building, no engine: coordinates in, markup out. Text is escaped where it is placed;
tick numbers are exact Decimals written by ``i18n.numbers.format_number`` in the chart's language.
Text widths are estimated from DejaVu Sans (a wide sans-serif), so that a label laid out with them
fits whichever sans-serif the reader's browser uses.
"""

from __future__ import annotations

import html
import math
import re
from decimal import Decimal

from generator.i18n.numbers import format_number

FONT = 13  # px in the drawing; a chart is at most ~390 px wide, so text stays ≥ 12 px on a phone
TITLE_FONT = 14
INK = "#1b1b1b"
AXIS = "#888"  # the axis line and ticks
GRID = "#ddd"
FAMILY = "sans-serif"

#: Advance widths of DejaVu Sans in em; other characters count as ``_WIDE``.
_WIDTHS = {
    **dict.fromkeys(" \u00a0.,", 0.318), **dict.fromkeys(":;/", 0.337), **dict.fromkeys("ijlI'|!", 0.28),
    **dict.fromkeys("0123456789", 0.636), **dict.fromkeys("-()[]", 0.39), "%": 0.95, "–": 0.5,
    **dict.fromkeys("−≤≥+=<>", 0.838), "f": 0.352, "r": 0.411, "t": 0.392, "J": 0.295,
    **dict.fromkeys("abdeghnopquåäöéü", 0.634), **dict.fromkeys("cksvxyz", 0.592), "m": 0.974, "w": 0.818,
    **dict.fromkeys("ABCEFKPRSTVXYZÅÄ", 0.7), **dict.fromkeys("DGHNOQUÖ", 0.79), "L": 0.557, "M": 0.863, "W": 0.989,
}
_WIDE = 0.7


def esc(text: object) -> str:
    """Text for an SVG element's content or attribute, escaped."""
    return html.escape(str(text), quote=True)


def num(x: float) -> str:
    """A coordinate, at most two decimals and no trailing zeros ("12.5", "40")."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """The estimated width of ``text`` at ``size`` px (bold ~8 % wider)."""
    em = sum(_WIDTHS.get(ch, _WIDE) for ch in text)
    return em * size * (1.08 if bold else 1.0)


def part(cls: str, series: str = "") -> str:
    """The attributes that name a drawn part (``class="chart-point"``) and its series, for readers of
    the file and for tests: ``data-series`` holds the series' name as the key shows it."""
    return f' class="chart-{cls}"' + (f' data-series="{esc(series)}"' if series else "")


def text(x: float, y: float, content: str, *, size: float = FONT, anchor: str = "start", bold: bool = False,
         fill: str = INK, rotate: float | None = None, extra: str = "") -> str:
    """A line of text whose baseline is at ``y`` (``anchor``: start, middle or end at ``x``);
    ``extra``: more attributes (``part``)."""
    attrs = f'x="{num(x)}" y="{num(y)}" font-size="{num(size)}"{extra}'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if fill != INK:
        attrs += f' fill="{fill}"'
    if rotate is not None:
        attrs += f' transform="rotate({num(rotate)} {num(x)} {num(y)})"'
    return f"<text {attrs}>{esc(content)}</text>"


def middle(y: float, size: float = FONT) -> float:
    """The baseline that centres a line of text of ``size`` px on ``y`` (no dominant-baseline: not
    every SVG reader honours it)."""
    return y + 0.35 * size


def line(x1: float, y1: float, x2: float, y2: float, stroke: str = AXIS, width: float = 1) -> str:
    return (f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{stroke}"'
            f'{"" if width == 1 else f" stroke-width={chr(34)}{num(width)}{chr(34)}"}/>')


def rect(x: float, y: float, width: float, height: float, *, fill: str, stroke: str = "", stroke_width: float = 1.5,
         extra: str = "") -> str:
    outline = f' stroke="{stroke}" stroke-width="{num(stroke_width)}"' if stroke else ""
    return (f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(width, 0))}" height="{num(max(height, 0))}"'
            f' fill="{fill}"{outline}{extra}/>')


def polyline(points: list[tuple[float, float]], stroke: str, dash: tuple[float, ...] = (), width: float = 2,
             extra: str = "") -> str:
    """A line through ``points`` (a dashed one where ``dash`` has a gap)."""
    d = "M" + "L".join(f"{num(x)},{num(y)}" for x, y in points)
    pattern = f' stroke-dasharray="{",".join(num(v) for v in dash)}"' if dash and any(dash[1::2]) else ""
    return f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{num(width)}"{pattern}{extra}/>'


def _shape(shape: str, x: float, y: float, size: float) -> str:
    """The outline of a marker of area ``size`` px² centred on (x, y), as Vega draws its symbols."""
    r = math.sqrt(size) / 2
    if shape == "square":
        return f"M{num(x - r)},{num(y - r)}h{num(2 * r)}v{num(2 * r)}h{num(-2 * r)}Z"
    if shape == "diamond":
        return f"M{num(x - r)},{num(y)}L{num(x)},{num(y - r)}L{num(x + r)},{num(y)}L{num(x)},{num(y + r)}Z"
    h = math.sqrt(3) / 2 * r
    triangles = {"triangle-up": ((0, -h), (r, h), (-r, h)), "triangle-down": ((0, h), (r, -h), (-r, -h)),
                 "triangle-right": ((h, 0), (-h, -r), (-h, r))}
    if shape in triangles:
        return "M" + "L".join(f"{num(x + dx)},{num(y + dy)}" for dx, dy in triangles[shape]) + "Z"
    if shape == "cross":  # a plus, its arms as thick as Vega's
        s = r / 2.5
        return (f"M{num(x - r)},{num(y - s)}H{num(x - s)}V{num(y - r)}H{num(x + s)}V{num(y - s)}H{num(x + r)}"
                f"V{num(y + s)}H{num(x + s)}V{num(y + r)}H{num(x - s)}V{num(y + s)}H{num(x - r)}Z")
    return f"M{num(x + r)},{num(y)}A{num(r)},{num(r)} 0 1 1 {num(x - r)},{num(y)}A{num(r)},{num(r)} 0 1 1 {num(x + r)},{num(y)}Z"


def marker(shape: str, x: float, y: float, *, size: float, stroke: str, fill: str, width: float = 2, extra: str = "") -> str:
    """A marker (circle, square, diamond, triangle-up/-down/-right, cross); ``fill`` "none" for an open one."""
    return f'<path d="{_shape(shape, x, y, size)}" fill="{fill}" stroke="{stroke}" stroke-width="{num(width)}"{extra}/>'


def tick_step(low: float, high: float, count: int) -> Decimal:
    """A step of 1, 2 or 5 × 10ⁿ that cuts ``low``–``high`` into about ``count`` parts (d3's rule,
    as Vega picks its ticks)."""
    span = high - low
    if not span > 0 or not math.isfinite(span):
        return Decimal(1)
    raw = span / count
    power = math.floor(math.log10(raw))
    error = raw / 10.0 ** power
    factor = 10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    return Decimal(factor).scaleb(power)


def nice_domain(low: float, high: float, count: int = 10) -> tuple[float, float]:
    """``low``–``high`` widened to whole steps (Vega's "nice" scale)."""
    for _ in range(2):
        step = float(tick_step(low, high, count))
        low, high = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    return low, high


def ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[Decimal]:
    """The tick values within ``low``–``high``, about ``count`` of them, as exact Decimals (never a
    fractional step where every value is whole)."""
    step = tick_step(low, high, count)
    if whole and step < 1:
        step = Decimal(1)
    first, last = math.ceil(low / float(step) - 1e-9), math.floor(high / float(step) + 1e-9)
    return [(i * step).normalize() for i in range(first, last + 1)]


def thin(positions: list[float], widths: list[float], gap: float = 4) -> list[bool]:
    """Which of the labels centred on ``positions`` to show: every one where they do not overlap,
    else every other one, and so on (Vega's "parity" rule for overlapping labels)."""
    shown = list(range(len(positions)))
    while len(shown) > 1 and any(abs(positions[b] - positions[a]) < (widths[a] + widths[b]) / 2 + gap
                                 for a, b in zip(shown, shown[1:])):
        shown = shown[::2]
    return [i in shown for i in range(len(positions))]


def tick_label(value: Decimal, lang: str) -> str:
    """A tick's number as the page writes numbers in ``lang`` ("1 500", "0,5")."""
    return format_number(value if value != 0 else Decimal(0), lang)


def document(body: str, width: float, height: float, *, title: str, description: str, element_id: str,
             zoom: float = 1.0) -> str:
    """The chart as one accessible image: its title and description (ids ``{element_id}-title`` and
    ``-desc``), drawn at ``zoom`` times its size (CSS shrinks it to a narrower screen)."""
    width, height = math.ceil(width), math.ceil(height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="marks plansite-chart" width="{round(width * zoom)}"'
            f' viewBox="0 0 {width} {height}" role="img"'
            f' aria-labelledby="{esc(element_id)}-title {esc(element_id)}-desc" preserveAspectRatio="xMinYMin meet"'
            f' font-family="{FAMILY}" fill="{INK}">'
            f'<title id="{esc(element_id)}-title">{esc(title)}</title>'
            f'<desc id="{esc(element_id)}-desc">{esc(description)}</desc>'
            f'<rect width="100%" height="100%" fill="#fff"/>{body}</svg>')


_SIZE = re.compile(r'<svg [^>]*?width="(\d+)" viewBox="0 0 (\d+) (\d+)"')


def shown_size(svg: str) -> tuple[int, int]:
    """The width and height a chart made by ``document`` is shown at, in CSS pixels: for the
    ``<img>`` that shows its file on a page (its box known before the file arrives)."""
    found = _SIZE.match(svg)
    if found is None:
        raise ValueError("not a chart made by svg.document")
    width, drawn_width, drawn_height = (int(n) for n in found.groups())
    return width, round(drawn_height * width / drawn_width)


def wrap(text: str, width: float, *, size: float = FONT, bold: bool = False) -> list[str]:
    """``text`` as lines at most ``width`` px wide (estimated), broken between words, never cut:
    a word wider than ``width`` stands on a line of its own. Line breaks in the text are spaces."""
    lines: list[str] = []
    for word in " ".join(str(text).split()).split(" "):
        if lines and text_width(lines[-1] + " " + word, size, bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
