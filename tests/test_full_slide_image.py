"""Image slides without a title: the picture fills the slide, the alt text names the slide."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DECKS, build_ok, problems_of, write


def _deck(tmp_path: Path, extra: str = "") -> Path:
    shutil.copy(DECKS / "spec" / "images" / "roadmap.png", tmp_path / "roadmap.png")
    return write(tmp_path, f"""
        deck: {{title: Pictures, title_slide: false}}
        slides:
          - image: roadmap.png
            alt: "The roadmap's cover"
            {extra}
        """)


def test_untitled_picture_fills_the_slide_with_an_accessible_title(tmp_path: Path) -> None:
    _, prs = build_ok(_deck(tmp_path))
    slide = prs.slides[0]
    picture = next(s for s in slide.shapes if s.name == "Image")
    assert (picture.left, picture.top) == (0, 0)
    assert (picture.width, picture.height) == (prs.slide_width, prs.slide_height)  # cover
    assert picture._element.xpath(".//p:cNvPr/@descr") == ["The roadmap's cover"]
    title = slide.shapes.title
    assert title is not None and title.text_frame.text == "The roadmap's cover"
    assert title.top + title.height <= 0  # above the slide's top edge: read, not drawn
    assert not any(s.name in ("Footer", "Slide Number") for s in slide.shapes)


def test_untitled_picture_may_be_contained_and_captioned(tmp_path: Path) -> None:
    _, prs = build_ok(_deck(tmp_path, "fit: contain\n            caption: CAS, 2009"))
    slide = prs.slides[0]
    picture = next(s for s in slide.shapes if s.name == "Image")
    assert picture.height == prs.slide_height and picture.width < prs.slide_width
    caption = next(s for s in slide.shapes if s.name == "Caption")
    assert caption.text_frame.text == "CAS, 2009"
    assert 0 < caption.top < prs.slide_height


def test_untitled_picture_still_needs_alt_text(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: Pictures, title_slide: false}
        slides:
          - image: roadmap.png
        """)
    assert problems_of(deck) == ["deck.yaml:3:5: error: slide 1 needs 'alt'"]
