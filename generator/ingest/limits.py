"""Limits that keep a bad or hostile input from exhausting the machine."""

from __future__ import annotations

import os

#: Default limits that keep a bad or hostile input from exhausting the machine. The environment
#: variables PLANSITE_MAX_FILE_BYTES and PLANSITE_MAX_ROWS override them; they are read on every
#: run (``max_file_bytes()``, ``max_rows()``), not only when this module is imported.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
#: A descriptor embeds every schema (some 25 kB): its limit never goes below this.
MIN_DESCRIPTOR_LIMIT = 1024 * 1024


def _env_limit(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def max_file_bytes() -> int:
    return _env_limit("PLANSITE_MAX_FILE_BYTES", MAX_FILE_BYTES)


def max_rows() -> int:
    return _env_limit("PLANSITE_MAX_ROWS", MAX_ROWS)
