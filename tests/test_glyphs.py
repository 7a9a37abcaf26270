"""The charts' text as glyph outlines for the PNGs (``build.glyphs``): drawn where resvg drew the
text, in the same font, and left as text wherever the outlines could be wrong."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import vl_convert
from PIL import Image, ImageChops, ImageStat

from generator.build import glyphs, raster
from generator.render import svg as shapes


def _image(svg: str) -> Image.Image:
    return Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=2))).convert("L")


def _ink(image: Image.Image) -> tuple[int, int, int, int]:
    """The box around what is drawn (darker than white)."""
    return ImageChops.invert(image).point(lambda v: 255 if v > 40 else 0).getbbox()


def _drawing(body: str, width: int = 320, height: int = 120) -> str:
    return shapes.document(body, width, height, title="Prov", description="Prov", element_id="prov")


def test_the_fonts_are_vl_converts_own_liberation_sans():
    fonts = glyphs.fonts()
    assert set(fonts) == {False, True}
    assert all(font.face.get_name(2) in ("Regular", "Bold") for font in fonts.values())
    assert "Liberation Sans" in glyphs.made_by() and "uharfbuzz" in glyphs.made_by()


def test_no_fonts_are_found_in_a_file_without_them(tmp_path: Path):
    """Headers cut short, table directories pointing past the end, tags that are no tags: nothing."""
    import struct

    def header(tables: int, entries: list[tuple[bytes, int, int]]) -> bytes:
        return b"\x00\x01\x00\x00" + struct.pack(">HHHH", tables, 0, 0, 0) + b"".join(
            struct.pack(">4sIII", tag, 0, offset, length) for tag, offset, length in entries)

    past_the_end = header(8, [(b"glyf", 12, 10**6), (b"name", 12, 4)] + [(b"head", 12, 4)] * 6)
    no_tags = header(8, [(b"\x00\x01\x02\x03", 12, 4)] * 8)
    cut_short = header(20, [(b"glyf", 12, 4)])
    for name, data in {"end": past_the_end, "tags": no_tags, "short": cut_short, "tail": b"x" * 50 + b"\x00\x01\x00\x00"}.items():
        other = tmp_path / f"{name}.so"
        other.write_bytes(b"\x7fELF" + data)
        assert glyphs._embedded_fonts(other) == {}, name


def test_the_cache_key_changes_with_the_code_that_places_the_glyphs():
    import hashlib

    assert hashlib.sha256(Path(glyphs.__file__).read_bytes()).hexdigest()[:16] in glyphs.made_by()


@pytest.mark.parametrize("anchor", ["start", "middle", "end"])
@pytest.mark.parametrize("bold", [False, True])
def test_each_text_is_drawn_where_resvg_draws_it(anchor: str, bold: bool):
    text = shapes.text(160, 60, "Väntetid, AV-mål ≤ 75 % (Tyresö)", anchor=anchor, bold=bold)
    drawing = _drawing(text)
    outlined = glyphs.outlined(drawing)
    assert "<text" not in outlined and "<use " in outlined
    as_text, as_outlines = _image(drawing), _image(outlined)
    assert _ink(as_outlines) == pytest.approx(_ink(as_text), abs=2)  # pixels at scale 2
    assert ImageStat.Stat(ImageChops.difference(as_text, as_outlines)).mean[0] < 1.5


def test_a_rotated_label_and_a_white_one_keep_their_rotation_and_fill():
    body = (shapes.rect(0, 0, 320, 120, fill="#1f5f99")
            + shapes.text(20, 60, "procent", anchor="middle", bold=True, rotate=-90, fill="#fff"))
    drawing = _drawing(body)
    outlined = glyphs.outlined(drawing)
    assert 'fill="#fff" transform="rotate(-90 20 60)"' in outlined
    as_text, as_outlines = _image(drawing), _image(outlined)
    assert ImageStat.Stat(ImageChops.difference(as_text, as_outlines)).mean[0] < 1.5
    assert _ink(ImageChops.invert(as_outlines)) == pytest.approx(_ink(ImageChops.invert(as_text)), abs=2)


def test_white_space_is_laid_out_as_resvg_does():
    """Line breaks and tabs are spaces, runs of spaces one, none at either end: as resvg draws it."""
    for spaced in ("  AV \t mål\nÅr  ", "AV\nmål År", "AV\rmål\tÅr"):
        drawing = _drawing(shapes.text(10, 40, spaced))
        outlined = glyphs.outlined(drawing)
        assert "<text" not in outlined
        assert ImageStat.Stat(ImageChops.difference(_image(drawing), _image(outlined))).mean[0] < 1.5
        assert outlined == glyphs.outlined(_drawing(shapes.text(10, 40, "AV mål År")))


def test_empty_right_to_left_or_unsized_text_is_left_to_resvg():
    for text in ("", " ", "\n", "abc שלום 12", "مرحبا"):
        element = shapes.text(10, 40, text)
        assert element in glyphs.outlined(_drawing(element + shapes.text(10, 80, "Utfall"))), repr(text)
    unsized = '<text x="10" y="40">Utfall 2024</text>'  # resvg's size (12) is not ours to guess
    assert unsized in glyphs.outlined(_drawing(unsized))


def test_text_that_could_take_its_font_from_elsewhere_is_all_left_to_resvg():
    drawing = _drawing(shapes.text(10, 40, "Utfall"))
    for inherited in ('<g font-size="20"></g>', '<style>text{font-size:20px}</style>', '<g style="font-weight:bold"></g>'):
        changed = drawing.replace("<rect ", inherited + "<rect ", 1)
        assert glyphs.outlined(changed) == changed
    other_family = drawing.replace('font-family="sans-serif"', 'font-family="serif"')
    assert glyphs.outlined(other_family) == other_family


def test_what_the_font_lacks_or_is_not_ours_stays_text():
    lacking = shapes.text(10, 40, "漢字")
    other = '<text x="10" y="80" dy="3">skift</text>'
    nested = '<text x="10" y="100"><tspan>inne</tspan></text>'
    outlined = glyphs.outlined(_drawing(lacking + other + nested + shapes.text(10, 20, "Utfall")))
    assert lacking in outlined and other in outlined and nested in outlined
    assert outlined.count("<use ") == len("Utfall")


def test_without_the_fonts_the_svg_is_left_as_it_is(monkeypatch):
    monkeypatch.setattr(glyphs, "fonts", lambda: {})
    drawing = _drawing(shapes.text(10, 40, "Utfall"))
    assert glyphs.outlined(drawing) == drawing


def test_a_chart_png_looks_as_it_did_with_resvgs_text(built_site: Path):
    """A whole chart: every text outlined, each glyph defined once, and the PNG within anti-aliasing
    of the one resvg makes from the text itself."""
    svg = raster.drawn(next((built_site / "data").rglob("*.svg")).read_text(encoding="utf-8"))
    outlined = glyphs.outlined(svg)
    assert "<text" not in outlined
    ids = re.findall(r'<path id="(glyph-[01]-[0-9]+)"', outlined)
    assert ids and len(ids) == len(set(ids))
    assert set(re.findall(r'href="#([^"]+)"', outlined)) == set(ids)
    as_text, as_outlines = _image(svg), _image(outlined)
    assert as_text.size == as_outlines.size
    assert ImageStat.Stat(ImageChops.difference(as_text, as_outlines)).mean[0] < 0.5
    assert _ink(as_outlines) == pytest.approx(_ink(as_text), abs=2)
