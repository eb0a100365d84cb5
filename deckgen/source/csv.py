"""CSV files named by a deck: read inside its folders, limited, and located.

Tables and charts read their ``data:`` files here, so a CSV is read, limited
and reported the same way wherever a deck names one.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError, Location, Problems, display_path
from deckgen.source.loader import normalize_breaks, strip_bad_chars
from deckgen.source.paths import resolve_inside

MAX_CSV_BYTES = 5 * 1024 * 1024
NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")  # a plain CSV number


# Numbers a chart or table takes: beyond this, sums, spans and axis ticks overflow to
# infinity (1e308 - -1e308) and matplotlib draws an empty chart.  A googol is far past
# any quantity a slide shows.
MAX_MAGNITUDE = 1e100


def number_problem(value: float) -> str | None:
    """Why ``value`` cannot be shown (infinite, not a number, too large), or None."""
    if not math.isfinite(value):
        return "is not a finite number"
    if abs(value) >= MAX_MAGNITUDE:
        return f"is too large ({value:.3g}); deckgen takes numbers below 1e100 in size"
    return None


@dataclass(frozen=True)
class CsvData:
    """A CSV file's records, the line each starts on and the text of every line."""

    rows: list[list[str]]
    lines: list[int]
    name: str
    texts: list[str]

    def at(self, row: int, col: int) -> Location:
        """Where cell ``col`` of record ``row`` starts (a quoted cell may span lines)."""
        line = self.lines[row] if row < len(self.lines) else row + 1
        cols = cell_columns(self.texts[line - 1]) if line - 1 < len(self.texts) else [1]
        return Location(self.name, line, cols[col] if col < len(cols) else 1)


def cell_columns(line: str) -> list[int]:
    """1-based column where each CSV cell of ``line`` starts (quotes respected)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts


def read_csv(written: str, base_dir: Path, roots: list[Path], where: Location | None,
             problems: Problems | None = None) -> tuple[list[list[str]], str]:
    """Read a CSV file inside the deck's folder; returns its rows and display name."""
    data = read_csv_data(written, base_dir, roots, where, problems)
    return data.rows, data.name


def read_csv_data(written: str, base_dir: Path, roots: list[Path], where: Location | None,
                  problems: Problems | None = None) -> CsvData:
    """Read a CSV file inside the deck's folder, with the line of every record.

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
    return CsvData(rows, lines, name, text.split("\n"))


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
