"""Work spread over the machine's cores: ``ordered`` maps a function over many independent items
(the plans to validate, the charts to rasterise) in a pool of one process per core and yields the
results in the items' order, each as soon as it and those before it are done; ``Later`` makes one
result in a process of its own while the build goes on (the site's database and workbook).

Workers are spawned, not forked: the build may have threads (a progress bar, vl-convert's own)
whose locks a forked child would inherit held; a fresh worker imports what it needs once (about
0.3 s for Pillow, Skia and vl-convert, 1 s for frictionless). Workers leave Ctrl-C to the build, which
stops the pool: each worker finishes the chunk it holds and the rest is dropped. When the pool
cannot start (a script that calls the build without ``if __name__ == "__main__"``, which spawn
runs again), the items left are done in this process. The function and the items must be
picklable (a module-level function; frozen dataclasses, not ``MappingProxyType``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Generic, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to the build (which stops the pool): no traceback from each worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back from this thread while a pool starts its workers (as the work is handed
    to it): they inherit the blocked signal, so that a Ctrl-C reaching the process group while a
    worker still imports Python's own modules, before ``_ignore_interrupts`` runs in it, does not
    end that worker with a traceback (seen on a loaded machine). A worker the pool's own thread
    starts later does not inherit it (seen: ``Later`` therefore starts none). The build gets the
    Ctrl-C as soon as the block ends: a blocked signal waits, it is not lost."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def cores() -> int:
    return os.cpu_count() or 1


def ordered(func: Callable[[T], R], items: Sequence[T], *, pooled: int, chunk: int) -> Iterator[R]:
    """``func`` of each of ``items``, in order: in this process when there are fewer than
    ``pooled`` items or one core, else in a pool of one spawned process per core that takes
    ``chunk`` items at a time (a chunk is what an interrupted worker still finishes)."""
    if len(items) < pooled or cores() == 1:
        yield from map(func, items)
        return
    pool = ProcessPoolExecutor(cores(), mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_interrupts)
    done = 0
    try:
        with _interrupts_held():  # every chunk is handed to the pool here, which starts its workers
            results = pool.map(func, items, chunksize=chunk)
        for result in results:
            yield result
            done += 1
    except BrokenProcessPool:  # a worker could not start (or died): the rest here, one at a time
        yield from map(func, items[done:])
    except BaseException:  # interrupted, or the caller stopped reading: the rest is dropped
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


class Later(Generic[R]):
    """``func(*args)`` made in a spawned process of its own while the caller goes on with other
    work (``result`` waits for it); made in this process instead when there is one core or the
    process cannot start or dies. An exception of ``func`` comes out of ``result`` as it would here.
    ``close`` (also after ``result``) lets the process go: a task still running finishes first.
    ``result`` is asked once."""

    def __init__(self, func: Callable[..., R], *args: object) -> None:
        self._func, self._args = func, args
        self._pool: ProcessPoolExecutor | None = None
        self._future = None
        if cores() > 1:
            try:
                with _interrupts_held():
                    pool = self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                            initializer=_ignore_interrupts)
                    self._future = pool.submit(func, *args)
                # the process ends once the work is done (its memory back to the machine), with no
                # other started in its place (``max_tasks_per_child`` started one, from the pool's
                # own thread, which Ctrl-C reached while it started)
                self._future.add_done_callback(lambda _: pool.shutdown(wait=False))
            except (BrokenProcessPool, OSError, RuntimeError):
                self.close()

    def result(self) -> R:
        try:
            if self._future is not None:
                try:
                    return self._future.result()
                except BrokenProcessPool:  # the process could not start (or died): made here
                    pass
            return self._func(*self._args)
        finally:
            self.close()
            self._args = ()  # once: the arguments (the site's tables) are let go

    def settle(self) -> None:
        """If the work is done, let the pool go now, keeping the result for ``result``. The process
        that did the work has ended with it (its memory back to the machine: at 290 plans the site's
        database and workbook take about 500 MB to make)."""
        if self._pool is not None and self._future is not None and self._future.done():
            self._pool.shutdown(wait=False)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool, self._future = None, None
