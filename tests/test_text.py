"""Inline marks and text fitting with real font metrics."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_ok, problems_of, run_size, write
from deckgen.layout.fonts import font_file, line_height_em
from deckgen.layout.textfit import Fitter, Para
from deckgen.model.markup import Run, parse, plain


def test_marks_nest_and_unclosed_marks_stay_literal() -> None:
    assert parse("**a *b* c**") == (
        Run("a ", bold=True), Run("b", bold=True, italic=True), Run(" c", bold=True))
    assert parse("3 * 4 * 5") == (Run("3 * 4 * 5"),)
    assert parse("half **open") == (Run("half **open"),)
    assert parse(r"\*not italic\*") == (Run("*not italic*"),)
    assert parse("[x](javascript:alert(1))")[0].link is None
    assert plain("**A** [b](https://c.d) `e`") == "A b e"


def test_a_link_address_may_hold_balanced_parentheses() -> None:
    """As CommonMark allows: Wikipedia's addresses often end in "(...)"."""
    wiki = "https://en.wikipedia.org/wiki/Set_(mathematics)"
    assert parse(f"see [sets]({wiki}) now") == (
        Run("see "), Run("sets", link=wiki), Run(" now"))
    assert parse("[a](https://x.org/y) (more)")[1] == Run(" (more)")
    assert parse("[a](https://x.org/a(b) c") == (Run("[a](https://x.org/a(b) c"),)


def test_measured_widths_follow_the_font() -> None:
    fitter = Fitter("Noto Sans CJK SC", 1.0, 0.5, 20)
    narrow = fitter.measure.width_em("iiiiiiii", font_file("Calibri"))
    wide = fitter.measure.width_em("WWWWWWWW", font_file("Calibri"))
    assert wide > 2.5 * narrow
    bold = fitter.measure.width_em("Heading", font_file("Calibri", bold=True))
    regular = fitter.measure.width_em("Heading", font_file("Calibri"))
    assert bold > regular
    assert 1.0 < line_height_em(font_file("Calibri")) < 1.6


# Baseline-to-baseline distances LibreOffice drew (soffice --headless --convert-to pdf,
# read back with pdftotext -bbox-layout): (theme font, size, line spacing) -> points.
# Ten one-line bulleted paragraphs a box; the bullet is set in Arial as deckgen writes it.
LIBREOFFICE_PITCH = {
    ("Arial", 20.0, 1.0): 24.01,      # Liberation Sans: 1.15 em by its hhea table
    ("Arial", 21.6, 1.08): 27.96,     # the lecture's contrast columns
    ("Arial", 18.8, 1.08): 24.31,
    ("Calibri", 14.0, 1.08): 18.11,   # Carlito: 1.22 em by its tables
    ("Calibri", 44.0, 1.08): 56.97,
    ("Cambria", 20.0, 1.08): 25.91,   # Caladea: 1.30 em by its tables
    ("Courier New", 11.0, 1.08): 14.23,
    ("Noto Sans CJK SC", 20.0, 1.08): 25.91,  # 1.45 em by its tables
}


@pytest.mark.parametrize(("family", "size", "spacing"), list(LIBREOFFICE_PITCH))
def test_lines_are_as_tall_as_libreoffice_sets_them(family: str, size: float,
                                                    spacing: float) -> None:
    """1.2 em a line whatever the font's tables say, bullet or not, within 1%."""
    fitter = Fitter("Noto Sans CJK SC", spacing, 0.0, 20)
    paras = [Para(parse("Hxg 中文"), bullet="bullet") for _ in range(10)]
    height, lines = fitter.height(paras, family, "Courier New", 800, size)
    assert lines == 10
    assert height / 10 == pytest.approx(LIBREOFFICE_PITCH[(family, size, spacing)], rel=0.01)


def test_fitter_shrinks_then_reports_overflow() -> None:
    fitter = Fitter("Noto Sans CJK SC", 1.0, 0.5, 20)
    para = [Para(parse("A sentence of moderate length that needs a few lines"))]
    roomy = fitter.fit(para, "Calibri", "Courier New", 600, 200, 24, 12)
    assert roomy.size == 24 and roomy.overflow == 0
    tight = fitter.fit(para, "Calibri", "Courier New", 200, 60, 24, 12)
    assert 12 <= tight.size < 24
    hopeless = fitter.fit(para * 20, "Calibri", "Courier New", 200, 60, 24, 12)
    assert hopeless.size == 12 and hopeless.overflow > 1


def test_cjk_breaks_between_characters() -> None:
    fitter = Fitter("Noto Sans CJK SC", 1.0, 0.5, 20)
    para = Para(parse("两张皮" * 20))
    assert fitter.wrap_count(para, "Calibri", "Courier New", 200, 20) > 3


# --- line breaks, overflow warnings, glyphs ----------------------------------------------

def _xml(shape) -> str:
    from lxml import etree

    return etree.tostring(shape._element, encoding="unicode")


def test_fitter_measures_every_hard_line() -> None:
    fitter = Fitter("Noto Sans CJK SC", 1.0, 0.5, 20)
    one = Para(parse("x = compute(value)"))
    five = Para(parse("\n".join(["x = compute(value)"] * 5) + "\n"))
    assert fitter.wrap_count(one, "Calibri", "Courier New", 400, 20) == 1
    assert fitter.wrap_count(five, "Calibri", "Courier New", 400, 20) == 5  # no empty last line
    single, _ = fitter.height([one], "Calibri", "Courier New", 400, 20)
    many, lines = fitter.height([five], "Calibri", "Courier New", 400, 20)
    assert lines == 5 and abs(many - 5 * single) < 0.01


def test_line_breaks_are_breaks_inside_one_paragraph(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "Breaks"}
        slides:
          - title: "Two\\nlines"
            bullets:
              - |
                def f(x):
                    return x + 1
              - "plain **bold\\nstill bold** end"
            notes: |
              First line.
              Second line.

              After a blank line.
          - quote: "Make it right,\\nthen fast."
            by: "Someone"
          - title: "T"
            table:
              header: ["a", "b"]
              rows: [["one\\ntwo", 3]]
            caption: "first\\nsecond"
    """)
    _, prs = build_ok(deck)
    slide = prs.slides[1]
    body = next(s for s in slide.shapes if s.name == "Bullets")
    paras = body.text_frame.paragraphs
    assert len(paras) == 2  # one paragraph, so one marker, per bullet
    assert paras[0].text == "def f(x):\v    return x + 1"
    assert paras[1].text == "plain bold\vstill bold end"
    assert slide.shapes.title.text_frame.text == "Two\vlines"
    for shape in [s for sl in prs.slides for s in sl.shapes]:
        assert "\n" not in "".join(shape._element.xpath(".//a:t/text()")), shape.name
    assert body.text_frame.paragraphs[1].runs[1].font.bold  # the break keeps the run's marks
    assert "<a:br><a:rPr" in _xml(body)  # a break as tall as its run
    notes = slide.notes_slide.notes_text_frame.text
    assert notes == "First line.\nSecond line.\n\nAfter a blank line."
    quote = next(s for s in prs.slides[2].shapes if s.name == "Quote")
    assert quote.text_frame.text == "Make it right,\vthen fast."
    table = next(s for s in prs.slides[3].shapes if s.has_table).table
    assert table.cell(1, 0).text_frame.text == "one\vtwo"
    assert table.rows[1].height > table.rows[0].height  # the row holds both lines
    caption = next(s for s in prs.slides[3].shapes if s.name == "Caption")
    assert caption.text_frame.text == "first\vsecond"


def test_overflow_is_reported_at_the_bullet_that_crosses(tmp_path: Path) -> None:
    code = "".join(f"            line_{i} = compute(value_{i})\n" for i in range(40))
    deck = tmp_path / "deck.yaml"
    deck.write_text('deck: {title: "T"}\nslides:\n  - title: "Listing"\n    bullets:\n'
                    '      - "intro"\n      - text: "the code"\n        items:\n'
                    "          - |\n" + code, encoding="utf-8")
    got = problems_of(deck)
    assert len(got) == 1, got
    assert re.fullmatch(r'deck\.yaml:8:13: warning: slide 2 "Listing": bullet text overflows '
                        r"its box by \d+% \((\d+) lines too many\) \(hint: .*\)", got[0]), got
    many = int(re.search(r"\((\d+) lines too many", got[0]).group(1))
    assert 15 <= many <= 30  # 41 lines at the floor size in a box of about 20
    strict = subprocess.run([sys.executable, "-m", "deckgen", "build", "--strict", "deck.yaml",
                             "-o", "out.pptx"], cwd=tmp_path, capture_output=True, text=True,
                            check=False)
    assert strict.returncode == 1 and not (tmp_path / "out.pptx").exists()
    assert "overflows its box" in strict.stderr


LONG = " ".join(["words that keep on going"] * 60)
TALL = "\\n".join(["line"] * 40)
KINDS = {
    "title": (f'- title: "{LONG}"\n  bullets: ["b"]', 1, "title"),
    "quote": (f'- quote: "{LONG} {LONG}"', 1, "quote"),
    "statement": (f'- statement: "{LONG}"', 1, "statement"),
    "statement caption": (f'- statement: "S"\n  caption: "{LONG}"', 2, "caption"),
    "column": (f'- title: "C"\n  columns:\n    - bullets: ["{TALL}"]\n    - bullets: ["b"]', 3,
               "column text"),
    "chart text": ('- title: "C"\n  chart: {type: bar, categories: [a], '
                   f'series: [{{name: s, values: [1]}}]}}\n  text: ["{TALL}"]', 3,
                   "side panel text"),
    "table": ('- title: "T"\n  table:\n    header: [a, b]\n    rows:\n' + "".join(
        f'      - [k{i}, "a\\nb\\nc"]\n' for i in range(14)), 3, "table"),
    "diagram": (f'- title: "D"\n  diagram: {{type: flow, nodes: [a, "{LONG}"]}}', 2,
                "diagram node 2"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_text_that_cannot_fit_always_warns_at_its_line(tmp_path: Path, kind: str) -> None:
    slide, line, what = KINDS[kind]
    body = "\n".join("  " + row for row in slide.splitlines())
    deck = tmp_path / "deck.yaml"
    deck.write_text(f'deck: {{title: "T"}}\nslides:\n{body}\n', encoding="utf-8")
    got = [p for p in problems_of(deck) if "overflows" in p]
    assert got, kind
    assert "warning: slide 2 " in got[0] and f": {what} overflows its box by" in got[0], got
    assert got[0].startswith(f"deck.yaml:{line + 2}:"), got
    assert "too many)" in got[0], got


def test_a_character_no_font_has_is_named_at_its_line(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "Glyphs"}
        slides:
          - title: "Symbols"
            bullets:
              - "fine: 中文 and → and é"
              - "private \\uE000 use"
              - "again \\uE000"
    """)
    got = problems_of(deck)
    assert got == [
        'deck.yaml:6:9: warning: slide 2 "Symbols": no installed font has a glyph for '
        "U+E000 '\\ue000'; it shows as an empty box (hint: install a font that has it, "
        "name it in the theme's fonts.fallback, or remove the character)"], got


def test_emoji_are_set_in_the_themes_fallback_font(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "Emoji"}
        slides:
          - title: "Launch \U0001F680"
            bullets: ["done \u2705 and **bold \U0001F680**"]
    """)
    result, prs = build_ok(deck)
    assert not result.problems.items
    body = next(s for s in prs.slides[1].shapes if s.name == "Bullets")
    runs = body.text_frame.paragraphs[0].runs
    fonts = {r.text: r.font.name for r in runs}
    assert fonts["\u2705"] == "Symbola" and fonts["done "] != "Symbola"
    assert next(r for r in runs if r.text == "\U0001F680").font.bold


REAL = sorted((Path(__file__).parent / "decks" / "real").glob("*/deck.yaml"))


@pytest.mark.parametrize("theme", ["default", "scholar", "keynote", "contrast", "lecture"])
@pytest.mark.parametrize("deck", REAL, ids=[p.parent.name for p in REAL])
def test_real_talks_build_without_warnings(tmp_path: Path, deck: Path, theme: str) -> None:
    """Talks shaped like real ones (code, CJK, emoji, long titles) fit in every theme."""
    result, prs = build_ok(deck, tmp_path / "out.pptx", theme=theme)
    assert not result.problems.items, [p.format() for p in result.problems]
    for slide in prs.slides:
        for shape in slide.shapes:
            assert "\n" not in "".join(shape._element.xpath(".//a:t/text()")), shape.name


def _title_sizes(prs) -> list[float]:  # noqa: ANN001
    return [run_size(shape.text_frame.paragraphs[0].runs[0], shape) for slide in prs.slides
            for shape in slide.shapes if shape.name == "Title"]


def test_long_titles_wrap_to_two_lines_before_they_shrink(tmp_path: Path) -> None:
    """Every title of a deck keeps the theme's size while two lines hold it."""
    long = "A title long enough that it cannot stand on one line of the slide at full size"
    deck = write(tmp_path, f"""
        deck: {{title: "Titles"}}
        slides:
          - title: "Short"
            bullets: ["one", "two"]
          - title: "{long}"
            bullets: ["one", "two"]
          - title: "{long}, and then goes on and on for a third line, {long.lower()}"
            bullets: ["one"]
    """)
    _, prs = build_ok(deck)
    short, wrapped, longest = _title_sizes(prs)[-3:]  # after the cover
    assert short == wrapped == 32  # the default theme's sizes.title
    assert longest < short
    title = next(s for s in prs.slides[-2].shapes if s.name == "Title")
    body = next(s for s in prs.slides[-2].shapes if s.name == "Bullets")
    assert title.top + title.height < body.top  # the body moved down to make room
