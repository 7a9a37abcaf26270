"""The engine's units: one per plan and language and one site unit per language, each cached by its
inputs in build/cache/units/, merged into one site whose links are checked (build/units.py,
merge.py, links.py, unit_hook.py, mkdocs_worker.py, mkdocs_speedups.py)."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import links, units
from generator.build.pipeline import BuildFailed, build_site

from .conftest import make_package

OTHER = "annanby-testnamnden-2024"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def chapter(project: Path, plan_id: str, text: str) -> None:
    path = project / "content" / plan_id / "01-inledning.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Inledning\n---\n\n{text}\n", encoding="utf-8")


@pytest.fixture
def two_plans(project: Path) -> Path:
    make_package(project, OTHER, plan={"municipality": "Ljungby", "municipality_code": "0781", "board": "Testnämnden",
                                       "title": "Verksamhetsplan 2024", "document_type": "verksamhetsplan",
                                       "period_start": 2024, "period_end": 2025, "data_start": 2022,
                                       "source": {"title": "Testdokument"}})
    chapter(project, "testby-testnamnden-2024", "Första versionen.")
    return project


def test_a_warm_build_runs_no_engine_and_publishes_the_same_files(two_plans: Path):
    site = two_plans / "site"
    cold = build_site(two_plans, site)
    first = snapshot(site)
    assert cold.unit_count == 2 * 3 and cold.engine_runs == cold.unit_count  # (2 plans + site) × sv, en
    warm = build_site(two_plans, site)
    assert warm.engine_runs == 0
    assert snapshot(site) == first
    entries = sorted(p.name for p in units.cache_dir(two_plans).iterdir())
    assert len(entries) == cold.unit_count and all(len(name) == 64 for name in entries)


def test_a_changed_chapter_rebuilds_only_its_plans_units(two_plans: Path):
    site = two_plans / "site"
    build_site(two_plans, site)
    chapter(two_plans, "testby-testnamnden-2024", "Andra versionen.")
    changed = build_site(two_plans, site)
    assert changed.engine_runs == 2  # the plan's unit in sv and in en
    page = (site / "testby-testnamnden-2024" / "text" / "inledning" / "index.html").read_text(encoding="utf-8")
    assert "Andra versionen." in page and "Första versionen." not in page


def test_the_search_index_holds_every_units_pages_in_page_order(two_plans: Path):
    """The merged index, then split by plan (build/search.py): the site's own index keeps its pages
    and each plan's first page; each plan's index the plan's pages, from the plan's folder."""
    site = two_plans / "site"
    build_site(two_plans, site)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = [d["location"].split("#")[0] for d in index["docs"]]
    assert pages[0] == "" and "data/" in pages
    firsts = list(dict.fromkeys(pages))
    plan = json.loads((site / "testby-testnamnden-2024" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert f"{OTHER}/" in firsts and "text/inledning/" in {d["location"].split("#")[0] for d in plan["docs"]}
    assert len(firsts) == len(set(firsts))  # each page's entries together
    assert firsts.index(f"{OTHER}/") < firsts.index("testby-testnamnden-2024/")  # MkDocs' order: by path


def _poisoned_rebuild(two_plans: Path, poison) -> None:
    """Build, ``poison`` every cache entry holding the plan's first page (given the entry and that
    page's folder), build again: each poisoned entry is built again and nothing planted is published."""
    site = two_plans / "site"
    build_site(two_plans, site)
    poisoned = 0
    for entry in units.cache_dir(two_plans).iterdir():
        folder = entry / "testby-testnamnden-2024"
        if (folder / "index.html").is_file():
            poison(entry, folder)
            poisoned += 1
    assert poisoned == 2
    again = build_site(two_plans, site)
    assert again.engine_runs == 2
    assert "HEMLIGT" not in (site / "testby-testnamnden-2024" / "index.html").read_text(encoding="utf-8")


def test_a_cache_entry_holding_a_link_is_built_again_not_followed(two_plans: Path, tmp_path: Path):
    secret = tmp_path / "secret.html"
    secret.write_text("HEMLIGT", encoding="utf-8")

    def poison(entry: Path, folder: Path) -> None:
        (folder / "index.html").unlink()
        os.symlink(secret, folder / "index.html")

    _poisoned_rebuild(two_plans, poison)


def test_a_cache_entry_whose_folder_is_a_link_is_built_again_not_followed(two_plans: Path, tmp_path: Path):
    """A stored entry lists its files (units.FILES), so a build need not read through it; each listed
    file is still checked to be a plain file reached without a link."""
    def poison(entry: Path, folder: Path) -> None:
        assert units.FILES in json.loads((entry / units.FILES).read_text(encoding="utf-8"))
        elsewhere = tmp_path / "elsewhere" / entry.name
        shutil.copytree(folder, elsewhere)
        (elsewhere / "index.html").write_text("HEMLIGT", encoding="utf-8")
        shutil.rmtree(folder)
        os.symlink(elsewhere, folder)

    _poisoned_rebuild(two_plans, poison)


def test_a_cache_entry_whose_search_folder_is_a_link_is_built_again_not_followed(two_plans: Path, tmp_path: Path):
    """The files merge reads from an entry (its search index, sitemap, page and link lists) are
    checked as the pages it takes are."""
    site = two_plans / "site"
    build_site(two_plans, site)
    shutil.rmtree(site)
    poisoned = 0
    for entry in units.cache_dir(two_plans).iterdir():
        index = entry / "search" / "search_index.json"
        if index.is_file():
            elsewhere = tmp_path / entry.name
            shutil.copytree(entry / "search", elsewhere)
            planted = json.loads(index.read_text(encoding="utf-8"))
            planted["docs"].append({"location": "", "title": "INJICERAD", "text": ""})
            (elsewhere / "search_index.json").write_text(json.dumps(planted), encoding="utf-8")
            shutil.rmtree(entry / "search")
            os.symlink(elsewhere, entry / "search")
            poisoned += 1
    assert poisoned >= 2
    again = build_site(two_plans, site)
    assert again.engine_runs == poisoned
    assert not [p for p in site.rglob("search_index.json") if "INJICERAD" in p.read_text(encoding="utf-8")]


def test_a_cache_entry_missing_a_file_it_lists_is_built_again(two_plans: Path):
    site = two_plans / "site"
    build_site(two_plans, site)
    shutil.rmtree(site)  # so that the pages are taken from the cache again
    removed = 0
    for entry in units.cache_dir(two_plans).iterdir():
        page = entry / "testby-testnamnden-2024" / "index.html"
        if page.is_file():
            page.unlink()
            removed += 1
    assert removed == 2
    assert build_site(two_plans, site).engine_runs == 2
    assert "testby" in (site / "testby-testnamnden-2024" / "index.html").read_text(encoding="utf-8").lower()


def test_a_cache_that_cannot_be_written_costs_time_not_the_build(two_plans: Path):
    cache = units.cache_dir(two_plans)
    cache.parent.mkdir(parents=True)
    cache.write_text("kein Ordner", encoding="utf-8")  # mkdir and rename into it fail, as on a read-only disk
    first = build_site(two_plans, two_plans / "site")
    expected = snapshot(two_plans / "site")
    again = build_site(two_plans, two_plans / "site")
    assert first.engine_runs == again.engine_runs == first.unit_count
    assert snapshot(two_plans / "site") == expected
    assert cache.read_text(encoding="utf-8") == "kein Ordner"


def test_a_link_to_a_missing_anchor_of_another_units_page_fails_as_mkdocs_would(tmp_path: Path):
    """Chapters link only to their own plan's chapters, so today only generated pages link across
    units; the hook lists such links to anchors (MkDocs cannot see into a stand-in) for this check."""
    site = tmp_path / "site"
    _page(site, "b/index.html", '<h2 id="finns">Finns</h2>')
    links.check_anchors(site, [["a/index.md", "../b/index.md#finns", "b/index.html", "finns"]])
    with pytest.raises(BuildFailed) as caught:
        links.check_anchors(site, [["a/index.md", "../b/index.md#finns-inte", "b/index.html", "finns-inte"]])
    assert caught.value.code == "engine-failed"
    assert "a/index.md" in caught.value.detail and "#finns-inte" in caught.value.detail


def _page(site: Path, rel: str, body: str, head: str = "") -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head>{head}</head><body><nav><a href='../gone/'>x</a></nav>"
                    f"<article class='md-content__inner'>{body}</article></body></html>", encoding="utf-8")


def test_the_link_check_names_the_page_and_the_link(tmp_path: Path):
    site = tmp_path / "site"
    _page(site, "index.html", '<a href="a/">A</a> <a href="https://example.org/x">ute</a> <a href="#top">upp</a>')
    _page(site, "a/index.html", '<a href="../">start</a> <img src="../bild.png" alt="">',
          head='<link rel="stylesheet" href="../assets/x.css">')
    (site / "bild.png").write_bytes(b"png")
    (site / "assets").mkdir()
    (site / "assets" / "x.css").write_text("", encoding="utf-8")
    assert links.check(site) == 4  # the theme's nav link outside the article is the theme's
    _page(site, "a/b.html", '<a href="../saknas/">saknas</a>')
    with pytest.raises(BuildFailed) as caught:
        links.check(site)
    assert caught.value.code == "broken-link"
    assert caught.value.params == {"page": "a/b.html", "link": "../saknas/"}


def test_the_link_check_follows_what_a_page_loads_outside_its_content(tmp_path: Path):
    site = tmp_path / "site"
    _page(site, "index.html", "", head='<script src="assets/saknas.js"></script>')
    with pytest.raises(BuildFailed) as caught:
        links.check(site)
    assert caught.value.params["link"] == "assets/saknas.js"


def _copy_project(source: Path, target: Path) -> Path:
    """A checkout of the project: everything but its build folder and site (``content/site/`` kept)."""
    shutil.copytree(source, target, ignore=lambda folder, names: ["build", "site"] if Path(folder) == source else [])
    return target


def test_two_shards_then_a_build_from_their_caches_gives_the_unsharded_site(two_plans: Path, tmp_path: Path):
    """As a GitHub Actions matrix runs it: each shard in a checkout of its own, then a final job
    with the shards' build/cache/ (units and PNGs) copied into its checkout."""
    observations = two_plans / "datapackages" / OTHER / "observations.csv"  # Ljungby draws its own chart
    observations.write_text(observations.read_text(encoding="utf-8").replace(",13,,13,", ",14,,14,"), encoding="utf-8")
    for rel, text in (("om.md", "# Om\n\n[Planen](testby-testnamnden-2024/index.md)\n"), ("en/om.md", "# About\n")):
        (two_plans / "content" / "site" / rel).parent.mkdir(parents=True, exist_ok=True)  # the site's own pages
        (two_plans / "content" / "site" / rel).write_text(text, encoding="utf-8")
    whole = build_site(two_plans, two_plans / "site")
    assert (two_plans / "site" / "en" / "om" / "index.html").is_file()
    expected = snapshot(two_plans / "site")
    shards = [_copy_project(two_plans, tmp_path / f"shard-{k}") for k in (1, 2)]
    first = build_site(shards[0], shard=(1, 2))
    second = build_site(shards[1], shard=(2, 2))
    assert (first.unit_count, second.unit_count) == (4, 2)  # Värnamo (0683) + the site units; Ljungby (0781)
    assert whole.rasterised == 4 and (first.rasterised, second.rasterised) == (2, 2)  # each its own plan's charts,
    assert not (shards[0] / "site").exists() and not (shards[1] / "site").exists()  # in sv and en; nothing published
    final = _copy_project(two_plans, tmp_path / "final")
    for shard in shards:
        shutil.copytree(shard / "build" / "cache", final / "build" / "cache", dirs_exist_ok=True)
    merged = build_site(final, final / "site")
    assert merged.engine_runs == 0 and merged.unit_count == whole.unit_count and merged.rasterised == 0
    assert snapshot(final / "site") == expected


def test_the_shard_option_is_checked(project: Path):
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(cli, ["build", "--root", str(project), "--shard", "3/2", "--lang", "en"])
    assert result.exit_code == 2 and "--shard" in result.output and "3/2" in result.output
    done = CliRunner().invoke(cli, ["build", "--root", str(project), "--shard", "1/1", "-q", "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert "Shard 1/1: 4 units" in done.output and not (project / "site").exists()


def test_indicator_pages_link_the_reading_guide_where_the_site_has_one(built_site: Path, project: Path):
    page = next(built_site.glob("*/indikatorer/*/index.html")).read_text(encoding="utf-8")
    assert 'href="../../../las-sidan/"' in page and (built_site / "las-sidan" / "index.html").is_file()
    build_site(project, project / "site")  # the tiny project has no site pages: no link to a missing guide
    tiny = next((project / "site").glob("*/indikatorer/*/index.html")).read_text(encoding="utf-8")
    assert "las-sidan" not in tiny


def test_a_plan_units_stand_ins_are_the_site_its_plan_and_its_nav():
    """units.Paths groups the language's paths by plan once; a unit's stand-ins are what the plain
    definition gives: every path but its own that is the site's, its plan's or in its navigation."""
    ids = frozenset({"a-plan", "b-plan", "c-plan"})
    every = sorted(["index.md", "data.md", "data/observations.csv", "jamfor/x/index.md", "assets/logo.png",
                    *[f"{p}/index.md" for p in ids], *[f"{p}/indikatorer/i/index.md" for p in ids],
                    *[f"data/{p}/indikatorer/i.svg" for p in ids], *[f"data/{p}/datapackage.json" for p in ids]])
    paths = units.Paths(every, ids)
    own = {"a-plan/index.md": b"", "a-plan/indikatorer/i/index.md": b""}
    nav = {"index.md", "a-plan/index.md", "b-plan/index.md", "not-a-page.md"}
    plain = tuple(p for p in every if p not in own and (p in nav or units.plan_of(p, ids) in ("", "a-plan")))
    assert paths.stand_ins("a-plan", own, nav) == plain
    assert "b-plan/index.md" in plain and "c-plan/index.md" not in plain and "data/a-plan/indikatorer/i.svg" in plain
    site_own = {"index.md": b"", "data.md": b""}
    assert paths.stand_ins(units.SITE, site_own, nav) == tuple(p for p in every if p not in site_own)


def test_each_units_cache_entry_lists_its_pages_links_as_the_check_reads_them(two_plans: Path):
    site = two_plans / "site"
    build_site(two_plans, site)
    entries = list(units.cache_dir(two_plans).iterdir())
    pages = 0
    for entry in entries:
        listed = json.loads(units.read(entry, links.UNIT_LINKS))
        html = [rel for rel in units.cached(entry) if rel.endswith(".html")]
        assert sorted(listed) == sorted(html)
        for rel in html:
            assert listed[rel] == links.page_links(units.read(entry, rel).decode("utf-8"))
            pages += 1
    assert pages > 20 and not any(site.rglob(links.UNIT_LINKS))  # kept in the cache, not published


def test_the_link_check_takes_a_units_list_of_links_instead_of_reading_the_page(tmp_path: Path):
    site = tmp_path / "site"
    _page(site, "index.html", '<a href="saknas/">saknas</a>')
    _page(site, "a/index.html", '<a href="../">start</a>')
    assert links.check(site, {"index.html": []}) == 1  # its unit listed no link; a/ is read
    with pytest.raises(BuildFailed) as caught:
        links.check(site, {"index.html": ["a/", "b/"]})
    assert caught.value.params == {"page": "index.html", "link": "b/"}


def test_a_link_broken_in_a_cached_unit_stops_a_warm_build(two_plans: Path):
    site = two_plans / "site"
    chapter(two_plans, "testby-testnamnden-2024", "Se [bilagan](02-bilaga.md).")
    (two_plans / "content" / "testby-testnamnden-2024" / "02-bilaga.md").write_text(
        "---\ntitle: Bilaga\n---\n\nText.\n", encoding="utf-8")
    build_site(two_plans, site)
    before = snapshot(site)
    shutil.rmtree(site / "testby-testnamnden-2024" / "text" / "bilaga")  # not the build's doing: the cache is
    # as it was, so the page that links to it comes from the cache and its listed links are checked
    for entry in units.cache_dir(two_plans).iterdir():
        for rel in units.cached(entry):
            if rel == "testby-testnamnden-2024/text/bilaga/index.html":
                os.unlink(entry / rel)
                listed = json.loads(units.read(entry, links.UNIT_LINKS))
                listed.pop(rel)
                (entry / links.UNIT_LINKS).write_text(json.dumps(listed), encoding="utf-8")
                manifest = json.loads((entry / "unit-pages.json").read_text(encoding="utf-8"))
                (entry / "unit-pages.json").write_text(json.dumps(
                    [m for m in manifest if m[2] != rel]), encoding="utf-8")
    with pytest.raises(BuildFailed) as caught:
        build_site(two_plans, site)
    assert caught.value.code == "broken-link" and caught.value.params["link"].endswith("bilaga/")
    gone = "testby-testnamnden-2024/text/bilaga/"
    assert snapshot(site) == {rel: data for rel, data in before.items() if not rel.startswith(gone)}  # untouched


def test_the_units_pages_are_linked_from_the_cache_or_copied_where_links_cannot_be(two_plans: Path, monkeypatch):
    site = two_plans / "site"
    build_site(two_plans, site)
    linked = snapshot(site)
    page = site / "testby-testnamnden-2024" / "index.html"
    assert os.stat(page).st_nlink == 2  # the site's name and the cache entry's
    assert any(os.path.samefile(page, entry / "testby-testnamnden-2024" / "index.html")
               for entry in units.cache_dir(two_plans).iterdir()
               if (entry / "testby-testnamnden-2024" / "index.html").is_file())
    assert os.stat(site / "search" / "search_index.json").st_nlink == 1  # merged: written, not linked

    def cannot(*args, **kwargs):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cannot)
    build_site(two_plans, site)
    assert snapshot(site) == linked and os.stat(site / "testby-testnamnden-2024" / "index.html").st_nlink == 1


def test_a_second_unit_file_at_the_same_place_never_writes_through_the_cache(tmp_path: Path):
    from generator.build.newsite import NewSite
    first, second, target = tmp_path / "e1", tmp_path / "e2", tmp_path / "site"
    target.mkdir()
    for entry, text in ((first, b"one"), (second, b"two")):
        entry.mkdir()
        (entry / "a.html").write_bytes(text)
    site = NewSite(target)
    site.place("a.html", first / "a.html", "u1", lambda: b"one")
    assert os.path.samefile(first / "a.html", target / "a.html")
    site.place("a.html", second / "a.html", "u2", lambda: b"two")  # the name is taken: the second entry's file
    assert (target / "a.html").read_bytes() == b"two" and (first / "a.html").read_bytes() == b"one"
    site.write("a.html", b"merged")  # as merge writes the sitemap
    assert (second / "a.html").read_bytes() == b"two" and (target / "a.html").read_bytes() == b"merged"
    assert (first / "a.html").read_bytes() == b"one"


def test_a_cache_file_of_another_user_is_copied_not_linked(tmp_path: Path, monkeypatch):
    from generator.build.newsite import NewSite
    entry, target = tmp_path / "e", tmp_path / "site"
    entry.mkdir()
    target.mkdir()
    (entry / "a.html").write_bytes(b"one")
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(entry / "a.html").st_uid + 1)  # as if another user wrote it
    NewSite(target).place("a.html", entry / "a.html", "u1", lambda: (entry / "a.html").read_bytes())
    assert (target / "a.html").read_bytes() == b"one" and not os.path.samefile(entry / "a.html", target / "a.html")
    assert oct(os.stat(target / "a.html").st_mode & 0o777) == oct(0o644)


def test_each_units_staged_pages_are_removed_once_built_while_the_next_units_are_given_out(two_plans: Path,
                                                                                            monkeypatch):
    """A built unit's staged pages go at once (not all at the end, when nothing else runs), in a
    thread of their own (removing a unit's folders took the main process a fifth of a second, while
    a worker that finished waited for its next unit), and only after the worker that built it has
    been handed its next unit. All are gone when the units are built."""
    from generator.build import engine, site_units

    given: list[Path] = []
    stored: list[tuple[Path, int]] = []  # a unit's staged folder, how many units had been handed out
    removed: list[tuple[Path, bool, bool]] = []  # a unit's staged folder, whether it held the pages, whether
    # it was removed by another thread than the main one
    left: list[Path] = []  # the staged pages still there when the units were built
    real_give, real_store = engine._Worker.give, units.store
    real_remove, real_run = site_units.remove_staged, site_units.run_units

    def give(self, job, config_file, seconds):
        given.append(config_file)
        return real_give(self, job, config_file, seconds)

    def store(out: Path, entry: Path) -> Path:
        assert (out.parent / "docs").is_dir()  # it was built from them
        stored.append((out.parent, len(given)))
        return real_store(out, entry)

    def remove(docs: Path) -> None:
        removed.append((docs.parent, docs.is_dir(), threading.current_thread() is not threading.main_thread()))
        real_remove(docs)

    def run(*args, **kwargs):
        out = real_run(*args, **kwargs)
        left.extend(folder for folder, _ in stored if (folder / "docs").exists())
        return out

    submitted: list[int] = []  # how many units had been stored when each removal was handed to the thread

    class Removing(site_units.ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            submitted.append(len(stored))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(engine._Worker, "give", give)
    monkeypatch.setattr(units, "store", store)
    monkeypatch.setattr(site_units, "remove_staged", remove)
    monkeypatch.setattr(site_units, "run_units", run)
    monkeypatch.setattr(site_units, "ThreadPoolExecutor", Removing)
    build_site(two_plans, two_plans / "site")
    workers = min(os.cpu_count() or 1, len(given))
    assert len(stored) == len(given) > workers
    assert sorted(folder for folder, _, _ in removed) == sorted(folder for folder, _ in stored)
    assert all(held and elsewhere for _, held, elsewhere in removed)
    assert not left
    assert submitted == list(range(1, len(stored) + 1))  # each as soon as its unit is stored, not at the end
    assert all(handed == min(i + workers + 1, len(given)) for i, (_, handed) in enumerate(stored))


def test_what_the_engine_worker_reuses_between_units_changes_no_byte_of_the_site(two_plans: Path, tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch):
    """mkdocs_speedups (the theme's templates, its folders' listing and its files reused between
    units, the configurations read with libyaml, anchors found in fewer tags, blocks of raw HTML set
    aside from Markdown); MkDocs as it is (PLANSITE_ENGINE_STOCK=1) builds the same site, byte for
    byte."""
    stock = tmp_path / "stock"
    shutil.copytree(two_plans, stock)
    reused = build_site(two_plans, two_plans / "site")
    monkeypatch.setenv("PLANSITE_ENGINE_STOCK", "1")
    plain = build_site(stock, stock / "site")
    assert reused.engine_runs == plain.engine_runs == 6
    ours, theirs = snapshot(two_plans / "site"), snapshot(stock / "site")
    assert sorted(ours) == sorted(theirs) and len(ours) > 100
    assert [rel for rel in ours if ours[rel] != theirs[rel]] == []


def test_a_rebuild_keeps_the_search_index_of_a_plan_whose_unit_did_not_change(two_plans: Path, tmp_path: Path,
                                                                             monkeypatch):
    """A plan's own search index is named by its unit's and the site unit's cache entries
    (``site_units._index_tokens``): a plan whose pages did not change keeps its file, unmade."""
    from generator.build import search

    site = two_plans / "site"
    for _ in range(3):  # the third build writes into the folder the first one published
        build_site(two_plans, site)
    index = f"{OTHER}/search/search_index.json"
    inode = (site / index).stat().st_ino
    made: list[str] = []
    real = search.split_index
    monkeypatch.setattr(search, "split_index", lambda *args: made.extend(real(*args)) or real(*args))
    chapter(two_plans, "testby-testnamnden-2024", "Andra versionen.")
    build_site(two_plans, site)
    assert (site / index).stat().st_ino == inode  # the other plan's index: the very file, not made again
    assert index not in made and f"testby-testnamnden-2024/{search.INDEX}" in made
    own = json.loads((site / "testby-testnamnden-2024" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "Andra versionen." in json.dumps(own, ensure_ascii=False)
    fresh = tmp_path / "fresh"
    for name in ("datapackages", "content", "site_theme"):
        shutil.copytree(two_plans / name, fresh / name)
    shutil.copy(two_plans / "mkdocs.yml", fresh / "mkdocs.yml")
    build_site(fresh, fresh / "site")
    assert snapshot(site) == snapshot(fresh / "site")
