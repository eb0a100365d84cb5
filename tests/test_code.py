"""Code slides: monospace lines kept exactly, theme syntax colours, bands, numbers, fitting."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.oxml.ns import qn

from conftest import build_ok, problems_of, write
from deckgen.layout.textfit import Fitter, Para
from deckgen.model.colours import contrast
from deckgen.model.markup import Run
from deckgen.model.themes import available, load_theme

CODE = """\
def load(path: str) -> dict:
    \"\"\"Read the file.\"\"\"
    with open(path) as fh:  # 读取配置文件
        data = fh.read()

    return {"text": data, "size": 42}
"""


def _deck(tmp_path: Path, theme: str = "default") -> Path:
    body = "\n".join(("      " + line) if line else "" for line in CODE.splitlines())
    return write(tmp_path, f"""deck: {{title: Code, theme: {theme}, title_slide: false}}
slides:
  - title: Reading a file
    language: python
    highlight: "2,4-5"
    numbers: true
    caption: Read once, keep the text.
    code: |
{body}
""")


def _shape(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


def test_code_keeps_lines_spaces_and_colours(tmp_path: Path) -> None:
    _, prs = build_ok(_deck(tmp_path))
    slide = prs.slides[0]
    code = _shape(slide, "Code")
    paragraphs = code.text_frame._txBody.findall(qn("a:p"))
    assert len(paragraphs) == 1  # one paragraph: no bullets or space between lines
    p = paragraphs[0]
    assert len(p.findall(qn("a:br"))) == CODE.count("\n") - 1  # one a:br per line break
    assert p.find(qn("a:pPr")).find(qn("a:buNone")) is not None
    text = "".join(("\n" if child.tag == qn("a:br") else child.findtext(qn("a:t")))
                   for child in p if child.tag in (qn("a:r"), qn("a:br")))
    assert text == CODE.rstrip("\n")  # leading spaces and the blank line, exactly
    theme = load_theme("default", tmp_path)
    colours: dict[str, str] = {}
    for run in p.findall(qn("a:r")):
        r_pr = run.find(qn("a:rPr"))
        colours[run.findtext(qn("a:t"))] = r_pr.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}"
                                                     ).get("val")
        assert r_pr.find(qn("a:latin")).get("typeface") == theme.fonts.mono
    assert colours["def"] == theme.code.keyword[1:]
    assert colours["load"] == theme.code.function[1:]
    assert colours["# 读取配置文件"] == theme.code.comment[1:]
    assert colours["42"] == theme.code.number[1:]
    assert colours['"text"'] == theme.code.string[1:]
    cjk = next(r for r in p.findall(qn("a:r")) if "读" in r.findtext(qn("a:t")))
    assert cjk.find(f"{qn('a:rPr')}/{qn('a:ea')}").get("typeface") == theme.fonts.east_asian


def test_highlight_bands_sit_on_their_lines_and_numbers_count(tmp_path: Path) -> None:
    _, prs = build_ok(_deck(tmp_path))
    slide = prs.slides[0]
    bands = [s for s in slide.shapes if s.name == "Highlighted lines"]
    assert len(bands) == 2  # line 2, and lines 4-5 as one band
    assert abs(bands[1].height - 2 * bands[0].height) < 2  # two lines, twice as tall
    panel, code = _shape(slide, "Code background"), _shape(slide, "Code")
    assert panel.top <= bands[0].top and bands[1].top + bands[1].height <= panel.top + panel.height
    line = bands[0].height
    inset = code.text_frame.margin_top
    assert abs(bands[0].top - (code.top + inset + line)) < 2  # the second line
    assert abs(bands[1].top - (code.top + inset + 3 * line)) < 2  # the fourth
    numbers = _shape(slide, "Line numbers")
    assert numbers.text_frame.text.split() == [str(i) for i in range(1, 7)]
    assert numbers.left + numbers.width <= code.left + 1  # beside the code, not over it
    caption = _shape(slide, "Caption")
    assert caption.top >= panel.top + panel.height


def test_long_block_shrinks_to_the_floor_then_warns_with_its_line_count(tmp_path: Path) -> None:
    lines = "\n".join(f"      print({i})" for i in range(1, 41))
    deck = write(tmp_path, f"""deck: {{title: Code, title_slide: false}}
slides:
  - title: Forty lines
    language: python
    code: |
{lines}
""")
    out = problems_of(deck)
    assert any("warning" in p and "code block of 40 lines overflows its box" in p
               and "lines too many" in p and p.startswith("deck.yaml:5:") for p in out), out


def test_a_line_too_wide_is_named_at_its_own_yaml_line(tmp_path: Path) -> None:
    deck = write(tmp_path, "deck: {title: Code, title_slide: false}\nslides:\n"
                 "  - title: Wide\n    code: |\n      short\n      " + "word " * 60
                 + "\n      short\n")
    out = problems_of(deck)
    assert any(p.startswith("deck.yaml:6:") and "code line 2 is wider than the slide" in p
               for p in out), out


def test_unknown_language_and_highlight_past_the_end_are_located(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: Code, title_slide: false}
        slides:
          - title: Typo
            language: pyhton
            code: "x = 1"
          - title: Past the end
            highlight: 1,3-4
            code: |
              a
              b
          - title: Not lines
            highlight: two
            code: a
        """)
    out = problems_of(deck)
    assert ("deck.yaml:4:15: error: slide 1 language: unknown code language 'pyhton' "
            "(hint: did you mean 'python'?)") in out, out
    assert any(p.startswith("deck.yaml:7:") and "line 4 is past the end of the code (2 lines)"
               in p for p in out), out
    assert any(p.startswith("deck.yaml:12:") and "'two' is not a line number or range" in p
               and "2,4-6" in p for p in out), out


def test_code_is_inferred_from_its_key_and_plain_without_language(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: Code, title_slide: false}
        slides:
          - title: Plain
            code: "if x: y"
        """)
    _, prs = build_ok(deck)
    theme = load_theme("default", tmp_path)
    colours = {r.font.color.rgb for p in _shape(prs.slides[0], "Code").text_frame.paragraphs
               for r in p.runs}
    assert {str(c) for c in colours} == {theme.code.text[1:]}


@pytest.mark.parametrize("name", sorted(available()))
def test_code_colours_read_on_the_panel_and_the_band(name: str) -> None:
    theme = load_theme(name, Path("."))
    code = theme.code
    need = 7.0 if name == "contrast" else 4.5  # the contrast theme promises 7:1
    for ground in ("background", "band"):
        for role in ("text", "line_number", "keyword", "builtin", "function", "string",
                     "number", "comment", "operator"):
            ratio = contrast(getattr(code, role), getattr(code, ground))
            assert ratio >= need, f"{name}: code.{role} on code.{ground} is {ratio:.2f}:1"


def test_a_break_of_its_own_counts_as_a_line() -> None:
    fitter = Fitter("Noto Sans CJK SC", 1.0, 0.5, 20)
    para = Para((Run("a"), Run("\n"), Run("\n"), Run("b")))
    assert fitter.wrap_count(para, "Courier New", "Courier New", 500, 12) == 3
