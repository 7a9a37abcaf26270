"""Goal status from the plan's own numbers: comparator, range and direction decide; the status
is codes, and the renderer words it in each language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.analysis.status import (
    KEYS,
    REASONS,
    STATUSES,
    indicator_status,
    summarise,
)
from generator.i18n import texts
from generator.model.plan import Indicator, Observation
from generator.render.indicator import status_label, status_reason


def ind(direction: str, *obs: tuple) -> Indicator:
    return Indicator(
        indicator_id="x", name="X", kind="target", order=1, unit="dagar", direction=direction,
        observations=tuple(Observation("x", p, vt, "T", comp, Decimal(v) if v is not None else None,
                                       Decimal(vmax) if vmax else None, printed="p", note="n")
                           for p, vt, comp, v, vmax in obs))


@pytest.mark.parametrize("observations, direction, expected", [
    # Mark: prognos 2023 108 against "≤108" for 2023
    ([(2022, "utfall", "", "116", None), (2023, "prognos", "", "108", None), (2023, "mal", "<=", "108", None)], "", "uppnatt"),
    ([(2023, "utfall", "", "109", None), (2023, "mal", "<=", "108", None)], "", "ej_uppnatt"),
    # a range 70–100
    ([(2024, "utfall", "", "69", None), (2024, "mal", "", "70", "100")], "", "ej_uppnatt"),
    ([(2024, "utfall", "", "70", None), (2024, "mal", "", "70", "100")], "", "uppnatt"),
    # "=0"
    ([(2023, "prognos", "", "3", None), (2023, "mal", "=", "0", None)], "", "ej_uppnatt"),
    # no comparator: the direction decides; staff turnover 11 vs 12 with lower-is-better
    ([(2023, "prognos", "", "11", None), (2023, "mal", "", "12", None)], "lower", "uppnatt"),
    ([(2023, "prognos", "", "11", None), (2023, "mal", "", "12", None)], "", "kan_inte_bedomas"),
    # later target already met → on track; moving the right way → on track; one value → cannot say
    ([(2022, "utfall", "", "9", None), (2024, "mal", "", "10", None)], "lower", "pa_vag"),
    ([(2021, "utfall", "", "20", None), (2022, "utfall", "", "15", None), (2024, "mal", "", "10", None)], "lower", "pa_vag"),
    ([(2021, "utfall", "", "10", None), (2022, "utfall", "", "15", None), (2024, "mal", "", "10", None)], "lower", "kan_inte_bedomas"),
    ([(2022, "utfall", "", "15", None), (2024, "mal", "", "10", None)], "lower", "kan_inte_bedomas"),
    # no numeric target, or no value
    ([(2022, "utfall", "", "15", None)], "lower", "kan_inte_bedomas"),
    ([(2024, "mal", "", None, None)], "lower", "kan_inte_bedomas"),
    ([(2024, "mal", "", "10", None)], "lower", "kan_inte_bedomas"),
])
def test_status(observations, direction, expected):
    assert indicator_status(ind(direction, *observations)).code == expected


def test_a_status_is_codes_and_observations_not_words():
    st = indicator_status(ind("", (2023, "prognos", "", "108", None), (2023, "mal", "<=", "108", None)))
    assert (st.code, st.reason, st.icon, st.partial) == ("uppnatt", "meets", "✔", False)
    assert (st.compared.value_type, st.compared.period, st.target.period, st.unit) == ("prognos", 2023, 2023, "dagar")
    assert not any(isinstance(v, str) and " " in v for v in (st.code, st.reason, st.unit, st.direction))


def test_the_reason_names_the_values_in_each_language():
    st = indicator_status(ind("", (2023, "prognos", "", "108", None), (2023, "mal", "<=", "108", None)))
    assert status_reason(st, "sv") == "Prognosen 2023 (108\u00a0dagar) når målet för 2023 (högst 108\u00a0dagar)."
    assert status_reason(st, "en") == "The forecast for 2023 (108\u00a0dagar) meets the target for 2023 (at most 108\u00a0dagar)."
    # resting on a forecast, the label says so: never a bare "Uppnått"
    assert (status_label(st, "sv"), status_label(st, "en")) == ("Uppnås enligt prognos", "Met according to forecast")


def test_a_part_year_figure_is_flagged_and_named_as_such():
    obs = (Observation("x", 2023, "utfall", "T", "", Decimal(9), None, printed="9", note="Utfall delår 2023"),
           Observation("x", 2024, "mal", "T", "", Decimal(10), None, printed="10"))
    st = indicator_status(Indicator(indicator_id="x", name="X", kind="target", order=1, unit="dagar",
                                    direction="lower", observations=obs))
    assert (st.code, st.reason, st.partial) == ("pa_vag", "already_meets", True)
    assert status_reason(st, "sv").startswith("Utfallet delår 2023 (9\u00a0dagar) når redan målet för 2024")
    assert status_reason(st, "en").startswith("The actual for part-year 2023 (9\u00a0dagar) already meets the target for 2024")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_status_and_reason_has_its_words(lang):
    for code in STATUSES + KEYS:
        assert texts.has(f"status.label.{code}", lang), code
    for reason in REASONS:
        assert texts.has(f"status.reason.{reason}", lang), reason
    for value_type in ("utfall", "prognos"):  # what a status judges
        assert texts.has(f"status.now.{value_type}", lang), value_type


@pytest.mark.parametrize("observations, direction, reason", [
    ([(2022, "utfall", "", "15", None)], "lower", "no_target"),
    ([(2024, "mal", "", "10", None)], "lower", "no_value"),
    ([(2023, "prognos", "", "11", None), (2023, "mal", "", "12", None)], "", "no_direction"),
    ([(2023, "utfall", "", "109", None), (2023, "mal", "<=", "108", None)], "", "misses"),
    ([(2023, "utfall", "", "109", None), (2022, "mal", "<=", "108", None)], "", "no_later_target"),
    ([(2021, "utfall", "", "20", None), (2022, "utfall", "", "15", None), (2024, "mal", "", "10", None)], "lower", "improving"),
    ([(2022, "utfall", "", "15", None), (2024, "mal", "", "10", None)], "lower", "too_few"),
])
def test_each_reason_makes_a_sentence_in_each_language(observations, direction, reason):
    st = indicator_status(ind(direction, *observations))
    assert st.reason == reason
    for lang in ("sv", "en"):
        sentence = status_reason(st, lang)
        assert sentence.endswith(".") and "{" not in sentence, sentence


def test_an_actual_is_judged_as_such_and_a_forecast_as_a_forecast():
    actual = indicator_status(ind("", (2023, "utfall", "", "108", None), (2023, "mal", "<=", "108", None)))
    assert (actual.key, status_label(actual, "sv")) == ("uppnatt", "Uppnått")
    missed = indicator_status(ind("", (2023, "prognos", "", "109", None), (2023, "mal", "<=", "108", None)))
    assert (missed.key, status_label(missed, "sv")) == ("ej_uppnatt_prognos", "Når inte målet enligt prognos")
    both = ind("", (2023, "utfall", "", "109", None), (2023, "prognos", "", "100", None), (2023, "mal", "<=", "108", None))
    assert indicator_status(both).key == "ej_uppnatt"  # the actual of the year wins over its forecast
    counts = summarise([ind("", (2023, "utfall", "", "108", None), (2023, "mal", "<=", "108", None)),
                        ind("", (2023, "prognos", "", "108", None), (2023, "mal", "<=", "108", None))])
    assert (counts["uppnatt"], counts["uppnatt_prognos"]) == (1, 1)


def test_a_missed_target_comes_with_the_distance_to_it():
    percent = Indicator(indicator_id="x", name="X", kind="target", order=1, unit="procent", direction="higher",
                        observations=(Observation("x", 2022, "utfall", "T", "", Decimal(80)),
                                      Observation("x", 2023, "mal", "T", "", Decimal(83))))
    st = indicator_status(percent)
    assert (st.reason, st.gap) == ("too_few", Decimal(3))
    assert status_reason(st, "sv") == ("Utfallet 2022 (80\u00a0%) når ännu inte målet för 2023 (83\u00a0%); det finns för "
                                       "få värden för att se åt vilket håll det går. Det är 3 procentenheter från målet. "
                                       "Högre värde är bättre.")
    ranged = indicator_status(ind("", (2024, "utfall", "", "69", None), (2024, "mal", "", "70", "100")))
    assert ranged.gap == Decimal(1) and "Det är 1\u00a0dagar från målet." in status_reason(ranged, "sv")


def test_a_target_without_a_printed_sign_gets_none_added():
    st = indicator_status(ind("lower", (2023, "utfall", "", "11", None), (2023, "mal", "", "12", None)))
    sentence = status_reason(st, "sv")
    assert "högst" not in sentence and "(12\u00a0dagar)" in sentence and sentence.endswith("Lägre värde är bättre.")
    printed = indicator_status(ind("lower", (2023, "utfall", "", "11", None), (2023, "mal", "<=", "12", None)))
    assert "(högst 12\u00a0dagar)" in status_reason(printed, "sv") and "bättre" not in status_reason(printed, "sv")


def test_a_later_actual_from_kolada_is_judged_and_named():
    from dataclasses import replace

    from generator.model.codes import ObservationSource
    base = ind("", (2022, "utfall", "", "115", None), (2023, "mal", "<=", "108", None))
    kolada = Observation("x", 2023, "utfall", "T", "", Decimal("107.5"), origin=ObservationSource.KOLADA,
                         origin_date="2026-12-01", origin_url="https://api.kolada.se/v3/x")
    st = indicator_status(replace(base, reported=(kolada,)))
    assert (st.key, st.compared.origin) == ("uppnatt", "kolada")
    assert status_reason(st, "sv").endswith("Källa: Kolada.")
    printed = replace(base, observations=base.observations + (Observation("x", 2023, "utfall", "T", "", Decimal(110)),),
                      reported=(kolada,))
    assert indicator_status(printed).compared.origin == "plan"  # the year's printed actual first
