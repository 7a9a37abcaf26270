"""The commands' help in the language of the environment, read from the text catalogue."""

from __future__ import annotations

import locale
import os

import click

from generator.i18n import texts


def default_lang() -> str:
    value = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not value:
        value = (locale.getlocale()[0] or "")
    return "en" if value.lower().startswith("en") else "sv"


def document_types() -> str:
    """The document types a plan may have, for the help and the prompts of ``plansite new``."""
    from generator.authoring import scaffold

    return ", ".join(scaffold.document_types())


class Translated(click.Command):
    """A command whose help is read from the catalogue (``cli.<key>.help``, an option's from
    ``cli.<key>.<option>``) in the language of the environment: ``LANG=en plansite import --help``."""

    def __init__(self, *args, key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    def _translate(self) -> None:
        lang = default_lang()
        self.help = texts.t(f"cli.{self.key}.help", lang)
        self.short_help = texts.t(f"cli.{self.key}.short", lang)
        for param in self.params:
            key = f"cli.{self.key}.{max(param.opts, key=len).lstrip('-')}"
            if isinstance(param, click.Option) and texts.has(key, lang):
                param.help = texts.t(key, lang, types=document_types())

    def get_help(self, ctx: click.Context) -> str:
        self._translate()
        return super().get_help(ctx)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return translated_help_option(super().get_help_option(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        self._translate()
        return super().get_short_help_str(limit)


def translated_help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = texts.t("cli.help-option", default_lang())
    return option


class TranslatedGroup(click.Group):
    """A command group, its help from the catalogue (``cli.<key>.help``) like its commands'."""

    def __init__(self, *args, key: str = "main", **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    def get_help(self, ctx: click.Context) -> str:
        lang = default_lang()
        self.help = texts.t(f"cli.{self.key}.help", lang)
        for param in self.params:
            if isinstance(param, click.Option) and texts.has(f"cli.{self.key}.{param.name}", lang):
                param.help = texts.t(f"cli.{self.key}.{param.name}", lang)
        return super().get_help(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        return texts.t(f"cli.{self.key}.short", default_lang())

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return translated_help_option(super().get_help_option(ctx))
