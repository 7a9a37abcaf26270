"""Numbers as people write them, read in one place for validation and for the import."""

from __future__ import annotations

import pytest

from generator.ingest.written_numbers import Printed, read_number, read_printed
from generator.validate import values


@pytest.mark.parametrize("text, plain, habit", [
    ("-1234.50", "-1234.50", ""),
    ("9,8", "9.8", "decimal-comma"),
    ("1 234,5", "1234.5", "thousands-separator"),
    ("-26\u00a0328", "-26328", "thousands-separator"),
    ("1\u202f234", "1234", "thousands-separator"),
    ("1.234,5", "1234.5", "decimal-comma"),
    ("−7,2", "-7.2", "decimal-comma"),
    ("−7", "-7", "minus-sign"),
    ("9,8 %", "9.8", "percent"),
    ("100%", "100", "percent"),
])
def test_a_number_as_written_is_read_with_the_habit_it_met(text, plain, habit):
    written = read_number(text, percent=True)
    assert (written.plain, written.habit) == (plain, habit)


@pytest.mark.parametrize("text", ["1e5", "NaN", "Infinity", "١٢", "tre", "12 st", "", "1,2,3", "--5"])
def test_what_is_no_number_is_none(text):
    assert read_number(text, percent=True) is None


def test_validation_names_the_same_habits_the_import_reads():
    assert values._number_problem("9,8", "number") == ("decimal-comma", "9.8")
    assert values._number_problem("1 234", "integer") == ("thousands-separator", "1234")
    assert values._number_problem("−5", "integer") == ("minus-sign", "-5")
    assert values._number_problem("9,8", "integer") == ("bad-number", "-1234")
    assert values._number_problem("9,8 %", "number") == ("bad-number", "-1234.5")  # a CSV of the format holds no %
    assert values._number_problem("12", "integer") is None


@pytest.mark.parametrize("text, printed", [
    ("≤108", Printed("108", "<=")),
    ("≥ 85", Printed("85", ">=")),
    ("= 100%", Printed("100", "=")),
    ("70-100", Printed("70", "", "100")),
    ("70–100 %", Printed("70", "", "100")),
    ("37% (2021)", Printed("37", "", "", 2021)),
    ("−1 234,5", Printed("-1234.5")),
])
def test_a_printed_value_is_read_apart(text, printed):
    assert read_printed(text) == printed


@pytest.mark.parametrize("text", ["Uppnått", "(2021)", "≤ 70-100", "ökning jämfört med 2023", "12 dagar"])
def test_what_is_no_printed_value_is_none(text):
    assert read_printed(text) is None
