"""Run untrusted-input work in a child process with a time limit per item.

Rendering a chapter's Markdown is the one step whose cost the input controls beyond its size (a
run of 20 000 ``[`` makes Python-Markdown's link patterns take a minute; 500 nested lists
exhaust its recursion). ``run`` hands items to one child process and waits at most ``timeout``
seconds for each answer; an item that takes longer, or that kills the child, is reported as
``Outcome(ok=False)`` and the child is replaced, so the other items still get their answers.
A Python function cannot be stopped from outside inside a regex, so a process is the only
bound that always holds. So that many hostile items do not add up to a long wait, ``run`` stops
after ``MOST_TIMEOUTS`` items have taken the whole time limit: the items not yet answered are
``Outcome(ok=False, reason="not-read")``.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from typing import Any, Callable, Hashable, Iterable


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    value: Any = None
    reason: str = ""  # "timeout", "crashed", "not-read" or the exception's class name when not ok


#: After this many items of one run took the whole time limit, the rest are not read.
MOST_TIMEOUTS = 2


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _serve(func: Callable, items: list[tuple[Hashable, tuple]], conn) -> None:
    for key, args in items:
        try:
            conn.send((key, Outcome(True, func(*args))))
        except RecursionError:
            conn.send((key, Outcome(False, reason="RecursionError")))
        except Exception as exc:  # noqa: BLE001 – reported as data to the parent
            conn.send((key, Outcome(False, reason=exc.__class__.__name__)))
    conn.close()


def run(func: Callable, items: Iterable[tuple[Hashable, tuple]], timeout: float) -> dict[Hashable, Outcome]:
    """``{key: Outcome}`` for every ``(key, args)``: ``func(*args)`` computed in a child process.

    ``func`` must be a module-level function; its result must be picklable."""
    pending = list(items)
    results: dict[Hashable, Outcome] = {}
    ctx = _context()
    timeouts = 0
    while pending:
        if timeouts >= MOST_TIMEOUTS:  # many slow items would add up: the rest are not read
            results.update((key, Outcome(False, reason="not-read")) for key, _ in pending)
            break
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_serve, args=(func, pending, sender), daemon=True)
        child.start()
        sender.close()
        try:
            for key, _ in pending:
                if not receiver.poll(timeout):
                    results[key] = Outcome(False, reason="timeout")
                    timeouts += 1
                    break
                try:
                    got_key, outcome = receiver.recv()
                except (EOFError, OSError):
                    results[key] = Outcome(False, reason="crashed")
                    break
                results[got_key] = outcome
        finally:
            if child.is_alive():
                child.kill()
            child.join()
            receiver.close()
        pending = [(key, args) for key, args in pending if key not in results]
    return results
