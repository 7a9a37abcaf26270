"""Limits that keep a bad or hostile input from exhausting the machine, read once per run.

Each has a default and an environment variable that overrides it (``PLANSITE_MAX_FILE_BYTES``,
``PLANSITE_MAX_ROWS``, ``PLANSITE_RENDER_TIMEOUT``, ``PLANSITE_ENGINE_TIMEOUT``). ``from_environment``
reads them once, at the start of a run, and the frozen ``Limits`` is handed down; a value that is
not a positive number is a ``SettingsError`` naming the variable, not a silent fallback.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Mapping

from generator.config.errors import SettingsError

#: A descriptor embeds every schema (some 25 kB): its limit never goes below this.
MIN_DESCRIPTOR_LIMIT = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 20 * 1024 * 1024  # any one file read from a package or content/
    max_rows: int = 200_000  # rows in one CSV file
    render_timeout: float = 10.0  # seconds to render one chapter in the child process
    engine_timeout: float = 30 * 60.0  # seconds one unit of the site may take in mkdocs build

    @property
    def descriptor_bytes(self) -> int:
        return max(self.max_file_bytes, MIN_DESCRIPTOR_LIMIT)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "Limits":
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            max_file_bytes=int(_number(env, "PLANSITE_MAX_FILE_BYTES", defaults.max_file_bytes, whole=True)),
            max_rows=int(_number(env, "PLANSITE_MAX_ROWS", defaults.max_rows, whole=True)),
            render_timeout=_number(env, "PLANSITE_RENDER_TIMEOUT", defaults.render_timeout),
            engine_timeout=_number(env, "PLANSITE_ENGINE_TIMEOUT", defaults.engine_timeout),
        )


def _number(env: Mapping[str, str], name: str, default: float, whole: bool = False) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = math.nan
    if not (0 < value < math.inf):
        raise SettingsError("bad-limit-whole" if whole else "bad-limit-seconds", name=name, value=text[:40])
    return value
