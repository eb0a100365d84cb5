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


STAFF = """\
deck: {title: "Staff", theme: contrast, title_slide: false}
slides:
  - title: >-
      Who teaches this course, where to find us, and how to reach us outside the
      lecture hours
    table:
      header: [Role, Name, Office, Hours, Contact]
      rows:
        - [Lecturer, "Dr. Amal Haddad", B2.14, "Tue 14–16", a.haddad@uni.example]
        - [Teaching assistant, Jonas Weber, B2.09, "Wed 10–12", j.weber@uni.example]
        - [Teaching assistant, Priya Raman, B2.09, "Thu 13–15", p.raman@uni.example]
        - [Lab technician, Tomasz Nowak, Lab C1, "Mon–Fri 9–17", lab-c1@uni.example]
"""


def test_a_slightly_smaller_size_keeps_every_value_on_one_line(tmp_path: Path) -> None:
    """At the largest size that fits, names and hours would break ("Mon–Fri 9–" over
    "17"); a size a little smaller keeps each on its line, as LibreOffice draws it."""
    from render_audit import page_words, render

    result, _ = build_ok(write(tmp_path / "staff", STAFF), tmp_path / "staff.pptx")
    pages, _ = page_words(render([result.output], tmp_path / "pdf")[result.output])
    line_of = {word.text: word.line for word in pages[0]}
    assert "9–17" in line_of, sorted(line_of)
    assert line_of["Amal"] == line_of["Haddad"] and line_of["Tomasz"] == line_of["Nowak"]
    assert line_of["Teaching"] == line_of["assistant"]
