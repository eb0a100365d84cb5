"""``deckgen import`` of the .pptx that pandoc itself writes from a Markdown deck.

pandoc (``make test`` installs it) turns tests/data/pandoc-talk/talk.md into a
.pptx of its own making: its title slide with the author under the subtitle
and a date placeholder, block quotes as indented paragraphs, code in a
monospaced face, figures with ``fig:`` descriptions and their captions in a
text box, two-content columns.  The import must build ``--strict`` and keep
every line of text that pandoc wrote, and the kinds must be the ones a person
would have chosen.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

ROOT = Path(__file__).resolve().parent.parent
TALK = ROOT / "tests/data/pandoc-talk/talk.md"


def deckgen(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "deckgen"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=600)


def lines(path: Path, alt: bool = True) -> set[str]:
    """Every line of text in a .pptx: text boxes, table cells, notes and (with ``alt``)
    alt texts; pandoc's are a marker and a file name, not text of the talk."""
    found: list[str] = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                found += [p.text for p in shape.text_frame.paragraphs]
            if getattr(shape, "has_table", False) and shape.has_table:
                found += [c.text for row in shape.table.rows for c in row.cells]
            found += shape._element.xpath("./*[1]/p:cNvPr/@descr") if alt else []
        if slide.has_notes_slide:
            found += [p.text for p in slide.notes_slide.notes_text_frame.paragraphs]
    return {" ".join(piece.split()) for text in found for piece in re.split(r"[\n\v]", text)
            if piece.strip()}


@pytest.fixture(scope="module")
def pandoc_pptx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    exe = shutil.which("pandoc")
    assert exe, "pandoc is not installed (make test installs it)"
    from PIL import Image

    folder = tmp_path_factory.mktemp("pandoc")
    shutil.copy(TALK, folder / "talk.md")
    (folder / "pics").mkdir()
    Image.new("RGB", (640, 400), (40, 120, 160)).save(folder / "pics" / "room.png")
    done = subprocess.run([exe, "talk.md", "-o", "talk.pptx"], cwd=folder, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return folder / "talk.pptx"


@pytest.fixture(scope="module")
def imported(pandoc_pptx: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, subprocess.CompletedProcess]:
    folder = tmp_path_factory.mktemp("imported") / "deck"
    done = deckgen("import", str(pandoc_pptx), "-o", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    return folder, done


def test_pandoc_output_builds_strict_and_keeps_every_line(
        pandoc_pptx: Path, imported: tuple[Path, subprocess.CompletedProcess],
        tmp_path: Path) -> None:
    folder, _ = imported
    out = tmp_path / "rebuilt.pptx"
    done = deckgen("build", "--strict", str(folder / "deck.yaml"), "-o", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    before, after = lines(pandoc_pptx, alt=False), lines(out)
    assert len(before) > 30  # the talk's text really was read
    missing = sorted(before - after)
    assert not missing, f"lines pandoc wrote that the imported deck lost: {missing}"
    assert len(Presentation(str(out)).slides) == len(Presentation(str(pandoc_pptx)).slides)


def test_pandoc_slides_become_the_kinds_they_are(
        imported: tuple[Path, subprocess.CompletedProcess]) -> None:
    folder, done = imported
    deck = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))["deck"]
    assert deck == {"title": "Water for a Growing City",
                    "subtitle": "Ten years of the reservoir programme",
                    "author": "Priya Natarajan", "date": "12 March 2025",
                    "slide_numbers": False}
    slides = [s for path in sorted((folder / "sections").glob("*.yaml"))
              for s in yaml.safe_load(path.read_text(encoding="utf-8"))]
    by_title = {s.get("title") or s.get("section"): s for s in slides}
    assert by_title["Where we started"] == {"section": "Where we started"}
    assert by_title["The old network"]["bullets"][1] == [
        "Leaks lost *a third* of the water", "Repairs were ~~weekly~~ daily"]
    assert by_title["The old network"]["notes"] == (
        "Start with the photo of the burst main on Station Road.")
    quote = by_title["What people told us"]
    assert (quote["kind"], quote["by"]) == ("quote", "A resident of Ward 12")
    assert by_title["Priorities"]["numbered"] is True
    assert by_title["Three reservoirs"]["table"]["header"] == [
        "Reservoir", "Capacity (ML)", "Opened"]
    assert by_title["Before and after"]["columns"][0] == {
        "heading": "Before", "bullets": ["Supply 2 hours a day", "Losses 34%"]}
    figure = by_title["The control room"]
    assert figure["alt"] == "The new control room with its wall of gauges"  # not "fig: ..."
    code = by_title["Reading the meters"]
    assert code["kind"] == "code"
    assert code["code"] == "def loss(supplied, billed):\n    return 1 - billed / supplied\n"
    assert "picture without alt text; its caption is now its alt text" in done.stdout
    assert "the code's language is not recorded" in done.stdout
