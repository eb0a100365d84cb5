"""Shared fixtures: write decks into tmp folders, build them, reopen the result."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.app.pipeline import Options, Result, build

ROOT = Path(__file__).resolve().parent.parent
DECKS = Path(__file__).resolve().parent / "decks"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test session gets its own figure cache so tests never share state by accident."""
    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


# Sizes and spacing at their documented maxima: the theme's check passes, but boxes the
# lay-out makes would be empty or huge, so it warns that it leaves no room.
CRAMPED_THEME = """name: cramped
extends: default
sizes: {title: 300, subtitle: 300, body: 300, small: 300, min_body: 60, statement: 300,
        quote: 300, cover_title: 300, section: 300, table: 300, min_table: 300, footer: 300,
        chart: 300}
space: {margin: 200, top: 100, title_height: 150, gap: 50, footer_height: 50, inset: 200,
        line_spacing: 1.5, paragraph_space: 3, indent: 200, rule: 20, corner: 0.5}
"""

def write(folder: Path, text: str, name: str = "deck.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def build_ok(deck: Path, out: Path | None = None, **kw) -> tuple[Result, Presentation]:
    out = out or deck.parent / "out.pptx"
    result = build(deck, Options(output=out, **kw))
    assert result.ok, [p.format() for p in result.problems]
    return result, Presentation(str(out))


def problems_of(deck: Path, **kw) -> list[str]:
    """Problems as the CLI prints them when run from the deck's folder."""
    cwd = Path.cwd()
    os.chdir(deck.parent)
    try:
        with tempfile.TemporaryDirectory(prefix="deckgen-test-") as scratch:
            result = build(Path(deck.name), Options(output=Path(scratch) / "out.pptx", **kw))
        return [p.format() for p in result.problems]
    finally:
        os.chdir(cwd)


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def inherited_look(shape, level: int = 0):
    """What text at ``level`` of placeholder ``shape`` takes from its layout and master
    (size, weight, colour, faces): a run in a placeholder states only what differs."""
    from deckgen.ooxml.master import inherited

    ph = shape._element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}ph")
    layout = shape.part.slide_layout.part
    return inherited(layout, ph.get("type", "obj"), int(ph.get("idx", "0")))[level]


def run_size(run, shape, level: int = 0) -> float:
    """A run's size in points: its own, or the one its placeholder gives it."""
    if run.font.size is not None:
        return run.font.size.pt
    return inherited_look(shape, level).size
