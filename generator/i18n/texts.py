"""The text catalogue: every user-facing string, in Swedish and English.

The strings live as data in ``sv/*.toml`` and ``en/*.toml`` beside this module, one file per area
(``problems``, ``build``, ``cli``, ``labels``, the page types, the theme). A key is the file's name,
a dot and the key inside it: ``t("cli.summary", "en", errors=1, …)``; a table inside a file adds a
part (``labels.value_type.mal``). Placeholders are ``str.format`` fields. A text that depends on a
count is a table with the CLDR plural categories (``one``, ``other``) and is picked through babel by
the parameter ``n``. Domain code returns codes and parameters; only renderers and the command line
turn them into words. A test holds the two languages to the same keys and placeholders.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale

if TYPE_CHECKING:  # pragma: no cover
    from generator.model.problems import Problem

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
_HERE = Path(__file__).resolve().parent
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def _flatten(table: dict, prefix: str, out: dict[str, object]) -> None:
    for name, value in table.items():
        key = f"{prefix}.{name}"
        if isinstance(value, dict) and not set(value) <= set(PLURAL_FORMS):
            _flatten(value, key, out)
        else:
            out[key] = value


@cache
def catalogue(lang: str) -> dict[str, object]:
    """Every key of one language: a string, or a dict of plural forms."""
    if lang not in LANGUAGES:
        raise ValueError(f"no text catalogue for language {lang!r}; languages: {', '.join(LANGUAGES)}")
    out: dict[str, object] = {}
    for path in sorted((_HERE / lang).glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(tomllib.load(handle), path.stem, out)
    return out


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text ``key`` in ``lang`` with ``params`` filled in (``n`` picks a plural form)."""
    text = catalogue(lang)[key]
    if isinstance(text, dict):
        form = Locale.parse(lang).plural_form(params["n"])
        text = text.get(form, text["other"])
    return str(text).format(**params)


def has(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    return key in catalogue(lang)


def label(group: str, code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The name of a code in the data (``label("value_type", "mal") == "Mål"``); "" when unknown."""
    text = catalogue(lang).get(f"labels.{group}.{code}")
    return "" if text is None else str(text)


def labels(group: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every code of ``group`` with its name, in the catalogue's order."""
    prefix = f"labels.{group}."
    return {key[len(prefix):]: str(text) for key, text in catalogue(lang).items() if key.startswith(prefix)}


def problem_message(problem: "Problem", lang: str = DEFAULT_LANGUAGE) -> str:
    """The problem in one sentence. ``expected`` may be "kind: argument" (e.g. "enum: T | K | M"):
    then "code/kind" picks a more exact sentence, with {arg} the argument; "code/empty" is used when
    nothing was found; an unknown code gets a general sentence."""
    kind, _, arg = (problem.expected or "").partition(": ")
    table = catalogue(lang)
    keys = [f"{problem.code}/{kind.split(' ')[0] if kind.startswith(('>=', '<=')) else kind}"] if kind else []
    if not problem.found:
        keys.append(f"{problem.code}/empty")
    keys.append(problem.code)
    template = next((table[f"problems.{k}"] for k in keys if f"problems.{k}" in table), table["problems.fallback"])
    return str(template).format(found=problem.found, expected=problem.expected, arg=arg or problem.expected,
                                field=problem.field, code=problem.code).strip()
