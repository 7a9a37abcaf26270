"""The benchmark's synthetic corpus (benchmarks/corpus.py): plans that validate as the shipped ones
do, the same files for the same N, plans made from one template that draw charts of their own, and
about 60 indicators in each (the issue's corpus), the template's and copies of them."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

from generator.validate.project import validate_project

ROOT = Path(__file__).resolve().parents[1]


def _corpus():
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _names(project: Path, plan_id: str) -> list[str]:
    with (project / "datapackages" / plan_id / "indicators.csv").open(encoding="utf-8", newline="") as fh:
        return [row["name"] for row in csv.DictReader(fh)]


def test_six_plans_validate_and_the_two_of_one_template_name_their_indicators_apart(tmp_path: Path):
    corpus = _corpus()
    ids = corpus.write_corpus(6, tmp_path / "a")
    report = validate_project(tmp_path / "a" / "datapackages", tmp_path / "a" / "content")
    assert report.ok and sorted(report.plans) == sorted(ids)
    first, sixth = corpus.plan_ids(6)[0], corpus.plan_ids(6)[5]
    assert first[1] == sixth[1]  # the same template
    template = _names(ROOT, first[1])
    assert len(template) < corpus.INDICATORS
    for plan_id, _, _, municipality in (first, sixth):  # the template's, then copies of them up to INDICATORS
        names = _names(tmp_path / "a", plan_id)
        assert len(names) == corpus.INDICATORS and len(set(names)) == len(names)
        assert names[:len(template)] == [f"{n} ({municipality})" for n in template]
        assert names[len(template)] == f"{template[0]} (2) ({municipality})"
    plan = report.validated[first[0]].plan
    original, copy = plan.indicators[0], plan.indicators[len(template)]
    assert copy.indicator_id == f"{original.indicator_id}-2" and not copy.kolada_id and not copy.concordance_key
    assert [(o.period, o.value_type, o.value) for o in copy.observations] == [
        (o.period, o.value_type, o.value) for o in original.observations] and copy.observations
    corpus.write_corpus(6, tmp_path / "b")
    for plan_id in ids:
        table = Path("datapackages") / plan_id / "indicators.csv"
        assert (tmp_path / "a" / table).read_bytes() == (tmp_path / "b" / table).read_bytes()
