"""What a screen reader and PowerPoint's Accessibility Checker get from a built deck.

Decks are built for real and reopened with python-pptx: slide titles (drawn, or
kept off the slide where the design shows none), decorative marks, described
diagram groups, table header rows, reading order, run languages, and the
``deckgen check --a11y`` report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from render_audit import page_words, render

from conftest import ROOT, build_ok, inherited_look, write
from deckgen.ooxml.accessibility import check

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
LONG_QUOTE = ("Those who cannot remember the past are condemned to repeat it, and those "
              "who can are condemned to watch others repeat it")
DECK = f"""
deck:
  title: "Reading the deck"
  subtitle: "For every reader"
  author: "A. Tester"
  footer: "{{title}}"
  language: de-DE
slides:
  - title: "Nested and numbered"
    bullets:
      - "Level zero"
      - ["Level one", ["Level two"]]
  - title: "Steps"
    numbered: true
    bullets: ["first", "second", ["sub a"], "third"]
  - quote: "{LONG_QUOTE}"
    by: "Someone"
  - statement: "Forty-two"
  - title: "With header"
    table:
      header: ["Name", "Value"]
      rows: [["a", 1], ["b", 2]]
  - title: "Without header"
    table:
      rows: [["a", 1], ["b", 2]]
  - image: wide.png
    alt: "A wide orange field under a grey sky"
  - title: "Loop"
    diagram: {{type: cycle, nodes: ["Plan", "Do", "Check", "Act"]}}
  - title: "Columns"
    columns:
      - {{heading: "Left", bullets: ["one"]}}
      - {{heading: "Right", bullets: ["两张皮 mixed"], label: "tag"}}
  - section: "A section"
    subtitle: "Part two"
  - kind: closing
    title: "Thank you"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Presentation]:
    folder = tmp_path_factory.mktemp("a11y")
    Image.new("RGB", (800, 300), (220, 120, 30)).save(folder / "wide.png")
    deck = write(folder, DECK)
    result, prs = build_ok(deck)
    return result.output, prs


def _flat(shapes) -> list:  # noqa: ANN001
    out = []
    for shape in shapes:
        out.extend(_flat(shape.shapes) if shape.shape_type == MSO_SHAPE_TYPE.GROUP else [shape])
    return out


def _decorative(shape) -> bool:  # noqa: ANN001
    c_nv_pr = shape._element.find("./*/{*}cNvPr")
    return any(e.get("uri") == DECORATIVE for e in c_nv_pr.iter(f"{A}ext"))


def test_every_slide_has_a_title_placeholder_with_text(built) -> None:
    _, prs = built
    for number, slide in enumerate(prs.slides, start=1):
        title = slide.shapes.title
        assert title is not None and title.is_placeholder, number
        assert title.text_frame.text.strip(), number
    kinds = [s.shapes.title.placeholder_format.type for s in prs.slides]
    assert kinds[0] == PP_PLACEHOLDER.CENTER_TITLE
    assert set(kinds[1:]) == {PP_PLACEHOLDER.TITLE}


def test_titles_the_design_does_not_show_are_above_the_slide(built) -> None:
    _, prs = built
    unseen = {n: s.shapes.title for n, s in enumerate(prs.slides, start=1)
              if s.shapes.title.top + s.shapes.title.height <= 0}
    assert sorted(unseen) == [4, 5, 8]  # quote, statement, full-slide picture
    assert unseen[4].text_frame.text == " ".join(LONG_QUOTE.split()[:12]) + " \u2026"
    assert unseen[5].text_frame.text == "Forty-two"
    assert unseen[8].text_frame.text == "A wide orange field under a grey sky"


def test_hidden_titles_are_not_drawn(built, tmp_path: Path) -> None:
    """LibreOffice's rendering shows neither the picture slide's alt text nor the cut quote."""
    path, _ = built
    pages, _ = page_words(render([path], tmp_path)[path])
    words = [" ".join(w.text for w in page) for page in pages]
    assert "orange" not in words[7] and "\u2026" not in words[3]
    assert "Those who cannot" in words[3]  # the quote itself is drawn


def test_shapes_without_text_are_marked_decorative(built) -> None:
    _, prs = built
    marked = 0
    for number, slide in enumerate(prs.slides, start=1):
        for shape in _flat(slide.shapes):
            if shape._element.tag.endswith("}pic"):  # free or in a picture placeholder
                assert not _decorative(shape) and shape._element.xpath(".//p:cNvPr/@descr")
            elif shape.has_text_frame and shape.text_frame.text.strip():
                assert not _decorative(shape) or shape.name == "Quote mark", (number, shape.name)
            elif not getattr(shape, "has_table", False):
                assert _decorative(shape), (number, shape.name)
                marked += 1
    assert marked >= 12  # rules, bands, card panels, the cycle's arrows


def test_a_diagram_is_one_group_described_in_words(built) -> None:
    _, prs = built
    groups = [s for s in prs.slides[8].shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]
    assert len(groups) == 1
    descr = groups[0]._element.xpath("./p:nvGrpSpPr/p:cNvPr/@descr")[0]
    assert descr == "Cycle of 4 steps: Plan \u2192 Do \u2192 Check \u2192 Act \u2192 back to Plan."
    labels = [s.text_frame.text for s in groups[0].shapes if s.has_text_frame
              and s.text_frame.text]
    assert labels == ["Plan", "Do", "Check", "Act"]
    # the group's child space is the slide's: the parts stay where the layout put them
    xfrm = groups[0]._element.grpSpPr.find(f"{A}xfrm")
    assert xfrm.find(f"{A}off").attrib == xfrm.find(f"{A}chOff").attrib


def test_tables_mark_their_header_row(built) -> None:
    _, prs = built
    with_header, without = (next(s for s in prs.slides[n].shapes if s.has_table)
                            for n in (5, 6))
    assert with_header.table.first_row is True
    assert without.table.first_row is False


def test_reading_order_is_title_body_then_footer_and_number(built) -> None:
    _, prs = built
    for number in (2, 3, 6):
        names = [s.name for s in prs.slides[number - 1].shapes if not _decorative(s)]
        assert names[0] == "Title", (number, names)
        assert names[-2:] == ["Footer", "Slide Number"], (number, names)


def test_runs_carry_the_deck_language_and_cjk_runs_their_own(built) -> None:
    _, prs = built
    seen = set()
    for slide in prs.slides:
        for r in slide._element.iter(f"{A}r"):
            r_pr, text = r.find(f"{A}rPr"), "".join(r.itertext())
            pair = (r_pr.get("lang"), r_pr.get("altLang"))
            assert pair == (("zh-CN", "de-DE") if "两" in text else ("de-DE", None)), text
            seen.add(pair)
    assert seen == {("de-DE", None), ("zh-CN", "de-DE")}


def test_outline_levels_and_automatic_numbering(built) -> None:
    _, prs = built
    bullets = next(s for s in prs.slides[1].shapes if s.name == "Bullets")
    assert [p.level for p in bullets.text_frame.paragraphs] == [0, 1, 2]
    steps = next(s for s in prs.slides[2].shapes if s.name == "Bullets")
    numbered = [p._p.find(f"{A}pPr/{A}buAutoNum") is not None
                for p in steps.text_frame.paragraphs]
    assert numbered == [True, True, False, True]
    assert [p.level for p in steps.text_frame.paragraphs] == [0, 0, 1, 0]


def test_list_styles_hold_each_level_indent_marker_and_size(built) -> None:
    """PowerPoint's Tab and Shift+Tab take a level's look from the body's list styles."""
    _, prs = built
    for number, first in ((2, "buChar"), (3, "buAutoNum")):
        body = next(s for s in prs.slides[number - 1].shapes if s.name == "Bullets")
        styles = body._element.find(f".//{A}lstStyle")
        levels = [styles.find(f"{A}lvl{n}pPr") for n in (1, 2, 3)]
        margins = [int(lvl.get("marL")) for lvl in levels]
        assert margins == sorted(margins) and margins[0] > 0 and all(
            int(lvl.get("indent")) < 0 for lvl in levels)
        assert levels[0].find(f"{A}{first}") is not None
        assert [lvl.find(f"{A}buChar").get("char") for lvl in levels[1:]] == ["\u2013", "\u2022"]
        sizes = [int(lvl.find(f"{A}defRPr").get("sz")) if lvl.find(f"{A}defRPr") is not None
                 else round(inherited_look(body, n).size * 100) for n, lvl in enumerate(levels)]
        assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[2]
        # the paragraphs' own markers agree with their level's style
        for para in body.text_frame.paragraphs:
            style = levels[para.level]
            assert para._p.pPr.get("marL") == style.get("marL")


def test_text_goes_into_the_layouts_placeholders(built) -> None:
    """Body, subtitle, footer and slide number sit in placeholders PowerPoint pairs with the
    layout's: the outline shows the body, Insert > Header & Footer controls the footer."""
    _, prs = built
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[0] == "Title" and layouts[1:3] == ["Bullets"] * 2
    assert layouts[10] == "Section" and layouts[3] == "Quote"
    assert layouts[7] == "Picture" and layouts[9] == "Two columns"
    assert set(layouts[4:7] + layouts[8:9] + layouts[11:]) == {"Title only"}
    section = next(s for s in prs.slides[10].shapes if s.name == "Subtitle")
    assert section.placeholder_format.type == PP_PLACEHOLDER.BODY
    assert section.placeholder_format.idx == 1 and section.text_frame.text == "Part two"
    # the deck's own "Section" sets no capitals, so its title's runs need not undo them
    caps = prs.slides[10].slide_layout.placeholders[0]._element.xpath(".//a:defRPr/@cap")
    runs = prs.slides[10].shapes.title._element.xpath(".//a:r/a:rPr/@cap")
    assert caps == [] and runs == []
    cover = {s.name: s for s in prs.slides[0].shapes}
    assert cover["Subtitle"].placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
    assert cover["Subtitle"].text_frame.text == "For every reader"
    for number in (2, 3):
        slide = prs.slides[number - 1]
        body = next(s for s in slide.shapes if s.name == "Bullets")
        assert body.is_placeholder and body.placeholder_format.idx == 1
        layout_body = slide.slide_layout.placeholders.get(idx=1)
        assert layout_body is not None and layout_body.placeholder_format.type \
            == body.placeholder_format.type == PP_PLACEHOLDER.BODY
    framed = [s for s in prs.slides if any(x.name == "Footer" for x in s.shapes)]
    assert len(framed) == len(prs.slides) - 2  # all but the cover and the full-slide picture
    for slide in framed:
        kinds = {s.name: s.placeholder_format.type for s in slide.shapes if s.is_placeholder}
        assert kinds.get("Footer") == PP_PLACEHOLDER.FOOTER, slide.slide_layout.name
        assert kinds.get("Slide Number") == PP_PLACEHOLDER.SLIDE_NUMBER
        for shape in slide.shapes:  # each placeholder pairs with one of its layout's
            if shape.is_placeholder and shape.placeholder_format.idx:
                assert slide.slide_layout.placeholders.get(
                    idx=shape.placeholder_format.idx) is not None, shape.name


def test_the_master_text_styles_carry_the_theme(built) -> None:
    """New text typed in PowerPoint starts at the deck's title and list look."""
    from deckgen.model.themes import load_theme

    _, prs = built
    theme = load_theme("default", ROOT, None, None)
    styles = prs.slide_masters[0]._element.find(".//{*}txStyles")
    title = styles.find(f"{{*}}titleStyle/{A}lvl1pPr/{A}defRPr")
    assert int(title.get("sz")) == round(theme.sizes.title * 100)
    levels = [styles.find(f"{{*}}bodyStyle/{A}lvl{n}pPr") for n in (1, 2, 3)]
    body = next(s for s in prs.slides[1].shapes if s.name == "Bullets")
    own = body._element.find(f".//{A}lstStyle")
    for level, style in enumerate(levels, start=1):  # the master's levels are the body's
        mine = own.find(f"{A}lvl{level}pPr")
        assert style.get("marL") == mine.get("marL") and style.get("indent") == mine.get("indent")
        assert style.find(f"{A}buChar").get("char") == mine.find(f"{A}buChar").get("char")
        # at the theme's size the body leaves each level's size to the master's
        assert mine.find(f"{A}defRPr") is None
        assert int(style.find(f"{A}defRPr").get("sz")) == round(
            theme.sizes.body * (1.0, 0.88, 0.8)[level - 1] * 100)


# --- deckgen check --a11y -------------------------------------------------------------------

def test_a_built_deck_has_no_findings_but_its_headerless_table(built) -> None:
    path, _ = built
    assert [(f.slide, f.message) for f in check(path)] == [
        (7, "table 'Table' has no header row")]


@pytest.mark.parametrize("theme", ["contrast", "keynote", "lecture", "scholar"])
def test_every_theme_gives_readers_the_same_deck(built, theme: str, tmp_path: Path) -> None:
    """Titles, alt text, contrast and reading order hold whatever the theme."""
    path, _ = built
    deck = path.parent / "deck.yaml"
    result, prs = build_ok(deck, tmp_path / f"{theme}.pptx", theme=theme)
    assert [(f.slide, f.message) for f in check(result.output)] == [
        (7, "table 'Table' has no header row")]
    assert all(s.shapes.title is not None and s.shapes.title.text_frame.text
               for s in prs.slides)


def test_findings_of_a_deck_changed_by_hand(built, tmp_path: Path) -> None:
    """The checker reads any file: one edited after the build shows every kind of finding."""
    path, _ = built
    prs = Presentation(str(path))
    prs.slides[1].shapes.title.text_frame.text = ""  # no title
    prs.slides[2].shapes.title.text_frame.text = "Reading the deck"  # the cover's title again
    tree = prs.slides[5].shapes._spTree  # the footer read first
    footer = next(s for s in prs.slides[5].shapes if s.name == "Footer")._element
    tree.remove(footer)
    tree.insert(2, footer)
    picture = next(s for s in prs.slides[7].shapes if s.name == "Image")
    picture._element.xpath(".//p:cNvPr")[0].set("descr", "")
    bullets = next(s for s in prs.slides[1].shapes if s.name == "Bullets")
    bullets.text_frame.paragraphs[0].runs[0].font.color.rgb = \
        prs.slides[1].background.fill.fore_color.rgb
    out = tmp_path / "edited.pptx"
    prs.save(out)
    found = [(f.slide, f.message) for f in check(out)]
    assert (2, "slide has no title") in found
    assert (3, "slide title 'Reading the deck' repeats slide 1's") in found
    assert (6, "reading order: 'Footer' is read before the title") in found
    assert (6, "reading order: 'Footer' is read before the slide's body") in found
    assert (7, "table 'Table' has no header row") in found
    assert (8, "picture 'Image' has no alt text") in found
    assert any(n == 2 and m.startswith("low contrast in 'Bullets'") for n, m in found)
    assert len(found) == 7, found


def test_check_a11y_reports_findings_at_their_slides(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "Twice", title_slide: false}
        slides:
          - title: "Same"
            bullets: [a]
          - title: "Same"
            table:
              rows: [["a", 1]]
        """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "deckgen", "check", "--a11y", deck.name],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines == [
        "deck.yaml:5:5: warning: accessibility: slide 2 \"Same\": slide title 'Same' repeats "
        "slide 1's (hint: make each title tell its slide apart, e.g. add (2 of 3))",
        "deck.yaml:5:5: warning: accessibility: slide 2 \"Same\": table 'Table' has no header "
        "row (hint: give the table a header: so readers can name each column)"], lines
    assert done.stdout.strip() == "deck.yaml: 2 accessibility findings (2 slides)"
    strict = subprocess.run([sys.executable, "-m", "deckgen", "check", "--a11y", "--strict",
                             deck.name], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=120)
    assert strict.returncode == 1
