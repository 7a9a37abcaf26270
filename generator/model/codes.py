"""The codes of the data format as enums: one place for the values a coded column may hold.

Each is a ``StrEnum``, so a member equals its code (``ValueType.TARGET == "mal"``) and is written
as the code in downloads; the words for readers come from the text catalogue
(``i18n.texts.label("value_type", code, lang)``), never from here. A test holds these to the
Table Schemas in ``spec/schemas`` and to the catalogue's labels.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ValueType(StrEnum):
    ACTUAL = "utfall"
    FORECAST = "prognos"
    TARGET = "mal"
    BUDGET = "budget"
    PLAN = "plan"


class ObservationSource(StrEnum):
    """Where a value comes from: printed in the plan, in a follow-up of it, or fetched from Kolada."""
    PLAN = "plan"
    FOLLOWUP = "followup"
    KOLADA = "kolada"


class FollowUpType(StrEnum):
    """What a follow-up of a plan is: the documents that report how the year went."""
    INTERIM_REPORT = "delarsrapport"
    ACTIVITY_REPORT = "verksamhetsberattelse"
    ANNUAL_REPORT = "arsredovisning"
    OTHER = "annan"


class Gender(StrEnum):
    TOTAL = "T"
    WOMEN = "K"
    MEN = "M"


class IndicatorKind(StrEnum):
    TARGET = "target"
    MONITORING = "monitoring"
    QUALITY = "quality"
    KEY_FIGURE = "key_figure"


class GoalLevel(StrEnum):
    AREA = "area"
    MISSION = "mission"
    COUNCIL_GOAL = "council_goal"
    BOARD_GOAL = "board_goal"
    DIRECTION = "direction"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Comparator(StrEnum):
    AT_MOST = "<="
    AT_LEAST = ">="
    EXACTLY = "="
    BELOW = "<"
    ABOVE = ">"


class Trend(StrEnum):
    UP = "up"
    FLAT = "flat"
    DOWN = "down"


class BudgetType(StrEnum):
    OPERATING = "drift"
    CAPITAL = "investering"
    INCOME_STATEMENT = "resultat"


class Measure(StrEnum):
    NET = "netto"
    INCOME = "intakt"
    COST = "kostnad"


class DecidedBy(StrEnum):
    COUNCIL = "KF"
    BOARD = "N/S"


class Measures(StrEnum):
    """What an indicator measures (Härryda's R/K and E)."""
    RESULT_QUALITY = "R/K"
    EFFICIENCY = "E"


#: The coded columns of the Table Schemas, by column name, and the label group naming their codes
#: in the text catalogue. A column holds its enum's member, or "" when the optional cell is empty.
FIELD_CODES: dict[str, type[StrEnum]] = {
    "value_type": ValueType,
    "gender": Gender,
    "kind": IndicatorKind,
    "level": GoalLevel,
    "direction": Direction,
    "comparator": Comparator,
    "trend": Trend,
    "budget_type": BudgetType,
    "measure": Measure,
    "decided_by": DecidedBy,
    "measures": Measures,
    "document_type": FollowUpType,  # of a follow-up (followups.csv); the plan's own is metadata, not a column
}


def coded(column: str, value: object) -> object:
    """``value`` as its enum member when ``column`` is coded and the cell holds a code."""
    enum = FIELD_CODES.get(column)
    return enum(value) if enum is not None and isinstance(value, str) and value else value
