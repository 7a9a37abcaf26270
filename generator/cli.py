"""The command line: a thin layer over ``validate_project`` and ``build_site``."""

from __future__ import annotations

import locale
import os
import signal
import sys
from pathlib import Path

import click

from generator import __version__
from generator.build.pipeline import BuildFailed, BuildInterrupted, build_site
from generator.config.errors import SettingsError
from generator.config.limits import Limits
from generator.i18n import texts
from generator.validate.project import Report, problems_as_json, validate_project


def _default_lang() -> str:
    value = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not value:
        value = (locale.getlocale()[0] or "")
    return "en" if value.lower().startswith("en") else "sv"


LANG = click.option("--lang", type=click.Choice(["sv", "en"]), default=None,
                    help="Språk för felmeddelanden (standard: från LANG, annars svenska).")


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plansite")
@click.option("--debug", is_flag=True, help="Visa hela felspårningen (traceback) vid oväntade fel.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """plansite – publicera kommunala nämndplaner som öppna data och en tillgänglig webbplats.

    Varje plan är ett datapaket i datapackages/<plan-id>/ (datapackage.json och CSV-filer) med
    text i content/<plan-id>/. validate kontrollerar dem; build bygger webbplatsen.
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("datapackages", type=click.Path(path_type=Path), default=Path("datapackages"))
@click.option("--content", type=click.Path(path_type=Path), default=None,
              help="Mappen med planernas text (standard: content/ bredvid datapackages/).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="text: en rad per problem; json: en lista för CI och andra program.")
@click.option("--strict", is_flag=True, help="Räkna varningar som fel.")
@LANG
def validate(datapackages: Path, content: Path | None, fmt: str, strict: bool, lang: str | None) -> None:
    """Kontrollera datapaketen och skriv ut alla fel och varningar.

    Avslutar med kod 0 om allt är giltigt, 1 om något fel finns (eller varningar med --strict).

    \b
    Exempel:
        plansite validate
        plansite validate datapackages/varnamo-medborgarnamnden-2024-2026
        plansite validate --format json --lang en
    """
    lang = lang or _default_lang()
    if content is None:
        base = datapackages if not (datapackages / "datapackage.json").exists() else datapackages.parent
        content = base.parent / "content"
    try:
        limits = Limits.from_environment()
    except SettingsError as exc:
        raise click.ClickException(texts.t(f"build.{exc.code}", lang, **exc.params)) from None
    report = validate_project(datapackages, content, limits)
    if fmt == "json":
        click.echo(problems_as_json(report.problems, lang))
    else:
        _echo_report(report, lang)
        click.echo(_summary(report, lang), err=True)
    if not report.ok or (strict and report.warnings):
        sys.exit(1)


@cli.command()
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Mappen där webbplatsen skrivs. Den byts ut först när bygget lyckats.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True,
              help="Projektmappen med datapackages/, content/ och mkdocs.yml.")
@click.option("--strict", is_flag=True, help="Avbryt också vid varningar.")
@click.option("--quiet", "-q", is_flag=True, help="Visa inga förloppsindikatorer.")
@LANG
@click.pass_context
def build(ctx: click.Context, site_dir: Path, root: Path, strict: bool, quiet: bool, lang: str | None) -> None:
    """Validera alla planer och bygg webbplatsen med diagram och nedladdningar.

    Ett misslyckat bygge lämnar den förra webbplatsen orörd och avslutar med kod 1; ett bygge som
    avbryts (Ctrl-C, SIGTERM) avslutar med 128 + signalens nummer. Bara ett bygge åt gången.

    \b
    Exempel:
        plansite build
        plansite build --site-dir /tmp/site
    """
    lang = lang or _default_lang()
    progress = None if quiet or not sys.stderr.isatty() else _tqdm_progress
    try:
        result = build_site(root, site_dir, strict=strict, progress=progress)
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
    click.echo(texts.t("cli.built", lang, pages=_count("pages", result.pages, lang),
                       plans=_count("plans", result.plans, lang),
                       indicators=_count("indicators", result.indicators, lang), site=result.site_dir), err=True)


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Porten på 127.0.0.1 (0 väljer en ledig).")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True,
              help="Projektmappen med datapackages/, content/ och mkdocs.yml.")
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Mappen där webbplatsen byggs.")
@LANG
def serve(port: int, root: Path, site_dir: Path, lang: str | None) -> None:
    """Bygg, visa webbplatsen på http://127.0.0.1:PORT/ och bygg om när planerna ändras.

    Fel visas i webbläsaren i stället för sidorna tills de är rättade. Bara den egna datorn når
    förhandsvisningen. Avsluta med Ctrl-C.
    """
    from generator.build import serve as preview

    lang = lang or _default_lang()
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


def _tqdm_progress(label: str, total: int):
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit="st", leave=False)
    return bar.update


def main() -> None:  # pragma: no cover
    cli(prog_name="plansite")
