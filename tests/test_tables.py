"""Tables as a reader sees them: the room inside each cell."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Pt

from conftest import build_ok, write

DECK = """\
deck: {title: "Cells", theme: default, title_slide: false}
slides:
  - title: "Results"
    table:
      header: ["Metric", "Before", "After"]
      rows: [["p99 latency (ms)", 840, 35], ["Downtime (min)", 20, 0]]
"""


def test_cells_keep_the_themes_inset_at_their_sides(tmp_path: Path) -> None:
    """Right-aligned numbers and headers keep clear of the cell's edge, as text keeps
    clear of a card's (the default theme's inset is 6 pt)."""
    result, _ = build_ok(write(tmp_path / "cells", DECK), tmp_path / "cells.pptx")
    table = next(s for s in Presentation(str(result.output)).slides[0].shapes
                 if s.has_table).table
    for row in table.rows:
        for cell in row.cells:
            assert cell.margin_left == cell.margin_right == Pt(6)
            assert cell.margin_top < cell.margin_left  # rows stay compact
