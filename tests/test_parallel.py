"""Work on every core (ingest/parallel.py) and validation through it: the same results, in the
same order, as one process gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.ingest import parallel
from generator.validate import project

ROOT = Path(__file__).resolve().parents[1]


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_ordered_gives_the_results_in_order_from_other_processes_when_the_items_are_many(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    results = list(parallel.ordered(_pid_and_square, list(range(40)), pooled=10, chunk=3))
    assert [square for _, square in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for pid, _ in results}
    few = list(parallel.ordered(_pid_and_square, [1, 2, 3], pooled=10, chunk=3))
    assert few == [(os.getpid(), 1), (os.getpid(), 4), (os.getpid(), 9)]  # fewer than pooled: here


def test_a_pool_that_cannot_start_leaves_the_work_to_this_process(monkeypatch):
    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        def map(self, *args, **kwargs):
            raise parallel.BrokenProcessPool("no worker started")

        def shutdown(self, *args, **kwargs):
            pass

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Broken)
    assert list(parallel.ordered(_pid_and_square, [2, 3], pooled=1, chunk=1)) == [(os.getpid(), 4), (os.getpid(), 9)]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: validation never pools")
def test_the_plans_validated_on_every_core_give_the_report_one_process_gives(monkeypatch):
    alone = project.validate_project(ROOT / "datapackages", ROOT / "content")
    pools = []

    class Counted(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counted)
    monkeypatch.setattr(project, "POOLED", 2)
    pooled = project.validate_project(ROOT / "datapackages", ROOT / "content")
    assert len(pools) == 1  # the five plans went to a pool
    assert pooled.ok and pooled.problems == alone.problems and pooled.plans == alone.plans == tuple(sorted(alone.plans))
    for name in alone.plans:
        one, other = alone.validated[name], pooled.validated[name]
        assert other.plan == one.plan and other.chapters == one.chapters and dict(other.files) == dict(one.files)
    assert len(pooled.problems) > 0  # the shipped plans' warnings, in the same order
