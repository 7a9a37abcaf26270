"""The budget chart: horizontal bars per budget table, over every column the plan prints, as SVG.

A panel per drawn line (the table's printed totals, or its lines where they print years the totals
do not), each a bar per column ("Bokslut 2021" … "Prel Budget 2026") with the amount as printed at
its end. Names are wrapped, never cut, and the drawing is narrow enough that its text stays ≥ 12 px
on a 390 px phone. ``bar_chart`` is pure (model in, ``BudgetChart`` out); ``charts.to_svg`` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.analysis.format import format_number
from generator.i18n.texts import label
from generator.model.plan import BudgetLine, BudgetTable
from generator.render import svg
from generator.render.charts import COLOURS, MAX_WIDTH, PAD, wrap
from generator.render.svg import TITLE_FONT

MAX_PANELS = 6  # more lines than this are read in the table, not in a chart


def budget_breakdown(table: BudgetTable) -> list[BudgetLine]:
    """One breakdown of the table: the lines summed into one total (never two breakdowns of a sum).

    Lines of net amounts (activities) come before income/cost lines; then the larger group.
    """
    groups: dict[str, list[BudgetLine]] = {}
    for line in table.lines:
        if not line.is_total:
            groups.setdefault(line.parent_id, []).append(line)
    if not groups:
        return []

    def rank(item):
        _, lines = item
        netto = all(v.measure == "netto" for line in lines for v in line.values)
        return (netto, len(lines))
    return max(groups.items(), key=rank)[1]


def _columns(lines: list[BudgetLine]) -> set[str]:
    return {v.column for line in lines for v in line.values if v.amount is not None}


def chart_lines(table: BudgetTable) -> list[BudgetLine]:
    """The lines to draw: the printed totals at the top of the table (one per name), so that every
    year the plan budgets is there; its lines instead where they print columns the totals leave
    blank (Värnamo's investments 2027–2028) and are few enough to read as panels."""
    totals: dict[str, BudgetLine] = {}
    for line in table.lines:
        if line.is_total and not line.parent_id:
            totals.setdefault(line.name, line)
    breakdown = budget_breakdown(table)
    if breakdown and len(breakdown) <= MAX_PANELS and (not totals or _columns(breakdown) - _columns(list(totals.values()))):
        return breakdown
    return list(totals.values())[:MAX_PANELS]


def _rows(lines: list[BudgetLine], lang: str) -> list[dict]:
    rows = []
    for line in lines:
        name = (line.code + " " if line.code else "") + line.name
        for v in line.values:
            if v.amount is not None:
                rows.append({"Rad": name, "Namn": "\n".join(wrap(name, 34)), "Kolumn": v.column,
                             "Belopp": float(v.amount), "Etikett": format_number(v.amount, lang),
                             "measure": v.measure, "Mått": label("measure", v.measure, lang), "År": v.period})
    return rows


def budget_rows(table: BudgetTable, *, lang: str) -> list[dict]:
    """The bars: ``Rad`` is the line's name (``Namn`` the same, wrapped), ``Kolumn`` the column as
    printed, ``Etikett`` the amount as the page prints it (the document's sign, "−"). A table of one
    column is drawn by its lines instead (a bar per line)."""
    rows = _rows(chart_lines(table), lang)
    if len({r["Kolumn"] for r in rows}) < 2:
        rows = _rows(budget_breakdown(table), lang) or rows
    return rows


@dataclass(frozen=True)
class Bar:
    """One bar: its name on the axis (lines), its amount, and the amount as the page prints it."""

    name: tuple[str, ...]
    amount: float
    label: str


@dataclass(frozen=True)
class Panel:
    """The bars of one line (``name``: its heading's lines; none where the chart has one panel)."""

    name: tuple[str, ...]
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BudgetChart:
    """What a budget chart shows: its title and subtitle lines, the unit, and a panel per line."""

    title: str
    subtitle: tuple[str, ...]
    unit: str
    panels: tuple[Panel, ...]
    lang: str
    step: float = 22  # px a bar's row takes

    def draw(self) -> tuple[float, float, str]:
        return draw_budget(self)


def bar_chart(table: BudgetTable, *, lang: str) -> BudgetChart | None:
    """Bars per column for each drawn line (``chart_lines``, a panel each), or for a table of one
    column a bar per line; None when there are fewer than two bars, only zeros, or a one-column
    table whose lines belong to different years (a bridge from one year's level to the next)."""
    rows = budget_rows(table, lang=lang)
    if len(rows) < 2 or all(r["Belopp"] == 0 for r in rows):
        return None
    columns = [c for c in table.columns if any(r["Kolumn"] == c for r in rows)]
    if len(columns) == 1 and len({r["År"] for r in rows}) > 1:
        return None
    unit = label("unit_long", table.unit, lang) or table.unit
    if len(columns) == 1:  # a bar per line; the names wrapped, never cut
        bars = tuple(Bar(tuple(r["Namn"].split("\n")), r["Belopp"], r["Etikett"]) for r in rows)
        return BudgetChart(table.title, (columns[0],), unit, (Panel((), bars),), lang, step=30)
    names = list(dict.fromkeys(r["Namn"] for r in rows))
    panels = tuple(Panel(tuple(name.split("\n")) if len(names) > 1 else (), tuple(
        Bar((r["Kolumn"],), r["Belopp"], r["Etikett"])
        for r in sorted((r for r in rows if r["Namn"] == name), key=lambda r: columns.index(r["Kolumn"]))))
        for name in names)  # each panel lists only the columns its line prints
    return BudgetChart(table.title, tuple(names[0].split("\n")) if len(names) == 1 else (), unit, panels, lang)


def draw_budget(chart: BudgetChart) -> tuple[float, float, str]:
    """Lay the chart out: title and subtitle, then each panel (its heading, a bar per row with the
    amount at its end: right of a positive bar, left of a negative one), and one amount axis below."""
    amounts = [b.amount for p in chart.panels for b in p.bars]
    low, high = min(0.0, min(amounts) * 1.8), max(0.0, max(amounts) * 1.8)  # room for the amounts at the bars' ends
    names = [line for p in chart.panels for b in p.bars for line in b.name]
    plot_x = PAD + max(svg.text_width(n) for n in names) + 7
    plot_w = min(190.0 if chart.step == 22 else 170.0, MAX_WIDTH - PAD - plot_x)
    width = plot_x + plot_w + PAD

    def x_of(value: float) -> float:
        return plot_x + plot_w * (value - low) / (high - low)

    title = svg.wrap(chart.title, width - 2 * PAD, size=TITLE_FONT, bold=True)
    out = [svg.text(PAD, PAD + 12 + 17 * i, line, size=TITLE_FONT, bold=True) for i, line in enumerate(title)]
    y = PAD + 17 * len(title)
    for line in chart.subtitle:
        out.append(svg.text(PAD, y + 13, line))
        y += 16
    y += 8
    tick_values = svg.ticks(low, high, 3)
    for panel in chart.panels:
        for line in panel.name:
            out.append(svg.text(plot_x, y + 13, line, bold=True, extra=svg.part("panel")))
            y += 17
        y += 4 if panel.name else 0
        bottom = y + chart.step * len(panel.bars)
        out += [svg.line(x_of(float(v)), y, x_of(float(v)), bottom, svg.GRID) for v in tick_values]
        for i, bar in enumerate(panel.bars):
            middle = y + chart.step * (i + 0.5)
            start, end = sorted((x_of(0), x_of(bar.amount)))
            out.append(svg.rect(start, middle - chart.step * 0.45, end - start, chart.step * 0.9, fill=COLOURS[0],
                                extra=svg.part("bar")))
            if bar.amount >= 0:
                out.append(svg.text(x_of(bar.amount) + 3, svg.middle(middle), bar.label, extra=svg.part("value")))
            else:
                out.append(svg.text(x_of(bar.amount) - 3, svg.middle(middle), bar.label, anchor="end", extra=svg.part("value")))
            out.append(svg.line(plot_x - 5, middle, plot_x, middle))
            for j, line in enumerate(bar.name):
                out.append(svg.text(plot_x - 7, svg.middle(middle + 16 * (j - (len(bar.name) - 1) / 2)), line, anchor="end"))
        out.append(svg.line(plot_x, y, plot_x, bottom))
        y = bottom + 14
    y -= 14
    texts = [svg.tick_label(v, chart.lang) for v in tick_values]
    positions = [x_of(float(v)) for v in tick_values]
    out.append(svg.line(plot_x, y, plot_x + plot_w, y))
    for x, text, show in zip(positions, texts, svg.thin(positions, [svg.text_width(t) for t in texts])):
        out.append(svg.line(x, y, x, y + 5))
        if show:
            out.append(svg.text(x, y + 19, text, anchor="middle"))
    out.append(svg.text(plot_x + plot_w / 2, y + 37, chart.unit, anchor="middle", bold=True))
    return width, y + 37 + 4 + PAD, "".join(out)
