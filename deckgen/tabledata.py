"""Table data: inline rows or a CSV file, checked cell by cell with locations.

Shared by tables and charts so a CSV is read, limited and reported the same
way wherever a deck names one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError, Location, display_path
from deckgen.loader import Plain, PosDict, PosList
from deckgen.paths import resolve_inside

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CELLS = 2_000
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


@dataclass
class Grid:
    header: list[str] | None
    rows: list[list[Any]]  # str or float cells
    number_format: str | None = None
    heat: bool = False
    center: float | None = None

    @property
    def width(self) -> int:
        return len(self.header) if self.header else max(len(r) for r in self.rows)

    def format(self, value: Any) -> str:
        if isinstance(value, float):
            if self.number_format:
                return self.number_format.format(value)
            return f"{value:g}" if abs(value) < 1e15 else f"{value:.3e}"
        return "" if value is None else str(value)

    def numbers(self) -> list[float]:
        return [v for row in self.rows for v in row if isinstance(v, float)]


def read_csv(written: str, base_dir: Path, roots: list[Path],
             where: Location | None) -> tuple[list[list[str]], str]:
    """Read a CSV file inside the deck's folder; returns its rows and display name."""
    path = resolve_inside(written, base_dir, roots, where, "data file")
    name = display_path(path)
    if path.stat().st_size > MAX_CSV_BYTES:
        raise DeckError(f"data file '{written}' is larger than "
                        f"{MAX_CSV_BYTES // 1048576} MiB", where)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeckError(f"data file is not UTF-8 (byte offset {exc.start})",
                        Location(name, 1, 1)) from None
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]
    except csv.Error as exc:
        raise DeckError(f"CSV does not parse: {exc}", Location(name, 1, 1)) from None
    if not rows:
        raise DeckError("data file is empty", Location(name, 1, 1))
    widths = {len(r) for r in rows}
    if len(widths) > 1:
        expected = len(rows[0])
        for line, row in enumerate(rows, start=1):
            if len(row) != expected:
                raise DeckError(
                    f"CSV row has {len(row)} cells, the header has {expected}",
                    Location(name, _csv_line(text, line), 1))
    return rows, name


def _csv_line(text: str, row: int) -> int:
    """Line of the row-th non-empty record (CSV files here have one record per line)."""
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            count += 1
            if count == row:
                return number
    return row


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")


def cell(value: str) -> Any:
    """A CSV cell: a number when it is written as one (1,239 too), else its text.

    ``007`` stays text: a leading zero marks a code, not a quantity.
    """
    value = value.strip()
    digits = value.replace(",", "") if _THOUSANDS.fullmatch(value) else value
    bare = digits.lstrip("+-")
    if _NUMBER.fullmatch(digits) and not (len(bare) > 1 and bare[0] == "0" and bare[1].isdigit()):
        return float(digits)
    return value


def resolve(table: Any, data: PosDict | None, base_dir: Path, roots: list[Path]) -> Grid:
    """The table's cells, from ``rows:`` or ``data:``, checked for shape and format."""
    where = data.where() if isinstance(data, PosDict) else None
    if table.data and table.rows is not None:
        raise DeckError("a table takes 'rows' or 'data', not both", where)
    if table.data:
        raw, _ = read_csv(table.data, base_dir, roots, data.where("data"))
        header, rows = raw[0], [[cell(v) for v in r] for r in raw[1:]]
    elif table.rows is not None:
        header = list(table.header) if table.header else None
        rows = [[_inline(v) for v in r] for r in table.rows]
        _check_widths(header, rows, data)
    else:
        raise DeckError("a table needs 'rows' or 'data'", where)
    if not rows:
        raise DeckError("the table has no rows", where)
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise DeckError(f"the table has more than {MAX_CELLS} cells; split it", where)
    grid = Grid(header, rows, table.number_format, table.heat, getattr(table, "center", None))
    _check_format(grid, data)
    return grid


def _inline(value: Any) -> Any:
    if isinstance(value, float):
        return value
    if value is None:
        return ""
    return str(value)


def _check_widths(header: list[str] | None, rows: list[list[Any]], data: Any) -> None:
    expected = len(header) if header else len(rows[0]) if rows else 0
    for index, row in enumerate(rows):
        if len(row) != expected:
            rows_node = data.get("rows") if isinstance(data, PosDict) else None
            where = rows_node.where(index) if isinstance(rows_node, PosList) else None
            what = "the header has" if header else "the first row has"
            raise DeckError(f"table row {index + 1} has {len(row)} cells, {what} {expected}",
                            where)


def _check_format(grid: Grid, data: Any) -> None:
    if not grid.number_format:
        return
    try:
        grid.number_format.format(1.5)
    except (ValueError, IndexError, KeyError) as exc:
        where = data.where("number_format") if isinstance(data, PosDict) else None
        raise DeckError(f"number_format '{grid.number_format}' is not a format: {exc}",
                        where, hint='write it like "{:.2f}" or "{:,.0f}"') from None


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


def mix(a: str, b: str, t: float) -> str:
    ca, cb = _rgb(a), _rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb, strict=True))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(fill: str, *candidates: str) -> str:
    """Of the candidate text colours, the one that reads best on ``fill``."""
    best = max(candidates, key=lambda c: contrast(c, fill))
    if contrast(best, fill) >= 4.5:
        return best
    return max([*candidates, "#000000", "#FFFFFF"], key=lambda c: contrast(c, fill))


__all__ = ["Grid", "Plain", "resolve", "read_csv", "heat_scale", "mix", "contrast"]
