"""A table slide's cells: inline rows or a CSV file, checked with locations; heat shading."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError, Location, Problems
from deckgen.model.colours import mix, readable_on
from deckgen.source.csv import cell, number_problem, read_csv_data
from deckgen.source.loader import Plain, PosDict, PosList

MAX_CELLS = 2_000


@dataclass
class Grid:
    header: list[str] | None
    rows: list[list[Any]]  # str or float cells
    number_format: str | None = None
    heat: bool = False
    center: float | None = None
    align: list[str] | None = None  # as written; :meth:`aligns` completes it
    total: bool = False  # the last row sums the others

    @property
    def width(self) -> int:
        return len(self.header) if self.header else max(len(r) for r in self.rows)

    def aligns(self) -> list[str]:
        """Each column's alignment: as written, else right for a column of numbers and
        left for text, so digits line up and a "4" never sits under "SQLite" at the right
        (a totals row's label, "All", does not make a column of numbers text)."""
        written = list(self.align or [])
        out = []
        for c in range(self.width):
            if c < len(written):
                out.append(written[c])
                continue
            body = self.rows[:-1] if self.total and len(self.rows) > 1 else self.rows
            cells = [row[c] for row in body if c < len(row) and row[c] not in ("", None)]
            numeric = bool(cells) and all(isinstance(v, float) for v in cells)
            out.append("right" if numeric else "left")
        return out

    def part(self, rows: list[list[Any]]) -> Grid:
        """The same table showing only ``rows`` (one part of a split): the totals row
        stays a totals row only in the part that ends with it."""
        total = self.total and bool(rows) and rows[-1] is self.rows[-1]
        return Grid(self.header, rows, self.number_format, self.heat, self.center,
                    self.aligns(), total)

    def format(self, value: Any) -> str:
        if isinstance(value, float):
            if self.number_format:
                return self.number_format.format(value)
            return f"{value:g}" if abs(value) < 1e15 else f"{value:.3e}"
        return "" if value is None else str(value)

    def numbers(self) -> list[float]:
        """The values a heat scale spans: a totals row would dwarf the rest."""
        rows = self.rows[:-1] if self.total and len(self.rows) > 1 else self.rows
        return [v for row in rows for v in row if isinstance(v, float)]


def resolve(table: Any, data: PosDict | None, base_dir: Path, roots: list[Path],
            problems: Problems | None = None) -> Grid:
    """The table's cells, from ``rows:`` or ``data:``, checked for shape and format."""
    where = data.where() if isinstance(data, PosDict) else None
    if table.data and table.rows is not None:
        raise DeckError("a table takes 'rows' or 'data', not both", where)
    if table.data:
        csv_data = read_csv_data(table.data, base_dir, roots, data.where("data"), problems)
        raw = csv_data.rows
        header, rows = raw[0], [[cell(v) for v in r] for r in raw[1:]]
        _check_numbers(rows, lambda r, c: csv_data.at(r + 1, c), raw[1:])
    elif table.rows is not None:
        header = list(table.header) if table.header else None
        rows = [[_inline(v) for v in r] for r in table.rows]
        _check_widths(header, rows, data)
        rows_node = data.get("rows") if isinstance(data, PosDict) else None
        _check_numbers(rows, lambda r, c: _cell_where(rows_node, r, c) or where, rows)
    else:
        raise DeckError("a table needs 'rows' or 'data'", where)
    if not rows:
        raise DeckError("the table has no rows" + (
            f" ('{table.data}' holds only its header line)" if table.data else ""), where)
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise DeckError(f"the table has more than {MAX_CELLS} cells; split it", where)
    width = len(header) if header else max(len(r) for r in rows)
    if width > MAX_COLUMNS:
        raise DeckError(f"the table has {width:,} columns; a slide shows at most "
                        f"{MAX_COLUMNS}", where, hint="split it, or turn it on its side")
    grid = Grid(header, rows, table.number_format, table.heat, getattr(table, "center", None),
                getattr(table, "align", None), getattr(table, "total", False))
    _check_format(grid, data)
    _check_align(grid, data)
    return grid


def _check_align(grid: Grid, data: Any) -> None:
    """More alignments than columns is a mistake: which column was meant is unclear."""
    if grid.align and len(grid.align) > grid.width:
        where = data.where("align") if isinstance(data, PosDict) else None
        raise DeckError(f"table align names {len(grid.align)} columns, the table has "
                        f"{grid.width}", where, hint="give one of left, right, center a column")


MAX_COLUMNS = 100  # beyond this a column is narrower than a letter (the format allows 1000)


def _check_numbers(rows: list[list[Any]], at: Callable[[int, int], Location | None],
                   written: list[list[Any]]) -> None:
    """Infinite, undefined or overflowing numbers are located errors, not 'inf' cells or
    a heat scale that divides by infinity."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, float) and number_problem(value):
                shown = str(written[r][c]).strip()
                raise DeckError(f"table cell '{shown}' {number_problem(value)}", at(r, c),
                                hint="write it as text in quotes if it is a label")


def _cell_where(rows_node: Any, r: int, c: int) -> Location | None:
    row = rows_node[r] if isinstance(rows_node, PosList) and r < len(rows_node) else None
    return row.where(c) if isinstance(row, PosList) else None


def _inline(value: Any) -> Any:
    if isinstance(value, float):
        return value
    if value is None:
        return ""
    return str(value)


def _check_widths(header: list[str] | None, rows: list[list[Any]], data: Any) -> None:
    expected = len(header) if header else len(rows[0]) if rows else 0
    if rows and not expected:
        where = data.where("header" if header is not None else "rows") if isinstance(
            data, PosDict) else None
        raise DeckError("the table's " + ("header" if header is not None else "first row")
                        + " has no cells", where)
    for index, row in enumerate(rows):
        if len(row) != expected:
            rows_node = data.get("rows") if isinstance(data, PosDict) else None
            where = rows_node.where(index) if isinstance(rows_node, PosList) else None
            what = "the header has" if header else "the first row has"
            raise DeckError(f"table row {index + 1} has {len(row)} cells, {what} {expected}",
                            where)


# One ``{}`` field with a plain numeric spec: fill/align, sign, width and
# precision of at most two digits, type.  No field names (``{0.__class__}``
# reads attributes) and no huge widths (``{:.999999999f}`` builds a gigabyte).
_SPEC = re.compile(r"(.?[<>=^])?[-+ ]?#?0?\d{0,2}[,_]?(\.\d{1,2})?[eEfFgGn%]?")


def _check_format(grid: Grid, data: Any) -> None:
    if not grid.number_format:
        return
    where = data.where("number_format") if isinstance(data, PosDict) else None
    check_number_format(grid.number_format, where)


def check_number_format(fmt: str, where: Location | None) -> None:
    """Refuse a format that is not one safe numeric field; try it on a number."""
    hint = 'write it like "{:.2f}", "{:,.0f}" or "{:.1f}%"'
    try:
        fields = [f for f in string.Formatter().parse(fmt) if f[1] is not None]
    except ValueError as exc:
        raise DeckError(f"number_format '{fmt}' is not a format: {exc}", where,
                        hint=hint) from None
    if len(fields) != 1:
        raise DeckError(f"number_format '{fmt}' must hold exactly one {{}} field, "
                        f"it has {len(fields)}", where, hint=hint)
    _, name, spec, conversion = fields[0]
    if name not in ("", "0") or conversion or not _SPEC.fullmatch(spec or ""):
        raise DeckError(f"number_format '{fmt}': only a number format such as {{:.2f}} is "
                        "allowed in the braces", where, hint=hint)
    try:
        fmt.format(1.5)
    except (ValueError, IndexError, KeyError) as exc:
        raise DeckError(f"number_format '{fmt}' is not a format: {exc}", where,
                        hint=hint) from None


def heat_scale(grid: Grid, theme: Any) -> Callable[[float], tuple[str, str]]:
    """Map a value to (fill, text colour): sequential, or diverging around ``center``."""
    values = grid.numbers() or [0.0]
    low, high = min(values), max(values)
    base = theme.colors.background
    hot, cold = theme.colors.palette[0], theme.colors.palette[1]
    if theme.colors.accent.upper() != hot.upper():
        hot = theme.colors.accent

    def scale(value: float) -> tuple[str, str]:
        if grid.center is not None:
            span = max(high - grid.center, grid.center - low) or 1.0
            t = (value - grid.center) / span
            fill = mix(base, hot if t >= 0 else cold, min(abs(t), 1.0) * 0.85)
        else:
            t = (value - low) / ((high - low) or 1.0)
            fill = mix(base, hot, 0.08 + t * 0.77)
        return fill, readable_on(fill, theme.colors.text, theme.colors.on_accent)

    return scale


__all__ = ["Grid", "Plain", "resolve", "heat_scale"]
