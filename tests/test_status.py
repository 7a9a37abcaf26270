"""Goal status from the plan's own numbers: comparator, range and direction decide."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.analysis.status import indicator_status
from generator.model.plan import Indicator, Observation


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


def test_reason_names_the_values_in_swedish():
    st = indicator_status(ind("", (2023, "prognos", "", "108", None), (2023, "mal", "<=", "108", None)))
    assert st.reason == "Prognosen 2023 (108\u00a0dagar) når målet för 2023 (högst 108\u00a0dagar)."
    assert (st.label, st.icon) == ("Uppnått", "✔")
