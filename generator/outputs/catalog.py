"""The data catalogue (DCAT-AP-SE) as RDF/XML and JSON-LD: ``data/catalog.rdf``, ``data/catalog.jsonld``.

dataportal.se harvests a catalogue in RDF/XML. Each plan is a ``dcat:Dataset`` with title,
description, publisher (the municipality, a ``foaf:Agent`` of the EU publisher type "local
authority"), contact point, temporal coverage (the plan's period), themes from the EU data-theme
vocabulary, keywords, licence (CC0) and its distributions: the plan's zip, each CSV of its package
and the site-wide SQLite database, each with download address, IANA media type, format and licence.

Every node has an absolute IRI under the site's address (``site_url``), minted as fragments of
the catalogue file (``…/data/catalog.rdf#dataset-<plan-id>``), so there are no blank nodes, and
every download address is a file of the built site. Only the site's address is needed: without
it there is no catalogue (the build says so).

The contact point comes from ``extra.contact``: an email address becomes ``vcard:hasEmail``, a web
address ``vcard:hasURL``; any other text (an instruction such as "write an issue …") cannot be
turned into an address honestly, so the contact point then links to the site, where that text is
shown, and the build warns that dataportal.se expects an email address.

rdflib's serialisers write subjects in the order of a hash, so the graph is written from sorted
triples: the same input gives the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from generator.i18n.texts import t
from generator.model.plan import Plan
from generator.outputs.manifest import media_type, newest_date
from generator.spec import urls

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
THEME = Namespace(EU + "data-theme/")
FILE_TYPE = Namespace(EU + "file-type/")
LANGUAGE = {"sv": URIRef(EU + "language/SWE"), "en": URIRef(EU + "language/ENG")}
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
IANA = "http://www.iana.org/assignments/media-types/"
#: EU file types; SQLite has none there, so its format is its IANA media type.
FORMATS = {".csv": FILE_TYPE.CSV, ".zip": FILE_TYPE.ZIP, ".xlsx": FILE_TYPE.XLSX, ".json": FILE_TYPE.JSON}
_EMAIL = re.compile(r"(?:mailto:)?([^@\s:/]+@[^@\s/]+\.[^@\s/]+)")


@dataclass(frozen=True)
class Download:
    """One file a dataset is distributed as: its path in the site and its title."""

    path: str
    title: str
    key: str  # the fragment's last part: "zip", "csv-<resource>", "sqlite"


def contact_kind(contact: str) -> str:
    """``email``, ``url`` or ``text``: what ``extra.contact`` can honestly be written as."""
    if _EMAIL.fullmatch(contact.strip()):
        return "email"
    if re.fullmatch(r"https?://\S+", contact.strip()):
        return "url"
    return "text"


class _SortedGraph(Graph):
    """A graph that hands its serialisers subjects and their properties in sorted order."""

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002 (rdflib's names)
        return iter(sorted(set(super().subjects(predicate, object))))

    def predicate_objects(self, subject=None, unique=False):
        return iter(sorted(super().predicate_objects(subject)))


def catalog_graph(plans: list[Plan], downloads: dict[str, list[Download]], sizes: dict[str, int], *,
                  site_url: str, site_name: str, contact: str, lang: str, pages_url: str = "") -> Graph:
    """The catalogue: ``downloads`` lists each plan's files (by plan id), ``sizes`` every file's
    size in bytes (by path), ``site_url`` the address of the site that publishes them and of the
    catalogue, ``pages_url`` that of the plans' pages where another site publishes them (the
    downloads' own site: ``Settings.pages_site``)."""
    pages_url = pages_url or site_url
    g = _SortedGraph(bind_namespaces="none")
    for prefix, ns in (("rdf", RDF), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD),
                       ("xsd", XSD)):
        g.bind(prefix, ns)
    base = site_url + urls.CATALOG_RDF

    def node(fragment: str) -> URIRef:
        return URIRef(f"{base}#{fragment}")

    def text(subject: URIRef, prop: URIRef, value: str) -> None:
        g.add((subject, prop, Literal(value, lang=lang)))

    catalog, publisher, contact_point = node("catalog"), node("publisher"), node("contact")
    g.add((catalog, RDF.type, DCAT.Catalog))
    text(catalog, DCTERMS.title, t("opendata.catalog.title", lang, site=site_name))
    text(catalog, DCTERMS.description, t("opendata.catalog.description", lang))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, FOAF.homepage, URIRef(pages_url)))
    g.add((catalog, DCTERMS.license, CC0))
    g.add((catalog, DCTERMS.language, LANGUAGE[lang]))
    if newest_date(plans):
        g.add((catalog, DCTERMS.modified, Literal(newest_date(plans), datatype=XSD.date)))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(site_name)))

    g.add((contact_point, RDF.type, VCARD.Organization))
    g.add((contact_point, VCARD.fn, Literal(site_name)))
    kind = contact_kind(contact)
    if kind == "email":
        g.add((contact_point, VCARD.hasEmail, URIRef("mailto:" + _EMAIL.fullmatch(contact.strip()).group(1))))
    else:
        g.add((contact_point, VCARD.hasURL, URIRef(contact.strip() if kind == "url" else pages_url)))

    for plan in sorted(plans, key=lambda p: p.plan_id):
        m, pid = plan.meta, plan.plan_id
        dataset = node(f"dataset-{pid}")
        g.add((catalog, DCAT.dataset, dataset))
        g.add((dataset, RDF.type, DCAT.Dataset))
        g.add((dataset, DCTERMS.identifier, Literal(pid)))
        text(dataset, DCTERMS.title, t("opendata.catalog.dataset_title", lang, title=m.title, board=m.board,
                                       municipality=m.municipality))
        period = str(m.period_start) if m.period_start == m.period_end else f"{m.period_start}–{m.period_end}"
        text(dataset, DCTERMS.description, t("opendata.catalog.dataset_description", lang, title=m.title,
                                             board=m.board, municipality=m.municipality, period=period))
        agent = node(f"publisher-{m.municipality_code}")
        g.add((dataset, DCTERMS.publisher, agent))
        g.add((agent, RDF.type, FOAF.Agent))
        g.add((agent, FOAF.name, Literal(t("opendata.catalog.municipality", lang, municipality=m.municipality),
                                         lang=lang)))
        g.add((agent, DCTERMS.type, LOCAL_AUTHORITY))
        g.add((dataset, DCAT.contactPoint, contact_point))
        temporal = node(f"dataset-{pid}-period")
        g.add((dataset, DCTERMS.temporal, temporal))
        g.add((temporal, RDF.type, DCTERMS.PeriodOfTime))
        g.add((temporal, DCAT.startDate, Literal(f"{m.period_start}-01-01", datatype=XSD.date)))
        g.add((temporal, DCAT.endDate, Literal(f"{m.period_end}-12-31", datatype=XSD.date)))
        g.add((dataset, DCAT.theme, THEME.GOVE))
        if plan.budget_tables:
            g.add((dataset, DCAT.theme, THEME.ECON))
        for word in [m.municipality, m.board, *t("opendata.catalog.keywords", lang).split(";")]:
            text(dataset, DCAT.keyword, word)
        g.add((dataset, DCTERMS.license, CC0))
        g.add((dataset, DCTERMS.language, LANGUAGE[lang]))
        g.add((dataset, DCAT.landingPage, URIRef(pages_url + urls.site_url(urls.plan_page(pid)))))
        for download in downloads.get(pid, []):
            _distribution(g, node(f"dataset-{pid}-{download.key}"), dataset, download, sizes, site_url, lang)
    return g


def _distribution(g: Graph, dist: URIRef, dataset: URIRef, download: Download, sizes: dict[str, int],
                  site_url: str, lang: str) -> None:
    url = URIRef(site_url + download.path)
    kind = media_type(download.path)
    g.add((dataset, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(download.title, lang=lang)))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.mediaType, URIRef(IANA + kind)))
    extension = "." + download.path.rsplit(".", 1)[-1]
    g.add((dist, DCTERMS.format, FORMATS.get(extension, URIRef(IANA + kind))))
    g.add((dist, DCTERMS.license, CC0))
    if download.path in sizes:
        g.add((dist, DCAT.byteSize, Literal(sizes[download.path], datatype=XSD.nonNegativeInteger)))


def _sorted_json(value: object) -> object:
    """JSON-LD with every object's keys and every list sorted (the catalogue has no ordered lists)."""
    if isinstance(value, dict):
        return {k: _sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return sorted((_sorted_json(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def catalog_files(graph: Graph) -> dict[str, bytes]:
    """The catalogue's two files, each the same bytes for the same graph."""
    rdf_xml = graph.serialize(format="xml", encoding="utf-8")
    context = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    jsonld = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    return {
        urls.CATALOG_RDF: rdf_xml,
        urls.CATALOG_JSONLD: (json.dumps(_sorted_json(jsonld), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
