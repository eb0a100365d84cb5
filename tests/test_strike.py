"""``~~strike~~``: a real strike-through run, in titles and bullets alike."""

from __future__ import annotations

from pathlib import Path

from conftest import build_ok, write
from deckgen.model.markup import Run, parse, plain


def test_strike_marks_parse_nest_and_stay_literal_when_unpaired() -> None:
    assert parse("was ~~old~~ new") == (Run("was "), Run("old", strike=True), Run(" new"))
    assert parse("**~~a~~ b**") == (Run("a", bold=True, strike=True), Run(" b", bold=True))
    assert parse("about ~5% and ~~ open") == (Run("about ~5% and ~~ open"),)
    assert parse(r"\~\~kept\~\~") == (Run("~~kept~~"),)
    assert plain("~~$40~~ $25") == "$40 $25"


def test_struck_runs_are_written_with_sngstrike(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: T, title_slide: false}
        slides:
          - title: Price ~~2023~~ 2024
            bullets: ["Was ~~三十~~ now 20", "plain"]
        """)
    _, prs = build_ok(deck)
    slide = prs.slides[0]
    struck = [(r.text, r.font._rPr.get("strike")) for shape in slide.shapes
              if shape.has_text_frame for p in shape.text_frame.paragraphs for r in p.runs
              if r.font._rPr.get("strike")]
    assert struck == [("2023", "sngStrike"), ("三十", "sngStrike")]
    assert slide.shapes.title.text_frame.text == "Price 2023 2024"
