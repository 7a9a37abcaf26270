"""Publish: put a finished site in place safely.

The site is built beside the target as ``.<name>.new-*``, made readable for a web server running
as another user (folders 0755, files 0644) and exchanged with the target in one step
(``renameat2(RENAME_EXCHANGE)`` on Linux), so the target path always holds a whole site: the old
one or the new one. Where the exchange is not available the swap takes two renames; a crash
between them leaves the old site as ``.<name>.old-*``, and the next build puts it back first.
The previous site is moved into the project's ``build/previous-sites/``, where the next build
takes it back as the folder it writes its new site into (a double buffer: ``aside``, ``newsite``).

A build runs under :func:`guard`: one build of a project at a time (a lock in ``build/``), the
leftovers of a killed build removed, SIGINT and SIGTERM turned into :class:`BuildInterrupted` so
that the build's cleanup runs. Errors of the file system met while writing (full disk, read-only,
no permission, a mount point) become a :class:`BuildFailed` that names the path.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from generator.build.aside import (
    previous_sites,
    remove,
    remove_previous,
    set_aside,
    take_aside,
)
from generator.i18n import texts

if TYPE_CHECKING:  # pragma: no cover
    from generator.model.problems import Report

LOCK_NAME = "plansite.lock"  # in the project's build/ folder
DIR_MODE, FILE_MODE = 0o755, 0o644
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = (errno.ENOSYS, errno.EINVAL)  # no renameat2 in the kernel, or not on this file system
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class BuildFailed(Exception):
    """The build stopped; nothing was changed in the target folder.

    ``code`` and ``params`` pick a message in ``texts.py`` so that the command line can show it
    in the user's language; without a code the message is the (Swedish) text given.
    """

    def __init__(self, message: str, report: Report | None = None, detail: str = "", *,
                 code: str = "", params: dict[str, object] | None = None):
        super().__init__(message)
        self.report = report
        self.detail = detail
        self.code = code
        self.params = dict(params or {})

    @classmethod
    def of(cls, code: str, *, report: Report | None = None, detail: str = "", **params: object) -> BuildFailed:
        """A failure with the build message ``code`` from ``texts.py``."""
        return cls(texts.t(f"build.{code}", "sv", **params), report, detail, code=code, params=params)

    def text(self, lang: str = "sv") -> str:
        """The message in Swedish (``"sv"``) or English (``"en"``)."""
        return texts.t(f"build.{self.code}", lang, **self.params) if self.code else str(self)


class BuildInterrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived during a build; raised so that the build's cleanup runs."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# Errors ------------------------------------------------------------------------------------------

def failure(exc: OSError, target: Path, written: Path | None = None) -> BuildFailed | None:
    """The BuildFailed for an error of the file system met while writing towards ``target``, or
    None when it is not one of the errors a user can act on (full disk, read-only, permission,
    mount point). The path named is the error's own, else ``written`` (the folder being written:
    write(2) and close(2) name no file), else ``target``."""
    path = exc.filename or written or target
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return BuildFailed.of("disk-full", path=path)
    if exc.errno == errno.EROFS:
        return BuildFailed.of("read-only", path=path)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return BuildFailed.of("no-permission", path=path)
    if exc.errno in (errno.EXDEV, errno.EBUSY):  # rename(2) onto or across a mount point
        return BuildFailed.of("mount-point", path=target)
    return None


@contextlib.contextmanager
def writing(target: Path) -> Iterator[None]:
    """Turn the errors :func:`failure` knows into a BuildFailed; other errors pass unchanged."""
    try:
        yield
    except OSError as exc:
        failed = failure(exc, target)
        if failed is None:
            raise
        raise failed from exc


# Signals -----------------------------------------------------------------------------------------

class _Interruptions:
    """The state of the build's signal handler: the first SIGINT/SIGTERM raises BuildInterrupted,
    or, during a swap, when the swap is done; later ones are ignored while the build cleans up."""

    def __init__(self) -> None:
        self.deferring = 0
        self.pending: int | None = None
        self.raised = False

    def handle(self, signum: int, frame: object) -> None:
        if self.raised:
            return
        if self.deferring:
            self.pending = self.pending or signum
            return
        self.raised = True
        raise BuildInterrupted(signum)


_interruptions = _Interruptions()


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Install the build's SIGINT/SIGTERM handler (main thread only; an ignored signal stays
    ignored) and restore the previous handlers afterwards."""
    global _interruptions
    _interruptions = _Interruptions()
    previous: dict[int, Callable | int] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _SIGNALS:
            handler = signal.getsignal(signum)
            if handler is not None and handler != signal.SIG_IGN:
                previous[signum] = signal.signal(signum, _interruptions.handle)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold SIGINT/SIGTERM (when the build's handler is installed) until the block is done."""
    state = _interruptions
    state.deferring += 1
    try:
        yield
    finally:
        state.deferring -= 1
        if not state.deferring and state.pending is not None:
            signum, state.pending = state.pending, None
            state.raised = True
            raise BuildInterrupted(signum)


# Lock, leftovers, recovery -----------------------------------------------------------------------

@contextlib.contextmanager
def _locked(build_root: Path) -> Iterator[None]:
    """Hold the project's build lock; fail at once when another build holds it. The kernel
    releases the lock when the process ends, however it ends."""
    with writing(build_root):
        build_root.mkdir(parents=True, exist_ok=True)
        fd = os.open(build_root / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildFailed.of("locked", path=build_root.parent) from None
        yield
    finally:
        os.close(fd)


def _beside(target: Path, kind: str) -> list[Path]:
    """The ``.<name>.<kind>-*`` entries next to ``target``."""
    prefix = f".{target.name}.{kind}-"
    if not target.parent.is_dir():
        return []
    return [p for p in target.parent.iterdir() if p.name.startswith(prefix)]


def recover(target: Path) -> None:
    """If ``target`` is missing but a crash between the two renames of a swap left
    ``.<name>.old-*`` beside it, put the newest one back."""
    if os.path.lexists(target):
        return
    olds = [p for p in _beside(target, "old") if p.is_dir() and not p.is_symlink()]
    if olds:
        newest = max(olds, key=lambda p: (p.lstat().st_ctime_ns, p.name))
        os.rename(newest, target)


def remove_leftovers(root: Path, target: Path) -> None:
    """Remove what a killed build left: ``.<name>.new-*``/``.<name>.old-*`` beside the target and
    ``build/docs-*`` in the project. A site folder is set aside (``previous_sites``), as a site
    replaced is: the build removes it while it works, or takes it back (``take_aside``)."""
    build_root = root / "build"
    staging = [p for p in build_root.iterdir() if p.name.startswith("docs-")] if build_root.is_dir() else []
    for path in _beside(target, "new") + _beside(target, "old"):
        if path.is_dir() and not path.is_symlink() and build_root.is_dir():
            set_aside(path, previous_sites(build_root))
        else:
            remove(path)
    for path in staging:
        remove(path)


#: The project's own folders, which a site folder must never be or lie in.
SOURCES = ("datapackages", "content", "site_theme", "generator", "build", ".git")


@dataclass(frozen=True)
class Guarded:
    removed: Callable[[], None]  # waits until the sites set aside are removed
    recycled: Path | None = None  # a site set aside, taken back as the new site's folder (``take_aside``)


@contextlib.contextmanager
def guard(root: Path, target: Path, recycle: bool = False) -> Iterator[Guarded]:
    """Run a build of the project ``root`` into ``target``: refuse a mount point as target, take
    the build lock, heal a swap cut short by a crash, set leftovers aside, remove the sites earlier
    builds set aside while the block runs, and turn SIGINT/SIGTERM into BuildInterrupted until the
    block is done. With ``recycle``, the newest site set aside is first taken back beside the target
    (``Guarded.recycled``) for the build to write the new site into (``newsite``); if it is still
    there when the block ends (the build failed), it is set aside again.

    ``Guarded.removed`` waits until the other sites are removed: the build calls it before it links
    the published site's files (``previous``), which it does only to files with one name."""
    if os.path.ismount(target):
        raise BuildFailed.of("mount-point", path=target)
    if root.is_relative_to(target) or any(target.is_relative_to(root / name) for name in SOURCES):
        raise BuildFailed.of("site-dir-overlaps", path=target)  # the swap would replace the sources
    aside = previous_sites(root / "build")
    with _interruptible(), _locked(root / "build"):
        with writing(target):
            recover(target)
            remove_leftovers(root, target)
        recycled = take_aside(aside, target) if recycle else None
        removal = remove_previous(aside) if recycle else None  # a shard's build leaves them for the next
        try:
            yield Guarded(removal.wait if removal is not None else (lambda: None), recycled)
        finally:
            if recycled is not None and os.path.isdir(recycled) and not os.path.islink(recycled):
                set_aside(recycled, aside)
        if removal is not None:  # a build that fails or is interrupted does not wait for the removal
            removal.wait()


# The swap ------------------------------------------------------------------------------------------

def _load_exchange() -> Callable[[Path, Path], None] | None:
    """``renameat2(RENAME_EXCHANGE)`` from the C library, or None where it has no such symbol."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):
        return None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int

    def exchange(a: Path, b: Path) -> None:
        """Swap the two paths in one step; both must exist."""
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(b))

    return exchange


_exchange = _load_exchange()


def _swap(new: Path, target: Path) -> Path | None:
    """Put ``new`` at ``target``; return where the previous target now is (None if there was none)."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return None
    if _exchange is not None:
        try:
            _exchange(new, target)
            return new
        except OSError as exc:
            if exc.errno not in _UNSUPPORTED:
                raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    return old


def swap_in(new: Path, target: Path, aside: Path | None = None) -> None:
    """Put the finished site ``new`` at ``target``; the previous site is moved into the folder
    ``aside`` (the project's ``build/previous-sites/``), for the next build to remove while it works
    (``remove_previous``), or removed now without ``aside`` or where it cannot be moved there.

    An existing target is exchanged with ``new`` in one step; without renameat2 (not Linux, an old
    kernel, a file system without the exchange) it is renamed to ``.<name>.old-<pid>`` first and
    put back if the second rename fails. SIGINT/SIGTERM wait until the folders are in place.
    """
    old = None
    try:
        with uninterrupted():
            old = _swap(new, target)
    finally:
        if old is not None:
            set_aside(old, aside)
