"""A process that imports MkDocs once and builds one unit after another (``engine.run_units``).

Started by path (``python …/mkdocs_worker.py <staging folder>``) in a session of its own, so that the
build can kill it and whatever it started as one process group. It reads one configuration file's
path a line on stdin and answers each with one JSON line on the stdout it was given: ``{"ok": true}``
or ``{"ok": false, "detail": "…"}`` (the warnings and errors MkDocs logged, as ``mkdocs build
--strict`` prints them). Anything else written to stdout goes to stderr, never into the answers.

What does not change between the units of one build is done once per worker (``_reuse_theme``):
the theme's templates are compiled once (Jinja's bytecode, kept in memory and checked against
each template's source), the theme's folders listed once (Material's holds thousands of icons) and
the theme's files to publish found once (``_reuse_theme_files``: MkDocs matched each of the
thousands of names against a dozen patterns for every unit, about 7 % of the engine's time).
Together that was about half of a small unit's time. Each unit's configuration is read with
libyaml (``_read_configs_with_libyaml``): the same loader as MkDocs', with its parser in C; in
Python it was about a tenth of the engine's time, the units' configurations holding each page's
language versions. Setting ``PLANSITE_ENGINE_STOCK=1`` leaves MkDocs as it is, so that a test can
check that these change no byte of the site.

After MkDocs, the worker takes the indentation out of the unit's pages (``compact``) and lists
each page's links for the link check (``links.write_unit_links``), so that this work is spread over
the cores and kept in the unit's cache entry.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the generator the build runs (toc slugs)


class _Lines(logging.Handler):
    """The messages of one build, as ``mkdocs build`` prints them (``WARNING -  …``)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def _reuse_theme() -> None:
    """Give every theme environment MkDocs makes in this process one bytecode cache and the
    listing of its folders made once."""
    import jinja2
    from mkdocs.theme import Theme

    class Memory(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.codes: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            code = self.codes.get(bucket.key)
            if code is not None:
                bucket.bytecode_from_string(code)  # ignored when the template's source changed

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.codes[bucket.key] = bucket.bytecode_to_string()

    memory, listings = Memory(), {}
    make = Theme.get_env

    def get_env(theme: Theme) -> jinja2.Environment:
        env = make(theme)
        env.bytecode_cache = memory
        key = tuple(theme.dirs)

        def list_templates(extensions=None, filter_func=None):
            if key not in listings:
                listings[key] = jinja2.Environment.list_templates(env)
            names = listings[key]
            if extensions is not None:
                names = [n for n in names if "." in n and n.rsplit(".", 1)[1] in extensions]
            return [n for n in names if filter_func(n)] if filter_func is not None else list(names)

        env.list_templates = list_templates
        return env

    Theme.get_env = get_env


def _reuse_theme_files() -> None:
    """Find the theme's files to publish once per theme (its folders and static templates) rather
    than once per unit: ``Files.add_files_from_theme`` run on an empty collection gives every theme
    file in MkDocs' order, each from the first theme folder that has it; each unit then adds those
    its docs folder does not override, as MkDocs does. The theme's folders do not change while a
    build runs."""
    from mkdocs.structure.files import File, Files

    found: dict[tuple, list[tuple[str, str]]] = {}
    add = Files.add_files_from_theme

    def add_files_from_theme(self, env, config) -> None:
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        if key not in found:
            every = Files([])
            add(every, env, config)
            found[key] = [(file.src_uri, file.src_dir) for file in every]
        for path, folder in found[key]:
            if self.get_file_from_path(path) is None:
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    Files.add_files_from_theme = add_files_from_theme


def _read_configs_with_libyaml() -> None:
    """MkDocs' configuration loader (``!ENV``, ``!relative``, Python names) on libyaml's parser,
    where PyYAML has it."""
    import yaml
    from mkdocs.config import defaults
    from mkdocs.utils import yaml as mkdocs_yaml

    fast = getattr(yaml, "CLoader", None)
    if fast is not None:
        defaults.get_yaml_loader = lambda loader=fast, config=None: mkdocs_yaml.get_yaml_loader(loader, config)


def main() -> None:
    if len(sys.argv) > 1:
        os.chdir(sys.argv[1])  # the build's staging folder
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    from mkdocs import utils
    from mkdocs.__main__ import _showwarning
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from generator.build import compact, links

    if os.environ.get("PLANSITE_ENGINE_STOCK") != "1":
        _reuse_theme()
        _reuse_theme_files()
        _read_configs_with_libyaml()
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    lines = _Lines()
    logger.addHandler(lines)
    if not sys.warnoptions:  # as `mkdocs build` does
        warnings.simplefilter("module", DeprecationWarning)
        warnings.showwarning = _showwarning
    for line in sys.stdin:
        lines.lines.clear()
        duplicates = utils.DuplicateFilter()  # one build's repeated warnings, not the worker's
        build.log.addFilter(duplicates)
        try:
            config = load_config(config_file=line.rstrip("\n"), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build.build(config)
            finally:
                config.plugins.on_shutdown()
            compact.compact_site(Path(config["site_dir"]))
            links.write_unit_links(Path(config["site_dir"]))
            answer = {"ok": True}
        except Abort as exc:
            answer = {"ok": False, "detail": "\n".join(lines.lines + [f"Aborted: {exc}"])}
        except Exception as exc:  # a broken configuration or theme: the build reports it, the worker goes on
            answer = {"ok": False, "detail": "\n".join(lines.lines + [f"{type(exc).__name__}: {exc}"])}
        finally:
            build.log.removeFilter(duplicates)
        answers.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
