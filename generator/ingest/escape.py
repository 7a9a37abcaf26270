"""Escaping text for a Markdown page: the one function every renderer places data text through."""

from __future__ import annotations

_ESCAPES = str.maketrans({
    **{ch: f"&#{ord(ch)};" for ch in "\\`*_[]#|{}"},  # Markdown syntax
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
})


def e(text: object) -> str:
    """Escape for HTML and neutralise Markdown syntax (text placed in a Markdown page), in one pass."""
    return str(text).translate(_ESCAPES)
