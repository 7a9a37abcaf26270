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
from generator.outputs import archive, catalog, database, manifest, tables, workbook
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


def database_and_workbook(site_tables: list[tables.Table], lang: str, newest: str | None) -> tuple[bytes, workbook.Written]:
    """The site's database and workbook, from its tables (``tables.site_tables``); ``newest``: the
    newest plan's date (``manifest.newest_date``), the workbook's. The work of the open data that
    grows with the site (a workbook is written cell by cell), so the build makes them in a process of
    their own while it draws the pages (``parallel.Later``): the arguments and the result pickle."""
    date = datetime.date.fromisoformat(newest) if newest else None
    return database.database_bytes(site_tables), workbook.write(site_tables, lang=lang, date=date)


def site_data_inputs(plans: list[Plan], lang: str) -> tuple[list[tables.Table], str, str | None]:
    """What ``database_and_workbook`` makes the site's database and workbook of, for ``plans``."""
    return tables.site_tables(plans), lang, manifest.newest_date(plans)


def render_open_data(plans: list[Plan], published: dict[str, str], packages: dict[str, dict[str, str]],
                     settings: Settings, others: dict[str, bytes] | None = None,
                     zips: Mapping[str, bytes] | None = None,
                     made: Callable[[], tuple[bytes, workbook.Written]] | None = None) -> OpenData:
    """``published``: every text file the build writes (path in the site → text), ``packages``:
    each plan's published package (plan id → file name → text); ``others``: more files of
    ``data/`` made elsewhere (the blank template), published and listed in the index as they are;
    ``zips``: plan id → its package's zip where already made (``build.plan_data``); ``made``: gives
    ``database_and_workbook`` of these plans where the build started it earlier."""
    lang = settings.language
    zips = zips or {}
    files = {urls.package_zip(pid): zips[pid] if pid in zips else archive.package_zip(package)
             for pid, package in sorted(packages.items())}
    files.update(others or {})
    files[urls.DATABASE], book = made() if made is not None else database_and_workbook(*site_data_inputs(plans, lang))
    files[urls.WORKBOOK] = book.data
    data = {path: text.encode("utf-8") for path, text in published.items() if path.startswith("data/")}
    data.update(files)
    notices = list(book.notices)
    if settings.site_url:
        graph = catalog.catalog_graph(
            plans, {pid: _downloads(pid, package, lang) for pid, package in packages.items()},
            {path: len(content) for path, content in data.items()}, site_url=settings.site_url,
            site_name=settings.site_name, contact=settings.contact, lang=lang)
        files.update(catalog.catalog_files(graph))
        if catalog.contact_kind(settings.contact) != "email":
            notices.append(CONTACT_NOT_EMAIL)
    else:
        notices.append(NO_SITE_URL)
    data.update(files)
    files[urls.DATA_INDEX] = manifest.index_json(data, plans, settings.site_url).encode("utf-8")
    return OpenData(files, tuple(notices))
