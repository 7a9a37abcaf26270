"""The open-data files beside the CSVs: each plan's zip, the database, the workbook, the
catalogue and the index of every data file (one module each; this one puts them together).

Strings and bytes in, bytes out; nothing here touches the disk. The build writes ``files``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Callable, Mapping

from generator.config.settings import Settings
from generator.i18n.texts import t
from generator.model.plan import Plan
from generator.outputs import (
    archive,
    catalog,
    database,
    downloads,
    manifest,
    tables,
    workbook,
)
from generator.spec import urls

#: Catalogue keys of the build's warnings about the catalogue.
NO_SITE_URL = "build.catalog-no-site-url"
CONTACT_NOT_EMAIL = "build.catalog-contact-not-email"


@dataclass(frozen=True)
class OpenData:
    files: dict[str, bytes]  # path in the site → bytes
    notices: tuple[str, ...]  # catalogue keys (``build.…``) the build shows as warnings


def _downloads(plan_id: str, package: dict[str, str], lang: str) -> list[catalog.Download]:
    """What a plan's dataset is distributed as: its zip, each CSV of its package, the database."""
    out = [catalog.Download(urls.package_zip(plan_id), t("opendata.catalog.zip", lang), "zip")]
    for resource in json.loads(package["datapackage.json"]).get("resources", []):
        path = resource.get("path")
        if isinstance(path, str) and path.endswith(".csv") and path in package:
            title = t("opendata.catalog.csv", lang, title=resource.get("title") or resource.get("name") or path)
            out.append(catalog.Download(urls.package_file(plan_id, path), title, "csv-" + path[:-4]))
    out.append(catalog.Download(urls.DATABASE, t("opendata.catalog.sqlite", lang, plan_id=plan_id), "sqlite"))
    return out


def database_and_workbook(site_csvs: Mapping[str, str], lang: str, newest: str | None) -> tuple[bytes, workbook.Written]:
    """The site's database and workbook, from its CSVs (``site_data_inputs``: table name → CSV;
    ``tables.tables_of_csv``); ``newest``: the newest plan's date (``manifest.newest_date``), the
    workbook's. The work of the open data that grows with the site (a workbook is written cell by
    cell), so the build makes them in a process of their own (``parallel.Later``) from the CSVs it has
    made anyway: text pickles fast, and the build's own process does none of it."""
    date = datetime.date.fromisoformat(newest) if newest else None
    site_tables = tables.tables_of_csv(site_csvs)
    return database.database_bytes(site_tables), workbook.write(site_tables, lang=lang, date=date)


def site_data_inputs(plans: list[Plan], lang: str, site_csvs: Mapping[str, str] | None = None
                     ) -> tuple[dict[str, str], str, str | None]:
    """What ``database_and_workbook`` makes the site's database and workbook of, for ``plans``:
    ``site_csvs`` (the site's downloads, path → text, ``downloads.site_downloads``) if made."""
    site_csvs = downloads.site_downloads(plans) if site_csvs is None else site_csvs
    return ({name: site_csvs[urls.site_csv(name)] for name in downloads.SITE_TABLES}, lang,
            manifest.newest_date(plans))


def site_paths(settings: Settings) -> list[str]:
    """The paths of the files ``site_files`` makes, known before they are made."""
    catalogue = [urls.CATALOG_RDF, urls.CATALOG_JSONLD] if settings.site_url else []
    return [urls.DATABASE, urls.WORKBOOK, *catalogue, urls.DATA_INDEX]


def plan_files(packages: dict[str, dict[str, str]], others: dict[str, bytes] | None = None,
               zips: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """The open data that is each plan's or made elsewhere: each plan's zip (``zips``: plan id → its
    zip where already made, ``build.plan_data``) and ``others`` (the PNGs)."""
    zips = zips or {}
    files = {urls.package_zip(pid): zips[pid] if pid in zips else archive.package_zip(package)
             for pid, package in sorted(packages.items())}
    files.update(others or {})
    return files


def distributions(packages: dict[str, dict[str, str]], lang: str) -> dict[str, list[catalog.Download]]:
    """What each plan's dataset is distributed as (``packages``: plan id → its published package),
    for the catalogue of ``site_files``."""
    return {pid: _downloads(pid, package, lang) for pid, package in packages.items()}


def site_files(plans: list[Plan], data: Mapping[str, tuple[int, str]],
               distributed: Mapping[str, list[catalog.Download]], settings: Settings,
               made: Callable[[], tuple[bytes, workbook.Written]] | None = None) -> OpenData:
    """The open data of the whole site: its database and workbook (``made`` gives
    ``database_and_workbook`` of these plans where the build started it earlier), the catalogue
    (``distributed``: ``distributions``) and the index of every data file. ``data``: every other file
    of ``data/`` → its size and SHA-256 (``manifest.digests``)."""
    lang = settings.language
    files: dict[str, bytes] = {}
    files[urls.DATABASE], book = made() if made is not None else database_and_workbook(*site_data_inputs(plans, lang))
    files[urls.WORKBOOK] = book.data
    digests = dict(data)
    digests.update(manifest.digests(files))
    notices = list(book.notices)
    if settings.site_url:
        graph = catalog.catalog_graph(
            plans, dict(distributed), {path: size for path, (size, _) in digests.items()}, site_url=settings.site_url,
            site_name=settings.site_name, contact=settings.contact, lang=lang, pages_url=settings.pages_site)
        catalogue = catalog.catalog_files(graph)
        files.update(catalogue)
        digests.update(manifest.digests(catalogue))
        if catalog.contact_kind(settings.contact) != "email":
            notices.append(CONTACT_NOT_EMAIL)
    else:
        notices.append(NO_SITE_URL)
    files[urls.DATA_INDEX] = manifest.index_of(digests, plans, settings.site_url).encode("utf-8")
    return OpenData(files, tuple(notices))


def render_open_data(plans: list[Plan], published: dict[str, str], packages: dict[str, dict[str, str]],
                     settings: Settings, others: dict[str, bytes] | None = None,
                     zips: Mapping[str, bytes] | None = None,
                     made: Callable[[], tuple[bytes, workbook.Written]] | None = None) -> OpenData:
    """All the open data beside the CSVs (``plan_files`` and ``site_files``). ``published``: every
    text file the build writes (path in the site → text), ``packages``: each plan's published
    package (plan id → file name → text). The build makes the two parts apart, so that it need not
    wait for the database and workbook until the end."""
    files = plan_files(packages, others, zips)
    data = {path: text.encode("utf-8") for path, text in published.items() if path.startswith("data/")}
    data.update(files)
    rest = site_files(plans, manifest.digests(data), distributions(packages, settings.language), settings, made)
    return OpenData({**files, **rest.files}, rest.notices)
