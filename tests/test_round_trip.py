"""The lecture read by other programs: markitdown's Markdown, and LibreOffice's round trip.

markitdown (what text pipelines and LLM tools feed on) must find each slide's
title as a heading and each table as a table; a deck opened in LibreOffice,
saved as ODP and saved back as .pptx must keep its slides, text and notes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from markitdown import MarkItDown
from pptx import Presentation

from conftest import ROOT
from deckgen.app.pipeline import Options, build

DECK = ROOT / "content" / "lecture" / "deck.yaml"


@pytest.fixture(scope="module")
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("round-trip") / "lecture.pptx"
    result = build(DECK, Options(output=out))
    assert result.ok, [p.format() for p in result.problems]
    return out


def _flat(shapes) -> list:  # noqa: ANN001
    out = []
    for shape in shapes:
        out.extend(_flat(shape.shapes) if shape.shape_type == 6 else [shape])
    return out


def _slides(path: Path) -> list[tuple[str, set[str], str]]:
    """Each slide's title, the words of its text and tables, and its notes."""
    out = []
    for slide in Presentation(str(path)).slides:
        words: set[str] = set()
        for shape in _flat(slide.shapes):
            if shape.has_text_frame and not shape._element.xpath(".//a:fld[@type='slidenum']"):
                words.update(shape.text_frame.text.split())
            if getattr(shape, "has_table", False) and shape.has_table:
                words.update(w for row in shape.table.rows for c in row.cells
                             for w in c.text.split())
        title = slide.shapes.title
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        out.append((title.text_frame.text if title is not None else "", words,
                    " ".join(notes.split())))
    return out


def test_markitdown_sees_every_title_as_a_heading_and_tables_as_tables(lecture: Path) -> None:
    markdown = MarkItDown().convert(str(lecture)).text_content
    pages = re.split(r"<!-- Slide number: \d+ -->", markdown)[1:]
    slides = Presentation(str(lecture)).slides
    assert len(pages) == len(slides)
    for number, (page, slide) in enumerate(zip(pages, slides, strict=True), start=1):
        headings = re.findall(r"^# (.+)$", page, re.MULTILINE)
        title = " ".join(slide.shapes.title.text_frame.text.split())
        assert headings and " ".join(headings[0].split()) == title, (number, headings, title)
        for table in (s.table for s in _flat(slide.shapes) if getattr(s, "has_table", False)
                      and s.has_table):
            header = [c.text for c in table.rows[0].cells]
            row = re.escape("| " + " | ".join(header) + " |")
            assert re.search(rf"^{row}\n\|( --- \|)+$", page, re.MULTILINE), (number, header)
    assert markdown.count("| --- |") >= 1


def test_libreoffice_round_trip_keeps_slides_text_and_notes(lecture: Path,
                                                            tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is part of the test environment"
    with tempfile.TemporaryDirectory(prefix="round-trip-profile-") as profile:
        run = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to"]
        subprocess.run([*run, "odp", "--outdir", str(tmp_path), str(lecture)], check=True,
                       capture_output=True, timeout=300)
        back = tmp_path / "back"
        subprocess.run([*run, "pptx", "--outdir", str(back), str(tmp_path / "lecture.odp")],
                       check=True, capture_output=True, timeout=300)
    before, after = _slides(lecture), _slides(back / "lecture.pptx")
    assert len(after) == len(before)
    for number, ((title, words, notes), (title2, words2, notes2)) in enumerate(
            zip(before, after, strict=True), start=1):
        assert title2 == title, number
        assert words <= words2, (number, sorted(words - words2))
        assert notes2 == notes, number
