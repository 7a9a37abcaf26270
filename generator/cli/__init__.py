"""The command line: a thin layer over ``validate_project``, ``build_site`` and the authoring commands.

Each command imports what it runs when it runs (validation loads frictionless, the build MkDocs,
the templates openpyxl): ``--help`` answers at once, and a command's first progress line shows
before the libraries it waits for have loaded. Progress goes to stderr only at a terminal, never
with ``--quiet``: in CI and in pipes the output is the result lines alone."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from generator import __version__
from generator.cli.translated import (
    Translated,
    TranslatedGroup,
    default_lang,
    document_types,
)
from generator.config.errors import SettingsError
from generator.config.limits import Limits
from generator.i18n import texts
from generator.model.problems import Report
from generator.spec.names import PLAN_ID

LANG = click.option("--lang", type=click.Choice(["sv", "en"]), default=None)  # help: cli.<command>.lang
QUIET = click.option("--quiet", "-q", is_flag=True)  # help: cli.<command>.quiet


def _terminal() -> bool:
    return sys.stderr.isatty()


def _steps(command: str, lang: str, quiet: bool, **params: object):
    """A command's progress at a terminal: each step as it begins, one line on stderr in ``lang``
    (``cli.<command>.step.<step>`` with ``params``); ``None`` with ``--quiet`` or off a terminal."""
    if quiet or not _terminal():
        return None
    return lambda step: click.echo(texts.t(f"cli.{command}.step.{step}", lang, **params), err=True)


def _limits(lang: str) -> Limits:
    """The limits from the environment, or one line naming the variable that is wrong."""
    try:
        return Limits.from_environment()
    except SettingsError as exc:
        raise click.ClickException(texts.t(f"build.{exc.code}", lang, **exc.params)) from None


def _site_settings(root: Path, lang: str, language: str | None = None):
    """The settings of the site at ``root`` (its mkdocs.yml, as ``build`` reads it; with ``language``,
    as ``build --language`` reads it), None without one; a mkdocs.yml ``build`` would refuse is one
    line naming the setting."""
    from generator.config import settings as config

    if language is None and not (root / config.FILE).exists() and not (root / config.FILE).is_symlink():
        return None
    try:
        return config.read(root, language=language)
    except SettingsError as exc:
        raise click.ClickException(texts.t(f"build.{exc.code}", lang, **exc.params)) from None


def _echo_report(report: Report, lang: str) -> None:
    for problem in report.errors:
        click.echo(texts.t("cli.error-line", lang, line=problem.line(lang)), err=True)
    for problem in report.warnings:
        click.echo(texts.t("cli.warning-line", lang, line=problem.line(lang)), err=True)


def _summary(report: Report, lang: str) -> str:
    return texts.t("cli.summary", lang, errors=_count("errors", len(report.errors), lang),
                   warnings=_count("warnings", len(report.warnings), lang),
                   plans=_count("valid_plans", len(report.plans), lang))


def _count(noun: str, n: int, lang: str) -> str:
    return texts.t(f"cli.count.{noun}", lang, n=n)


@click.group(cls=TranslatedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plansite")
@click.option("--debug", is_flag=True)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """plansite: its help is the catalogue's cli.main.help."""
    ctx.obj = {"debug": debug}


@cli.command("validate", cls=Translated, key="validate")
@click.argument("datapackages", type=click.Path(path_type=Path), default=Path("datapackages"))
@click.option("--content", type=click.Path(path_type=Path), default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True)
@click.option("--language", metavar="CODE")
@LANG
def validate(datapackages: Path, content: Path | None, fmt: str, strict: bool, language: str | None,
             lang: str | None) -> None:
    """Check the packages (help: cli.validate.*)."""
    from generator.validate.project import problems_as_json, validate_project

    lang = lang or default_lang()
    if content is None:
        base = datapackages if not (datapackages / "datapackage.json").exists() else datapackages.parent
        content = base.parent / "content"
    limits = _limits(lang)
    site = _site_settings(content.parent, lang, language)
    report = validate_project(datapackages, content, limits, site=site)
    if fmt == "json":
        click.echo(problems_as_json(report.problems, lang))
    else:
        _echo_report(report, lang)
        click.echo(_summary(report, lang), err=True)
    if not report.ok or (strict and report.warnings):
        sys.exit(1)


@cli.command("build", cls=Translated, key="build")
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True)
@click.option("--strict", is_flag=True)
@click.option("--shard", metavar="K/N")
@click.option("--language", metavar="CODE")
@click.option("--downloads", is_flag=True)
@QUIET
@LANG
@click.pass_context
def build(ctx: click.Context, site_dir: Path, root: Path, strict: bool, shard: str | None, language: str | None,
          downloads: bool, quiet: bool, lang: str | None) -> None:
    """Build the site (help: cli.build.*)."""
    from generator.build.downloads_site import build_downloads
    from generator.build.pipeline import BuildFailed, BuildInterrupted, build_site

    lang = lang or default_lang()
    part = _shard(shard, lang) if shard is not None else None
    if downloads and (part is not None or language is not None):
        raise click.UsageError(texts.t("cli.downloads-alone", lang))
    progress = None if quiet or not _terminal() else _tqdm_progress(lang)
    try:
        result = (build_downloads(root, site_dir, strict=strict, progress=progress) if downloads else
                  build_site(root, site_dir, strict=strict, progress=progress, shard=part, language=language))
    except BuildFailed as exc:
        if exc.report is not None:
            _echo_report(exc.report, lang)
        if exc.detail:
            click.echo(exc.detail, err=True)
        raise click.ClickException(texts.t("cli.not-changed", lang, reason=exc.text(lang)))
    except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM as BuildInterrupted: one line, 128 + signal
        signum = exc.signum if isinstance(exc, BuildInterrupted) else signal.SIGINT
        interrupted = click.ClickException(texts.t("build.interrupted", lang, signal=signal.Signals(signum).name))
        interrupted.exit_code = 128 + signum
        raise interrupted from None
    except click.ClickException:
        raise
    except Exception as exc:  # no traceback for users unless --debug
        if ctx.obj.get("debug"):
            raise
        raise click.ClickException(texts.t("cli.unexpected", lang, error=f"{exc.__class__.__name__}: {exc}"))
    for problem in result.report.warnings:
        click.echo(texts.t("cli.warning-line", lang, line=problem.line(lang)), err=True)
    for notice in result.notices:
        click.echo(texts.t("cli.warning-line", lang, line=texts.t(notice, lang)), err=True)
    if part is not None:
        click.echo(texts.t("cli.built-shard", lang, shard=shard, units=result.unit_count, built=result.engine_runs,
                           cache=result.site_dir), err=True)
        return
    if downloads:
        click.echo(texts.t("cli.built-downloads", lang, plans=_count("plans", result.plans, lang),
                           indicators=_count("indicators", result.indicators, lang), site=result.site_dir), err=True)
        return
    click.echo(texts.t("cli.built", lang, pages=_count("pages", result.pages, lang),
                       plans=_count("plans", result.plans, lang),
                       indicators=_count("indicators", result.indicators, lang), site=result.site_dir), err=True)


def _shard(value: str, lang: str) -> tuple[int, int]:
    """``K/N`` (1 ≤ K ≤ N) as ``(K, N)``; anything else one line naming the option."""
    k, _, n = value.partition("/")
    if k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n):
        return int(k), int(n)
    raise click.BadParameter(texts.t("cli.shard-invalid", lang, value=value), param_hint="--shard")


@cli.command("serve", cls=Translated, key="serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True)
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@LANG
def serve(port: int, root: Path, site_dir: Path, lang: str | None) -> None:
    """Preview the site (help: cli.serve.*)."""
    from generator.build import serve as preview

    lang = lang or default_lang()
    state = preview.Preview(lang=lang)
    try:
        server = preview.start_server(site_dir.resolve(), state, port)
    except OSError as exc:
        raise click.ClickException(texts.t("cli.port-busy", lang, port=port, error=exc.strerror or exc))
    click.echo(texts.t("serve.serving", lang, url=f"http://127.0.0.1:{server.server_address[1]}/"), err=True)
    try:
        preview.watch(root, site_dir, state, lambda line: click.echo(line, err=True))
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(value: str | None, option: str, lang: str, missing: list[str]) -> str:
    """An option's value; asked for when it is missing and someone is at the terminal."""
    if value is not None:
        return value
    if _interactive():
        return click.prompt(texts.t(f"cli.new.prompt.{option}", lang, types=document_types()))
    missing.append("--" + option.replace("_", "-") if option != "plan_id" else "PLAN_ID")
    return ""


@cli.command("new", cls=Translated, key="new")
@click.argument("plan_id", required=False)
@click.option("--municipality-code", default=None)
@click.option("--board", default=None)
@click.option("--title", default=None)
@click.option("--type", "document_type", default=None)
@click.option("--period", default=None)
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True)
@QUIET
@LANG
def new_plan(plan_id, municipality_code, board, title, document_type, period, root: Path, quiet: bool,
             lang: str | None) -> None:
    from generator.authoring import scaffold

    lang = lang or default_lang()
    missing: list[str] = []
    values = [_ask(v, o, lang, missing) for v, o in ((plan_id, "plan_id"), (municipality_code, "municipality_code"),
                                                     (board, "board"), (title, "title"), (document_type, "type"),
                                                     (period, "period"))]
    if missing:
        raise click.UsageError(texts.t("cli.new.missing", lang, options=", ".join(missing)))
    try:
        folders = scaffold.create(scaffold.NewPlan(*values), root, lang=lang, progress=_steps("new", lang, quiet))
    except ValueError as exc:
        for problem in exc.args[0]:
            where = problem.field or problem.file
            click.echo(texts.t("cli.error-line", lang, line=texts.t("cli.option-problem.line", lang, option=where,
                                                                    message=problem.message(lang))), err=True)
        raise click.ClickException(texts.t("cli.new.failed", lang)) from None
    click.echo(texts.t("cli.new.created", lang, plan=values[0], package=folders[0], content=folders[1]), err=True)


@cli.command("export-template", cls=Translated, key="export")
@click.argument("plan_id")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.option("--datapackages", type=click.Path(path_type=Path, file_okay=False), default=Path("datapackages"))
@QUIET
@LANG
def export_template(plan_id: str, output: Path | None, datapackages: Path, quiet: bool, lang: str | None) -> None:
    messages = lang or default_lang()
    folder = datapackages / plan_id
    if not PLAN_ID.match(plan_id) or not (folder / "datapackage.json").is_file():
        raise click.ClickException(texts.t("cli.export.no-plan", messages, plan=plan_id, folder=datapackages))
    output = output or Path(f"{plan_id}.xlsx")
    from generator.authoring.exporting import export_template as export

    report = export(folder, output, lang=lang or "sv", limits=_limits(messages),
                    progress=_steps("export", messages, quiet, file=output))
    if plan_id not in report.validated:
        _echo_report(report, messages)
        raise click.ClickException(texts.t("cli.export.invalid", messages, plan=plan_id, folder=folder))
    click.echo(texts.t("cli.export.written", messages, plan=plan_id, file=output), err=True)


def _import_line(problem, source: Path, lang: str) -> str:
    params = {"source": source.name, "sheet": problem.file, "row": problem.row, "column": problem.field,
              "message": problem.message(lang)}
    kind = "cell" if problem.row and problem.field else "row" if problem.row else "field" if problem.field else "sheet"
    return texts.t(f"cli.import.problem-{kind}", lang, **params)


@cli.command("import", cls=Translated, key="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--plan", "plan_id", default=None)
@click.option("--force", is_flag=True)
@click.option("--dry-run", is_flag=True)
@click.option("--datapackages", type=click.Path(path_type=Path, file_okay=False), default=Path("datapackages"))
@QUIET
@LANG
def import_command(source: Path, plan_id: str | None, force: bool, dry_run: bool, datapackages: Path, quiet: bool,
                   lang: str | None) -> None:
    from generator.authoring import importing

    lang = lang or default_lang()
    limits = _limits(lang)
    outcome = importing.import_plan(source, datapackages, plan_id, force=force, dry_run=dry_run, limits=limits,
                                    progress=_steps("import", lang, quiet, source=source))
    for problem in outcome.errors:
        click.echo(texts.t("cli.error-line", lang, line=_import_line(problem, source, lang)), err=True)
    for problem in outcome.warnings:
        click.echo(texts.t("cli.warning-line", lang, line=_import_line(problem, source, lang)), err=True)
    if outcome.errors:
        raise click.ClickException(texts.t("cli.import.failed", lang, errors=_count("errors", len(outcome.errors), lang)))
    click.echo(texts.t("cli.import.changes", lang, plan=outcome.plan_id))
    for change in outcome.changes:
        rows = _count("rows", change.rows, lang)
        if change.new:
            click.echo(texts.t("cli.import.new-table", lang, table=change.table, rows=rows))
        elif change.any:
            click.echo(texts.t("cli.import.table", lang, table=change.table, added=_count("added", change.added, lang),
                               changed=_count("changed", change.changed, lang),
                               removed=_count("removed", change.removed, lang), rows=rows))
        else:
            click.echo(texts.t("cli.import.unchanged", lang, table=change.table))
    folder = datapackages / outcome.plan_id
    if outcome.refused:
        raise click.ClickException(texts.t("cli.import.refused", lang, plan=outcome.plan_id))
    if dry_run:
        click.echo(texts.t("cli.import.dry-run-done", lang))
    elif not outcome.changed:
        click.echo(texts.t("cli.import.nothing", lang, plan=outcome.plan_id))
    elif outcome.written:
        done = "created" if outcome.created else "replaced"
        click.echo(texts.t(f"cli.import.{done}", lang, plan=outcome.plan_id, folder=folder))


@cli.group("kolada", cls=TranslatedGroup, key="kolada")
def kolada() -> None:
    """Kolada (help: cli.kolada.*)."""


@kolada.command("update", cls=Translated, key="kolada-update")
@click.argument("plan_ids", nargs=-1)
@click.option("--api-url", default=None)
@click.option("--datapackages", type=click.Path(path_type=Path, file_okay=False), default=Path("datapackages"))
@click.option("--dry-run", is_flag=True)
@LANG
def kolada_update(plan_ids: tuple[str, ...], api_url: str | None, datapackages: Path, dry_run: bool,
                  lang: str | None) -> None:
    """Fetch Kolada values (help: cli.kolada-update.*)."""
    from datetime import date

    from generator.authoring import kolada_update as updating
    from generator.ingest.kolada import KoladaClient, KoladaError

    lang = lang or default_lang()
    limits = _limits(lang)
    plans, problems = updating.plans_to_update(datapackages, list(plan_ids), limits)
    for problem in problems:
        click.echo(texts.t("cli.error-line", lang, line=problem.line(lang)), err=True)
    if problems:
        raise click.ClickException(texts.t("cli.kolada-update.invalid", lang))
    try:
        client = KoladaClient(api_url)
        fetched = {plan.plan_id: updating.fetch(plan, client) for plan in plans}  # all, before any write
    except KoladaError as exc:
        raise click.ClickException(texts.t("cli.kolada-update.failed", lang, reason=exc.text(lang))) from None
    today, failed = date.today(), False
    for plan in plans:
        result = updating.update_plan(datapackages / plan.plan_id, plan, fetched[plan.plan_id], today, limits, dry_run)
        for problem in result.problems:
            click.echo(texts.t("cli.error-line", lang, line=problem.line(lang)), err=True)
        failed = failed or bool(result.problems)
        counts = {v: sum(1 for c in result.comparisons if c.verdict == v) for v in ("new", "agrees", "rounds", "differs")}
        click.echo(texts.t("cli.kolada-update.plan", lang, plan=plan.plan_id, values=result.rows, **counts))
        for c in result.comparisons:
            if c.verdict == "differs":
                click.echo(texts.t("cli.kolada-update.differs", lang, indicator=c.indicator_id, period=c.period,
                                   gender=c.gender.value, printed=c.printed or c.plan, kolada=format(c.kolada, "f")))
        state = "written" if result.written else "would-write" if dry_run and result.changed else \
            "unchanged" if not result.changed else "not-written"
        click.echo(texts.t(f"cli.kolada-update.{state}", lang, plan=plan.plan_id), err=True)
    if failed:
        raise click.ClickException(texts.t("cli.kolada-update.invalid", lang))


def _tqdm_progress(lang: str):
    """The build's progress bars (``step`` named by ``cli.progress-<step>`` in ``lang``)."""
    def bar(step: str, total: int):
        from tqdm import tqdm

        return tqdm(total=total, desc=texts.t(f"cli.progress-{step}", lang), unit="st", leave=False).update
    return bar


def main() -> None:  # pragma: no cover
    cli(prog_name="plansite")
