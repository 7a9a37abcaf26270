"""The text catalogue: both languages complete, every key the code asks for present."""

from __future__ import annotations

import ast
import string
from decimal import Decimal
from pathlib import Path

import pytest

from generator.i18n import texts
from generator.i18n.numbers import format_number

GENERATOR = Path(texts.__file__).resolve().parents[1]
#: Texts that are rightly the same word in both languages.
SAME_IN_BOTH = {"labels.value_type.budget", "labels.value_type.plan", "labels.chapter.table"}


def placeholders(text: object) -> set[str]:
    forms = text.values() if isinstance(text, dict) else [text]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(str(form)) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    sv, en = texts.catalogue("sv"), texts.catalogue("en")
    assert len(sv) > 150
    assert sorted(set(sv) ^ set(en)) == []
    for key in sv:
        assert str(sv[key]).strip() and str(en[key]).strip(), key
        assert placeholders(sv[key]) == placeholders(en[key]), key
        if isinstance(sv[key], dict):
            assert "other" in sv[key] and "other" in en[key] and "n" in placeholders(sv[key]), key


def test_command_line_build_and_problem_texts_are_translated():
    sv, en = texts.catalogue("sv"), texts.catalogue("en")
    for key in sv:
        if key.split(".")[0] in {"cli", "build", "problems"} and key not in SAME_IN_BOTH:
            assert sv[key] != en[key], key


def _literal_keys() -> list[tuple[str, str, int]]:
    """Every t("…") and label("…", …) call with a literal first argument in generator/."""
    found = []
    for path in GENERATOR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "t" and isinstance(node.args[0].value, str):
                found.append((node.args[0].value, str(path), node.lineno))
            elif name in {"label", "labels"} and isinstance(node.args[0].value, str):
                found.append((f"labels.{node.args[0].value}.", str(path), node.lineno))
    return found


def test_every_key_the_code_asks_for_exists():
    keys = _literal_keys()
    assert len(keys) > 20
    catalogue = texts.catalogue("sv")
    for key, path, line in keys:
        if key.endswith("."):
            assert any(k.startswith(key) for k in catalogue), f"{path}:{line}: no labels under {key}"
        else:
            assert key in catalogue, f"{path}:{line}: no text {key}"


def test_labels_name_codes_in_each_language():
    assert texts.t("labels.chapter.table", "en", n=3) == "Table 3 in the chapter"
    assert texts.label("value_type", "mal") == "Mål"
    assert texts.label("value_type", "mal", "en") == "Target"
    assert texts.label("value_type", "nothing") == ""
    assert list(texts.labels("gender")) == ["T", "K", "M"]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="no text catalogue"):
        texts.catalogue("xx")


@pytest.mark.parametrize("value, sv, en", [
    ("-7874.50", "−7\u00a0874,50", "-7,874.50"),
    ("7.0", "7,0", "7.0"),
    ("0", "0", "0"),
    ("-0.0", "0,0", "0.0"),
    ("1234567", "1\u00a0234\u00a0567", "1,234,567"),
    ("0.015", "0,015", "0.015"),
])
def test_numbers_keep_their_printed_decimals_in_each_language(value, sv, en):
    assert format_number(Decimal(value), "sv") == sv
    assert format_number(Decimal(value), "en") == en


@pytest.mark.parametrize("lang, one, many", [
    ("sv", "1 fel, 1 varning, 1 giltig plan", "2 fel, 3 varningar, 0 giltiga planer"),
    ("en", "1 error, 1 warning in 1 valid plan", "2 errors, 3 warnings in 0 valid plans"),
])
def test_counts_take_the_plural_form_of_their_number(lang, one, many):
    def summary(errors, warnings, plans):
        return texts.t("cli.summary", lang, errors=texts.t("cli.count.errors", lang, n=errors),
                       warnings=texts.t("cli.count.warnings", lang, n=warnings),
                       plans=texts.t("cli.count.valid_plans", lang, n=plans))
    assert summary(1, 1, 1) == one
    assert summary(2, 3, 0) == many
