"""Body slides and pictures beside text: blocks in order, fitted together, pictures apart.

Every test builds a real deck and reads the .pptx back with python-pptx.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pptx.oxml.ns import qn
from pptx.util import Emu

from conftest import build_ok, problems_of, write
from deckgen.model.themes import load_theme

MIXED = """\
deck: {title: Body, title_slide: false, theme: THEME}
slides:
  - title: "Everything in order"
    body:
      - heading: "Reading a file"
      - "A plain paragraph with **bold** and ~~old~~ words."
      - bullets: ["open it", "read it", ["line by line"]]
        numbered: true
      - code: |
          with open(path) as fh:
              data = fh.read()
        language: python
      - quote: "Simple things should be simple."
        by: "Alan Kay"
      - table: {header: [run, seconds], rows: [[first, 12.5], [second, 3.1]]}
      - image: images/photo.png
        alt: "A test picture"
"""
ORDER = ["Sub-heading block", "Paragraph block", "Bullet text block", "Code", "Quote block",
         "Table", "Picture"]


def _pictures(folder: Path) -> None:
    (folder / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 200), (70, 120, 180)).save(folder / "images/photo.png")
    Image.new("RGB", (100, 100), (20, 20, 20)).save(folder / "images/qr.png")


def _deck(folder: Path, text: str, theme: str = "default") -> Path:
    _pictures(folder)
    return write(folder, text.replace("THEME", theme))


def _named(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


def _overlap(a, b) -> bool:
    return not (a.left + a.width <= b.left or b.left + b.width <= a.left
                or a.top + a.height <= b.top or b.top + b.height <= a.top)


@pytest.mark.parametrize("theme", ["default", "scholar", "keynote", "contrast", "lecture"])
def test_blocks_stack_in_order_without_overlap(tmp_path: Path, theme: str) -> None:
    result, prs = build_ok(_deck(tmp_path, MIXED, theme))
    assert not result.problems, [p.format() for p in result.problems]
    slide = prs.slides[0]
    shapes = [_named(slide, name) for name in ORDER]
    tops = [s.top for s in shapes]
    assert tops == sorted(tops), list(zip(ORDER, tops, strict=True))
    for upper, lower in zip(shapes, shapes[1:], strict=False):
        assert upper.top + upper.height <= lower.top + Emu(12700), (upper.name, lower.name)
    bottom = max(s.top + s.height for s in shapes)
    assert bottom <= prs.slide_height


def test_numbered_bullets_monospace_code_and_one_body_size(tmp_path: Path) -> None:
    _, prs = build_ok(_deck(tmp_path, MIXED))
    slide = prs.slides[0]
    theme = load_theme("default", tmp_path)
    paragraphs = _named(slide, "Bullet text block").text_frame.paragraphs
    numbered = [p for p in paragraphs if p._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}")
                is not None]
    assert [p.text for p in numbered] == ["open it", "read it"]  # the sub-point keeps a bullet
    code = _named(slide, "Code").text_frame._txBody.findall(qn("a:p"))
    assert len(code) == 1 and len(code[0].findall(qn("a:br"))) == 1
    fonts = {r.find(f"{qn('a:rPr')}/{qn('a:latin')}").get("typeface")
             for r in code[0].findall(qn("a:r"))}
    assert fonts == {theme.fonts.mono}
    sizes = {run.font.size for name in ("Paragraph block", "Bullet text block")
             for p in _named(slide, name).text_frame.paragraphs[:1] for run in p.runs}
    assert len(sizes) == 1  # the paragraph and the list's first level share one size
    struck = [r for r in _named(slide, "Paragraph block").text_frame.paragraphs[0].runs
              if r.text == "old"]
    assert struck and struck[0]._r.find(qn("a:rPr")).get("strike") == "sngStrike"


def test_a_full_body_shrinks_together_then_warns_at_the_crossing_block(tmp_path: Path) -> None:
    many = "\n".join(f"          - \"Point {i} with a few more words to wrap\"" for i in range(9))
    more = "\n".join(f"          - \"Point {i} with a few more words\"" for i in range(13))
    deck = _deck(tmp_path, f"""\
deck: {{title: Body, title_slide: false}}
slides:
  - title: "Shrinks"
    body:
      - text: "A lead paragraph."
      - bullets:
{more}
  - title: "Overflows"
    body:
      - text: "A lead paragraph."
      - bullets:
{many}
      - bullets:
{many}
      - bullets:
{many}
""")
    theme = load_theme("default", tmp_path)
    problems = problems_of(deck)
    assert len(problems) == 1, problems
    assert problems[0].startswith("deck.yaml:34:") and "slide 2 \"Overflows\": body overflows" \
        in problems[0], problems  # the second list is the block that crosses the bottom
    result, prs = build_ok(deck)
    first = prs.slides[0]
    sizes = {r.font.size.pt for name in ("Paragraph block", "Bullet text block")
             for r in _named(first, name).text_frame.paragraphs[0].runs}
    assert len(sizes) == 1 and theme.sizes.min_body <= sizes.pop() < theme.sizes.body


@pytest.mark.parametrize("side", ["left", "right", "top", "bottom"])
def test_picture_beside_bullets_never_overlaps_them(tmp_path: Path, side: str) -> None:
    _, prs = build_ok(_deck(tmp_path, f"""\
deck: {{title: Side, title_slide: false}}
slides:
  - title: "A picture and points"
    bullets: ["one point", "another point", "a third"]
    image: {{path: images/photo.png, alt: "A test picture", side: {side}, width: 40%}}
"""))
    slide = prs.slides[0]
    picture, text = _named(slide, "Side picture"), _named(slide, "Bullets")
    assert not _overlap(picture, text)
    where = {"left": picture.left + picture.width <= text.left,
             "right": text.left + text.width <= picture.left,
             "top": picture.top + picture.height <= text.top,
             "bottom": text.top + text.height <= picture.top}
    assert where[side]
    assert picture._element.find(f".//{qn('p:cNvPr')}").get("descr") == "A test picture"


def test_pictures_beside_body_code_and_chart_and_on_title_and_closing(tmp_path: Path) -> None:
    _, prs = build_ok(_deck(tmp_path, """\
deck: {title: Side, title_slide: false}
slides:
  - kind: title
    title: "A talk"
    author: "Ada Lovelace"
    event: "PyCon 2026"
    date: "1 December 2026"
    image: {path: images/photo.png, alt: "Logo", side: right, width: 35%}
  - title: "Body"
    body: ["A paragraph.", {bullets: [a, b]}]
    image: {path: images/photo.png, alt: "Picture", side: left}
  - title: "Code"
    code: "print('hi')"
    language: python
    image: {path: images/photo.png, alt: "Picture", side: bottom, width: 30%, fit: cover}
  - title: "Chart"
    chart: {type: bar, categories: [a, b], series: [{name: n, values: [1, 2]}]}
    text: ["Side text"]
    image: {path: images/photo.png, alt: "Picture", side: right, width: 25%}
  - kind: closing
    title: "Thank you"
    image: {path: images/qr.png, alt: "QR code for the slides", width: 25%}
"""))
    cover, body, code, chart, closing = prs.slides
    assert {"Ada Lovelace", "PyCon 2026", "1 December 2026"} <= set(
        _named(cover, "Byline").text_frame.text.split("\n"))
    for slide, text in ((cover, "Title"), (body, "Paragraph block"), (code, "Code"),
                        (chart, "Side panel text"), (closing, "Title")):
        picture = _named(slide, "Side picture")
        assert not _overlap(picture, _named(slide, text)), (slide, text)
    assert _named(code, "Side picture").top > _named(code, "Code").top


def test_columns_take_blocks_and_numbers(tmp_path: Path) -> None:
    _, prs = build_ok(_deck(tmp_path, """\
deck: {title: Columns, title_slide: false}
slides:
  - title: "Two ways"
    columns:
      - heading: "Steps"
        numbered: true
        bullets: ["install", "build"]
      - heading: "Commands"
        text: "In a shell:"
        body:
          - code: "make test"
            language: bash
          - quote: "It works."
            by: "Everyone"
"""))
    slide = prs.slides[0]
    numbered = _named(slide, "Column 1 text").text_frame.paragraphs
    assert all(p._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}") is not None for p in numbered)
    lead, code, quote = (_named(slide, n) for n in ("Paragraph block", "Code", "Quote block"))
    column = _named(slide, "Column 2")
    assert lead.top < code.top < quote.top
    for shape in (lead, code, quote):
        assert column.left <= shape.left and shape.left + shape.width <= column.left + column.width


@pytest.mark.parametrize(("slide", "expected"), [
    ("  - title: T\n    body:\n      - text: a\n        bullets: [b]\n",
     "deck.yaml:5:9: error: slide 1 body[0]: a block holds one of"),
    ("  - title: T\n    body:\n      - {image: images/missing.png, alt: x}\n",
     "deck.yaml:5:17: error: image 'images/missing.png'"),
    ("  - title: T\n    bullets: [a]\n    image: {path: images/photo.png, alt: x, width: 95%}\n",
     "deck.yaml:5:52: error: slide 1 image.width: 95% of the slide leaves too little room"),
    ("  - title: T\n    bullets: [a]\n    image: {path: images/nope.png, alt: x}\n",
     "deck.yaml:5:19: error: slide 1 image 'images/nope.png' does not exist"),
    ("  - kind: closing\n    title: T\n    image: {path: images/qr.png, alt: x, side: top}\n",
     "deck.yaml:5:48: error: a closing slide's picture stands left or right, not top"),
    ("  - title: T\n    body:\n      - code: x\n        language: pyhton\n",
     "deck.yaml:6:19: error: slide 1 body[0].language: unknown code language 'pyhton'"),
])
def test_located_errors(tmp_path: Path, slide: str, expected: str) -> None:
    deck = _deck(tmp_path, "deck: {title: Bad, title_slide: false}\nslides:\n" + slide)
    problems = problems_of(deck)
    assert any(p.startswith(expected) for p in problems), problems


def test_marks_in_cells_headings_captions_panels_and_labels(tmp_path: Path) -> None:
    """Inline marks are runs wherever text is set on the slide, not only in bullets."""
    _, prs = build_ok(_deck(tmp_path, """\
deck: {title: Marks, title_slide: false}
slides:
  - title: "Cells"
    table:
      header: ["**step**", "time"]
      rows: [["`code` here", "~~old~~ new"], ["[link](https://example.org)", "plain"]]
    caption: "A caption with **bold** and `code`"
  - title: "Columns"
    columns:
      - {heading: "The *first* `one`", bullets: [a]}
      - {heading: "~~Second~~", bullets: [b]}
  - title: "Diagram"
    diagram: {type: flow, nodes: ["**Read**", "`parse`", "~~guess~~ check"]}
  - title: "Chart"
    chart: {type: bar, categories: [a, b], series: [{name: n, values: [1, 2]}]}
    text: ["Side **text**", "~~old~~"]
"""))
    theme = load_theme("default", tmp_path)

    def runs(shapes):  # noqa: ANN001, ANN202
        for shape in shapes:
            if shape.shape_type == 6:  # a group: a diagram
                yield from runs(shape.shapes)
            elif getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        yield from (r for p in cell.text_frame.paragraphs for r in p.runs)
            elif shape.has_text_frame:
                yield from (r for p in shape.text_frame.paragraphs for r in p.runs)

    found = {}
    for number, slide in enumerate(prs.slides, start=1):
        for run in runs(slide.shapes):
            r_pr = run._r.find(qn("a:rPr"))
            found[(number, run.text)] = (r_pr.get("b") == "1", r_pr.get("i") == "1",
                                         r_pr.get("strike"), run.font.name,
                                         run.hyperlink.address)
    assert found[(1, "step")][0] and found[(1, "old")][2] == "sngStrike"
    assert found[(1, "code")][3] == theme.fonts.mono
    assert found[(1, "link")][4] == "https://example.org"
    assert found[(1, "bold")][0]  # the caption
    assert found[(2, "first")][1] and found[(2, "one")][3] == theme.fonts.mono
    assert found[(2, "Second")][2] == "sngStrike"
    assert found[(3, "Read")][0] and found[(3, "parse")][3] == theme.fonts.mono
    assert found[(3, "guess")][2] == "sngStrike"
    assert found[(4, "text")][0] and found[(4, "old")][2] == "sngStrike"
    assert not any("*" in text or "~" in text or "`" in text for _, text in found)


def test_a_charts_side_panel_takes_points_under_its_paragraphs(tmp_path: Path) -> None:
    _, prs = build_ok(_deck(tmp_path, """\
deck: {title: Chart, title_slide: false}
slides:
  - title: "Points in the panel"
    chart: {type: bar, categories: [a, b], series: [{name: n, values: [1, 2]}]}
    text:
      - "Growth everywhere"
      - ["a doubled", ["since 2020"]]
      - text: "One outlier"
        items: ["b"]
"""))
    paragraphs = _named(prs.slides[0], "Side panel text").text_frame.paragraphs
    assert [(p.text, p.level) for p in paragraphs] == [
        ("Growth everywhere", 0), ("a doubled", 1), ("since 2020", 2), ("One outlier", 0),
        ("b", 1)]
    marks = [p._p.find(f"{qn('a:pPr')}/{qn('a:buNone')}") is not None for p in paragraphs]
    assert marks == [True, False, False, True, False]  # paragraphs, and points under them


@pytest.mark.parametrize("theme", ["default", "keynote"])
def test_a_small_table_with_room_is_set_at_the_body_size(tmp_path: Path, theme: str) -> None:
    """As a table slide grows its type, a table block on a roomy slide is not left at the
    theme's small table size beside body-size paragraphs."""
    deck = write(tmp_path, f"deck: {{title: T, theme: {theme}, title_slide: false}}\n"
                 "slides:\n  - title: Before and after\n    body:\n"
                 '      - "One table says it all:"\n'
                 "      - table: {header: ['', before, after], rows: [[minutes, 40, 1.5]]}\n"
                 '      - "That is the whole story."\n')
    result, prs = build_ok(deck)
    assert not result.problems
    sizes = load_theme(theme, Path(__file__).resolve().parent.parent).sizes
    table = next(s for s in prs.slides[0].shapes if s.has_table).table
    cell_sizes = {r.font.size.pt for row in table.rows for c in row.cells
                  for p in c.text_frame.paragraphs for r in p.runs if r.font.size}
    assert cell_sizes == {sizes.body}, (cell_sizes, sizes.body, sizes.table)


def test_columns_of_blocks_are_as_tall_as_their_content(tmp_path: Path) -> None:
    """Cards of block columns size to their tallest content, as text columns do."""
    deck = write(tmp_path, "deck: {title: T, title_slide: false}\nslides:\n"
                 "  - title: Two ways\n    columns:\n"
                 "      - heading: Python\n        body:\n          - \"Reads it all:\"\n"
                 "          - code: \"text = open(p).read()\\nprint(text)\"\n"
                 "            language: python\n"
                 "      - heading: Rust\n        body:\n          - \"Same:\"\n"
                 "          - code: \"let t = read(p)?;\"\n            language: rust\n")
    result, prs = build_ok(deck)
    assert not result.problems
    slide = prs.slides[0]
    cards = [s for s in slide.shapes if s.name in ("Column 1", "Column 2")]
    assert len(cards) == 2 and cards[0].height == cards[1].height
    assert cards[0].height < prs.slide_height * 0.5  # short content, short cards
    inside = [s for s in slide.shapes if s.name not in ("Column 1", "Column 2")
              and cards[0].left <= s.left < cards[0].left + cards[0].width
              and s.top >= cards[0].top]
    assert inside and all(s.top + s.height <= cards[0].top + cards[0].height for s in inside)
