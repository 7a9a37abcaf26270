"""The site's settings, read and checked once per run: one frozen ``Settings``.

They live in the project's ``mkdocs.yml`` (the file the site engine reads as well): ``site_name``,
``site_url`` (the public address, for absolute links and the data catalogue; may be left out; the
environment variable ``PLANSITE_SITE_URL`` overrides it),
``theme.language`` and ``extra.contact`` (who readers contact about errors and accessibility),
and the limits from the environment (``limits.py``).
A missing or malformed file, or a value of the wrong form, is a ``SettingsError`` with the key and
what was expected, which the build shows as one line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping
from urllib.parse import urlsplit

import yaml

from generator.config.errors import SettingsError
from generator.config.limits import Limits

__all__ = ["Limits", "Settings", "SettingsError", "read"]

FILE = "mkdocs.yml"
MAX_BYTES = 256 * 1024
LANGUAGES = ("sv", "en")


@dataclass(frozen=True, slots=True)
class Settings:
    site_name: str
    site_url: str  # "" or an absolute http(s) address ending in "/"
    language: str
    contact: str
    limits: Limits = Limits()
    engine: Mapping = field(default_factory=dict, compare=False)  # the whole file, for the site engine


def read(root: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of the project at ``root`` (``mkdocs.yml``), with the limits from ``environ``
    (default: the process environment)."""
    limits = Limits.from_environment(environ)
    path = root / FILE
    if not path.is_file() or path.is_symlink():
        raise SettingsError("settings-missing", path=path)
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise SettingsError("settings-invalid", path=path, problem=f"{len(raw)} bytes")
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SettingsError("settings-invalid", path=path, problem=exc.__class__.__name__) from None
    if not isinstance(data, dict):
        raise SettingsError("settings-invalid", path=path, problem=type(data).__name__)
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    site_url = _text(data, "site_url", path)
    override = (os.environ if environ is None else environ).get("PLANSITE_SITE_URL", "").strip()
    if override:  # the deploying workflow knows the address (GitHub Pages); it wins over mkdocs.yml
        site_url, path = override, "PLANSITE_SITE_URL"
    if site_url:
        parts = urlsplit(site_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or not site_url.endswith("/"):
            raise SettingsError("settings-site-url", path=path, value=site_url)
    language = _text(theme, "language", path) or "sv"
    if language not in LANGUAGES:
        raise SettingsError("settings-language", path=path, value=language, allowed=", ".join(LANGUAGES))
    return Settings(
        site_name=_text(data, "site_name", path),
        site_url=site_url,
        language=language,
        contact=_text(extra, "contact", path),
        limits=limits,
        engine=MappingProxyType(data),
    )


def _text(section: dict, key: str, path: Path) -> str:
    value = section.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SettingsError("settings-type", path=path, setting=key, value=repr(value)[:60])
    return value.strip()
