"""The chart PNGs: made in a pool when there are many, the same bytes as one at a time, cached, and
stopped cleanly by a signal."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.build import raster

from .conftest import ROOT


def test_the_pool_makes_the_same_pngs_as_one_process_and_fills_the_cache(built_site: Path, tmp_path: Path,
                                                                           monkeypatch):
    svgs = {f"data/x/{p.name}": p.read_text(encoding="utf-8") for p in sorted((built_site / "data").rglob("*.svg"))[:5]}
    assert len(svgs) == 5
    one_by_one, made = raster.rasterise(svgs, tmp_path / "serial")
    assert made == 5
    monkeypatch.setattr(raster, "POOLED", 2)
    pooled, made = raster.rasterise(svgs, tmp_path / "pooled")
    assert made == 5 and pooled == one_by_one
    assert sorted(pooled) == sorted(p.removesuffix(".svg") + ".png" for p in svgs)
    assert all(data.startswith(raster.PNG_SIGNATURE) for data in pooled.values())
    again, made = raster.rasterise(svgs, tmp_path / "pooled")
    assert made == 0 and again == pooled
    assert len(list((tmp_path / "pooled").glob("*.png"))) == len(set(svgs.values()))


def _marked(marker: str) -> list[int]:
    """Processes whose environment carries ``marker`` (the build and every worker it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def test_ctrl_c_while_the_pool_makes_pngs_stops_every_worker_and_keeps_what_was_made(tmp_path: Path):
    """SIGINT to the whole process group, as a terminal's Ctrl-C (SIGTERM ends the build as in
    test_publish, and a worker by its default action): one line, no worker's traceback,
    no worker left behind, the previous site as it was, and the PNGs made so far in the cache."""
    project = tmp_path / "project"
    for name in ("datapackages", "content", "site_theme"):  # the five plans: 155 charts a language
        shutil.copytree(ROOT / name, project / name, symlinks=False)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>förra webbplatsen</p>", encoding="utf-8")
    signum = signal.SIGINT
    marker = f"PLANSITE_TEST_MARK={tmp_path}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANSITE_TEST_MARK": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from generator.cli import main; main()", "build", "--root", str(project), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    cache = raster.cache_dir(project)
    try:
        deadline = time.monotonic() + 300  # only so that a broken build cannot hang the test run
        while not list(cache.glob("*.png")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no PNG was ever made"
            time.sleep(0.05)
        os.killpg(proc.pid, signum)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "avbröts" in lines[0], lines
    deadline = time.monotonic() + 60
    while _marked(marker):  # the workers finish the few charts they hold, then end
        assert time.monotonic() < deadline, "a worker outlived the build"
        time.sleep(0.1)
    assert [p.name for p in site.iterdir()] == ["index.html"]
    kept = list(cache.glob("*.png"))
    assert kept and all(p.read_bytes().startswith(raster.PNG_SIGNATURE) for p in kept)
    assert len(kept) < 2 * 155  # stopped, not finished


def test_one_drawing_at_several_paths_is_made_once(built_site: Path, tmp_path: Path):
    svg = next(iter(sorted((built_site / "data").rglob("*.svg")))).read_text(encoding="utf-8")
    pngs, made = raster.rasterise({"data/a/x.svg": svg, "data/b/x.svg": svg}, tmp_path)
    assert made == 1 and sorted(pngs) == ["data/a/x.png", "data/b/x.png"]
    assert pngs["data/a/x.png"] == pngs["data/b/x.png"] and len(list(tmp_path.glob("*.png"))) == 1


def test_a_whole_build_keeps_only_the_pngs_it_used(project: Path, tmp_path: Path):
    """A chart that changed leaves its old PNG behind in the cache; the next whole build removes it
    (and a half-written file), removes a link without following it and leaves a folder alone."""
    from generator.build.pipeline import build_site

    first = build_site(project, project / "site")
    cache = raster.cache_dir(project)
    before = {p.name for p in cache.iterdir()}
    assert first.rasterised == len(before) == 2  # the chart in sv and en
    observations = project / "datapackages" / "testby-testnamnden-2024" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace(",13,,13,", ",14,,14,"), encoding="utf-8")
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"kept")
    (cache / "half.png.part").write_bytes(b"x")
    (cache / f"{'0' * 64}.png").symlink_to(outside)
    (cache / "folder").mkdir()
    second = build_site(project, project / "site")
    after = {p.name for p in cache.iterdir()}
    assert second.rasterised == 2 and after - {"folder"} == {
        p.name for p in cache.iterdir() if p.suffix == ".png"} and len(after - {"folder"}) == 2
    assert not (after - {"folder"}) & before and "folder" in after and outside.read_bytes() == b"kept"
    site_png = (project / "site" / "data" / "testby-testnamnden-2024" / "indikatorer" / "vantetid.png").read_bytes()
    assert site_png in {(cache / name).read_bytes() for name in after - {"folder"}}


def test_a_png_is_the_chart_at_its_drawn_size_with_no_blank_strip(built_site: Path):
    """A chart's SVG is wider than its drawing (the page may show it a third larger) and has no
    height; the PNG is the drawing itself at ``SCALE``, white to its right edge (it had a transparent
    strip a fifth of its width there)."""
    import io
    import re

    from PIL import Image

    svg = next((built_site / "data").rglob("*.svg")).read_text(encoding="utf-8")
    root = re.search(r"<svg\b[^>]*>", svg).group()
    width, height = map(float, re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', root).groups())
    assert float(re.search(r'\swidth="([0-9.]+)"', root).group(1)) > width  # drawn narrower than shown
    image = Image.open(io.BytesIO(raster.png(svg))).convert("RGBA")
    assert image.size == (round(width * raster.SCALE), round(height * raster.SCALE))
    right = [image.getpixel((image.width - 1, y)) for y in range(0, image.height, 7)]
    assert all(pixel[3] == 255 for pixel in right), "the right edge is not the chart's white"
    assert raster.drawn(svg).count("<svg") == 1 and raster.drawn("<svg>x</svg>") == "<svg>x</svg>"


def test_skia_draws_each_chart_as_resvg_does(built_site: Path):
    """Skia draws the PNGs where resvg did: on every fifth shipped chart of both languages, the same
    canvas and, but for anti-aliased edges, the same pixels. Drawn with ``href`` as written (Skia
    then left out the outlined text), about 15 000 pixels a chart differed by more than 64."""
    import numpy as np

    from generator.build import glyphs

    charts = sorted(built_site.rglob("indikatorer/*.svg"))[::5]
    assert len(charts) >= 50 and any(p.is_relative_to(built_site / "en") for p in charts)
    for path in charts:
        outlined = glyphs.outlined(raster.drawn(path.read_text(encoding="utf-8")))
        prepared = raster.for_skia(outlined)
        assert prepared is not None, path
        by_skia = np.asarray(raster.drawn_by_skia(prepared), dtype=int)
        by_resvg = np.asarray(raster.drawn_by_resvg(outlined), dtype=int)
        assert by_skia.shape == by_resvg.shape, path
        differ = int((np.abs(by_skia - by_resvg).max(axis=2) > 64).sum())
        assert differ <= by_skia.shape[0] * by_skia.shape[1] // 5000, (path, differ)  # at most 0.02 %


def test_what_skias_reader_would_draw_otherwise_goes_to_resvg(built_site: Path, monkeypatch):
    """Text left as text (a script the outlines do not cover), a root attribute not ours (also one
    written with spaces round ``=``), a style, an opacity, a colour with alpha, another reference,
    more than one ``<svg>``, a tag not written as ours are: ``for_skia`` declines and the PNG is
    drawn by resvg. Each of the reviewed ones drew thousands of pixels otherwise in Skia."""
    from generator.build import glyphs

    svg = raster.drawn(next(built_site.rglob("indikatorer/*.svg")).read_text(encoding="utf-8"))
    title = re.search(r"(<text [^<>]*>)([^<>]+)(</text>)", svg)
    arabic = svg[:title.start(2)] + "مرحبا" + svg[title.end(2):]
    root = re.search(r"<svg\b[^>]*>", svg).group()
    end = svg.rindex("</svg>")
    declined = [arabic, svg.replace(root, root[:-1] + ' style="fill:red">'),
                svg.replace(root, root[:-1] + ' opacity = "0.3">'), svg.replace(root, root[:-1] + " opacity='0.3'>"),
                svg[:end] + '<a href="https://example.org/"><rect width="1" height="1"/></a></svg>',
                svg[:end] + '<use\nhref="#r"/></svg>', svg[:end] + '<use xlink:href="x.svg#r"/></svg>',
                svg[:end] + "<style>rect{fill:red}</style></svg>", svg[:end] + '<rect width="1" height="1" style="fill:red"/></svg>',
                svg[:end] + '<rect width="1" height="1" fill="rgba(0,0,0,0.5)"/></svg>',
                svg[:end] + '<rect width="1" height="1" fill="#ff000080"/></svg>',
                svg[:end] + '<rect width="1" height="1" fill-opacity="0.5"/></svg>',
                svg[:end] + "<!-- x --></svg>", svg[:end] + "<svg></svg></svg>", "<svg/>", "x<svg></svg>"]
    for odd in declined:
        assert raster.for_skia(glyphs.outlined(odd)) is None, odd[-80:]
    assert raster.for_skia(glyphs.outlined(svg)) is not None

    def refused(_svg):
        raise AssertionError("drawn by Skia")

    monkeypatch.setattr(raster, "drawn_by_skia", refused)
    assert raster.png(arabic).startswith(raster.PNG_SIGNATURE)  # by resvg: Skia was not asked


def test_a_canvas_skia_will_not_make_is_left_to_resvg():
    huge = '<svg xmlns="http://www.w3.org/2000/svg" width="40000" height="40000" viewBox="0 0 40000 40000"></svg>'
    assert raster.for_skia(huge) is not None and raster.drawn_by_skia(raster.for_skia(huge)) is None
