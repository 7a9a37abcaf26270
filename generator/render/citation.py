""""Citera" on an indicator page: a suggested citation and a snippet that embeds the indicator's chart.

The citation carries no build date: a date written at build time would make two builds of the same
data differ. It names the plan's adoption date where the plan gives one and leaves the day the
reader fetched the values as "[datum]" for the reader to fill in.
"""

from __future__ import annotations

import html

from generator.analysis.format import year_span
from generator.i18n.texts import t
from generator.ingest.escape import e
from generator.model.plan import Indicator, Plan
from generator.render.html import data_text, page_link, unsearched_heading
from generator.spec import urls


def permalink(docs_path: str, site_url: str) -> str:
    """The address of a page or file: absolute with the site's address, else relative to the site."""
    return site_url + urls.site_url(docs_path) if site_url else urls.site_url(docs_path)


def citation_text(plan: Plan, ind: Indicator, *, site_url: str, lang: str, folder: str = "") -> str:
    """The suggested citation as plain text (escaped where it is placed), with the address of the
    page in ``lang`` (in its ``folder`` of the site, ``urls.language_folder``)."""
    m = plan.meta
    periods = [o.period for o in (*ind.observations, *ind.reported)]
    years = year_span(min(periods), max(periods)) if periods else ""
    document = t("indicator.cite.document_adopted", lang, title=m.title, date=m.adopted_date) if m.adopted_date else m.title
    measure = t("indicator.cite.name_years", lang, name=ind.name, years=years) if years else ind.name
    return t("indicator.cite.text", lang, municipality=m.municipality, board=m.board, document=document, measure=measure,
             url=permalink(folder + urls.indicator_page(plan.plan_id, ind.indicator_id), site_url))


def citation_block(plan: Plan, ind: Indicator, has_chart: bool, *, site_url: str, lang: str, folder: str = "",
                   charts_at: str = "") -> str:
    """The "Citera" section: the citation, why it has no date, and the chart's embed snippet and files,
    the SVG, a PNG of it and the Vega-Lite spec, drawn in the page's language and published beside
    its pages (``en/data/…`` for the English pages; the data files themselves are published once),
    the PNG and the spec at ``charts_at`` instead when the downloads have a site of their own
    (``Settings.chart_downloads``: that site's folder for the language).
    It is left out of the search index (``data-search-exclude``): the same words on every
    indicator page found nothing a reader looks for and were three quarters of the indicator pages'
    text in a plan's index. Material leaves out the whole section by its heading; each block is
    marked as well, for a search that reads the mark on blocks only (as Zensical's may)."""
    page = urls.indicator_page(plan.plan_id, ind.indicator_id)
    out = [unsearched_heading(t("indicator.cite.heading", lang)),
           f'<p class="plansite-citation" data-search-exclude>{e(citation_text(plan, ind, site_url=site_url, lang=lang, folder=folder))}</p>\n',
           f"<p data-search-exclude>{t('indicator.cite.date_note', lang)}</p>\n\n"]
    if has_chart:
        svg = urls.indicator_svg(plan.plan_id, ind.indicator_id)
        alt = t("indicator.cite.alt", lang, name=ind.name, municipality=plan.meta.municipality, board=plan.meta.board)
        snippet = f'<img src="{html.escape(permalink(folder + svg, site_url))}" alt="{html.escape(alt)}">'
        hidden = f' <span class="sr-only">({data_text(ind.name, lang)})</span>'  # the name marked as the document's language
        link = page_link(page, svg, t("indicator.cite.svg", lang) + hidden)
        png = page_link(page, urls.shared(urls.indicator_png(plan.plan_id, ind.indicator_id), charts_at),
                        t("indicator.cite.png", lang) + hidden)
        spec = page_link(page, urls.shared(urls.indicator_vegalite(plan.plan_id, ind.indicator_id), charts_at),
                         t("indicator.cite.vegalite", lang) + hidden)
        out.append(f"<p data-search-exclude>{t('indicator.cite.embed', lang)}</p>\n"
                   f'<pre class="plansite-embed" data-search-exclude><code>{e(snippet)}</code></pre>\n'
                   + ("" if site_url else f"<p data-search-exclude>{t('indicator.cite.no_site_url', lang)}</p>\n")
                   + f'<ul class="plansite-downloads" data-search-exclude><li>{link}</li><li>{png}</li><li>{spec}</li></ul>\n\n')
    return "".join(out)
