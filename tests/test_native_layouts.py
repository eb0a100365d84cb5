"""A shipped theme's deck carries its own master and layouts, and its placeholders inherit.

Each slide is built on the layout named for its sort, with the standard
placeholder types, placed where the slide's text stands (so PowerPoint's
"Reset slide" moves nothing); a run in a placeholder states only what its
content marks or a fitted size, so changing the master restyles the deck.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx.enum.shapes import PP_PLACEHOLDER
from render_audit import render

from conftest import ROOT, build_ok, inherited_look, run_size, write

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
THEMES = ["default", "contrast", "keynote", "lecture", "scholar"]
LAYOUTS = ["Title", "Bullets", "Section", "Two columns", "Quote", "Picture", "Title only",
           "Blank"]
DECK = """
deck:
  title: "Native layouts"
  subtitle: "Placeholders all the way"
  footer: "{title}"
  theme: THEME
slides:
  - title: "Points"
    bullets:
      - "Plain, **bold** and *italic* words"
      - ["a `code` word", "a [link](https://example.org)"]
  - section: "Part two"
    subtitle: "What follows"
  - title: "Two sides"
    columns:
      - {heading: "Left", bullets: ["one"]}
      - {heading: "Right", bullets: ["two"]}
  - quote: "Short and to the point."
    by: "Someone"
  - statement: "Forty-two"
  - title: "A picture"
    image: roadmap.png
    alt: "A roadmap"
    caption: "The year ahead"
  - title: "Three sides"
    columns:
      - {heading: "A", bullets: ["one"]}
      - {heading: "B", bullets: ["two"]}
      - {heading: "C", bullets: ["three"]}
"""
# What a slide's design draws on its own, over the layout: no placeholder of the layout's.
DRAWN = {"Quote mark", "Column 1", "Column 2", "Column 1 heading", "Column 2 heading",
         "Accent rule", "Attribution"}


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    out = {}
    for theme in THEMES:
        folder = tmp_path_factory.mktemp(theme)
        shutil.copy(ROOT / "tests" / "decks" / "spec" / "images" / "roadmap.png", folder)
        deck = write(folder, DECK.replace("THEME", theme))
        _, prs = build_ok(deck, folder / f"{theme}.pptx")
        out[theme] = (folder / f"{theme}.pptx", prs)
    return out


def _xfrm(shape) -> tuple[int, int, int, int]:  # noqa: ANN001
    return shape.left, shape.top, shape.width, shape.height


@pytest.mark.parametrize("theme", THEMES)
def test_layouts_are_the_decks_own_and_named_for_their_sort(decks, theme: str) -> None:
    _, prs = decks[theme]
    assert prs.slide_masters[0].name == theme
    assert [layout.name for layout in prs.slide_layouts] == LAYOUTS
    types = {layout.name: sorted(ph.placeholder_format.type.name
                                 for ph in layout.placeholders) for layout in prs.slide_layouts}
    furniture = ["DATE", "FOOTER", "SLIDE_NUMBER"]
    assert types["Title"] == sorted(["CENTER_TITLE", "SUBTITLE", *furniture])
    assert types["Bullets"] == types["Section"] == types["Quote"] == sorted(
        ["TITLE", "BODY", *furniture])
    assert types["Two columns"] == sorted(["TITLE", "BODY", "BODY", *furniture])
    assert types["Picture"] == sorted(["TITLE", "PICTURE", "BODY", *furniture])
    assert types["Title only"] == sorted(["TITLE", *furniture])
    assert types["Blank"] == furniture
    built_on = [slide.slide_layout.name for slide in prs.slides]
    assert built_on[:3] == ["Title", "Bullets", "Section"] and built_on[4] == "Quote"


@pytest.mark.parametrize("theme", THEMES)
def test_placeholders_stand_where_their_layouts_put_them(decks, theme: str) -> None:
    """"Reset slide" in PowerPoint moves nothing: each placeholder is where its layout's is."""
    _, prs = decks[theme]
    checked = 0
    for slide in prs.slides:
        layout = slide.slide_layout
        for shape in slide.placeholders:
            fmt = shape.placeholder_format
            own = next((ph for ph in layout.placeholders if ph.placeholder_format.idx == fmt.idx),
                       None)
            assert own is not None, (layout.name, shape.name)
            if fmt.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) \
                    and shape.top < 0:  # a title kept off the slide for readers
                continue
            if shape.name in PLACED_BY_DESIGN:  # inside the layout's content, where drawn
                assert _inside(shape, _content(layout)), (layout.name, shape.name)
                continue
            assert _xfrm(shape) == _xfrm(own), (layout.name, shape.name)
            checked += 1
    assert checked >= 12
    master = prs.slide_masters[0]
    bullets = prs.slide_layouts[1]
    for ph in master.placeholders:  # a layout placeholder without a place takes the master's
        kind = ph.placeholder_format.type
        twin = next((p for p in bullets.placeholders if p.placeholder_format.type == kind), None)
        if twin is not None:
            assert _xfrm(ph) == _xfrm(twin), kind


# Placeholders whose text or picture keeps the place the slide's design gives it (a quote
# beside its mark, a column's text under its heading, a picture contained in its frame):
# PowerPoint's "Reset slide" moves them into the layout's frame.
PLACED_BY_DESIGN = {"Quote", "Column 1 text", "Column 2 text", "Image", "Caption"}


def _content(layout) -> tuple[int, int, int, int]:  # noqa: ANN001
    """The box around a layout's title and content placeholders (not its date, footer and
    number): a slide without a visible title (a quote) lets its text rise into the title's."""
    furniture = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
    boxes = [_xfrm(p) for p in layout.placeholders if p.placeholder_format.type not in furniture]
    x, y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    return x, y, max(b[0] + b[2] for b in boxes) - x, max(b[1] + b[3] for b in boxes) - y


def _inside(shape, box: tuple[int, int, int, int]) -> bool:  # noqa: ANN001
    x, y, w, h = _xfrm(shape)
    pt = 12700
    return (x >= box[0] - pt and y >= box[1] - pt and x + w <= box[0] + box[2] + pt
            and y + h <= box[1] + box[3] + pt)


@pytest.mark.parametrize("theme", THEMES)
def test_pictures_quotes_and_two_columns_fill_their_layouts_placeholders(decks,
                                                                       theme: str) -> None:
    """The picture and its caption, a quote, and each of two columns' text are the layout's
    picture, caption and body placeholders; what the design adds (the quote mark, column
    cards and headings) is drawn over the layout; three columns stay free text boxes."""
    _, prs = decks[theme]
    slides = {slide.shapes.title.text: slide for slide in prs.slides}

    def placed(title: str) -> dict[str, tuple[object, int]]:
        shapes = slides[title].shapes
        assert not any(s.is_placeholder for s in shapes if s.name in DRAWN), title
        return {s.name: (s.placeholder_format.type, s.placeholder_format.idx)
                for s in shapes if s.is_placeholder}

    picture = placed("A picture")
    assert slides["A picture"].slide_layout.name == "Picture"
    assert picture["Image"] == (PP_PLACEHOLDER.PICTURE, 1)
    assert picture["Caption"] == (PP_PLACEHOLDER.BODY, 2)
    image = next(s for s in slides["A picture"].shapes if s.name == "Image")
    assert image.image.content_type == "image/png" and image.crop_left == 0
    quote = placed("Short and to the point.")
    assert quote["Quote"] == (PP_PLACEHOLDER.BODY, 1)
    columns = placed("Two sides")
    assert columns["Column 1 text"] == (PP_PLACEHOLDER.BODY, 1)
    assert columns["Column 2 text"] == (PP_PLACEHOLDER.BODY, 2)
    three = placed("Three sides")
    assert not any(name.startswith("Column") for name in three), three


@pytest.mark.parametrize("theme", THEMES)
def test_runs_in_placeholders_state_only_what_their_content_marks(decks, theme: str) -> None:
    _, prs = decks[theme]
    from deckgen.model.themes import load_theme

    look = load_theme(theme, ROOT, None, None)
    seen = 0
    for slide in prs.slides:
        for shape in slide.placeholders:
            if not shape.has_text_frame:  # the picture's
                continue
            for level_para in shape.text_frame.paragraphs:
                for run in level_para.runs:
                    r_pr = run._r.find(f"{A}rPr")
                    seen += 1
                    assert r_pr.get("lang"), run.text
                    latin = r_pr.find(f"{A}latin")
                    if latin is not None:  # only code names its face
                        assert run.text == "code" and latin.get("typeface") == look.fonts.mono
                    if r_pr.find(f"{A}solidFill") is not None:
                        assert run.text == "link", (shape.name, run.text)
                    if r_pr.get("b") is not None:
                        assert run.text == "bold", (shape.name, run.text)
                    if r_pr.get("sz") is not None:  # a fitted size: not the inherited one
                        inherited = inherited_look(shape, level_para.level).size
                        assert run_size(run, shape, level_para.level) != inherited
    assert seen >= 10
    points = prs.slides[1].placeholders[1]
    assert points.text_frame.paragraphs[0].runs[0].font.size is None
    assert run_size(points.text_frame.paragraphs[0].runs[0], points) == look.sizes.body
    title = inherited_look(prs.slides[1].shapes.title)
    assert (title.size, title.bold, title.colour, title.latin) == (
        look.sizes.title, look.title_bold, look.colors.title, look.fonts.heading)


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout


def test_a_changed_master_font_restyles_the_body_text(decks, tmp_path: Path) -> None:
    """The body's face is the master's: changing it there (as PowerPoint's master view
    does) changes how every slide's body text is drawn."""
    path, _ = decks["default"]
    master_part = "ppt/slideMasters/slideMaster1.xml"
    with zipfile.ZipFile(path) as package:
        xml = package.read(master_part).decode("utf-8")
    level = '<a:lvl1pPr marL="'
    start = xml.index(level, xml.index("<p:bodyStyle>"))
    end = xml.index("</a:lvl1pPr>", start)
    old = xml[start:end]
    assert '<a:latin typeface="+mn-lt"/>' in old
    changed = xml[:start] + old.replace('<a:latin typeface="+mn-lt"/>',
                                        '<a:latin typeface="DejaVu Serif"/>') + xml[end:]
    edited = tmp_path / "edited.pptx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = changed.encode("utf-8") if item.filename == master_part \
                else source.read(item.filename)
            target.writestr(item, data)
    pdfs = render([path, edited], tmp_path / "pdf")
    assert "DejaVuSerif" not in _fonts(pdfs[path])
    assert "DejaVuSerif" in _fonts(pdfs[edited])


def test_the_checker_reads_the_colour_a_placeholder_inherits(decks, tmp_path: Path) -> None:
    """Body text states no colour of its own: the accessibility check takes the master's,
    so a text colour changed there to the background's is reported."""
    from deckgen.ooxml.accessibility import check

    path, _ = decks["default"]
    theme_part = "ppt/theme/theme1.xml"
    with zipfile.ZipFile(path) as package:
        xml = package.read(theme_part).decode("utf-8")
    start = xml.index("<a:dk1>")
    end = xml.index("</a:dk1>", start)
    faint = xml[:start] + '<a:dk1><a:srgbClr val="F4F4F4"/>' + xml[end:]
    edited = tmp_path / "faint.pptx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            target.writestr(item, faint.encode("utf-8") if item.filename == theme_part
                            else source.read(item.filename))
    assert not [f for f in check(path) if "contrast" in f.message]
    found = [(f.slide, f.message) for f in check(edited)]
    assert any(n == 2 and m.startswith("low contrast in 'Bullets': #F4F4F4") for n, m in found)


def test_a_layouts_own_colour_map_is_followed(decks) -> None:
    """A layout that maps text to the light colour (a dark layout in a template) gives its
    placeholders that colour, so runs there state theirs when it is not the one they want."""
    from pptx import Presentation

    from deckgen.model.themes import load_theme
    from deckgen.ooxml.master import inherited

    path, _ = decks["default"]
    theme = load_theme("default", ROOT, None, None)
    layouts = Presentation(str(path)).slide_layouts
    assert inherited(layouts[4].part, "body", 1)[0].colour == theme.colors.text  # Quote
    layout = layouts[1]  # Bullets, before anything is read from it
    override = layout._element.find(f"{P}clrMapOvr")
    override.remove(override[0])
    swapped = {"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2", "accent1": "accent1",
               "accent2": "accent2", "accent3": "accent3", "accent4": "accent4",
               "accent5": "accent5", "accent6": "accent6", "hlink": "hlink",
               "folHlink": "folHlink"}
    mapping = override.makeelement(f"{A}overrideClrMapping", swapped)
    override.append(mapping)
    assert inherited(layout.part, "body", 1)[0].colour == theme.colors.background
