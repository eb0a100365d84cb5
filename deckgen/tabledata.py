"""Table data: inline rows or a CSV file, checked cell by cell with locations.

Shared by tables and charts so a CSV is read, limited and reported the same
way wherever a deck names one.
"""

from __future__ import annotations

import csv
import io
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError, Location, Problems, display_path
from deckgen.loader import Plain, PosDict, PosList, normalize_breaks, strip_bad_chars
from deckgen.paths import resolve_inside

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CELLS = 2_000
NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")  # a plain CSV number


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


def read_csv(written: str, base_dir: Path, roots: list[Path], where: Location | None,
             problems: Problems | None = None) -> tuple[list[list[str]], str]:
    """Read a CSV file inside the deck's folder; returns its rows and display name.

    Characters a slide cannot hold are removed (with a warning when ``problems``
    is given), as the loader does for YAML, so no cell reaches python-pptx raw.
    """
    path = resolve_inside(written, base_dir, roots, where, "data file")
    name = display_path(path)
    if path.stat().st_size > MAX_CSV_BYTES:
        raise DeckError(f"data file '{written}' is larger than "
                        f"{MAX_CSV_BYTES // 1048576} MiB", where)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DeckError(f"data file is not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset "
                        f"{exc.start}", Location(name, line, col),
                        hint="save the file as UTF-8") from None
    text = strip_bad_chars(text, name, problems if problems is not None else Problems())
    text = normalize_breaks(text)
    rows, lines = _records(text, name)
    if not rows:
        raise DeckError("data file is empty", Location(name, 1, 1))
    expected = len(rows[0])
    for row, line in zip(rows, lines, strict=True):
        if len(row) != expected:
            raise DeckError(f"CSV row has {len(row)} cells, the header has {expected}",
                            Location(name, line, 1))
    return rows, name


def _records(text: str, name: str) -> tuple[list[list[str]], list[int]]:
    """Non-empty records and the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            if record:
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DeckError(f"CSV does not parse: {exc}", Location(name, start, 1),
                        hint='a cell holding a comma or a quote is written "like, this"'
                        ' with "" for a quote inside') from None
    return rows, lines


THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")  # 1,239 written with commas


def cell(value: str) -> Any:
    """A CSV cell: a number when it is written as one (1,239 too), else its text.

    ``007`` stays text: a leading zero marks a code, not a quantity.
    """
    value = value.strip()
    digits = value.replace(",", "") if THOUSANDS.fullmatch(value) else value
    bare = digits.lstrip("+-")
    if NUMBER.fullmatch(digits) and not (len(bare) > 1 and bare[0] == "0" and bare[1].isdigit()):
        return float(digits)
    return value


def resolve(table: Any, data: PosDict | None, base_dir: Path, roots: list[Path],
            problems: Problems | None = None) -> Grid:
    """The table's cells, from ``rows:`` or ``data:``, checked for shape and format."""
    where = data.where() if isinstance(data, PosDict) else None
    if table.data and table.rows is not None:
        raise DeckError("a table takes 'rows' or 'data', not both", where)
    if table.data:
        raw, _ = read_csv(table.data, base_dir, roots, data.where("data"), problems)
        header, rows = raw[0], [[cell(v) for v in r] for r in raw[1:]]
    elif table.rows is not None:
        header = list(table.header) if table.header else None
        rows = [[_inline(v) for v in r] for r in table.rows]
        _check_widths(header, rows, data)
    else:
        raise DeckError("a table needs 'rows' or 'data'", where)
    if not rows:
        raise DeckError("the table has no rows" + (
            f" ('{table.data}' holds only its header line)" if table.data else ""), where)
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
