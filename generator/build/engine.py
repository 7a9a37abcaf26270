"""The site engine (MkDocs with Material), behind one seam.

Everything the build knows about the engine is here: the configuration it is given (the
project's ``mkdocs.yml`` with absolute paths, the generated navigation and the slugs for
headings) and how it is run (``mkdocs build --strict`` in a process group of its own, with a
time limit; the site's units with ``run_units``, in workers that import MkDocs once,
``mkdocs_worker``, and what their output depends on, ``fingerprint``). Nothing security-critical
runs inside the engine: pages reach it already escaped and chapters already sanitised, so a move
to another engine (Zensical) changes this module, the worker and the unit hook only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Callable, Mapping, Sequence

import yaml

from generator.build.publish import BuildFailed, uninterrupted
from generator.i18n import texts
from generator.ingest import files
from generator.spec import urls

SLUGIFY = "generator.ingest.markup.heading_id"
THEME_TEXTS = "theme."  # the catalogue's keys for the theme (site_theme/), as extra.plansite_texts
LANGUAGE_SETTINGS = ("languages", "translations")  # extra.* read by config.settings, not by the engine


class _PythonName(str):
    """A Python object named in the engine's configuration (``!!python/name:``)."""


class _ConfigDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter where PyYAML has it:
    pass  # a unit's configuration took 36 ms with the pure-Python one (580 units at 290 plans: about 20 s)


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


def config(root: Path, settings: Mapping, docs_dir: Path, site_dir: Path, nav: list, *, lang: str, folder: str = "",
           site_texts: Mapping[str, str] | None = None, alternates: Mapping[str, dict] | None = None,
           search_scope: str = "") -> dict:
    """The project's mkdocs.yml for the pages in ``lang``: absolute paths, the generated navigation,
    the theme's language and texts (``extra.plansite_texts``, the palette toggles' names), the search
    in ``lang``, the settings that are text in ``lang`` (``site_texts``: ``Settings.texts``) and, for a
    site in more than one language, each page's versions in the others (``alternates``:
    ``languages.alternates``, read by the theme's language switch and its hreflang links; the theme
    finds them by ``page.url``, which MkDocs and Zensical both give, so they are keyed by the page's
    URL). A language in a ``folder`` of the site (``en/``) is a site of its own at ``site_url`` +
    folder, so its canonical links and sitemap name its own pages. ``search_scope``: the folder whose
    own index the pages search (a plan's unit: the plan's, ``search.split_index``); none: the site's."""
    config = dict(settings)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    if config.get("site_url") and folder:
        config["site_url"] = str(config["site_url"]).strip() + folder
    extra = dict(config.get("extra") or {}) if isinstance(config.get("extra"), Mapping) else {}
    for setting in LANGUAGE_SETTINGS:
        extra.pop(setting, None)
    extra["plansite_texts"] = theme_texts(lang)
    extra["plansite_search_scope"] = search_scope
    for key, value in (site_texts or {}).items():
        if key == "contact":
            extra["contact"] = value
        else:
            config[key] = value
    if alternates:
        extra["alternate"] = True  # Material then includes partials/alternate.html: our switch
        extra["plansite_alternates"] = {urls.site_url(path): versions for path, versions in alternates.items()}
        extra["plansite_languages"] = {code: texts.t("theme.language.switch", code) for code in texts.LANGUAGES}
    config["extra"] = extra
    theme = config["theme"] = dict(config.get("theme") or {})
    theme["language"] = lang
    if isinstance(theme.get("palette"), list):
        theme["palette"] = [_palette(entry, lang) for entry in theme["palette"]]
    if "plugins" in config:
        config["plugins"] = [_plugin(item, lang) for item in config["plugins"] or []]
    if "custom_dir" in theme:
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    if "hooks" in config:
        config["hooks"] = [str((root / h).resolve()) for h in config["hooks"]]
    config["nav"] = nav
    config["markdown_extensions"] = _markdown_extensions(config.get("markdown_extensions"))
    return config


def _palette(entry: object, lang: str) -> object:
    """A palette of the theme with its toggle named from the catalogue (``theme.palette.<scheme>``)."""
    if not isinstance(entry, Mapping) or not isinstance(entry.get("toggle"), Mapping):
        return entry
    key = f"theme.palette.{entry.get('scheme', 'default')}"
    if not texts.has(key, lang):
        return dict(entry)
    return {**entry, "toggle": {**entry["toggle"], "name": texts.t(key, lang)}}


def _plugin(item: object, lang: str) -> object:
    """A plugin of mkdocs.yml; the search indexes the words of ``lang``."""
    if item == "search":
        return {"search": {"lang": lang}}
    if isinstance(item, Mapping) and "search" in item:
        return {"search": {**(item["search"] or {}), "lang": lang}}
    return item


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


WORKER = Path(__file__).with_name("mkdocs_worker.py")
HOOK = Path(__file__).with_name("unit_hook.py")
CODE = (Path(__file__), WORKER, HOOK, Path(__file__).with_name("mkdocs_speedups.py"),  # the engine's code,
        Path(__file__).with_name("compact.py"),  # what its worker does to the pages
        Path(__file__).with_name("links.py"),  # and finds in them,
        Path(__file__).parents[1] / "ingest" / "markup.py")  # the slugs (SLUGIFY)
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "jinja2")  # whose versions a unit's output depends on


class _Worker:
    """One ``mkdocs_worker`` process, in a session of its own, working in the build's staging folder
    (``log``'s); its stderr goes to ``log``."""

    def __init__(self, log: Path):
        self.log = log
        with open(log, "wb") as err:
            self.proc = subprocess.Popen([sys.executable, str(WORKER), str(log.parent)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=err, text=True, encoding="utf-8", start_new_session=True)
        self.job: int | None = None
        self.deadline = 0.0

    def give(self, job: int, config_file: Path, seconds: float) -> None:
        self.job, self.deadline = job, time.monotonic() + seconds
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{config_file}\n")
        self.proc.stdin.flush()

    def answer(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:  # the worker died (killed from outside, out of memory)
            tail = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]
            return {"ok": False, "detail": "\n".join(tail) or f"exit status {self.proc.wait()}"}
        return json.loads(line)


def run_units(config_files: Sequence[Path], seconds: float, workers: int, logs: Path,
              done: Callable[[int], None] | None = None) -> None:
    """Build each configuration (one unit of the site) with ``workers`` processes that import MkDocs
    once; each unit may take ``seconds``. On a failure, a timeout or an interruption every worker's
    process group is killed before the build stops; ``done(i)`` is called when unit ``i`` is built."""
    pending = list(range(len(config_files)))[::-1]
    pool: list[_Worker] = []
    try:
        for number in range(min(workers, len(pending))):
            with uninterrupted():  # a signal between starting a worker and listing it would leave it running
                pool.append(_Worker(logs / f"worker-{number}.log"))
        for worker in pool:
            job = pending.pop()
            worker.give(job, config_files[job], seconds)
        busy = [w for w in pool if w.job is not None]
        while busy:
            left = min(w.deadline for w in busy) - time.monotonic()
            if left <= 0:
                raise BuildFailed.of("engine-timeout", seconds=f"{seconds:g}")
            ready, _, _ = select.select([w.proc.stdout for w in busy], [], [], left)
            for worker in busy:
                if worker.proc.stdout not in ready:
                    continue
                answer = worker.answer()
                if not answer.get("ok"):
                    raise BuildFailed.of("engine-failed", detail=str(answer.get("detail", "")))
                finished, worker.job = worker.job, None
                if pending:  # the worker gets its next unit first: ``done`` then runs while it works
                    job = pending.pop()
                    worker.give(job, config_files[job], seconds)
                if done is not None:
                    done(finished)
            busy = [w for w in pool if w.job is not None]
    finally:
        for worker in pool:
            _kill_group(worker.proc)


def fingerprint(root: Path, settings: Mapping) -> str:
    """What every unit's output depends on besides its own pages and configuration: the engine's
    code, the versions of MkDocs, Material, Markdown and Jinja, the project's mkdocs.yml, the theme
    folder (``theme.custom_dir``) and the hooks of mkdocs.yml; never through a link."""
    parts = [f"{name} {metadata.version(name)}" for name in PACKAGES]
    named = [("code", path) for path in CODE] + [("mkdocs.yml", root / "mkdocs.yml")]
    named += [("hook", root / hook) for hook in settings.get("hooks") or []]
    custom = (settings.get("theme") or {}).get("custom_dir") if isinstance(settings.get("theme"), Mapping) else None
    if custom:
        folder = root / custom
        named += [(f"theme/{e.rel}", folder / e.rel) for e in files.walk(folder, 100_000) if e.kind == "file"]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8"))
    for name, path in named:
        data = files.read_bytes(path, 1 << 30) if files.kind(path) == "file" else b""
        digest.update(f"\n{name} {len(data)}\n".encode("utf-8") + data)
    return digest.hexdigest()


def write_config(config_file: Path, settings: dict) -> None:
    config_file.write_text(yaml.dump(settings, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
