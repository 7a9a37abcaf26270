"""Zip files with the same bytes for the same content: a plan's package, and the workbook's zip.

Every entry gets the same fixed time (1980-01-01 00:00, the earliest a zip can say), the same
mode (a plain file, 0644), the same system and compression; a plan's package is written in sorted
order. So a build of the same input gives the same zip and the same sha256 in ``data/index.json``
(with the same zlib, which compresses the same bytes the same way).
"""

from __future__ import annotations

import io
import zipfile
from typing import Iterable

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever system builds it
    info.external_attr = _FILE_MODE
    return info


def zip_bytes(entries: Iterable[tuple[str, bytes]], level: int = 9) -> bytes:
    """A zip of ``entries`` (name, data) in the order given, deflated at zlib's ``level``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in entries:
            archive.writestr(_entry(name), data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return buffer.getvalue()


#: zlib's level for a zip another library wrote (``normalised_zip``): its default. Level 9 took ten
#: times as long for the site's workbook at 290 plans (5.0 against 0.5 s, half the workbook's time)
#: for 5.8 % fewer bytes (3.98 against 4.21 MB).
REZIP_LEVEL = 6


def package_zip(files: dict[str, str]) -> bytes:
    """A plan's published package (``datapackage.json`` and its CSVs, as published) as one zip,
    ``datapackage.json`` first and the rest sorted by name; ``frictionless validate`` reads it as it
    is."""
    order = sorted(files, key=lambda name: (name != "datapackage.json", name))
    return zip_bytes((name, files[name].encode("utf-8")) for name in order)


def normalised_zip(data: bytes) -> bytes:
    """The zip ``data`` rewritten with fixed times and modes, entries in their order (for files
    such as a workbook that another library zipped with the time of the build)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return zip_bytes(((info.filename, source.read(info)) for info in source.infolist()), REZIP_LEVEL)
