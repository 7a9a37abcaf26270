"""Every user-facing string: UI labels (Swedish) and problem messages (Swedish and English)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from generator.model.problems import Problem

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
CHAPTER_TABLE = "Tabell {n} i kapitlet"
UNITS_LONG = {"mnkr": "miljoner kronor", "tkr": "tusen kronor", "kr": "kronor"}

# Problem messages: code -> (svenska, English). {found}, {expected} and {field} are filled in; when
# expected is "kind: argument" (e.g. "enum: T | K | M"), "code/kind" picks a more exact sentence and
# {arg} is the argument. "code/empty" is used when nothing was found.
_MESSAGES: dict[str, tuple[str, str]] = {
    "no-such-folder": ("mappen finns inte", "the folder does not exist"),
    "no-packages": ("inga datapaket (mappar med datapackage.json) hittades", "no data packages (folders with datapackage.json) found"),
    "unreadable": ("kunde inte kontrolleras: oväntat fel ({found}); rapportera gärna filen som ett fel i plansite", "could not be checked: unexpected error ({found}); please report the file as a plansite bug"),
    "bad-plan-id": ("mappnamnet \"{found}\" kan inte vara plan-id: gemener a–z, siffror och bindestreck ({arg}), och inte namnet på en av webbplatsens egna sidor eller mappar (data, assets, search, om …)", "the folder name \"{found}\" cannot be a plan id: lower-case a–z, digits and hyphens ({arg}), and not the name of one of the site's own pages or folders (data, assets, search, om …)"),
    "missing-descriptor": ("datapackage.json saknas", "datapackage.json is missing"),
    "invalid-json": ("är inte giltig JSON ({found})", "is not valid JSON ({found})"),
    "not-utf8": ("filen är inte UTF-8 (den ser ut att vara {found}); spara som UTF-8 – i Excel: \"CSV UTF-8 (kommaavgränsad)\"", "the file is not UTF-8 (it looks like {found}); save it as UTF-8 – in Excel: \"CSV UTF-8 (Comma delimited)\""),
    "not-utf8/empty": ("filen är inte UTF-8; spara som UTF-8 – i Excel: \"CSV UTF-8 (kommaavgränsad)\"", "the file is not UTF-8; save it as UTF-8 – in Excel: \"CSV UTF-8 (Comma delimited)\""),
    "bom": ("filen börjar med en BOM (byte order mark); spara som UTF-8 utan BOM", "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"),
    "binary-file": ("filen innehåller NUL-tecken och är ingen textfil", "the file contains NUL characters and is not a text file"),
    "semicolon-delimiter": ("semikolon som avgränsare; använd komma (och punkt som decimaltecken)", "semicolon delimiter; use commas (and a dot as decimal mark)"),
    "tab-delimiter": ("tabb som avgränsare; använd komma", "tab delimiter; use commas"),
    "decimal-comma": ("decimalkomma i \"{found}\": använd punkt, {expected}", "decimal comma in \"{found}\": use a dot, {expected}"),
    "thousands-separator": ("tusentalsavgränsare i \"{found}\": skriv talet utan mellanslag, {expected}", "thousands separator in \"{found}\": write the number without spaces, {expected}"),
    "minus-sign": ("typografiskt minustecken i \"{found}\": använd bindestreck, {expected}", "typographic minus sign in \"{found}\": use a hyphen-minus, {expected}"),
    "control-character": ("styrtecknet {found} får inte stå i en text; ta bort det (en radbrytning är \\n)", "the control character {found} must not appear in a text; remove it (a line break is \\n)"),
    "bidi-control": ("tecknet {found} vänder skrivriktningen, så att texten visas som en annan text än den som står i filen; ta bort tecknet", "the character {found} turns the writing direction, so that the text displays as another text than the one in the file; remove the character"),
    "invisible-character": ("det osynliga tecknet {found} står i texten, så att två texter som ser likadana ut skiljer sig; ta bort det (tecknet tas bort när texten publiceras)", "the invisible character {found} is in the text, so that two texts that look the same differ; remove it (the character is removed when the text is published)"),
    "bad-number": ("\"{found}\" är inte ett tal i formen {expected} (siffror 0–9, punkt som decimaltecken, inga exponenter, inga mellanslag)", "\"{found}\" is not a number of the form {expected} (digits 0–9, a dot as decimal mark, no exponent, no spaces)"),
    "name-mismatch": ("är \"{found}\", förväntat mappens namn \"{expected}\"", "is \"{found}\", expected the folder name \"{expected}\""),
    "missing-plan": ("egenskapen plan (planens metadata) saknas", "the plan property (plan metadata) is missing"),
    "plan-metadata": ("värdet {found} är fel, förväntat {expected}", "the value {found} is wrong, expected {expected}"),
    "plan-metadata/required": ("fältet saknas men är obligatoriskt", "the field is missing but required"),
    "plan-metadata/enum": ("värdet {found} är inte tillåtet, förväntat ett av: {arg}", "the value {found} is not allowed, expected one of: {arg}"),
    "plan-metadata/type": ("värdet {found} har fel typ, förväntat {arg}", "the value {found} has the wrong type, expected {arg}"),
    "plan-metadata/pattern": ("värdet {found} har fel form, förväntat mönstret {arg}", "the value {found} has the wrong form, expected the pattern {arg}"),
    "plan-metadata/format": ("värdet {found} är inget giltigt datum (ÅÅÅÅ-MM-DD)", "the value {found} is not a valid date (YYYY-MM-DD)"),
    "plan-metadata/not-empty": ("värdet är tomt men får inte vara det", "the value is empty but must not be"),
    "unknown-plan-field": ("okänt fält \"{found}\" i plan; tillåtna fält: {arg}", "unknown field \"{found}\" in plan; allowed fields: {arg}"),
    "bad-municipality-code": ("kommunkoden {found} finns inte: de två första siffrorna ska vara en länskod ({arg})", "the municipality code {found} does not exist: the first two digits must be a county code ({arg})"),
    "unknown-municipality-code": ("kommunkoden {found} finns inte i SCB:s lista över Sveriges 290 kommuner ({arg})", "the municipality code {found} is not in Statistics Sweden's list of the 290 municipalities ({arg})"),
    "municipality-name-mismatch": ("kommunnamnet \"{found}\" stämmer inte med kommunkoden, som är {expected}", "the municipality name \"{found}\" does not match the municipality code, which is {expected}"),
    "period-reversed": ("året {found} ligger fel i förhållande till planens period, förväntat {expected}", "the year {found} is out of order with the plan period, expected {expected}"),
    "missing-resources": ("listan resources saknas", "the resources list is missing"),
    "missing-resource": ("resursen {expected} saknas (den får ha bara en rubrikrad)", "the resource {expected} is missing (it may hold just a header row)"),
    "invalid-resource": ("resursen är fel: {found}", "the resource is wrong: {found}"),
    "invalid-resource/pattern": ("resursens namn {found} är fel, förväntat mönstret {arg}", "the resource name {found} is wrong, expected the pattern {arg}"),
    "invalid-resource/empty": ("resursen är inte ett objekt", "the resource is not an object"),
    "invalid-resource/type": ("värdet {found} har fel typ, förväntat {arg}", "the value {found} has the wrong type, expected {arg}"),
    "duplicate-resource": ("resursen {found} finns två gånger", "the resource {found} appears twice"),
    "resource-property": ("värdet {found} tillåts inte, förväntat {expected} (bara UTF-8-kodade CSV-filer med komma läses)", "the value {found} is not allowed, expected {expected} (only UTF-8 CSV files with commas are read)"),
    "resource-property/none": ("egenskapen {found} tillåts inte (bara UTF-8-kodade CSV-filer med komma och standardformat läses)", "the property {found} is not allowed (only UTF-8 CSV files with commas and the default dialect are read)"),
    "schema-mismatch": ("schemat skiljer sig från formatet vid {found}; kör python -m generator.spec.package för att skriva om det (förväntat {expected})", "the schema differs from the format at {found}; run python -m generator.spec.package to rewrite it (expected {expected})"),
    "missing-schema": ("resursen saknar Table Schema", "the resource has no Table Schema"),
    "inline-data": ("data direkt i datapackage.json tillåts inte; använd en CSV-fil", "inline data is not allowed; use a CSV file"),
    "unsafe-path": ("sökvägen {found} pekar utanför paketmappen (absolut, .., länk eller URL)", "the path {found} leaves the package folder (absolute, .., link or URL)"),
    "hidden-path": ("sökvägen {found} har en del som börjar med punkt, alltså en dold fil som webbservrar och program behandlar särskilt; byt namn på filen, t.ex. till {expected}", "the path {found} has a part that starts with a dot, a hidden file that web servers and programs treat specially; rename the file, e.g. to {expected}"),
    "device-name": ("\"{found}\" är ett namn som Windows reserverar för en enhet (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, också med filändelse) och kan inte bli en fil; välj ett annat namn, t.ex. {expected}", "\"{found}\" is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, also with an extension) and cannot become a file; choose another name, e.g. {expected}"),
    "reserved-name": ("\"{found}\" är namnet på översiktssidan som webbplatsen gör själv (index) och kan inte bli en egen sida; välj ett annat id, t.ex. {expected}", "\"{found}\" is the name of the overview page the site makes itself (index) and cannot be a page of its own; choose another id, e.g. {expected}"),
    "unexpected-path": ("sökvägen är {found}, förväntat {expected}", "the path is {found}, expected {expected}"),
    "missing-file": ("filen saknas", "the file is missing"),
    "empty-file": ("filen är tom (minst en rubrikrad behövs)", "the file is empty (a header row is needed)"),
    "file-too-large": ("filen är för stor ({found} byte, förväntat {expected}; gränsen sätts med PLANSITE_MAX_FILE_BYTES)", "the file is too large ({found} bytes, expected {expected}; set the limit with PLANSITE_MAX_FILE_BYTES)"),
    "too-many-rows": ("för många rader ({found}, förväntat {expected}; gränsen sätts med PLANSITE_MAX_ROWS)", "too many rows ({found}, expected {expected}; set the limit with PLANSITE_MAX_ROWS)"),
    "content-error": ("kapitlet kunde inte läsas ({found})", "the chapter could not be read ({found})"),
    "chapter-bad-filename": ("filnamnet \"{found}\" ska ha formen NN-namn.md (siffror, bindestreck, gemener a–z)", "the file name \"{found}\" must look like NN-name.md (digits, hyphen, lower-case a–z)"),
    "chapter-not-utf8": ("kapitlet är inte UTF-8; spara filen som UTF-8", "the chapter is not UTF-8; save the file as UTF-8"),
    "chapter-front-matter": ("front matter saknas: filen ska börja med ---, title: … och ---", "front matter is missing: the file must start with ---, title: … and ---"),
    "chapter-bad-yaml": ("front matter är inte giltig YAML ({found})", "front matter is not valid YAML ({found})"),
    "chapter-no-title": ("front matter saknar title (en text)", "front matter has no title (a text)"),
    "chapter-bad-order": ("order i front matter ska vara ett heltal, inte {found}", "order in front matter must be an integer, not {found}"),
    "duplicate-chapter": ("kapitlet \"{found}\" finns redan i {expected}; namnen efter numret måste skilja sig", "the chapter \"{found}\" already exists in {expected}; the names after the number must differ"),
    "symlink": ("{found} är en symbolisk länk; länkar följs aldrig – ersätt den med filen själv eller ta bort den", "{found} is a symbolic link; links are never followed – replace it with the file itself or remove it"),
    "not-a-regular-file": ("{found} är ingen vanlig fil (en mapp, FIFO eller enhet); lägg en vanlig fil här eller ta bort den", "{found} is not a regular file (a folder, FIFO or device); put a regular file here or remove it"),
    "unknown-file": ("{found} hör inte till planen och publiceras inte; lägg till den som en resurs i datapackage.json eller ta bort den", "{found} is not part of the plan and is not published; declare it as a resource in datapackage.json or remove it"),
    "unknown-file/chapter": ("{found} är inget kapitel (NN-namn.md) och publiceras inte; ta bort den", "{found} is not a chapter (NN-name.md) and is not published; remove it"),
    "unknown-file/assets": ("{found} publiceras inte: content/assets/ publicerar bara bilder (.png, .jpg, .jpeg, .gif, .webp)", "{found} is not published: content/assets/ publishes only images (.png, .jpg, .jpeg, .gif, .webp)"),
    "chapter-front-matter-too-large": ("front matter är {found} byte; den får vara högst 16 kB (bara title och order behövs)", "the front matter is {found} bytes; at most 16 kB is allowed (only title and order are needed)"),
    "chapter-yaml-alias": ("front matter använder YAML-ankare eller alias ({found}); skriv ut värdet direkt", "the front matter uses a YAML anchor or alias ({found}); write the value out instead"),
    "chapter-yaml-too-deep": ("front matter är nästlad djupare än {found} nivåer; skriv bara title och order", "the front matter nests deeper than {found} levels; write just title and order"),
    "chapter-too-large": ("kapitlet är {found} byte; dela upp det i flera kapitel (högst 1 MB vardera)", "the chapter is {found} bytes; split it into several chapters (at most 1 MB each)"),
    "chapter-too-deep": ("listor eller citat är nästlade {found} nivåer djupt; högst 12 nivåer går att visa", "lists or quotes are nested {found} levels deep; at most 12 levels can be shown"),
    "chapter-too-deep/empty": ("listor eller citat är nästlade för djupt för att kunna visas; förenkla strukturen", "lists or quotes are nested too deeply to be shown; simplify the structure"),
    "chapter-too-complex": ("kapitlet tog för lång tid att omvandla till en sida (många öppna [ eller liknande); förenkla eller dela upp texten", "the chapter took too long to turn into a page (many unclosed [ or similar); simplify or split the text"),
    "chapter-broken-link": ("länken {found} leder inte till något kapitel i planen; länka till en fil NN-namn.md i samma mapp eller en adress som börjar med https://", "the link {found} leads to no chapter of the plan; link to a file NN-name.md in the same folder or to an address starting with https://"),
    "chapter-external-image": ("bilden {found} ligger på en annan webbplats; webbplatsen hämtar inget från andra värdar – lägg bilden i content/assets/", "the image {found} is on another website; the site loads nothing from other hosts – put the image in content/assets/"),
    "chapter-missing-image": ("bilden {found} finns inte i content/assets/; lägg den där och skriv ../assets/filnamn.png", "the image {found} is not in content/assets/; put it there and write ../assets/file-name.png"),
    "custom-pattern": ("mönstret {found} tillåts inte: ett eget mönster kan ta minuter att pröva; använd ett av formatets mönster (t.ex. ^[a-z0-9][a-z0-9-]{{0,79}}$) eller ta bort villkoret", "the pattern {found} is not allowed: a custom pattern can take minutes to test; use one of the format's patterns (e.g. ^[a-z0-9][a-z0-9-]{{0,79}}$) or remove the constraint"),
    "period-outside-plan": ("året {found} ligger utanför planens år {expected}", "the year {found} is outside the plan's years {expected}"),
    "comparator-not-target": ("jämförelsetecken {found} på ett värde som inte är ett mål (förväntat value_type {expected})", "comparator {found} on a value that is not a target (expected value_type {expected})"),
    "range-not-target": ("intervall (value_max {found}) på ett värde som inte är ett mål", "a range (value_max {found}) on a value that is not a target"),
    "range-reversed": ("övre värdet {found} är mindre än value, förväntat {expected}", "the upper value {found} is below value, expected {expected}"),
    "empty-value-without-note": ("värdet är tomt utan anmärkning (skriv i note varför)", "the value is empty without a note (say why in note)"),
    "percent-out-of-range": ("procentvärdet {found} ligger utanför {expected}", "the percentage {found} is outside {expected}"),
    "target-without-baseline": ("indikatorn {found} har ett målvärde men inget utfall att jämföra med", "the indicator {found} has a target but no outcome (utfall) to compare it with"),
    "indicator-without-goal": ("målindikatorn hör inte till något mål (ange goal_id eller kind monitoring)", "the target indicator belongs to no goal (set goal_id or kind monitoring)"),
    "goal-cycle": ("målen pekar på varandra i en cirkel (parent_id {found})", "the goals point at each other in a cycle (parent_id {found})"),
    "line-cycle": ("budgetraderna pekar på varandra i en cirkel (parent_id {found})", "the budget lines point at each other in a cycle (parent_id {found})"),
    "parent-other-table": ("summaraden {found} står i en annan tabell än {expected}", "the total line {found} is in another table than {expected}"),
    "total-differs": ("den tryckta summan {found} skiljer sig från radernas summa {expected}", "the printed total {found} differs from the sum of its lines {expected}"),
    "total-without-lines": ("den tryckta summan {found} står utan belopp på raderna den summerar", "the printed total {found} stands over lines that print no amount"),
    "net-differs": ("det tryckta nettot {found} skiljer sig från intäkt + kostnad = {expected}", "the printed net {found} differs from income + cost = {expected}"),
}

_FRICTIONLESS = {
    "type-error": ("fel typ: \"{found}\", förväntat {expected}", "wrong type: \"{found}\", expected {expected}"),
    "type-error/number": ("\"{found}\" är inget tal; skriv t.ex. -1234.5 (punkt som decimaltecken)", "\"{found}\" is not a number; write e.g. -1234.5 (a dot as decimal mark)"),
    "type-error/integer": ("\"{found}\" är inget heltal; skriv t.ex. 2024", "\"{found}\" is not an integer; write e.g. 2024"),
    "type-error/boolean": ("\"{found}\" är varken true eller false", "\"{found}\" is neither true nor false"),
    "type-error/date": ("\"{found}\" är inget datum i formen ÅÅÅÅ-MM-DD", "\"{found}\" is not a date of the form YYYY-MM-DD"),
    "constraint-error": ("\"{found}\" bryter mot ett villkor ({expected})", "\"{found}\" breaks a constraint ({expected})"),
    "constraint-error/enum": ("\"{found}\" är inte tillåtet, förväntat ett av: {arg}", "\"{found}\" is not allowed, expected one of: {arg}"),
    "constraint-error/pattern": ("\"{found}\" har fel form, förväntat mönstret {arg}", "\"{found}\" has the wrong form, expected the pattern {arg}"),
    "constraint-error/required": ("cellen är tom men måste fyllas i", "the cell is empty but required"),
    "constraint-error/>=": ("\"{found}\" är för litet, förväntat {expected}", "\"{found}\" is too small, expected {expected}"),
    "constraint-error/<=": ("\"{found}\" är för stort, förväntat {expected}", "\"{found}\" is too large, expected {expected}"),
    "missing-cell": ("cellen saknas: raden har färre celler än filen har kolumner ({arg})", "the cell is missing: the row has fewer cells than the file has columns ({arg})"),
    "extra-cell": ("extra cell \"{found}\": raden har fler celler än kolumner ({arg}); ett komma i ett värde (decimalkomma?) delar cellen – använd punkt eller citattecken", "extra cell \"{found}\": the row has more cells than columns ({arg}); a comma in a value (decimal comma?) splits the cell – use a dot or quotes"),
    "blank-row": ("tom rad", "blank row"),
    "primary-key": ("id:t \"{found}\" finns redan på rad {arg}", "the id \"{found}\" already exists on row {arg}"),
    "primary-key/unique": ("id:t \"{found}\" finns redan på en annan rad", "the id \"{found}\" already exists on another row"),
    "unique-error": ("\"{found}\" finns redan på rad {arg}", "\"{found}\" already exists on row {arg}"),
    "unique-error/unique": ("\"{found}\" finns redan på en annan rad", "\"{found}\" already exists on another row"),
    "foreign-key": ("\"{found}\" finns inte i {arg}; hänvisningen pekar på något som inte finns", "\"{found}\" does not exist in {arg}; the reference points at nothing"),
    "incorrect-label": ("kolumnrubriken \"{found}\" står där {field} ska stå; förväntad ordning: {arg}", "the column header \"{found}\" stands where {field} should; expected order: {arg}"),
    "extra-label": ("okänd kolumn \"{found}\"; förväntade kolumner: {arg}", "unknown column \"{found}\"; expected columns: {arg}"),
    "missing-label": ("kolumnen {field} saknas; förväntade kolumner: {arg}", "the column {field} is missing; expected columns: {arg}"),
    "duplicate-label": ("kolumnrubriken \"{found}\" finns två gånger; förväntade kolumner: {arg}", "the column header \"{found}\" appears twice; expected columns: {arg}"),
    "blank-label": ("tom kolumnrubrik; förväntade kolumner: {arg}", "blank column header; expected columns: {arg}"),
    "encoding-error": ("teckenkodningen kunde inte läsas ({expected})", "the encoding could not be read ({expected})"),
    "source-error": ("filen kunde inte läsas ({expected})", "the file could not be read ({expected})"),
    "scheme-error": ("filen kunde inte läsas ({expected})", "the file could not be read ({expected})"),
    "format-error": ("filformatet kunde inte läsas ({expected})", "the file format could not be read ({expected})"),
    "hash-count": ("filens kontrollsumma stämmer inte med datapackage.json ({found})", "the file's hash does not match datapackage.json ({found})"),
    "byte-count": ("filens storlek stämmer inte med datapackage.json ({found})", "the file's size does not match datapackage.json ({found})"),
    "row-constraint": ("raden bryter mot ett villkor ({found})", "the row breaks a constraint ({found})"),
    "package-error": ("datapaketet är fel ({found})", "the data package is wrong ({found})"),
    "resource-error": ("resursen är fel ({found})", "the resource is wrong ({found})"),
    "schema-error": ("schemat är fel ({found})", "the schema is wrong ({found})"),
    "field-error": ("ett fält i schemat är fel ({found})", "a field in the schema is wrong ({found})"),
}

_FALLBACK = ("{code}: {found} (förväntat {expected})", "{code}: {found} (expected {expected})")


def problem_message(problem: "Problem", lang: str = "sv") -> str:
    """The problem in one sentence, Swedish (``"sv"``) or English (``"en"``)."""
    index = 1 if lang == "en" else 0
    kind, _, arg = (problem.expected or "").partition(": ")
    table = {**_MESSAGES, **_FRICTIONLESS}
    keys = [f"{problem.code}/{kind.split(' ')[0] if kind.startswith(('>=', '<=')) else kind}"] if kind else []
    if not problem.found:
        keys.append(f"{problem.code}/empty")
    keys.append(problem.code)
    template = next((table[k] for k in keys if k in table), _FALLBACK)[index]
    return template.format(found=problem.found, expected=problem.expected, arg=arg or problem.expected,
                           field=problem.field, code=problem.code).strip()


# Build and publish messages: code -> (svenska, English). They end up before " – webbplatsen har
# inte ändrats" (or " – the site was not changed"), except "interrupted". {path} is a folder or file.
_BUILD_MESSAGES: dict[str, tuple[str, str]] = {
    "disk-full": ("disken är full när {path} skrivs", "the disk is full while writing {path}"),
    "read-only": ("{path} är skrivskyddad", "{path} is read-only"),
    "no-permission": ("behörighet saknas för att skriva {path}", "no permission to write {path}"),
    "mount-point": ("{path} är en monteringspunkt; välj en mapp inuti den",
                    "{path} is a mount point; choose a folder inside it"),
    "site-dir-overlaps": ("{path} kan inte vara webbplatsens mapp: den rymmer projektet eller ligger i datapackages/ eller content/, som skulle bytas ut; välj en egen mapp, t.ex. site",
                          "{path} cannot be the site folder: it holds the project or lies in datapackages/ or content/, which would be replaced; choose a folder of its own, e.g. site"),
    "locked": ("ett annat bygge pågår redan i {path}; vänta tills det är klart",
               "another build is running in {path}; wait until it has finished"),
    "engine-timeout": ("mkdocs build tog mer än {seconds} sekunder och stoppades (gränsen ändras med PLANSITE_ENGINE_TIMEOUT)",
                       "mkdocs build took more than {seconds} seconds and was stopped (set the limit with PLANSITE_ENGINE_TIMEOUT)"),
    "bad-engine-timeout": ("PLANSITE_ENGINE_TIMEOUT ska vara ett antal sekunder större än 0, inte \"{value}\"",
                           "PLANSITE_ENGINE_TIMEOUT must be a number of seconds above 0, not \"{value}\""),
    "interrupted": ("bygget avbröts ({signal})", "the build was interrupted ({signal})"),
    "settings-missing": ("inställningsfilen {path} saknas (eller är en länk); kör kommandot i projektmappen eller ange --root",
                         "the settings file {path} is missing (or is a link); run the command in the project folder or give --root"),
    "settings-invalid": ("inställningsfilen {path} kan inte läsas ({problem}); den ska vara YAML som i projektets mkdocs.yml",
                         "the settings file {path} cannot be read ({problem}); it must be YAML as in the project's mkdocs.yml"),
    "settings-site-url": ("site_url i {path} är \"{value}\"; den ska vara en fullständig adress som slutar med /, t.ex. https://exempel.se/planer/",
                          "site_url in {path} is \"{value}\"; it must be a full address ending in /, e.g. https://example.org/plans/"),
    "settings-language": ("theme.language i {path} är \"{value}\"; tillåtna språk: {allowed}",
                          "theme.language in {path} is \"{value}\"; allowed languages: {allowed}"),
    "settings-type": ("{setting} i {path} ska vara en text, inte {value}", "{setting} in {path} must be a text, not {value}"),
    "contact-missing": ("kontaktuppgift saknas (ange extra.contact i mkdocs.yml)", "contact missing (set extra.contact in mkdocs.yml)"),
    "input-errors": ("{count} fel i indata", "{count} errors in the input"),
    "strict-warnings": ("{count} varningar (--strict)", "{count} warnings (--strict)"),
    "engine-failed": ("mkdocs build misslyckades", "mkdocs build failed"),
}

#: What the command line says around the problems and the build's result.
_CLI_MESSAGES: dict[str, tuple[str, str]] = {
    "error-line": ("FEL: {line}", "ERROR: {line}"),
    "warning-line": ("VARNING: {line}", "WARNING: {line}"),
    "summary": ("{errors} fel, {warnings} varningar, {plans} giltiga planer",
                "{errors} errors, {warnings} warnings in {plans} valid plans"),
    "not-changed": ("{reason} – webbplatsen har inte ändrats", "{reason} – the site was not changed"),
    "unexpected": ("oväntat fel: {error} (kör med --debug för detaljer)",
                   "unexpected error: {error} (run with --debug for details)"),
    "built": ("Byggde {pages} sidor för {plans} planer och {indicators} indikatorer i {site}",
              "Built {pages} pages for {plans} plans and {indicators} indicators in {site}"),
    "progress-pages": ("Diagram och sidor", "Charts and pages"),
}
_CATALOGUE = {**_BUILD_MESSAGES, **_CLI_MESSAGES}


def t(key: str, lang: str = "sv", **params: object) -> str:
    """The build or command-line message ``key`` in Swedish (``"sv"``) or English (``"en"``)."""
    return _CATALOGUE[key][1 if lang == "en" else 0].format(**params)

