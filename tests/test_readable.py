"""What sits on a photograph shows against it: text and the accent rule alike."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pptx import Presentation

from conftest import build_ok, write
from deckgen.model.colours import contrast

DECK = """\
deck: {title: "Grounds", theme: scholar, title_slide: false}
slides:
  - section: "What we measured"
    background: pale.png
  - title: "A list on the same picture"
    background: pale.png
    bullets: ["One", "Two"]
"""
PALE = "#E4E8EE"


def test_an_accent_rule_on_a_pale_picture_shows_against_it(tmp_path: Path) -> None:
    """A section's rule is drawn in the section text colour (near white in scholar); on a
    pale photograph it must change with the title, to at least WCAG's 3:1 for shapes."""
    folder = tmp_path / "grounds"
    deck = write(folder, DECK)
    Image.new("RGB", (320, 180), PALE).save(folder / "pale.png")
    result, _ = build_ok(deck, tmp_path / "grounds.pptx")
    for slide in Presentation(str(result.output)).slides:
        rule = next(s for s in slide.shapes if s.name == "Accent rule")
        assert contrast(f"#{rule.fill.fore_color.rgb}", PALE) >= 3.0, slide.shapes.title.text
