"""Problems as data, and the report validation hands to the build.

A ``Problem`` names the file, row and field, what was found and what was expected; its sentence
comes from ``texts`` in Swedish or English. A ``Report`` holds every problem of a run and, for
each valid plan, what validation read (``ValidatedPlan``): the build publishes exactly that and
never reads the plan folder again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Mapping

from generator.i18n.texts import problem_message
from generator.model.codes import Severity
from generator.model.plan import Chapter, Plan


def short(value: object, limit: int = 60) -> str:
    """``value`` as one short line for a problem's ``found`` (line breaks shown as ␍ and ⏎)."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\r", "␍").replace("\n", "⏎")  # one problem, one line
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_short(value: object) -> str:
    """``value`` written as JSON, shortened like ``short``."""
    try:
        return short(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        return short(value)


def printable(text: str) -> str:
    """``text`` safe to print and to encode as UTF-8: a folder name that is not UTF-8 reaches
    Python as lone surrogates, which are shown as U+FFFD instead of breaking the output."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if isinstance(text, str) else text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (``Severity.ERROR``) or worth a look (``Severity.WARNING``) in the input."""

    file: str
    code: str
    row: int | None = None
    field: str = ""
    found: str = ""
    expected: str = ""
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))

    def message(self, lang: str = "sv") -> str:
        return printable(problem_message(self, lang))

    def line(self, lang: str = "sv") -> str:
        where = printable(self.file) + (f":{self.row}" if self.row else "")
        what = f" {printable(self.field)}:" if self.field else ""
        return f"{where}:{what} {self.message(lang)}"

    def to_dict(self, lang: str = "sv") -> dict:
        return {
            "file": printable(self.file), "row": self.row, "field": printable(self.field) or None, "code": self.code,
            "severity": self.severity, "found": printable(self.found), "expected": printable(self.expected),
            "message": self.message(lang),
        }


@dataclass(frozen=True, slots=True)
class ValidatedPlan:
    """What validation read of one valid plan: the files to publish, the chapters' page sources
    and the model; the build renders and publishes from this and reads nothing again."""

    files: Mapping[str, str] = field(default_factory=dict)  # path in the package ("datapackage.json", "goals.csv") -> text
    chapters: tuple[Chapter, ...] = ()    # in order, each with its safe page source (``Chapter.body``)
    plan: Plan | None = None              # the model, loaded from the same texts
    inputs: str = ""                      # a hash of everything the above came from (``validate.cache.key``), if made


@dataclass(frozen=True, slots=True)
class Report:
    problems: tuple[Problem, ...] = ()
    plans: tuple[str, ...] = field(default=())
    validated: Mapping[str, ValidatedPlan] = field(default_factory=dict, compare=False)
    assets: tuple[str, ...] = field(default=(), compare=False)  # file names in content/assets/ to publish
    concordance: tuple[Mapping[str, str], ...] = field(default=(), compare=False)  # datapackages/concordance.csv
    #: the site's own pages as read, ``{lang: {path in content/site/ or its language's folder: text}}``
    site_pages: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == Severity.WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors
