"""The site's settings, read and checked once per run: one frozen ``Settings``.

They live in the project's ``mkdocs.yml`` (the file the site engine reads as well): ``site_name``,
``site_url`` (the public address, for absolute links and the data catalogue; may be left out; the
environment variable ``PLANSITE_SITE_URL`` overrides it),
``theme.language``, ``extra.contact`` (who readers contact about errors and accessibility),
``extra.languages`` (the languages the site is built in: the first at the site's root, each other
under ``/<code>/``; default: ``theme.language`` or Swedish first, then the other languages of the
text catalogue) and ``extra.translations`` (the settings that are text – ``site_name``,
``site_description``, ``copyright``, ``contact`` – per language, where they differ from the file's
own), ``extra.language_sites`` (a language published as a site of its own: its code and the
site's address; ``read(language=…)`` builds one language as its own site, its language switch
leading to the others' sites, so a large site in two languages is two sites, each within GitHub
Pages' 1 GB; the downloads are published once, on the first language's site: ``data_site``),
``extra.data_site`` (the address of a site that publishes the downloads alone, built with
``read(downloads=True)``: every site of pages then links its downloads there), and
the limits from the environment (``limits.py``).
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
from generator.i18n.texts import LANGUAGES, t

__all__ = ["LANGUAGES", "Limits", "Settings", "SettingsError", "read"]

FILE = "mkdocs.yml"
MAX_BYTES = 256 * 1024
#: The settings that are text a reader sees, so each language may have its own (extra.translations).
TRANSLATABLE = ("site_name", "site_description", "copyright", "contact")


@dataclass(frozen=True, slots=True)
class Settings:
    site_name: str
    site_url: str  # "" or an absolute http(s) address ending in "/"
    language: str  # the language at the site's root: the first of ``languages``
    contact: str
    limits: Limits = Limits()
    engine: Mapping = field(default_factory=dict, compare=False)  # the whole file, for the site engine
    languages: tuple[str, ...] = ("sv",)
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)
    #: The site's languages published elsewhere, each with its site's address (``extra.language_sites``).
    language_sites: tuple[tuple[str, str], ...] = ()
    #: The project's first language, whose hand-written pages are ``content/site/`` itself (the
    #: others' in ``content/site/<code>/``); "": the site's first language.
    pages_language: str = ""
    #: The address of the downloads' own site (``extra.data_site``): "" when a site of pages publishes them.
    downloads_site: str = ""
    #: In the build of the downloads' own site (``read(downloads=True)``), where each language's pages
    #: are: its code and the address of their root (its site in ``extra.language_sites``, else
    #: ``site_url`` and the language's folder), the first language first; a later language whose
    #: address is not known is left out. () in every other build: the pages are this site's own.
    pages_sites: tuple[tuple[str, str], ...] = ()

    @property
    def content_language(self) -> str:
        """The language of ``content/site/``'s own pages, whichever language this site builds."""
        return self.pages_language or self.languages[0]

    @property
    def pages_site(self) -> str:
        """In the build of the downloads' own site, the address of the pages in the first language:
        the catalogue's landing pages. "" in every other build."""
        return self.pages_sites[0][1] if self.pages_sites else ""

    @property
    def data_site(self) -> str:
        """The address of the site that publishes the downloads (``data/``: CSV, JSON, packages, zips,
        database, workbook, catalogue) when this one does not, else "". The data is published once,
        with the project's first language: a later language built as a site of its own
        (``read(language=…)``) links to the first language's site (``extra.language_sites``) rather
        than publish a second copy. Without that site's address it publishes its own. With a site
        of their own (``extra.data_site``), no site of pages publishes them: each links there."""
        if self.downloads_site:
            return self.downloads_site
        if self.content_language == self.languages[0]:
            return ""
        return dict(self.language_sites).get(self.content_language, "")

    def chart_downloads(self, lang: str) -> str:
        """Where the charts' PNG and Vega-Lite spec in ``lang`` are published when not beside its pages:
        on the downloads' own site (``extra.data_site``), in the folder the language has in a site of
        all the languages (the first at the root, ``en/``). "" without that site: beside the pages."""
        if not self.downloads_site:
            return ""
        return self.downloads_site + _folder(lang, self.content_language)

    def texts(self, lang: str) -> dict[str, str]:
        """The settings of ``TRANSLATABLE`` in ``lang``: ``extra.translations.<lang>`` where it gives
        one, else the file's own value (written in the root language). Only settings with a value."""
        extra = self.engine.get("extra") if isinstance(self.engine.get("extra"), Mapping) else {}
        own = {"site_name": self.site_name, "site_description": self.engine.get("site_description"),
               "copyright": self.engine.get("copyright"), "contact": extra.get("contact")}
        merged = {**own, **self.translations.get(lang, {})}
        return {key: str(value).strip() for key, value in merged.items() if value}

    def contact_in(self, lang: str) -> str:
        """Whom readers contact, in ``lang`` (``{{ kontakt }}`` on a hand-written page): the setting,
        else the catalogue's words for where to write."""
        return self.texts(lang).get("contact") or t("build.contact-missing", lang)


def read(root: Path, environ: Mapping[str, str] | None = None, language: str | None = None,
         downloads: bool = False) -> Settings:
    """The settings of the project at ``root`` (``mkdocs.yml``), with the limits from ``environ``
    (default: the process environment). With ``language``, the settings of the site that publishes
    that language alone (at its root, at its address in ``extra.language_sites``, unless
    ``PLANSITE_SITE_URL`` gives one), the site's other languages published at theirs. With
    ``downloads``, those of the site that publishes the downloads alone (at its address in
    ``extra.data_site``, unless ``PLANSITE_SITE_URL`` gives one)."""
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
    site_url = own_url = _text(data, "site_url", path)
    override = (os.environ if environ is None else environ).get("PLANSITE_SITE_URL", "").strip()
    source = path
    if override:  # the deploying workflow knows the address (GitHub Pages); it wins over mkdocs.yml
        site_url, source = override, "PLANSITE_SITE_URL"
    if site_url and not _is_address(site_url):
        raise SettingsError("settings-site-url", path=source, value=site_url)
    for key in ("site_name", "site_description", "copyright"):
        _text(data, key, path)
    languages = _languages(theme, extra, path)
    sites = _language_sites(extra, languages, path)
    data_site = _address(extra, "data_site", path)
    pages_sites: tuple[tuple[str, str], ...] = ()
    if downloads:
        if not data_site:
            raise SettingsError("settings-data-site-missing", path=path)
        if not (sites.get(languages[0]) or own_url):  # the catalogue's landing pages would be on the
            # downloads' site, which has none
            raise SettingsError("settings-pages-site-missing", path=path, value=languages[0])
        pages_sites = tuple((lang, sites.get(lang) or own_url + _folder(lang, languages[0]))
                            for lang in languages if sites.get(lang) or own_url)
        site_url = site_url if override else data_site
        sites, first = {}, languages[0]
    elif language is not None:
        if language not in sites:
            raise SettingsError("settings-language-site-missing", path=path, value=language,
                                allowed=", ".join(sites) or "-")
        site_url = site_url if override else sites[language]
        first, languages = languages[0], (language,)
    else:
        first = languages[0]
    return Settings(
        site_name=_text(data, "site_name", path),
        site_url=site_url,
        language=languages[0],
        contact=_text(extra, "contact", path),
        limits=limits,
        engine=MappingProxyType(data),
        languages=languages,
        translations=MappingProxyType(_translations(extra, path)),
        language_sites=tuple((lang, url) for lang, url in sites.items() if lang not in languages),
        pages_language=first,
        downloads_site=data_site,
        pages_sites=pages_sites,
    )


def _folder(lang: str, first: str) -> str:
    """The folder of ``lang`` in a site of all the project's languages (``urls.language_folder``,
    which this layer lies below): the ``first`` at the root, the others in ``<code>/``."""
    return "" if lang == first else f"{lang}/"


def _language_sites(extra: dict, languages: tuple[str, ...], path: Path) -> dict[str, str]:
    """``extra.language_sites``: for some of the site's ``languages``, the full address of the site
    that publishes it alone (``plansite build --language``)."""
    table = extra.get("language_sites")
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise SettingsError("settings-type", path=path, setting="extra.language_sites", value=repr(table)[:60])
    for lang, url in table.items():
        if lang not in languages:
            raise SettingsError("settings-language-site", path=path, value=str(lang)[:60], allowed=", ".join(languages))
        if not _is_address(url):
            raise SettingsError("settings-site-url", path=f"{path} (extra.language_sites.{lang})", value=str(url)[:80])
    return dict(table)


def _address(extra: dict, key: str, path: Path) -> str:
    """``extra.<key>``, the full address of a site (``https://…/``), or ""."""
    url = extra.get(key)
    if url is None:
        return ""
    if not _is_address(url):
        raise SettingsError("settings-site-url", path=f"{path} (extra.{key})", value=str(url)[:80])
    return url


def _is_address(url: object) -> bool:
    """Whether ``url`` is a site's full address: http(s), a host, ending in "/"."""
    parts = urlsplit(url) if isinstance(url, str) else None
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc) and url.endswith("/")


def _languages(theme: dict, extra: dict, path: Path) -> tuple[str, ...]:
    """``extra.languages`` checked (known, each once, ``theme.language`` first if both are given),
    or the default: ``theme.language`` (or Swedish) first, then the catalogue's other languages."""
    language = _text(theme, "language", path, "theme.language")
    if language and language not in LANGUAGES:
        raise SettingsError("settings-language", path=path, value=language, allowed=", ".join(LANGUAGES))
    listed = extra.get("languages")
    if listed is None:
        first = language or LANGUAGES[0]
        return (first, *(lang for lang in LANGUAGES if lang != first))
    if not isinstance(listed, list) or not listed:
        raise SettingsError("settings-languages", path=path, value=repr(listed)[:60], allowed=", ".join(LANGUAGES))
    for lang in listed:
        if lang not in LANGUAGES or listed.count(lang) > 1:
            raise SettingsError("settings-languages", path=path, value=repr(lang)[:60], allowed=", ".join(LANGUAGES))
    if language and language != listed[0]:
        raise SettingsError("settings-root-language", path=path, value=language, first=listed[0])
    return tuple(listed)


def _translations(extra: dict, path: Path) -> dict[str, Mapping[str, str]]:
    """``extra.translations``: for a language of the catalogue, some of ``TRANSLATABLE`` as text."""
    table = extra.get("translations")
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise SettingsError("settings-type", path=path, setting="extra.translations", value=repr(table)[:60])
    out = {}
    for lang, values in table.items():
        if lang not in LANGUAGES:
            raise SettingsError("settings-translation-language", path=path, value=str(lang)[:60],
                                allowed=", ".join(LANGUAGES))
        if not isinstance(values, dict):
            raise SettingsError("settings-type", path=path, setting=f"extra.translations.{lang}", value=repr(values)[:60])
        for key in values:
            if key not in TRANSLATABLE:
                raise SettingsError("settings-translation", path=path, setting=f"extra.translations.{lang}.{key}",
                                    allowed=", ".join(TRANSLATABLE))
        out[lang] = MappingProxyType({key: _text(values, key, path, f"extra.translations.{lang}.{key}")
                                      for key in values})
    return out


def _text(section: dict, key: str, path: Path, setting: str = "") -> str:
    value = section.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SettingsError("settings-type", path=path, setting=setting or key, value=repr(value)[:60])
    return value.strip()
