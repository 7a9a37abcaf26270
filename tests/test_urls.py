"""The site's relative links (``spec.urls.rel``): the same as ``posixpath.relpath`` gives, for any
pair of pages and files, without asking the operating system for the working folder."""

from __future__ import annotations

import os
import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.spec import urls

_SEGMENT = st.sampled_from(["a", "b", "plan", "indikatorer", "en", "data", "x.csv", "index.md", "mal", ".", "..", ""])
_PATH = st.lists(_SEGMENT, max_size=5).map("/".join)


def _old_rel(from_docs_path: str, to_docs_path: str) -> str:
    """``rel`` as it was written with ``posixpath.relpath``."""
    here = urls.site_url(from_docs_path)
    base = posixpath.dirname(here.rstrip("/")) if not here.endswith("/") else here.rstrip("/")
    target = urls.site_url(to_docs_path)
    path = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or target == "":
        path = path.rstrip("/") + "/"
    return "./" if path == "./" else path


@settings(max_examples=2000, deadline=None, database=None)
@given(_PATH, _PATH, st.sampled_from(["", ".md", "/index.md"]), st.sampled_from(["", ".md", "/index.md"]))
def test_rel_is_posix_relpath(here: str, there: str, here_end: str, there_end: str):
    assert urls.rel(here + here_end, there + there_end) == _old_rel(here + here_end, there + there_end)


def test_rel_never_asks_for_the_working_folder(monkeypatch):
    def asked() -> str:
        raise AssertionError("os.getcwd was called")

    monkeypatch.setattr(os, "getcwd", asked)
    assert urls.rel("plan/indikatorer/vantetid/index.md", "plan/mal/index.md") == "../../mal/"
    assert urls.rel("plan/indikatorer/vantetid.md", "data/plan/x.csv") == "../../../data/plan/x.csv"
    assert urls.rel("index.md", "index.md") == "./"
    assert urls.rel("a/b.md", "a/b.md") == "./"
