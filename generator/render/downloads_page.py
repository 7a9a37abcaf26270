"""The page of the downloads' own site (``extra.data_site``, ``plansite build --downloads``).

That site holds only data (``data/``, and each later language's charts in ``<code>/data/``); a
reader who opens its address, or shortens a file's address to ``data/``, would find nothing there.
This page, at both, lists the site-wide files and each plan's package, main CSVs and zip (as the
data page does: ``data_page.files_table`` and ``plan_list``), and links to the data page of each
language's pages, which explains every file and column, and to the accessibility statement. It is a page of its own, not the engine's: the
downloads' build runs no engine. Its style is in the page and it loads nothing else. Pure: plans
and texts in, HTML out; every text escaped.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

from generator.i18n.texts import t
from generator.model.plan import Plan
from generator.render.data_page import files_table, plan_list
from generator.render.html import filled
from generator.spec import urls

#: Where the page is written on the downloads' site (docs paths, as ``urls.rel`` reads them).
PAGES = ("index.md", "data/index.md")
#: The page a host such as GitHub Pages shows for any address the site does not hold.
NOT_FOUND = "404.html"
#: The accessibility statement, which every site of pages has (``site_theme/partials/copyright.html``
#: links it from each page), and the data page (``data_page``).
ACCESSIBILITY, DATA = "tillganglighet/", urls.site_url(urls.DATA_PAGE)

_STYLE = """
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; overflow-wrap: break-word; background: #fff; color: #1a1a1a; }
a, a:visited { color: #0b4fa8; }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #0b4fa8; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  body { background: #121212; color: #ececec; }
  a, a:visited { color: #9ecbff; }
  a:focus-visible, [tabindex]:focus-visible { outline-color: #9ecbff; }
}
@media (forced-colors: active) { a:focus-visible, [tabindex]:focus-visible { outline-color: Highlight; } }
.plansite-table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem 0.4rem 0; border-bottom: 1px solid GrayText; }
thead th { border-bottom-width: 2px; }
li { margin: 0.4rem 0; }
footer { margin-top: 2rem; border-top: 1px solid GrayText; }
""".strip()


def _link(address: str, text: str, lang: str = "") -> str:
    language = f' hreflang="{escape(lang)}"' if lang else ""
    return f'<a href="{escape(address)}"{language}>{escape(text)}</a>'


def _document(lang: str, title: str, header: str, main: str, footer: str) -> str:
    """A page of the downloads' site: ``header`` (HTML, or "" for none), ``main`` and ``footer`` (HTML)."""
    top = f"<header><p>{header}</p></header>\n" if header else ""
    return (f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n"
            f"{top}<main>\n<h1>{escape(title)}</h1>\n{main}"
            f"</main>\n<footer><p>{footer}</p></footer>\n</body>\n</html>\n")


def downloads_page(plans: list[Plan], *, page: str, site_url: str, site_name: str,
                   pages: Sequence[tuple[str, str]]) -> str:
    """The page at ``page`` (one of ``PAGES``) of the downloads' site at ``site_url``. ``pages``:
    each language's code and the address of its pages (``Settings.pages_sites``), the first
    language's first: the page is in that language, with a line in each of the others."""
    lang, home = pages[0]
    title = t("site.downloads.title", lang, site=site_name)
    intro = filled("site.downloads.intro", lang, site=escape(site_name),
                   link=_link(home + DATA, t("site.downloads.link", lang)))
    others = "".join(f'<p lang="{escape(other)}">'
                     + filled("site.downloads.other", other, link=_link(address + DATA, t("nav.download_data", other),
                                                                         other)) + "</p>\n"
                     for other, address in pages[1:])
    footer = _link(home + ACCESSIBILITY, t("theme.footer.accessibility", lang))
    return _document(lang, title, _link(home, site_name), (
        f"<p>{intro}</p>\n{others}"
        f"<h2>{escape(t('site.data.files_heading', lang))}</h2>\n{files_table(site_url, lang, '', page)}"
        f"<h2>{escape(t('site.data.by_plan', lang))}</h2>\n{plan_list(plans, lang, '', page)}"), footer)


def not_found_page(*, site_url: str, site_name: str, pages: Sequence[tuple[str, str]]) -> str:
    """The page for an address the downloads' site does not hold (``NOT_FOUND``; a file's address
    mistyped, or shortened to a plan's folder): that nothing is here, a link to this site's page of
    files and one to each language's pages, by the site's name (another site: not "the start page").
    The host shows it at any depth, so every link is a full address."""
    lang, home = pages[0]
    listing = t("site.downloads.title", lang, site=site_name)
    to_pages = ""
    for code, address in pages:  # the page's language first; another's line is marked as that language
        other = code if code != lang else ""
        marked = f' lang="{escape(other)}"' if other else ""
        to_pages += f"<p{marked}>{_link(address, t('site.downloads.pages', code, site=site_name), other)}</p>\n"
    return _document(lang, t("site.downloads.not_found_title", lang), "", (
        f"<p>{escape(t('site.downloads.not_found_text', lang))}</p>\n<p>{_link(site_url, listing)}</p>\n{to_pages}"),
        _link(home + ACCESSIBILITY, t("theme.footer.accessibility", lang)))
