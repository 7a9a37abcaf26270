"""Every user-facing string: UI labels (Swedish) and problem messages (Swedish and English)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .validate import Problem

VALUE_TYPES = {"utfall": "Utfall", "prognos": "Prognos", "mal": "Mål", "budget": "Budget", "plan": "Plan"}
GENDERS = {"T": "Totalt", "K": "Kvinnor/flickor", "M": "Män/pojkar"}
KINDS = {
    "target": "Målindikator",
    "monitoring": "Följetal (utan mål)",
    "quality": "Kvalitetsindikator",
    "key_figure": "Nyckeltal",
}
KINDS_PLURAL = {
    "target": "Målindikatorer",
    "monitoring": "Följetal",
    "quality": "Kvalitetsindikatorer",
    "key_figure": "Nyckeltal",
}
LEVELS = {
    "area": "Område",
    "mission": "Grunduppdrag",
    "council_goal": "Kommunfullmäktiges mål",
    "board_goal": "Nämndens mål",
    "direction": "Inriktning",
}
DIRECTIONS = {"higher": "Högre värde är bättre", "lower": "Lägre värde är bättre"}
COMPARATORS = {"<=": "högst", ">=": "minst", "=": "exakt", "<": "under", ">": "över"}
COMPARATOR_SIGNS = {"<=": "≤", ">=": "≥", "=": "=", "<": "<", ">": ">"}
TRENDS = {"up": "↗ ökande", "flat": "→ oförändrad", "down": "↘ minskande"}
BUDGET_TYPES = {"drift": "Driftbudget", "investering": "Investeringsbudget", "resultat": "Resultatbudget"}
MEASURES = {"netto": "Netto", "intakt": "Intäkt", "kostnad": "Kostnad"}
DECIDED_BY = {"KF": "Kommunfullmäktige", "N/S": "Nämnden/styrelsen"}
UNITS_LONG = {"mnkr": "miljoner kronor", "tkr": "tusen kronor", "kr": "kronor"}

# Problem messages: code -> (svenska, English). {found} and {expected} are filled in.
_MESSAGES: dict[str, tuple[str, str]] = {
    "no-such-folder": ("mappen finns inte", "the folder does not exist"),
    "no-packages": ("inga datapaket (mappar med datapackage.json) hittades", "no data packages (folders with datapackage.json) found"),
    "missing-descriptor": ("datapackage.json saknas", "datapackage.json is missing"),
    "invalid-json": ("är inte giltig JSON ({found})", "is not valid JSON ({found})"),
    "not-utf8": ("filen är inte UTF-8 (spara som UTF-8; Excel: \"CSV UTF-8\")", "the file is not UTF-8 (save as UTF-8; Excel: \"CSV UTF-8\")"),
    "bom": ("filen börjar med en BOM; spara som UTF-8 utan BOM", "the file starts with a byte-order mark; save as UTF-8 without BOM"),
    "semicolon-delimiter": ("semikolon som avgränsare; använd komma (och punkt som decimaltecken)", "semicolon delimiter; use commas (and a dot as decimal mark)"),
    "name-mismatch": ("är \"{found}\", förväntat mappens namn \"{expected}\"", "is \"{found}\", expected the folder name \"{expected}\""),
    "missing-plan": ("egenskapen plan (planens metadata) saknas", "the plan property (plan metadata) is missing"),
    "plan-metadata": ("värdet {found} är fel: {expected}", "the value {found} is wrong: {expected}"),
    "period-reversed": ("slutår {found} före startår, förväntat {expected}", "end year {found} before start year, expected {expected}"),
    "missing-resources": ("listan resources saknas", "the resources list is missing"),
    "missing-resource": ("resursen {expected} saknas", "the resource {expected} is missing"),
    "invalid-resource": ("resursen är inte ett objekt", "the resource is not an object"),
    "duplicate-resource": ("resursen {found} finns två gånger", "the resource {found} appears twice"),
    "schema-mismatch": ("schemat skiljer sig från formatet; kör python -m generator.package för att skriva om det (förväntat {expected})", "the schema differs from the format; run python -m generator.package to rewrite it (expected {expected})"),
    "missing-schema": ("resursen saknar Table Schema", "the resource has no Table Schema"),
    "inline-data": ("data direkt i datapackage.json tillåts inte; använd en CSV-fil", "inline data is not allowed; use a CSV file"),
    "unsafe-path": ("sökvägen {found} pekar utanför paketmappen (absolut, .., länk eller URL)", "the path {found} leaves the package folder (absolute, .., link or URL)"),
    "missing-file": ("filen saknas", "the file is missing"),
    "empty-file": ("filen är tom (minst en rubrikrad behövs)", "the file is empty (a header row is needed)"),
    "file-too-large": ("filen är för stor ({found} byte, förväntat {expected})", "the file is too large ({found} bytes, expected {expected})"),
    "too-many-rows": ("för många rader ({found}, förväntat {expected})", "too many rows ({found}, expected {expected})"),
    "content-error": ("{found}", "{found}"),
    "period-outside-plan": ("året {found} ligger utanför planens år {expected}", "the year {found} is outside the plan's years {expected}"),
    "comparator-not-target": ("jämförelsetecken {found} på ett värde som inte är ett mål (förväntat value_type {expected})", "comparator {found} on a value that is not a target (expected value_type {expected})"),
    "range-not-target": ("intervall (value_max {found}) på ett värde som inte är ett mål", "a range (value_max {found}) on a value that is not a target"),
    "range-reversed": ("övre värdet {found} är mindre än value, förväntat {expected}", "the upper value {found} is below value, expected {expected}"),
    "empty-value-without-note": ("värdet är tomt utan anmärkning (skriv i note varför)", "the value is empty without a note (say why in note)"),
    "percent-out-of-range": ("procentvärdet {found} ligger utanför {expected}", "the percentage {found} is outside {expected}"),
    "indicator-without-goal": ("målindikatorn hör inte till något mål (ange goal_id eller kind monitoring)", "the target indicator belongs to no goal (set goal_id or kind monitoring)"),
    "goal-cycle": ("målen pekar på varandra i en cirkel", "the goals point at each other in a cycle"),
    "total-differs": ("den tryckta summan {found} skiljer sig från radernas summa {expected}", "the printed total {found} differs from the sum of its lines {expected}"),
    "total-without-lines": ("den tryckta summan {found} står utan belopp på raderna den summerar", "the printed total {found} stands over lines that print no amount"),
    "net-differs": ("det tryckta nettot {found} skiljer sig från intäkt + kostnad = {expected}", "the printed net {found} differs from income + cost = {expected}"),
}

_FRICTIONLESS = {
    "type-error": ("fel typ: \"{found}\" ({expected})", "wrong type: \"{found}\" ({expected})"),
    "constraint-error": ("\"{found}\" bryter mot ett villkor ({expected})", "\"{found}\" breaks a constraint ({expected})"),
    "missing-cell": ("cellen saknas ({expected})", "the cell is missing ({expected})"),
    "extra-cell": ("extra cell \"{found}\" ({expected})", "extra cell \"{found}\" ({expected})"),
    "blank-row": ("tom rad", "blank row"),
    "primary-key": ("id:t finns redan på en annan rad ({expected})", "the id already exists on another row ({expected})"),
    "unique-error": ("\"{found}\" finns redan på en annan rad", "\"{found}\" already exists on another row"),
    "foreign-key": ("hänvisningen pekar på något som inte finns ({expected})", "the reference points at nothing ({expected})"),
    "incorrect-label": ("fel kolumnrubrik ({expected})", "wrong column header ({expected})"),
    "extra-label": ("okänd kolumn ({expected})", "unknown column ({expected})"),
    "missing-label": ("kolumn saknas ({expected})", "missing column ({expected})"),
    "duplicate-label": ("kolumnrubriken finns två gånger ({expected})", "the column header appears twice ({expected})"),
    "blank-label": ("tom kolumnrubrik ({expected})", "blank column header ({expected})"),
    "encoding-error": ("teckenkodningen kunde inte läsas ({expected})", "the encoding could not be read ({expected})"),
    "source-error": ("filen kunde inte läsas ({expected})", "the file could not be read ({expected})"),
    "scheme-error": ("filen kunde inte läsas ({expected})", "the file could not be read ({expected})"),
    "format-error": ("filformatet kunde inte läsas ({expected})", "the file format could not be read ({expected})"),
}


def problem_message(problem: "Problem", lang: str = "sv") -> str:
    index = 1 if lang == "en" else 0
    template = (_MESSAGES.get(problem.code) or _FRICTIONLESS.get(problem.code) or ("{code}: {found} {expected}",) * 2)[index]
    return template.format(found=problem.found, expected=problem.expected, code=problem.code).strip()
