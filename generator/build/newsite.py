"""The folder a build writes the new site into, and every file it writes there.

A build with one plan changed writes almost the same site as the last: at 290 plans about 128 000
files in 48 000 folders, of which a few hundred differ. Made afresh, each of those names cost a
link or a write, a folder and later a mode and a removal, a quarter of such a build. So the site a
build before last published, which the last build set aside (``publish.swap_in``), is taken back as
the new site's folder (``aside.take_aside``: a double buffer), and only what differs is written.

What each file of the site holds is recorded when it is made (``LISTING`` in ``build/``: a token
for its bytes, and the file's stamp: inode, size and time of change). A file of the folder taken
back is known when its stamp is the one recorded at its path: a name of the very file the last
build published, not written since (the build never writes through a name: it removes the name and
makes a new file). The stamp, like make's and git's, does not see a file edited in place to the
same size within one tick of the file system's clock. Such a file that holds what the build writes
there is kept. Otherwise, when
the published site's file at that path holds it (its stamp checked too), the new name is a second
name of that file (a hard link), so that the two sites keep sharing their unchanged files; else the
file is written. Whatever the build did not write (a file since removed from the site, a link or
anything but a folder or a file, a file added by hand) is removed, with the folders left empty
(``finish``). The site is the same, file for file and mode for mode, as one written into an empty
folder.

Tokens: ``h`` and a SHA-256 of the bytes for a file written; ``u`` and the cache entry's name for
a unit's file linked from the cache (``merge``), whose entries are never written once stored.
Files are 0644 and folders 0755 as they are made (whatever the umask); the top folder is opened
last (``finish``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path
from typing import Callable

from generator.build import previous
from generator.build.publish import DIR_MODE, FILE_MODE

LISTING = "site-files.txt"  # in the project's build/: the files of the site published
MAX_LISTING = 1 << 28
_HEADER = "plansite site files 1"
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_PLAIN_FILE = stat.S_IFREG | FILE_MODE


def token_of(data: bytes) -> str:
    return "h" + hashlib.sha256(data).hexdigest()[:32]


def _stamp(found: os.stat_result) -> str:
    return f"{found.st_ino}.{found.st_size}.{found.st_mtime_ns}"


class Listing:
    """What each file of a site holds (``LISTING``): path → (token, stamp), on the file system ``dev``."""

    def __init__(self, dev: int, files: dict[str, tuple[str, str]]) -> None:
        self.dev, self.files = dev, files

    @classmethod
    def read(cls, path: Path) -> Listing | None:
        """The listing at ``path``, or None when it is missing, too large or not one. A line that
        is not one (a path with a tab or a line break, which is not recorded) is left out."""
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_LISTING + 1)
            lines = data.decode("utf-8").split("\n") if len(data) <= MAX_LISTING else []
        except (OSError, UnicodeDecodeError):
            return None
        head = lines[0].split("\t") if lines else []
        if len(head) != 2 or head[0] != _HEADER or not head[1].isdigit():
            return None
        files = {}
        for line in lines[1:]:
            parts = line.split("\t")
            if len(parts) == 3:
                files[parts[0]] = (parts[1], parts[2])
        return cls(int(head[1]), files)

    def write(self, path: Path) -> None:
        text = "".join(f"{rel}\t{token}\t{stamp}\n" for rel, (token, stamp) in self.files.items()
                       if "\t" not in rel and "\n" not in rel)
        part = path.with_name(path.name + ".part")
        part.write_text(f"{_HEADER}\t{self.dev}\n{text}", encoding="utf-8")
        os.replace(part, path)


#: What a folder taken back holds (``scan``): each plain file's stamp, the paths of anything else
#: but folders, and its folders.
Scanned = tuple[dict[str, str], set[str], set[str]]


def scan(root: str) -> Scanned:
    """What the folder ``root`` holds, read without following links; its folders made 0755. Made in a
    process of its own while the build validates (``parallel.Later``): at 290 plans it reads 128 000
    files' stamps, 0.7 s, 2.5 s when the file system's caches no longer hold them."""
    present: dict[str, str] = {}
    others: set[str] = set()
    folders: set[str] = set()
    uid = os.geteuid()
    pending = [""]
    while pending:
        folder = pending.pop()
        prefix = folder + "/" if folder else ""
        with os.scandir(root + "/" + folder if folder else root) as entries:
            for entry in entries:
                rel = prefix + entry.name
                found = entry.stat(follow_symlinks=False)
                if found.st_mode == _PLAIN_FILE and found.st_uid == uid:
                    present[rel] = _stamp(found)
                elif stat.S_ISDIR(found.st_mode) and found.st_uid == uid:
                    if stat.S_IMODE(found.st_mode) != DIR_MODE:
                        os.chmod(entry.path, DIR_MODE)
                    folders.add(rel)
                    pending.append(rel)
                else:
                    others.add(rel)
    return present, others, folders


class NewSite:
    """The new site's folder ``path``: empty, made by the build, or taken back from an earlier build
    (``recycled``). ``published``: the site published and ``listing`` what its files hold; where there
    is no listing, ``before`` links the published site's unchanged files after comparing them
    (``previous``)."""

    def __init__(self, path: Path, *, recycled: bool = False, published: Path | None = None,
                 listing: Listing | None = None, before: previous.Previous | None = None,
                 scanned: Scanned | None = None) -> None:
        self.path = path
        self.recycled = recycled
        self._root = str(path)
        self._dev = os.lstat(self._root).st_dev
        self._listing = listing.files if listing is not None and listing.dev == self._dev else {}
        self._published = previous.Previous(published) if published is not None and self._listing else None
        self._before = before
        self._uid = os.geteuid()
        self._present: dict[str, str] = {}  # a file of the folder taken back → its stamp
        self._others: set[str] = set()  # anything else there but folders (links, pipes, others' files)
        self._folders: set[str] = {""}  # the folders there or made
        self.made: dict[str, tuple[str, str]] = {}  # each file of the new site → (token, stamp)
        self.kept = 0  # files of the folder taken back kept as they were
        self.shared = 0  # files made second names of the published site's
        if recycled:
            self._present, self._others, folders = scanned if scanned is not None else scan(self._root)
            self._folders |= folders

    # Writing -------------------------------------------------------------------------------------

    def write(self, rel: str, data: bytes, sha256: str | None = None, token: str | None = None) -> None:
        """The file ``rel`` (a path in the site) holds ``data`` (``sha256``: its SHA-256 in hex, where
        the build made it already; ``token``: a name for what it holds that the build knows without
        making it, ``keep``)."""
        token = token or ("h" + sha256[:32] if sha256 else token_of(data))
        if self._kept(rel, token):
            return
        path = self._clear(rel)
        if self._shared(rel, token, path):
            return
        if self._before is not None and self._before.link(rel, data, Path(path)):
            self.made[rel] = (token, _stamp(os.lstat(path)))
            return
        self.made[rel] = (token, _create(path, data))

    def place(self, rel: str, source: Path, token: str, read: Callable[[], bytes]) -> None:
        """The file ``rel`` is a second name of ``source`` (a unit's file in the cache, ``token`` its
        entry's); a copy (``read``) where it cannot be: another file system, or another user's file
        (the site's modes are set on it, which only its owner may)."""
        if self._kept(rel, token):
            return
        path = self._clear(rel)
        try:
            os.link(source, path, follow_symlinks=False)
            found = os.lstat(path)
            if stat.S_ISREG(found.st_mode) and found.st_uid == self._uid:
                if stat.S_IMODE(found.st_mode) != FILE_MODE:
                    os.chmod(path, FILE_MODE)
                    found = os.lstat(path)
                self.made[rel] = (token, _stamp(found))
                return
        except OSError:
            pass
        _remove(path)  # whatever the link left: the copy is a new file
        self.made[rel] = (token, _create(path, read()))

    def keep(self, rel: str, token: str) -> bool:
        """Keep the file at ``rel`` when it holds ``token`` (a name ``write`` was given for what it
        holds), so that the build need not make it; False when it must be written."""
        return self._kept(rel, token)

    def holds(self, rel: str, token: str) -> bool:
        """Whether the file at ``rel`` holds ``token`` already (written by this build, or kept)."""
        record = self.made.get(rel)
        return record[0] == token if record is not None else self._listed(rel, token) is not None

    def _listed(self, rel: str, token: str) -> tuple[str, str] | None:
        """The listing's record of the folder's file at ``rel`` when it is the very file listed
        (its stamp) and holds ``token``."""
        record = self._listing.get(rel)
        if record is None or record[0] != token or self._present.get(rel) != record[1]:
            return None
        return record

    def _kept(self, rel: str, token: str) -> bool:
        """Keep the folder's file at ``rel`` when it is the published one that holds ``token`` and the
        build has not written it."""
        record = None if rel in self.made else self._listed(rel, token)
        if record is None:
            return False
        self.made[rel] = record
        self.kept += 1
        return True

    def _shared(self, rel: str, token: str, path: str) -> bool:
        """Make ``path`` a second name of the published site's file ``rel`` when it is the file the
        listing describes, holding ``token`` (reached without a symbolic link, a plain file)."""
        record = self._listing.get(rel)
        published = self._published
        if record is None or record[0] != token or published is None or published.root is None:
            return False
        if not published.plain_folder(os.path.dirname(rel)):
            return False
        old = os.path.join(published.root, rel)
        try:
            found = os.lstat(old)
            if found.st_mode != _PLAIN_FILE or found.st_uid != self._uid or _stamp(found) != record[1]:
                return False
            os.link(old, path, follow_symlinks=False)
            if os.lstat(path).st_ino != found.st_ino:  # the old name changed meanwhile
                os.unlink(path)
                return False
        except OSError:
            return False
        self.made[rel] = record
        self.shared += 1
        return True

    def _clear(self, rel: str) -> str:
        """The path of ``rel``, with its folders, and nothing at it: the folder's old file (or
        whatever else is there) is removed, never written through."""
        self._folder(os.path.dirname(rel))
        path = os.path.join(self._root, rel)
        if rel in self._folders:  # a folder where the new site has a file
            shutil.rmtree(path)
            self._forget(rel)
        elif rel in self.made or rel in self._present or rel in self._others:
            _remove(path)
        self._drop(rel)
        return path

    def _folder(self, rel: str) -> None:
        if rel in self._folders:
            return
        self._folder(os.path.dirname(rel))
        path = os.path.join(self._root, rel)
        if rel in self._present or rel in self._others or rel in self.made:  # a file where a folder belongs
            _remove(path)
            self._drop(rel)
        os.mkdir(path, DIR_MODE)
        os.chmod(path, DIR_MODE)
        self._folders.add(rel)

    def _drop(self, rel: str) -> None:
        self._present.pop(rel, None)
        self._others.discard(rel)
        self.made.pop(rel, None)

    def _forget(self, folder: str) -> None:
        prefix = folder + "/"
        for names in (self._present, self.made):
            for rel in [r for r in names if r.startswith(prefix)]:
                del names[rel]
        self._others = {r for r in self._others if not r.startswith(prefix)}
        self._folders = {f for f in self._folders if f != folder and not f.startswith(prefix)}

    # Finishing -----------------------------------------------------------------------------------

    def finish(self) -> None:
        """Remove what the build did not write and the folders left empty, then open the top folder
        (0755): the site is complete."""
        for rel in [*(r for r in self._present if r not in self.made), *self._others]:
            _remove(os.path.join(self._root, rel))
        self._present, self._others = {}, set()
        needed = {""}
        for rel in self.made:
            folder = os.path.dirname(rel)
            while folder not in needed:
                needed.add(folder)
                folder = os.path.dirname(folder)
        for folder in sorted(self._folders - needed, key=lambda f: f.count("/"), reverse=True):
            _remove(os.path.join(self._root, folder))
        self._folders = needed
        os.chmod(self._root, DIR_MODE)

    def files(self) -> set[str]:
        """Every file of the new site (paths in it)."""
        return set(self.made)

    def changed(self) -> set[str] | None:
        """The files of the new site that are not the published site's very files, when the new site
        has every file the published one has (by its listing); else None. A link of an unchanged page
        resolved when that site was published (the build checks every link before it publishes), and
        still does when no file is gone: only the changed pages need their links checked."""
        if not self._listing or not self._listing.keys() <= self.made.keys():
            return None
        # a file kept or linked from the published site has the listing's very record (token and stamp)
        return {rel for rel, record in self.made.items() if self._listing.get(rel) != record}

    def listing(self) -> Listing:
        """What the site's files hold, for the builds after it (``Listing.write``)."""
        return Listing(self._dev, self.made)


def _create(path: str, data: bytes) -> str:
    """A new file at ``path`` (nothing there) holding ``data``, mode 0644; its stamp."""
    fd = os.open(path, _CREATE, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fchmod(fd, FILE_MODE)
        return _stamp(os.fstat(fd))
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    """Remove the name ``path`` (a folder with what it holds); links are removed, never followed."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            raise
