"""The site engine (MkDocs with Material), behind one seam.

Everything the build knows about the engine is here: the configuration it is given (the
project's ``mkdocs.yml`` with absolute paths, the generated navigation and the slugs for
headings) and how it is run (``mkdocs build --strict`` in a process group of its own, with a
time limit). Nothing security-critical runs inside the engine: pages reach it already escaped
and chapters already sanitised, so a move to another engine (Zensical) changes this module only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import yaml

from generator.build.publish import BuildFailed
from generator.i18n import texts

SLUGIFY = "generator.ingest.markup.heading_id"
THEME_TEXTS = "theme."  # the catalogue's keys for the theme (site_theme/), as extra.plansite_texts


class _PythonName(str):
    """A Python object named in the engine's configuration (``!!python/name:``)."""


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigDumper.add_representer(
    _PythonName, lambda dumper, value: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value}", ""))


def _markdown_extensions(extensions: list) -> list:
    """The configured extensions with the table of contents' slugs from ``markup.heading_id``:
    an id made from a goal or indicator title never shadows the theme's or a chapter's."""
    out, slugify = [], {"slugify": _PythonName(SLUGIFY)}
    for item in extensions or []:
        name, options = (item, None) if isinstance(item, str) else next(iter(item.items()))
        if name == "toc":
            out.append({"toc": {**(options or {}), **slugify}})
        else:
            out.append({name: options} if options else name)
    if not any(isinstance(i, dict) and "toc" in i for i in out):
        out.append({"toc": slugify})
    return out


def theme_texts(lang: str) -> dict:
    """The theme's texts in ``lang``, nested as in the catalogue: ``theme.footer.about`` is
    ``{{ config.extra.plansite_texts.footer.about | e }}`` in a template; ``script`` is what
    plansite.js reads (main.html writes it as JSON)."""
    out: dict = {}
    for key in texts.catalogue(lang):
        if key.startswith(THEME_TEXTS):
            *path, name = key[len(THEME_TEXTS):].split(".")
            table = out
            for part in path:
                table = table.setdefault(part, {})
            table[name] = texts.t(key, lang)
    return out


def config(root: Path, settings: dict, docs_dir: Path, site_dir: Path, nav: list, *, lang: str) -> dict:
    """The project's mkdocs.yml with absolute paths, the generated navigation and the theme's
    texts in the site's language ``lang`` (``extra.plansite_texts``; the theme's own language is
    ``lang`` too unless mkdocs.yml names one)."""
    config = dict(settings)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    extra = config.get("extra")
    config["extra"] = {**(extra if isinstance(extra, dict) else {}), "plansite_texts": theme_texts(lang)}
    theme = config["theme"] = dict(config.get("theme") or {})
    theme.setdefault("language", lang)
    if "custom_dir" in theme:
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    if "hooks" in config:
        config["hooks"] = [str((root / h).resolve()) for h in config["hooks"]]
    config["nav"] = nav
    config["markdown_extensions"] = _markdown_extensions(config.get("markdown_extensions"))
    return config


def run(config_file: Path, seconds: float) -> None:
    """Run ``mkdocs build --strict`` in a process group of its own and wait at most the engine
    timeout; on a timeout or an interruption the whole group is killed before the build stops."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file)],  # --quiet would lift --strict
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise BuildFailed.of("engine-timeout", seconds=f"{seconds:g}") from None
    except BaseException:  # BuildInterrupted (SIGINT/SIGTERM), SystemExit
        _kill_group(proc)
        raise
    if proc.returncode != 0:
        lines = [l for l in (stderr + stdout).splitlines() if l.strip()]
        raise BuildFailed.of("engine-failed", detail="\n".join(lines[-20:]))


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill mkdocs and whatever it started, then reap it (it is not reaped before, so its process
    group id cannot have been reused)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def write_config(config_file: Path, settings: dict) -> None:
    config_file.write_text(yaml.dump(settings, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
