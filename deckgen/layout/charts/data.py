"""A chart's numbers, from inline YAML or a CSV file, checked with locations.

The model already refuses text where a number belongs in YAML; what only the
whole chart can tell (counts that disagree, CSV cells, values a chart type
cannot draw, a highlight that names nothing) is checked here, and every
problem points at the YAML or CSV line that caused it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from deckgen.errors import DeckError, Location, Problems
from deckgen.layout.charts.job import DataSeries
from deckgen.model import markup
from deckgen.model.charts import Rules
from deckgen.source.csv import NUMBER, THOUSANDS, number_problem, read_csv_data
from deckgen.source.loader import PosDict, PosList

MAX_VALUES = 2_000  # beyond this a chart is unreadable on a slide
INLINE = ("categories", "series")
HEAT_INLINE = ("rows", "columns", "values")


@dataclass
class ChartData:
    """Categories and series, with a way back to where each value was written."""

    categories: list[str]
    series: list[DataSeries]
    value_at: Callable[[int, int], Optional[Location]]  # (series, value) -> location
    series_at: Callable[[int], Optional[Location]]  # the series' list of values
    categories_at: Optional[Location]
    csv: bool = False
    problems: Problems = field(default_factory=Problems)


def locate(node: Any, *path: Any) -> Optional[Location]:
    """The deepest location along ``path`` that the YAML has."""
    where = getattr(node, "loc", None)
    for key in path:
        in_map = isinstance(node, PosDict) and isinstance(key, str) and key in node
        in_list = isinstance(node, PosList) and isinstance(key, int) and 0 <= key < len(node)
        if not (in_map or in_list):
            break
        where, node = node.where(key), node[key]
    return where


def resolve(chart: Any, data: Any, base_dir: Path, roots: list[Path]) -> ChartData:
    """Read the chart's table from ``data:`` or inline keys; raise on a wrong shape."""
    heat = chart.type == "heatmap"
    inline = [k for k in (HEAT_INLINE if heat else INLINE) if getattr(chart, k) is not None]
    foreign = [k for k in (INLINE if heat else HEAT_INLINE) if getattr(chart, k) is not None]
    if foreign:
        what = "rows, columns and values" if heat else "categories and series"
        raise DeckError(f"chart.{foreign[0]} does not belong to a {chart.type} chart",
                        locate(data, foreign[0]),
                        hint=f"a {chart.type} chart takes {what} (or data: FILE.csv)")
    if chart.data is not None:
        if inline:
            raise DeckError(f"chart has both 'data' and inline '{inline[0]}'; give one of them",
                            locate(data, "data"),
                            hint="data: names a CSV file that replaces "
                            + ("rows, columns and values" if heat else "categories and series"))
        return _from_csv(chart, data, base_dir, roots, heat)
    return _heat_inline(chart, data) if heat else _inline(chart, data)


def _inline(chart: Any, data: Any) -> ChartData:
    missing = [k for k in INLINE if getattr(chart, k) is None]
    if missing:
        raise DeckError(f"chart needs '{missing[0]}' (or data: FILE.csv)", locate(data),
                        hint="categories: [...] and series: [{name: ..., values: [...]}]")
    categories = [markup.plain(c) for c in chart.categories]
    series = [DataSeries(markup.plain(s.name), tuple(s.values)) for s in chart.series]
    table = ChartData(categories, series,
                      value_at=lambda i, j: locate(data, "series", i, "values", j),
                      series_at=lambda i: locate(data, "series", i, "values"),
                      categories_at=locate(data, "categories"))
    problems = table.problems
    if not categories:
        problems.error("chart.categories is empty", table.categories_at)
    if not series:
        problems.error("chart.series is empty", locate(data, "series"))
    for i, s in enumerate(series):
        if len(s.values) != len(categories):
            label = f' ("{s.name}")' if s.name else ""
            problems.error(f"chart.series[{i}].values{label} has {len(s.values)} values, "
                           f"categories has {len(categories)}", table.series_at(i),
                           hint="give every series one value per category (null for a gap)")
    return table


def _heat_inline(chart: Any, data: Any) -> ChartData:
    missing = [k for k in HEAT_INLINE if getattr(chart, k) is None]
    if missing:
        raise DeckError(f"a heatmap needs '{missing[0]}' (or data: FILE.csv)", locate(data),
                        hint="rows: [...], columns: [...] and values: a list of rows")
    rows = [markup.plain(r) for r in chart.rows]
    columns = [markup.plain(c) for c in chart.columns]
    cells = [tuple(r) for r in chart.values]
    series = [DataSeries(name, row) for name, row in zip(rows, cells, strict=False)]
    table = ChartData(columns, series,
                      value_at=lambda i, j: locate(data, "values", i, j),
                      series_at=lambda i: locate(data, "values", i),
                      categories_at=locate(data, "columns"))
    problems = table.problems
    if not rows or not columns:
        problems.error(f"heatmap {'rows' if not rows else 'columns'} is empty",
                       locate(data, "rows" if not rows else "columns"))
    if len(cells) != len(rows):
        problems.error(f"heatmap values has {len(cells)} rows, rows has {len(rows)} names",
                       locate(data, "values"), hint="one list of values per row name")
    for i, row in enumerate(cells):
        if len(row) != len(columns):
            name = f' ("{rows[i]}")' if i < len(rows) else ""
            problems.error(f"heatmap values row {i + 1}{name} has {len(row)} cells, "
                           f"columns has {len(columns)}", locate(data, "values", i),
                           hint="write null for a blank cell")
    return table


def _from_csv(chart: Any, data: Any, base_dir: Path, roots: list[Path], heat: bool) -> ChartData:
    where = locate(data, "data")
    csv_data = read_csv_data(str(chart.data), base_dir, roots, where)
    rows, at = csv_data.rows, csv_data.at  # each record's own line, quoted breaks counted

    header, body = rows[0], rows[1:]
    if len(header) < 2:
        raise DeckError("a chart's CSV needs a first column of "
                        + ("row names" if heat else "categories")
                        + " and at least one column of values", at(0, 0))
    if not body:
        raise DeckError("the CSV has a header row but no data rows", at(0, 0))
    problems = Problems()
    grid = [[_csv_number(text, at(r + 1, c + 1), problems) for c, text in enumerate(row[1:])]
            for r, row in enumerate(body)]
    labels = [row[0].strip() for row in body]
    names = [h.strip() for h in header[1:]]
    if heat:
        series = [DataSeries(label, tuple(row)) for label, row in zip(labels, grid, strict=False)]
        table = ChartData(names, series, value_at=lambda i, j: at(i + 1, j + 1),
                          series_at=lambda i: at(i + 1, 0), categories_at=at(0, 0), csv=True)
    else:
        series = [DataSeries(n, tuple(row[c] for row in grid)) for c, n in enumerate(names)]
        table = ChartData(labels, series, value_at=lambda i, j: at(j + 1, i + 1),
                          series_at=lambda i: at(0, i + 1), categories_at=at(1, 0), csv=True)
    table.problems.extend(problems)
    return table


def _csv_number(text: str, where: Location, problems: Problems) -> Optional[float]:
    """A CSV cell as a number; an empty cell is a gap."""
    written = text.strip()
    if not written:
        return None
    plain = written.replace(",", "") if THOUSANDS.fullmatch(written) else written
    if NUMBER.fullmatch(plain):
        return float(plain)
    hint = "leave the cell empty for a gap"
    if written.endswith("%") or written.startswith("$"):
        hint = "write the bare number and set the chart's unit:"
    problems.error(f"CSV cell '{written}' is not a number", where, hint=hint)
    return None


def check(table: ChartData, chart: Any, rules: Rules, data: Any) -> None:
    """Every rule a chart type sets, reported all at once."""
    problems = table.problems
    problems.raise_if_errors()  # a wrong shape first: the values cannot be read against it
    _check_series_count(table, chart, rules, data, problems)
    for i, s in enumerate(table.series):
        for j, v in enumerate(s.values):
            _check_value(table, chart, rules, i, j, v, problems)
    if not rules.negative and not problems.errors:
        for i, s in enumerate(table.series):
            if sum(v or 0 for v in s.values) <= 0:
                named = f" of '{s.name}'" if s.name else ""
                problems.error(f"a {rules.noun} has nothing to show: the values{named} add up "
                               "to 0", table.series_at(i))
    if rules.max_categories is not None and len(table.categories) > rules.max_categories:
        problems.error(f"a {rules.noun} shows at most {rules.max_categories} categories; this "
                       f"one has {len(table.categories)}", table.categories_at,
                       hint="use a bar chart, or group the small ones as 'Other'")
    total = sum(len(s.values) for s in table.series)
    if total > MAX_VALUES:
        problems.error(f"chart has {total:,} values; a slide shows at most {MAX_VALUES:,}",
                       locate(data), hint="summarise the data or split the chart")
    _check_highlight(table, chart, data, problems)
    if chart.center is not None and chart.type != "heatmap":
        problems.error("chart.center is for heatmaps", locate(data, "center"),
                       hint="remove it, or use type: heatmap")
    problems.raise_if_errors()


def _check_series_count(table: ChartData, chart: Any, rules: Rules, data: Any,
                        problems: Problems) -> None:
    count = len(table.series)
    if count == 0 or chart.type == "heatmap":
        return
    too_few = count < rules.min_series
    too_many = rules.max_series is not None and count > rules.max_series
    if too_few or too_many:
        where = locate(data, "data") if table.csv else locate(data, "series")
        problems.error(f"a {rules.noun} takes {rules.series_hint}; this one has {count} series",
                       where)


def _check_value(table: ChartData, chart: Any, rules: Rules, i: int, j: int,
                 v: Optional[float], problems: Problems) -> None:
    if j >= len(table.categories):
        return  # a count mismatch, reported once for the series
    name = table.series[i].name
    what = f"'{table.categories[j]}'" + (f" of '{name}'" if name else "")
    if v is None:
        if not rules.gaps:
            problems.error(f"{what} has no value; a {rules.noun} cannot show a gap",
                           table.value_at(i, j), hint="give a number (0 for nothing)")
        return
    if number_problem(v):
        problems.error(f"{what} {number_problem(v)}", table.value_at(i, j))
    elif v < 0 and not rules.negative:
        problems.error(f"{what} is negative ({v:g}); a {rules.noun} shows parts of a whole",
                       table.value_at(i, j), hint="use a bar chart for values below zero")


def _check_highlight(table: ChartData, chart: Any, data: Any, problems: Problems) -> None:
    if chart.highlight is None:
        return
    target = markup.plain(chart.highlight)
    names = [s.name for s in table.series if s.name]
    if target in table.categories or target in names:
        return
    heat = chart.type == "heatmap"
    choices = list(dict.fromkeys(table.categories + names))
    close = difflib.get_close_matches(target, choices, 1, 0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(choices[:12])
    what = "row or column" if heat else "category or series"
    problems.error(f"chart.highlight '{target}' names no {what}", locate(data, "highlight"),
                   hint=hint)
