"""The lecture deck in content/: every source slide in order, only the source's numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import ROOT
from deckgen.app.pipeline import Options, build
from deckgen.errors import Problems
from deckgen.model import validate
from deckgen.source.loader import PosDict, PosList, load_deck

DECK = ROOT / "content" / "lecture" / "deck.yaml"
SOURCE = ROOT / "content" / "lecture" / "source.txt"  # the speaker's source notes
TITLES = Path(__file__).parent / "data" / "lecture_titles.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Presentation:
    out = tmp_path_factory.mktemp("lecture") / "lecture.pptx"
    result = build(DECK, Options(output=out, strict=True))
    assert result.ok and not result.problems.warnings, [p.format() for p in result.problems]
    return Presentation(str(out))


def _flat(shapes) -> list:
    """Shapes with each group (a diagram) opened."""
    out = []
    for shape in shapes:
        out.extend(_flat(shape.shapes) if shape.shape_type == 6 else [shape])
    return out


def _title(slide) -> str:
    """The drawn title; a quote's title kept off the slide for readers is not drawn."""
    title = slide.shapes.title
    if title is not None and title.top + title.height > 0:
        return title.text_frame.text.replace("\v", " ")
    quote = [s for s in slide.shapes if s.name == "Quote"][0]
    return "QUOTE: " + quote.text_frame.text[:30]


def test_slides_and_titles_follow_the_source(built: Presentation) -> None:
    expected = TITLES.read_text(encoding="utf-8").splitlines()
    assert [_title(s) for s in built.slides] == expected


def test_every_content_slide_has_notes() -> None:
    problems = Problems()
    validated = validate(load_deck(DECK), problems)
    content = [p.slide for p in validated.slides
               if p.slide.kind not in ("title", "section", "closing") and not p.slide.hidden]
    assert len(content) > 30
    assert [s.title for s in content if not (s.notes or "").strip()] == []


def _charts() -> dict[str, dict]:
    problems = Problems()
    validated = validate(load_deck(DECK), problems)
    assert not problems.errors
    out = {}
    for placed in validated.slides:
        chart = getattr(placed.slide, "chart", None)
        if chart is not None:
            out[placed.slide.title] = {
                s.name: dict(zip(chart.categories, s.values, strict=True)) for s in chart.series}
    return out


def test_chart_numbers_are_the_source_numbers() -> None:
    charts = _charts()
    patents = next(v for k, v in charts.items() if "IP Challenge" in k)
    assert list(patents.values())[0] == {"China": 26, "USA": 6, "South Korea": 5, "Europe": 4,
                                         "Japan": 1}
    centres = next(v for k, v in charts.items() if k == "Foreign R&D in China")
    assert list(centres.values())[0] == {"1997": 24, "2013": 1400}
    coauthors = next(v for k, v in charts.items() if "Nanotech Publications" in k)
    assert coauthors == {"U.S.": {"2000": 25, "2012": 40}, "Japan": {"2000": 25, "2012": 10}}


def test_stated_figures_appear_on_their_slides(built: Presentation) -> None:
    text = " ".join(s.text_frame.text for slide in built.slides for s in _flat(slide.shapes)
                    if s.has_text_frame)
    for figure in ("$10,635,818,562", "$64,561,000,000", "150 countries", "97 countries",
                   "144 S&T diplomats", "47 countries", "(21)", "(93)", "(26)", "(301",
                   "500 goal", "(1,239)", "81 to 268", "21%", "27%"):
        assert figure in text, figure
    table = next(s.table for slide in built.slides for s in slide.shapes if s.has_table)
    assert table.cell(1, 2).text == "0.52" and table.cell(8, 10).text == "2.83"


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NOT_CONTENT = {"theme", "aspect", "language", "number_format", "center", "kind", "include",
               "data", "image", "background"}


def _strings(node, key=None):
    if isinstance(node, PosDict):
        for k, v in node.items():
            if k not in NOT_CONTENT:
                yield from _strings(v, k)
    elif isinstance(node, PosList):
        for item in node:
            yield from _strings(item, key)
    elif isinstance(node, str):
        yield node


def _normal(text: str) -> str:
    return text.replace("\u2010", "-").replace(",", "")


def test_no_number_in_content_that_the_source_does_not_state() -> None:
    source = _normal(SOURCE.read_text(encoding="utf-8"))
    source_numbers = set(NUMBER.findall(source))
    data = load_deck(DECK).data
    unknown = set()
    for text in _strings(data):
        for number in NUMBER.findall(_normal(text)):
            if number not in source_numbers:
                unknown.add(number)
    csv = (DECK.parent / "data" / "relative-citation-rates.csv").read_text()
    cells = [c for line in csv.splitlines() for c in line.split(",")]
    unknown |= {n for c in cells for n in NUMBER.findall(c) if n not in source_numbers}
    assert not unknown, sorted(unknown)


@pytest.mark.parametrize("theme", ["default", "scholar", "keynote", "contrast", "lecture"])
def test_builds_cleanly_in_every_theme(theme: str) -> None:
    result = build(DECK, Options(theme=theme, write=False, strict=True))
    assert [p.format() for p in result.problems] == []
