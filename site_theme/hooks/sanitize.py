"""MkDocs hook: sanitise every rendered page with nh3 (untrusted Markdown never reaches the site raw).

Generated pages escape every data text; chapters come from municipal staff as Markdown. After
MkDocs renders a page, nh3 keeps only an allow-list of tags and attributes: no script, no event
handlers, no javascript: URLs. The inline SVG charts are produced by the build and allowed.
"""

from __future__ import annotations

import nh3

_SVG_TAGS = {"svg", "g", "path", "rect", "line", "text", "title", "desc", "circle", "tspan", "defs", "clippath", "use"}
_TAGS = set(nh3.ALLOWED_TAGS) | {
    "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "dl", "dt", "dd",
    "nav", "section", "span", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "li", "a", "strong",
    "em", "code", "pre", "blockquote", "hr", "br", "sup", "sub", "abbr",
} | _SVG_TAGS
_COMMON = {"class", "id", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "title", "lang"}
_SVG_ATTRS = {
    "xmlns", "xmlns:xlink", "version", "viewbox", "viewBox", "preserveAspectRatio", "preserveaspectratio", "d", "x", "y",
    "x1", "x2", "y1", "y2", "width", "height", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity",
    "stroke-dasharray", "stroke-miterlimit", "stroke-linecap", "stroke-linejoin", "transform", "font-family", "font-size",
    "font-weight", "text-anchor", "dominant-baseline", "opacity", "cx", "cy", "r", "clip-path", "pointer-events",
    "aria-roledescription", "dx", "dy", "style",
}
_ATTRIBUTES = {tag: set(_COMMON) for tag in _TAGS}
_ATTRIBUTES["a"] |= {"href", "hreflang", "rel"}
_ATTRIBUTES["th"] |= {"scope", "colspan", "rowspan"}
_ATTRIBUTES["td"] |= {"colspan", "rowspan"}
_ATTRIBUTES["ol"] |= {"start"}
_ATTRIBUTES["div"] |= {"tabindex"}
_ATTRIBUTES["figure"] |= {"data-search-exclude"}  # chart text stays out of the search index
for _tag in _SVG_TAGS:
    _ATTRIBUTES[_tag] |= _SVG_ATTRS


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def on_page_content(html: str, page, config, files) -> str:
    return clean(html)
