"""What a person sees: every deck rendered by LibreOffice, read back word by word.

The audit (``render_audit.py``) knows nothing of deckgen's layout; it compares
the text the .pptx holds with the words and pixels of LibreOffice's PDF.  The
lecture in every theme, every test deck and the talks of ``decks/real`` (in
every theme) must show all their text inside its boxes, with no words over
other words and none fainter than 3:1 against what is behind them.

Decks are built and rendered in groups, one ``soffice`` run a group, the first
time a test needs a group; the results are kept in a folder all test workers
share, behind a lock, so each group is rendered once per test run.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Pt
from render_audit import audit, render

from conftest import DECKS, ROOT, write
from deckgen.app.pipeline import Options, build

pytestmark = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                                reason="the render audit needs LibreOffice and poppler")

THEMES = ["default", "scholar", "keynote", "contrast", "lecture"]
REAL = sorted(p.parent.name for p in (DECKS / "real").glob("*/deck.yaml"))
SPEC_EXAMPLES = ["example-2.yaml", "example-4.yaml"]  # the slide lists (3 is a chart, 5 a theme)
# id -> (deck file, theme or None for the deck's own)
AUDITED: dict[str, tuple[Path, str | None]] = {
    **{f"lecture-{t}": (ROOT / "content/lecture/deck.yaml", t) for t in THEMES},
    "spec-deck": (DECKS / "spec/deck.yaml", None),
    "spec-kinds": (DECKS / "spec/kinds.yaml", None),
    "spec-examples-2-4": (Path("spec-examples.yaml"), None),  # written beside the examples
    "spec-theme": (DECKS / "spec-theme/deck.yaml", None),
    **{f"{name}-{t}": (DECKS / "real" / name / "deck.yaml", t) for name in REAL
       for t in THEMES},
}
GROUP = 4  # decks a soffice run converts: fewer starts, and still both workers busy
IDS = list(AUDITED)


def _group_of(deck_id: str) -> list[str]:
    start = IDS.index(deck_id) // GROUP * GROUP
    return IDS[start:start + GROUP]


def _examples_deck(folder: Path) -> Path:
    """The spec's slide-list examples as one deck, with the pictures they name beside them."""
    examples = folder / "examples"
    if not examples.exists():
        shutil.copytree(DECKS / "spec/examples", examples)
        shutil.copytree(DECKS / "spec/images", examples / "images")
    includes = "".join(f"  - include: {name}\n" for name in SPEC_EXAMPLES)
    return write(examples, f'deck: {{title: "The spec\'s examples"}}\nslides:\n{includes}',
                 "spec-examples.yaml")


def _audit_group(ids: list[str], folder: Path) -> dict[str, dict]:
    built: dict[str, tuple[Path, list[str]]] = {}
    for deck_id in ids:
        deck, theme = AUDITED[deck_id]
        if deck.name == "spec-examples.yaml":
            deck = _examples_deck(folder)
        out = folder / f"{deck_id}.pptx"
        result = build(deck, Options(output=out, theme=theme))
        assert result.ok, [p.format() for p in result.problems]
        built[deck_id] = (out, [p.format() for p in result.problems])
    pdfs = render([out for out, _ in built.values()], folder)
    return {deck_id: {"problems": problems,
                      "findings": [str(f) for f in audit(out, pdfs[out], folder / deck_id)]}
            for deck_id, (out, problems) in built.items()}


@pytest.fixture(scope="session")
def audited(tmp_path_factory: pytest.TempPathFactory):
    """deck id -> {"problems": build warnings, "findings": audit findings}, computed once."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "render-audit"
    shared.mkdir(exist_ok=True)

    def get(deck_id: str) -> dict:
        group = _group_of(deck_id)
        record = shared / f"group-{IDS.index(group[0])}.json"
        with open(shared / f"{record.stem}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not record.exists():
                folder = shared / record.stem
                folder.mkdir(exist_ok=True)
                record.write_text(json.dumps(_audit_group(group, folder)), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))[deck_id]

    return get


@pytest.mark.parametrize("deck_id", IDS)
def test_every_word_is_shown_in_its_box_apart_and_readable(audited, deck_id: str) -> None:
    got = audited(deck_id)
    assert got["findings"] == [], "\n".join(got["findings"][:40])
    assert got["problems"] == [], got["problems"]  # strict-clean, and the audit agrees


# --- the audit itself finds what it is meant to find ----------------------------------------

def _box(slide, x: float, y: float, w: float, h: float, text: str, size: float = 24,  # noqa: ANN001
         colour: str = "1F2933") -> None:
    frame = slide.shapes.add_textbox(Pt(x), Pt(y), Pt(w), Pt(h)).text_frame
    frame.word_wrap = True
    frame.text = text
    for run in frame.paragraphs[0].runs:
        run.font.size, run.font.color.rgb = Pt(size), RGBColor.from_string(colour)


def test_the_audit_finds_lost_clipped_colliding_and_faint_text(tmp_path: Path) -> None:
    """A .pptx made without deckgen: one fault a slide, each found and none invented."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    slides = [prs.slides.add_slide(prs.slide_layouts[6]) for _ in range(6)]
    _box(slides[0], 60, 60, 600, 100, "All of this text fits well")
    _box(slides[1], 60, 400, 300, 60, " ".join(["overflowing words"] * 30))
    _box(slides[2], 800, 60, 600, 60, "runs past the right edge of the slide")
    _box(slides[3], 60, 60, 600, 60, "First text here")
    _box(slides[3], 70, 70, 600, 60, "Second text there")
    _box(slides[4], 60, 60, 600, 60, "Pale grey words", colour="C8C8C8")
    _box(slides[5], 60, 60, 600, 60, "Small pale footer words", size=10, colour="B0B0B0")
    _box(slides[5], 60, 200, 600, 60, "Small dark footer words", size=10, colour="5F6B76")
    pptx = tmp_path / "faults.pptx"
    prs.save(str(pptx))
    findings = audit(pptx, render([pptx], tmp_path)[pptx], tmp_path / "pages")
    kinds = {(f.slide, f.kind) for f in findings}
    assert kinds == {(2, "lost"), (3, "lost"), (4, "collision"), (5, "faint"), (6, "faint")}
    assert {f.detail.split("'")[1] for f in findings if f.slide == 6} == {
        "Small", "pale", "footer", "words"}  # the dark footer line passes


def test_a_deck_the_audit_fails_is_never_strict_clean(tmp_path: Path) -> None:
    """Text that cannot fit is seen by both: the audit sees it cross, the build warns."""
    long = " ".join(["a sentence that goes on"] * 60)
    deck = write(tmp_path, f"""
        deck: {{title: "Too much"}}
        slides:
          - title: "Crowded"
            bullets: ["{long}", "{long}", "{long}"]
    """)
    out = tmp_path / "crowded.pptx"
    result = build(deck, Options(output=out))
    assert result.ok and any("overflows its box" in p.message for p in result.problems)
    findings = audit(out, render([out], tmp_path)[out], tmp_path / "pages")
    assert {f.kind for f in findings} & {"lost", "outside"}, findings
