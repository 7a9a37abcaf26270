"""What the engine's worker (``mkdocs_worker``) changes in MkDocs, in its own process only, to build
our units faster; each change gives MkDocs' own result (tests/test_units.py builds a project both
ways and compares every byte; tests/test_engine_worker.py compares the pieces).

- What does not change between the units of one build is done once per worker: the theme's
  templates are compiled once (``_reuse_theme``: Jinja's bytecode, kept in memory and checked
  against each template's source) and the theme's folders listed once (Material's holds thousands
  of icons), which together were about half of a small unit's time; the theme's files to publish
  are found once (``_reuse_theme_files``: MkDocs matched each of the thousands of names against a
  dozen patterns for every unit, 40 to 50 ms a unit of about 80 pages).
- Each unit's configuration is read with libyaml (``_read_configs_with_libyaml``): the same loader
  as MkDocs', with its parser in C (4 ms against 45 ms a unit; the configurations hold each page's
  language versions).
- The anchors of a page's raw HTML are looked for in the tags that may name one
  (``_find_anchors_in_fewer_tags``, ``anchor_tags``).
- A page's blocks of raw HTML are set aside from Markdown, which only passes them through, and put
  back as written (``_render_html_aside``, ``set_aside``, ``put_back``).

Nothing here is needed for a correct site, and nothing is security-critical: with
``PLANSITE_ENGINE_STOCK=1`` none of it is applied. Each change checks that the MkDocs internals it
relies on are there and otherwise leaves MkDocs as it is.
"""

from __future__ import annotations

import functools
import re


def apply() -> None:
    """Every speed-up, in this process (the worker's)."""
    _reuse_theme()
    _reuse_theme_files()
    _read_configs_with_libyaml()
    _find_anchors_in_fewer_tags()
    _render_html_aside()


def _reuse_theme() -> None:
    """Give every theme environment MkDocs makes in this process one bytecode cache and the
    listing of its folders made once."""
    import jinja2
    from mkdocs.theme import Theme

    class Memory(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.codes: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            code = self.codes.get(bucket.key)
            if code is not None:
                bucket.bytecode_from_string(code)  # ignored when the template's source changed

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.codes[bucket.key] = bucket.bytecode_to_string()

    memory, listings = Memory(), {}
    make = Theme.get_env

    def get_env(theme: Theme) -> jinja2.Environment:
        env = make(theme)
        env.bytecode_cache = memory
        key = tuple(theme.dirs)

        def list_templates(extensions=None, filter_func=None):
            if key not in listings:
                listings[key] = jinja2.Environment.list_templates(env)
            names = listings[key]
            if extensions is not None:
                names = [n for n in names if "." in n and n.rsplit(".", 1)[1] in extensions]
            return [n for n in names if filter_func(n)] if filter_func is not None else list(names)

        env.list_templates = list_templates
        return env

    Theme.get_env = get_env


def _reuse_theme_files() -> None:
    """Find the theme's files to publish once per theme (its folders and static templates) rather
    than once per unit: ``Files.add_files_from_theme`` run on an empty collection gives every theme
    file in MkDocs' order, each from the first theme folder that has it; each unit then adds those
    its docs folder does not override, as MkDocs does. The theme's folders do not change while a
    build runs."""
    from mkdocs.structure.files import File, Files

    found: dict[tuple, list[tuple[str, str]]] = {}
    add = Files.add_files_from_theme

    def add_files_from_theme(self, env, config) -> None:
        key = (tuple(config.theme.dirs), frozenset(config.theme.static_templates))
        if key not in found:
            every = Files([])
            add(every, env, config)
            found[key] = [(file.src_uri, file.src_dir) for file in every]
        for path, folder in found[key]:
            if self.get_file_from_path(path) is None:
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    Files.add_files_from_theme = add_files_from_theme


def _read_configs_with_libyaml() -> None:
    """MkDocs' configuration loader (``!ENV``, ``!relative``, Python names) on libyaml's parser,
    where PyYAML has it."""
    import yaml
    from mkdocs.config import defaults
    from mkdocs.utils import yaml as mkdocs_yaml

    fast = getattr(yaml, "CLoader", None)
    if fast is not None:
        defaults.get_yaml_loader = lambda loader=fast, config=None: mkdocs_yaml.get_yaml_loader(loader, config)


#: A tag as plain as HTML is written: a name, attributes each after ASCII white space, values quoted
#: (holding no ``<``) or bare. Only ASCII white space, ``/`` or ``>`` may follow the name, where the
#: parser's name ends too (``\xa0`` or ``\v`` would be part of its name); any quote in the tag opens
#: a value, so the HTML parser, which may read fewer quotes as values, ends the tag at or before this
#: match's ``>`` and reads the rest as text.
_PLAIN_TAG = re.compile(r"""<(/)?([a-zA-Z][a-zA-Z0-9:-]*+)(?(1)[\t\n\r\f ]*+|"""
                        r"""(?:[\t\n\r\f ]++[a-zA-Z_:][-a-zA-Z0-9_:.]*+(?:[\t\n\r\f ]*+=[\t\n\r\f ]*+"""
                        r"""(?:"[^"<]*+"|'[^'<]*+'|[^\s"'=<>`]++))?)*+[\t\n\r\f ]*+/?)>""")
#: Where the parser may read an attribute ``id`` or ``name``: the name after a quote, white space
#: or ``/``, and before white space, ``/``, ``=`` or ``>`` (``html.parser``'s ``attrfind_tolerant``).
_ANCHOR_ATTRIBUTE = re.compile(r"""[\s'"/][iInN](?:[dD]|[aA][mM][eE])(?=[\s/=>])""")


def raw_text_elements(handler: type) -> frozenset[str]:
    """The elements whose content the HTML parser class ``handler`` reads as text (script, style,
    and whatever a newer Python adds)."""
    return (frozenset(getattr(handler, "CDATA_CONTENT_ELEMENTS", ()))
            | frozenset(getattr(handler, "RCDATA_CONTENT_ELEMENTS", ())))


@functools.lru_cache(maxsize=4)
def _raw_text_tag(elements: frozenset[str]) -> re.Pattern:
    names = "|".join(map(re.escape, sorted(elements)))
    return re.compile(rf"</?(?:{names})(?![a-zA-Z0-9:-])", re.I)


def anchor_tags(text: str, raw_text: frozenset[str]) -> str | None:
    """The start tags of ``text`` that may give it an anchor (an ``id``, an ``a``'s ``name``), one
    after another, when every ``<`` of ``text`` begins a plain tag (``_PLAIN_TAG``) and none opens an
    element whose content the parser reads as text (``raw_text``: script, style); else
    None. The HTML parser then reads each of these tags as it does in ``text`` (between two tags it
    reads only text, and text names no anchor), so it finds the same anchors in them, in a fraction
    of the time."""
    if "<" in _PLAIN_TAG.sub("", text):
        return None
    if raw_text and _raw_text_tag(raw_text).search(text):
        return None
    kept, last = [], -1
    for attribute in _ANCHOR_ATTRIBUTE.finditer(text):
        start = text.rfind("<", 0, attribute.start() + 1)
        tag = _PLAIN_TAG.match(text, start) if start > last else None
        if tag is not None and tag.group(1) is None and attribute.start() < tag.end():
            kept.append(tag.group())
            last = start
    return "".join(kept)


def _find_anchors_in_fewer_tags() -> None:
    """MkDocs reads every page's Markdown with an HTML parser to find the anchors of its raw HTML
    (for ``validation.anchors``): 0.7 ms of the 8 to 10 ms that one of our pages, mostly HTML,
    takes. Give that parser only the tags that may name an anchor (``anchor_tags``; 0.1 ms), or the
    whole page where that cannot be sure. Left as it is if MkDocs no longer has these classes."""
    from mkdocs.structure import pages

    preprocessor, handler = getattr(pages, "_RawHTMLPreprocessor", None), getattr(pages, "_HTMLHandler", None)
    if preprocessor is None or handler is None:
        return
    raw_text = raw_text_elements(handler)

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        tags = anchor_tags(text, raw_text)
        parser = handler()
        parser.feed(text if tags is None else tags)
        parser.close()
        self.present_anchor_ids = parser.present_anchor_ids
        return lines

    preprocessor.run = run


#: The elements whose blocks a page's Markdown may hold aside from Markdown (``_render_html_aside``):
#: the block elements our pages are written with.
_ASIDE = frozenset({"div", "figure", "nav", "ul", "ol", "p", "table", "section", "dl", "aside", "details"})
#: The Markdown extensions under which a block of raw HTML is passed through as written: MkDocs'
#: own and the project's (mkdocs.yml). Any other extension may read raw HTML, so a page built with
#: one is rendered as MkDocs does.
_PLAIN_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list"})
_ASIDE_MARK = "data-plansite-aside"


#: ``&#`` that is not a whole character reference: Python's HTML parser stops reading tags there,
#: and Markdown reads the rest of the page as Markdown (or, without its ``;``, rewrites it).
_LOOSE_CHARREF = re.compile(r"&#(?![0-9]+;|[xX][0-9a-fA-F]+;)")
#: A line of spaces only, which Markdown empties before it reads the page.
_SPACES_LINE = re.compile(r"(?m)^ +$")
#: A start tag ending in a bare value that ends in ``/`` (``class=x/>``): the parser reads ``x/``
#: as the value and the tag as one that opens.
_BARE_SLASH = re.compile(r"""=[^\s"'=<>`]*/>$""")


def set_aside(text: str, block_level: frozenset[str]) -> tuple[str, list[str]]:
    """``text`` (a page's Markdown) with each block of one element of raw HTML (``block_level``,
    its whole line between blank lines, from ``<name`` to the ``</name>`` that closes it) replaced
    by an empty ``<div>`` that names it, and those blocks in order. Only in Markdown where
    Python-Markdown reads such a line as one raw block and passes it through unchanged: every ``<``
    a plain tag (``anchor_tags`` has checked), no fenced code, no character Markdown rewrites first
    (tab, carriage return, form feed, STX/ETX, a line of spaces), no ``&#`` but whole character
    references, no ``markdown`` attribute; and only a block whose tags close as the parser closes
    them (names in any case, a closing tag ends every element opened after its own) and close
    nothing opened before it. A line it is not sure of stays in the Markdown."""
    if (any(mark in text for mark in ("```", "~~~", "\t", "\r", "\f", "\x02", "\x03", _ASIDE_MARK))
            or _LOOSE_CHARREF.search(text) or _SPACES_LINE.search(text)):
        return text, []
    blocks: list[str] = []
    chunks = text.split("\n\n")
    for i, chunk in enumerate(chunks):
        block = chunk.strip("\n")  # more than one blank line between blocks, the page's last line break
        opening = _PLAIN_TAG.match(block)
        if opening is None or opening.group(1) is not None or "\n" in block or "markdown" in block:
            continue
        name = opening.group(2)
        if name not in block_level or not block.endswith(f"</{name}>"):
            continue
        open_names: list[str] = []
        whole = False
        for tag in _PLAIN_TAG.finditer(block):
            tag_name = tag.group(2).lower()
            if tag.group(1):  # a closing tag: closes its element and every one opened after it
                if tag_name not in open_names:
                    break  # it would close an element opened before the block
                while open_names.pop() != tag_name:
                    pass
                if not open_names:
                    whole = tag.end() == len(block)
                    break
            elif tag.group().endswith("/>") and not _BARE_SLASH.search(tag.group()):
                continue  # closes itself
            elif tag_name != "hr":  # Markdown takes <hr> as closed (its one "empty" tag)
                open_names.append(tag_name)
        if whole:
            start = chunk.index(block)
            chunks[i] = f'{chunk[:start]}<div {_ASIDE_MARK}="{len(blocks)}"></div>{chunk[start + len(block):]}'
            blocks.append(block)
    return "\n\n".join(chunks), blocks


def put_back(content: str, blocks: list[str]) -> str:
    """The page's HTML with each block ``set_aside`` took in the place of its ``<div>``; raises
    RuntimeError when one is not there exactly once (the page is not built)."""
    for i, block in enumerate(blocks):
        mark = f'<div {_ASIDE_MARK}="{i}"></div>'
        if content.count(mark) != 1:
            raise RuntimeError(f"a block of raw HTML set aside from Markdown did not come back ({mark})")
        content = content.replace(mark, block)
    return content


def _render_html_aside() -> None:
    """Python-Markdown reads each block of raw HTML with its HTML parser, on our pages mostly to
    pass it through as written: about 1 ms of a page's 6 to 7 ms. Render each page with its blocks
    of one element set aside (``set_aside``) and put them back in the HTML (``put_back``) before
    any plugin sees it; the anchors of its raw HTML are those of the whole page (``anchor_tags``).
    A page of other Markdown, or under other extensions, is rendered as MkDocs does."""
    import markdown.util
    from mkdocs.structure import pages

    handler, render = getattr(pages, "_HTMLHandler", None), pages.Page.render
    if handler is None:
        return
    raw_text = raw_text_elements(handler)
    block_level = _ASIDE & frozenset(markdown.util.BLOCK_LEVEL_ELEMENTS)

    def plain(extensions) -> bool:
        return all(isinstance(e, str) and e in _PLAIN_EXTENSIONS for e in extensions)

    def render_aside(self, config, files) -> None:
        source = self.markdown
        tags = anchor_tags(source, raw_text) if source and plain(config["markdown_extensions"]) else None
        light, blocks = set_aside(source, block_level) if tags is not None else (source, [])
        if not blocks:
            return render(self, config, files)
        self.markdown = light
        try:
            render(self, config, files)
        finally:
            self.markdown = source
        self.content = put_back(self.content, blocks)
        parser = handler()
        parser.feed(tags)
        parser.close()
        self.present_anchor_ids = self.present_anchor_ids | parser.present_anchor_ids

    pages.Page.render = render_aside
