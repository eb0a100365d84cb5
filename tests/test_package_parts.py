"""What readers other than PowerPoint's renderer see: parts, levels and properties.

Text pipelines pair notes with slides by part name, file browsers read the
package's properties and thumbnail, and outline readers read paragraph levels.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openxml_audit import validate_pptx

from conftest import build_ok, write

DECK = """
deck:
  title: "Parts & pieces"
  aspect: "ASPECT"
slides:
  - title: "No notes here"
    bullets:
      - "Level zero"
      - ["Level one", ["Level two"]]
  - title: "Second"
    bullets: [a]
    notes: "Notes of the third slide"
  - title: "Third"
    bullets: [b]
    notes: "Notes of the fourth slide"
"""


@pytest.fixture(params=["16:9", "4:3"])
def built(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, object, str]:
    deck = write(tmp_path, DECK.replace("ASPECT", request.param))
    result, prs = build_ok(deck)
    return result.output, prs, request.param


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_notes_part_n_belongs_to_slide_n(built) -> None:
    path, prs, _ = built
    parts = _parts(path)
    notes = sorted(n for n in parts if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n))
    assert notes == ["ppt/notesSlides/notesSlide3.xml", "ppt/notesSlides/notesSlide4.xml"]
    for name in notes:
        number = re.search(r"(\d+)\.xml$", name)[1]
        rels = parts[name.replace("notesSlides/", "notesSlides/_rels/") + ".rels"].decode()
        assert f'Target="../slides/slide{number}.xml"' in rels
    assert prs.slides[2].notes_slide.notes_text_frame.text == "Notes of the third slide"


def test_app_properties_state_the_deck(built) -> None:
    path, prs, aspect = built
    app = _parts(path)["docProps/app.xml"].decode()
    titles = re.findall(r"<vt:lpstr>(.*?)</vt:lpstr>", app.split("<TitlesOfParts>")[1])
    assert f"<Slides>{len(prs.slides)}</Slides>" in app and "<Notes>2</Notes>" in app
    assert f"<PresentationFormat>On-screen Show ({aspect})</PresentationFormat>" in app
    assert titles == ["Parts &amp; pieces", "No notes here", "Second", "Third"]


def test_no_blank_thumbnail_and_a_valid_package(built) -> None:
    path, _, _ = built
    parts = _parts(path)
    assert not [n for n in parts if "thumbnail" in n]
    assert "thumbnail" not in parts["_rels/.rels"].decode()
    assert validate_pptx(path).errors == []


def test_nested_bullets_carry_their_outline_level(built) -> None:
    _, prs, _ = built
    body = next(s for s in prs.slides[1].shapes
                if s.has_text_frame and "Level zero" in s.text_frame.text)
    levels = [(p.text, p.level) for p in body.text_frame.paragraphs]
    assert levels == [("Level zero", 0), ("Level one", 1), ("Level two", 2)]
