"""Front matter of a chapter: find it in linear time and read it as small, plain YAML.

A chapter starts with ``---``, a few ``key: value`` lines (``title``, ``order``) and ``---``.
It comes from municipal staff or a pull request, so reading it is bounded: the block is found
line by line (never a backtracking regex over the whole file), it may hold at most
``MAX_BYTES`` and nest at most ``MAX_DEPTH`` levels, and YAML anchors and aliases – which let a
few hundred bytes expand to gigabytes – are refused outright; a chapter needs none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

MAX_BYTES = 16 * 1024
MAX_DEPTH = 8
_FENCE = "---"


class FrontMatterError(ValueError):
    """Why the front matter cannot be read: a problem ``code``, the 1-based ``row`` and what was ``found``."""

    def __init__(self, code: str, row: int | None = None, found: str = ""):
        super().__init__(f"{code} at row {row}: {found}")
        self.code = code
        self.row = row
        self.found = found


@dataclass(frozen=True, slots=True)
class Split:
    meta_text: str  # the YAML between the fences
    body: str       # the Markdown after the closing fence
    body_row: int   # the 1-based line the body starts on


def split(text: str) -> Split:
    """The front matter block and the body; ``FrontMatterError("chapter-front-matter")`` if there is none."""
    first, sep, rest = text.partition("\n")
    if first.rstrip() != _FENCE or not sep:
        raise FrontMatterError("chapter-front-matter", 1)
    offset, row = 0, 2
    while True:
        end = rest.find("\n", offset)
        line = rest[offset:] if end < 0 else rest[offset:end]
        if line.rstrip() == _FENCE:
            meta = rest[:offset]
            if len(meta.encode("utf-8")) > MAX_BYTES:
                raise FrontMatterError("chapter-front-matter-too-large", 1, str(len(meta.encode("utf-8"))))
            body = "" if end < 0 else rest[end + 1:]
            return Split(meta, body, row + 1)
        if offset > MAX_BYTES:  # no closing fence within the limit: stop looking
            raise FrontMatterError("chapter-front-matter", 1)
        if end < 0:
            raise FrontMatterError("chapter-front-matter", 1)
        offset, row = end + 1, row + 1


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors or aliases and with a nesting limit."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise FrontMatterError("chapter-yaml-alias", event.start_mark.line + 1, "*" + str(event.anchor))
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise FrontMatterError("chapter-yaml-alias", event.start_mark.line + 1, "&" + str(event.anchor))
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise FrontMatterError("chapter-yaml-too-deep", event.start_mark.line + 1, str(MAX_DEPTH))
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read(meta_text: str) -> object:
    """The YAML of the front matter as Python data; rows in errors count from the file's first line."""
    loader = _BoundedLoader(meta_text)
    try:
        return _paired(loader.get_single_data())
    except FrontMatterError as exc:
        raise FrontMatterError(exc.code, (exc.row or 0) + 1, exc.found) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FrontMatterError("chapter-bad-yaml", mark.line + 2 if mark is not None else None,
                               str(getattr(exc, "problem", "") or exc.__class__.__name__)) from None
    except RecursionError:  # a flow collection nested past Python's own stack, below MAX_DEPTH's check
        raise FrontMatterError("chapter-yaml-too-deep", None, str(MAX_DEPTH)) from None
    finally:
        loader.dispose()


def _paired(value: object) -> object:
    """YAML reads the escapes ``"\\ud83d\\ude00"`` as two lone surrogates (as JSON writes an emoji);
    they are joined into the one character they stand for. A lone surrogate cannot be written
    as UTF-8 and is refused."""
    if isinstance(value, str):
        try:
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise FrontMatterError("chapter-bad-yaml", None, "\\u-escape of a lone surrogate") from None
    if isinstance(value, dict):
        return {_paired(k): _paired(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_paired(v) for v in value]
    return value
