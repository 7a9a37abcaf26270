"""The data page: every download, where it lives, what each column holds, and two examples.

Below the hand-written introduction (``content/site/data.md``) the page lists the files for every
plan, each plan's package and zip, the address scheme, the columns of every site-wide table (in the
catalogue's words, ``opendata.column.<table>.<column>``, in the files' order), the fields of
index.json, a pandas and a spreadsheet example, and the data catalogue when the site's address is
known (without it the build writes no catalogue). Pure: plans and texts in, page source out.
"""

from __future__ import annotations

from generator.i18n.order import alphabetical
from generator.i18n.texts import catalogue, t
from generator.ingest.escape import e
from generator.model.plan import Plan
from generator.render.html import (
    data_table,
    data_text,
    filled,
    front_matter,
    page_link,
    plan_label_html,
    without_front_matter,
)
from generator.spec import urls

PAGE = urls.DATA_PAGE  # content/site/data.md, written as its folder's index.md (urls.site_page)
MARKER = "{{ nedladdningar }}"  # where in data.md the generated part goes
#: The site-wide tables in the order the page lists them (their columns come from the catalogue).
SITE_TABLES = urls.SITE_TABLES
INDEX_FIELDS = ("path", "url", "plan_id", "media_type", "bytes", "sha256", "modified")


def table_columns(table: str, lang: str) -> dict[str, str]:
    """A site-wide table's columns, in order, with what each holds."""
    prefix = f"opendata.column.{table}."
    return {key[len(prefix):]: str(text) for key, text in catalogue(lang).items() if key.startswith(prefix)}


def _link(path: str, data: str, text: str | None = None, page: str = PAGE) -> str:
    """A link to a download from the data page (or ``page``), the downloads at ``data`` (``urls.data_root``)."""
    return page_link(page, urls.shared(path, data), e(text or path.rsplit("/", 1)[-1]))


def _code(text: str) -> str:
    return f"<code>{e(text)}</code>"


def files_table(site_url: str, lang: str, data: str, page: str = PAGE) -> str:
    """The table of the site-wide downloads, linked from ``page``; the catalogue's files when the
    downloads' site has an address (``site_url``)."""
    rows = [f"<tr><th scope=\"row\">{_link(urls.site_csv(name), data, page=page)}</th>"
            f"<td>{e(t(f'opendata.table.{name}', lang))}</td></tr>" for name in SITE_TABLES]
    others = [(urls.DATABASE, "database"), (urls.WORKBOOK, "workbook"), (urls.DATA_INDEX, "index")]
    if site_url:
        others += [(urls.CATALOG_RDF, "catalog_rdf"), (urls.CATALOG_JSONLD, "catalog_jsonld")]
    rows += [f"<tr><th scope=\"row\">{_link(path, data, page=page)}</th><td>{e(t(f'site.data.{key}', lang))}</td></tr>"
             for path, key in others]
    return data_table(e(t("site.data.files_caption", lang)), [e(t("site.data.file", lang)),
                                                              e(t("site.data.content", lang))], rows, lang=lang)


def plan_list(plans: list[Plan], lang: str, data: str, page: str = PAGE) -> str:
    """Each plan's package, its main CSVs and its zip, linked from ``page``, by municipality (the
    package names every file it holds)."""
    items = []
    for p in sorted(plans, key=lambda p: (alphabetical(p.meta.municipality), alphabetical(p.meta.board))):
        files = [_link(urls.package_file(p.plan_id, "datapackage.json"), data, page=page)] + [
            _link(urls.package_file(p.plan_id, f"{name}.csv"), data, page=page)
            for name in _PACKAGE_CSVS if _PACKAGE_CSVS[name](p)]
        files.append(_link(urls.package_zip(p.plan_id), data, t("site.data.zip", lang), page=page))
        items.append(f"<li>{plan_label_html(p, lang)}, {data_text(p.meta.title, lang)}: {', '.join(files)}</li>")
    return f"<p>{t('site.data.by_plan_intro', lang)}</p>\n\n<ul>" + "".join(items) + "</ul>\n\n"


def _files(site_url: str, lang: str, data: str) -> str:
    return f"## {t('site.data.files_heading', lang)}\n\n" + files_table(site_url, lang, data)


def _by_plan(plans: list[Plan], lang: str, data: str) -> str:
    return f"## {t('site.data.by_plan', lang)}\n\n" + plan_list(plans, lang, data)


_PACKAGE_CSVS = {"indicators": lambda p: bool(p.indicators), "observations": lambda p: bool(p.observations),
                 "budget_lines": lambda p: bool(p.budget_tables), "budget_values": lambda p: bool(p.budget_tables),
                 "followups": lambda p: bool(p.followups), "followup_values": lambda p: bool(p.followups)}


def _addresses(site_url: str, lang: str, data: str, folder: str, charts_elsewhere: bool) -> str:
    table, resource, indicator = (t(f"site.data.placeholder.{k}", lang) for k in ("table", "resource", "indicator"))
    plan = "<plan-id>"
    patterns = [
        (urls.site_csv(table), "site_csv"),
        (urls.package_file(plan, "datapackage.json"), "package"),
        (urls.package_file(plan, f"{resource}.csv"), "package_csv"),
        (urls.package_zip(plan), "zip"),
        (urls.indicator_csv(plan, indicator), "indicator_csv"),
        (urls.indicator_json(plan, indicator), "indicator_json"),
        (urls.DATABASE, "database"), (urls.WORKBOOK, "workbook"), (urls.DATA_INDEX, "index"),
        (folder + urls.site_url(urls.plan_page(plan)), "plan_page"),  # the pages in this language
        (folder + urls.site_url(urls.indicator_page(plan, indicator)), "indicator_page"),
    ]
    if site_url or urls.elsewhere(data):  # without the address of the data's site there is no catalogue
        patterns.insert(-2, (f"{urls.CATALOG_RDF}, {urls.CATALOG_JSONLD}", "catalog"))
    rows = [f"<tr><td>{_code(pattern)}</td><td>{e(t(f'site.data.url.{key}', lang))}</td></tr>" for pattern, key in patterns]
    base = " " + filled("site.data.urls_base", lang, base=_code(site_url)) if site_url else ""
    if urls.elsewhere(data):  # the downloads on the first language's site, or on their own (with the charts' PNG and spec)
        key = "urls_base_charts_elsewhere" if charts_elsewhere else "urls_base_elsewhere"
        base += " " + filled(f"site.data.{key}", lang, base=_code(data))
    return (f"## {t('site.data.urls_heading', lang)}\n\n<p>{e(t('site.data.urls_intro', lang))}{base}</p>\n\n"
            + data_table(e(t("site.data.urls_caption", lang)), [e(t("site.data.url_pattern", lang)),
                                                                 e(t("site.data.url_what", lang))], rows))


def _columns(lang: str, format_page: bool) -> str:
    out = [f"## {t('site.data.columns_heading', lang)}\n\n<p>{e(t('site.data.columns_intro', lang))}"]
    if format_page:
        link = page_link(PAGE, urls.FORMAT_PAGE, e(t("site.data.format_page", lang)))
        out.append(" " + filled("site.data.columns_format", lang, link=link))
    out.append("</p>\n\n")
    headers = [e(t("site.data.column", lang)), e(t("site.data.description", lang))]
    for table in SITE_TABLES:
        file = f"{table}.csv"
        rows = [f"<tr><th scope=\"row\">{_code(name)}</th><td>{e(text)}</td></tr>"
                for name, text in table_columns(table, lang).items()]
        out.append(f"### {file}\n\n<p>{e(t(f'opendata.table.{table}', lang))}</p>\n\n"
                   + data_table(e(t("site.data.columns_caption", lang, file=file)), headers, rows))
    return "".join(out)


def _index(lang: str) -> str:
    rows = [f"<tr><th scope=\"row\">{_code(name)}</th><td>{e(t(f'site.data.index_field.{name}', lang))}</td></tr>"
            for name in INDEX_FIELDS]
    headers = [e(t("site.data.field", lang)), e(t("site.data.description", lang))]
    return (f"## {t('site.data.index_heading', lang)}\n\n<p>{e(t('site.data.index_intro', lang))}</p>\n\n"
            + data_table(e(t("site.data.index_caption", lang)), headers, rows))


def _examples(site_url: str, lang: str) -> str:
    code = t("site.data.pandas_code", lang, base=(site_url or "https://…/") + "data/")
    return (f"## {t('site.data.pandas_heading', lang)}\n\n<p>{e(t('site.data.pandas_intro', lang))}</p>\n\n"
            f"<pre><code class=\"language-python\">{e(code)}</code></pre>\n\n"
            f"## {t('site.data.spreadsheet_heading', lang)}\n\n<p>{e(t('site.data.spreadsheet', lang))}</p>\n\n")


def _catalog(lang: str, data: str) -> str:
    text = filled("site.data.catalog_intro", lang, rdf=_link(urls.CATALOG_RDF, data),
                 jsonld=_link(urls.CATALOG_JSONLD, data))
    return f"## {t('site.data.catalog_heading', lang)}\n\n<p>{text}</p>\n\n"


def data_page(plans: list[Plan], intro: str, *, lang: str, site_url: str = "", format_page: bool = False,
              data: str = "", folder: str = "", charts_elsewhere: bool = False) -> str:
    """The page ``data/index.md``: the hand-written ``intro`` with every download explained where it has
    the line ``{{ nedladdningar }}`` (else after it). ``format_page``: the site has the page on the
    data format (``dataformat/index.md``) to link to. ``data``: where the downloads are seen from the
    language's pages (``urls.data_root``: the address of the site that publishes them when that is
    another); ``site_url``: the site's own address; ``folder``: the language's folder in the site
    (``urls.language_folder``), where its pages' addresses begin; ``charts_elsewhere``: the charts'
    PNG and spec are on the downloads' own site too (``Settings.chart_downloads``)."""
    address = data if urls.elsewhere(data) else site_url  # of the downloads' site
    generated = [_files(address, lang, data), _by_plan(plans, lang, data), _addresses(site_url, lang, data, folder, charts_elsewhere),
                 _columns(lang, format_page), _index(lang), _examples(address, lang)]
    if address:
        generated.append(_catalog(lang, data))
    before, marker, after = without_front_matter(intro).partition(MARKER)
    out = [front_matter(t("nav.download_data", lang)), before.strip() + "\n\n", *generated]
    if marker and after.strip():
        out.append(after.strip() + "\n")
    return "".join(out).rstrip("\n") + "\n"
