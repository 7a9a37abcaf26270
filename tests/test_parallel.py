"""Work on every core (ingest/parallel.py) and validation through it: the same results, in the
same order, as one process gives."""

from __future__ import annotations

import os
import signal
import time
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


def _exit_unless_in(pid: int) -> int:
    """Kills any process but ``pid`` at once (as the out-of-memory killer would)."""
    if os.getpid() != pid:
        os._exit(3)
    return pid


def _fails(text: str) -> None:
    raise ValueError(text)


def test_later_makes_the_result_in_another_process_while_this_one_goes_on(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    later = parallel.Later(_pid_and_square, 7)
    pid, square = later.result()
    assert square == 49 and pid != os.getpid()
    assert later._args == ()  # the arguments let go once the result is in
    with pytest.raises(ValueError, match="trasig"):  # an exception of the work comes out as it would here
        parallel.Later(_fails, "trasig").result()


def test_a_settled_later_lets_its_process_go_and_keeps_the_result(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    later = parallel.Later(_pid_and_square, 5)
    worker, = later._pool._processes.values()  # started with the work
    for _ in range(500):  # until the work is done (settle does not wait for it)
        later.settle()
        if later._pool is None:
            break
        time.sleep(0.02)
    assert later._pool is None
    for _ in range(500):  # its process ends without being waited for by result(); the pool reaps it
        # (joining it here as well raced the pool's own join: the loser reads no exit code)
        if worker.pid not in _spawned_children():
            break
        time.sleep(0.02)
    assert worker.pid not in _spawned_children()
    pid, square = later.result()
    assert square == 25 and pid == worker.pid


def test_later_makes_the_result_here_on_one_core_or_when_its_process_dies(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    assert parallel.Later(_pid_and_square, 3).result() == (os.getpid(), 9)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    assert parallel.Later(_exit_unless_in, os.getpid()).result() == os.getpid()  # its process died: made here


def test_the_builds_database_and_workbook_made_in_their_own_process_are_those_made_here(built_site: Path):
    """The build makes them in a process of its own (``Later``); the bytes are those this process makes."""
    from dataclasses import replace

    from generator.config import settings
    from generator.outputs import open_data

    report = project.validate_project(ROOT / "datapackages", ROOT / "content")
    plans = [replace(report.validated[n].plan, chapters=report.validated[n].chapters) for n in report.plans]
    database, book = open_data.database_and_workbook(*open_data.site_data_inputs(plans, settings.read(ROOT).language))
    assert (built_site / "data" / "plans.xlsx").read_bytes() == book.data
    assert (built_site / "data" / "plans.sqlite").read_bytes() == database


def _blocked_and_pid(_: object = None) -> tuple[bool, int]:
    return signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []), os.getpid()


def _spawned_children() -> set[int]:
    """This process's children that multiprocessing spawned (their command line), from /proc."""
    out = set()
    for entry in os.scandir("/proc"):
        try:
            status = Path(entry.path, "status").read_text()
            if entry.name.isdigit() and f"PPid:\t{os.getpid()}\n" in status \
                    and b"spawn_main" in Path(entry.path, "cmdline").read_bytes():
                out.add(int(entry.name))
        except OSError:
            pass
    return out


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask") or not Path("/proc/self/status").exists(),
                    reason="signal masks and /proc")
def test_workers_start_with_ctrl_c_held_back_and_a_later_leaves_no_process_behind(monkeypatch):
    """A Ctrl-C that reaches the process group while a worker still starts must not end it with a
    traceback (before its own handler is set): every worker starts with SIGINT blocked, and a
    ``Later``'s process ends when its work is done, with none started in its place (one was, from
    the pool's own thread, without the block). The build itself still gets Ctrl-C."""
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    assert all(blocked for blocked, _ in parallel.ordered(_blocked_and_pid, list(range(20)), pooled=10, chunk=2))
    later = parallel.Later(_blocked_and_pid)
    blocked, pid = later._future.result(timeout=60)
    assert blocked and pid != os.getpid()
    for _ in range(250):  # its process ends with the work, unasked
        if not _spawned_children():
            break
        time.sleep(0.02)
    assert _spawned_children() == set()
    assert later.result() == (True, pid)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # held back only while they start
