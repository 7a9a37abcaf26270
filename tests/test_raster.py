"""The chart PNGs: made in a pool when there are many, the same bytes as one at a time, cached."""

from __future__ import annotations

from pathlib import Path

from generator.build import raster


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
