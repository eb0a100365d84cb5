"""Corporate templates: slides built on a template's own masters and layouts.

Three templates made by ``tests/templates/make_templates.py``: one saved by
LibreOffice Impress (its own layout names, index-0 placeholders, a 28 x
15.75 cm slide), one 4:3 with a company's layout names, a band on its master
and its own theme fonts, and one with two masters.  Decks are built on each,
reopened with python-pptx, audited and rendered through LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import get_args

import pytest
from openxml_audit import validate_pptx
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from render_audit import page_words, render

from conftest import ROOT, build_ok, problems_of, write
from deckgen.model.deck import KindName
from deckgen.model.layouts import KIND_SORTS, choose
from deckgen.model.slides import KINDS
from deckgen.ooxml.audit import audit
from deckgen.source.layouts import read_template

TEMPLATES = Path(__file__).resolve().parent / "templates"
DECK = """
deck:
  title: "Quarterly review"
  subtitle: "On the company template"
  author: "A. Tester"
  theme: corp.yaml
  footer: "{{title}}"
{deck_extra}slides:
  - title: "What we cover"
    layout: {agenda}
    bullets: ["Numbers", "Plans", "Questions"]
  - section: "Numbers"
  - title: "What went well"
    bullets: ["Sales grew", ["in the north", "in the south"], "Costs fell"]
  - title: "Two sides"
    columns:
      - {{heading: "Left", bullets: ["one", "two"]}}
      - {{heading: "Right", bullets: ["three"]}}
  - statement: "We grew by twelve per cent"
    layout: {statement}
  - title: "Figures"
    table:
      header: ["Region", "Sales"]
      rows: [["North", 12], ["South", 9]]
"""
TITLES = ["Quarterly review", "What we cover", "Numbers", "What went well", "Two sides",
          "We grew by twelve per cent", "Figures"]


def _deck(folder: Path, template: str, agenda: str, statement: str,
          deck_extra: str = "") -> Path:
    shutil.copy(TEMPLATES / template, folder / template)
    write(folder, f"name: corp\nextends: default\ntemplate: {template}\n", "corp.yaml")
    return write(folder, DECK.format(agenda=agenda, statement=statement,
                                     deck_extra=deck_extra))


CASES = {  # template: (named layouts, the layout each slide is built on, slide size)
    "custom43.pptx": (("Agenda", "big statement"),
                      ["Cover Page", "Agenda", "Chapter", "Content", "Side by Side",
                       "Big Statement", "Headline"], (720, 540)),
    "impress.pptx": (('"Title, Content"', "TITLE ONLY"),
                     ["Title Slide", "Title, Content", "Title, Content", "Title, Content",
                      "Title, 2 Content", "Title Only", "Title Only"], (960, 540)),
    "twomasters.pptx": (('"Dark Title and Content"', '"Dark Title Only"'),
                        ["Title Slide", "Dark Title and Content", "Section Header",
                         "Title and Content", "Two Content", "Dark Title Only",
                         "Title Only"], (960, 540)),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each template's deck, built once, and its PDF from one LibreOffice run."""
    out = {}
    for template, ((agenda, statement), _, _) in CASES.items():
        folder = tmp_path_factory.mktemp(template.split(".")[0])
        deck = _deck(folder, template, agenda, statement)
        result, _ = build_ok(deck, folder / f"on-{template.split('.')[0]}.pptx")
        out[template] = result.output
    return out


@pytest.mark.parametrize("template", list(CASES))
def test_each_kind_is_built_on_its_layout(built: dict[str, Path], template: str) -> None:
    _, layouts, size = CASES[template]
    prs = Presentation(str(built[template]))
    assert [s.slide_layout.name for s in prs.slides] == layouts
    assert (round(prs.slide_width.pt), round(prs.slide_height.pt)) == size
    for slide, title in zip(prs.slides, TITLES, strict=True):  # in the title placeholder
        assert slide.shapes.title is not None and slide.shapes.title.text == title
    bullets = next(s for s in prs.slides[3].shapes if s.name == "Bullets")
    assert bullets.is_placeholder  # the list sits in the layout's content placeholder
    layout_ph = {p.placeholder_format.idx for p in prs.slides[3].slide_layout.placeholders}
    assert bullets.placeholder_format.idx in layout_ph


def test_a_named_layout_of_the_second_master_is_used(built: dict[str, Path]) -> None:
    prs = Presentation(str(built["twomasters.pptx"]))
    masters = list(prs.slide_masters)
    on = [masters.index(s.slide_layout.slide_master) for s in prs.slides]
    assert on == [0, 1, 0, 0, 0, 1, 0]  # named layouts only; the rest stay on the first


@pytest.mark.parametrize("template", list(CASES))
def test_text_sits_in_the_layouts_placeholder_boxes(built: dict[str, Path],
                                                    template: str) -> None:
    """Title and list are placed where the template's layout puts its title and content
    (scaled with the template when it is drawn at another size)."""
    prs = Presentation(str(built[template]))
    slide = prs.slides[3]
    layout = {p.placeholder_format.type: p for p in slide.slide_layout.placeholders}
    title, theirs = slide.shapes.title, layout[PP_PLACEHOLDER.TITLE]
    assert abs(title.left - theirs.left) < 12700 and abs(title.top - theirs.top) < 12700
    assert abs(title.width - theirs.width) < 12700
    body = next(s for s in slide.shapes if s.name == "Bullets")
    content = layout[PP_PLACEHOLDER.OBJECT]  # the list starts there, under the title's rule
    assert abs(body.left - content.left) < 12700 and abs(body.width - content.width) < 12700
    assert content.top - 12700 < body.top < content.top + 20 * 12700
    assert body.top + body.height <= content.top + content.height + 12700


def test_the_templates_fonts_colours_and_master_are_kept(built: dict[str, Path]) -> None:
    """The template's theme (Georgia headings, Verdana text, its green) and the band its
    master draws are what the deck carries."""
    with zipfile.ZipFile(built["custom43.pptx"]) as z:
        theme = z.read("ppt/theme/theme1.xml").decode()
        master = z.read("ppt/slideMasters/slideMaster1.xml").decode()
    assert '<a:latin typeface="Georgia"' in theme and '<a:latin typeface="Verdana"' in theme
    assert 'val="0B6E4F"' in theme and 'name="Brand band"' in master


@pytest.mark.parametrize("template", list(CASES))
def test_each_output_passes_both_audits(built: dict[str, Path], template: str) -> None:
    assert audit(built[template]) == []
    report = validate_pptx(built[template])
    assert report.errors == [], report.errors[:5]


def test_each_output_renders_in_libreoffice(built: dict[str, Path], tmp_path: Path) -> None:
    pdfs = render(list(built.values()), tmp_path / "pdf")
    for template, pptx in built.items():
        pages, size = page_words(pdfs[pptx])
        assert len(pages) == len(TITLES), template
        width, height = CASES[template][2]
        assert abs(size[0] / size[1] - width / height) < 0.01, (template, size)
        for page, title in zip(pages, TITLES, strict=True):
            shown = " ".join(w.text for w in page)
            assert title.split()[0] in shown, (template, title, shown[:200])


@pytest.mark.parametrize("template", list(CASES))
def test_two_columns_text_fills_the_two_content_placeholders(built: dict[str, Path],
                                                             template: str) -> None:
    """Each column's text is one of "Two Content"'s placeholders; LibreOffice's layouts
    number all of theirs 0, so there only the first column's can be told apart and the
    second stays a text box."""
    slide = Presentation(str(built[template])).slides[4]
    theirs = [p.placeholder_format.idx for p in slide.slide_layout.placeholders
              if p.placeholder_format.type == PP_PLACEHOLDER.OBJECT]
    texts = [next(s for s in slide.shapes if s.name == f"Column {n} text") for n in (1, 2)]
    assert texts[0].is_placeholder and texts[0].placeholder_format.idx == theirs[0]
    if len(set(theirs)) > 1:
        assert texts[1].is_placeholder and texts[1].placeholder_format.idx == theirs[1]
    else:
        assert not texts[1].is_placeholder
    assert not any(s.is_placeholder for s in slide.shapes if s.name.endswith("heading"))


PICTURES = """
deck:
  title: "Pictures"
  theme: corp.yaml
slides:
  - title: "The roadmap"
    image: roadmap.png
    alt: "The year's roadmap"
    caption: "The plan for the year ahead"
"""


@pytest.mark.parametrize(("template", "layout"), [("custom43.pptx", "Photo"),
                                                  ("twomasters.pptx", "Picture with Caption")])
def test_a_picture_and_its_caption_fill_the_picture_layouts_placeholders(
        tmp_path: Path, template: str, layout: str) -> None:
    """The picture is contained in the layout's picture placeholder, and is that
    placeholder; the caption is its caption placeholder, in its box."""
    shutil.copy(TEMPLATES / template, tmp_path / template)
    shutil.copy(ROOT / "tests" / "decks" / "spec" / "images" / "roadmap.png", tmp_path)
    write(tmp_path, f"name: corp\nextends: default\ntemplate: {template}\n", "corp.yaml")
    result, prs = build_ok(write(tmp_path, PICTURES))
    assert not [p.format() for p in result.problems], result.problems  # room for both
    slide = prs.slides[1]
    assert slide.slide_layout.name == layout
    theirs = {p.placeholder_format.type: p for p in slide.slide_layout.placeholders}
    frame, room = theirs[PP_PLACEHOLDER.PICTURE], theirs[PP_PLACEHOLDER.BODY]
    image = next(s for s in slide.shapes if s.name == "Image")
    assert image.is_placeholder and image.placeholder_format.type == PP_PLACEHOLDER.PICTURE
    assert image.placeholder_format.idx == frame.placeholder_format.idx
    pt = 12700
    assert frame.left - pt <= image.left and image.left + image.width <= frame.left + \
        frame.width + pt
    assert frame.top - pt <= image.top and image.top + image.height <= frame.top + \
        frame.height + pt
    assert abs(image.width - frame.width) < pt or abs(image.height - frame.height) < pt
    caption = next(s for s in slide.shapes if s.name == "Caption")
    assert caption.is_placeholder and caption.placeholder_format.type == PP_PLACEHOLDER.BODY
    assert caption.placeholder_format.idx == room.placeholder_format.idx
    assert max(abs(caption.left - room.left), abs(caption.width - room.width)) < pt
    assert room.top - pt < caption.top and caption.top + caption.height <= room.top + \
        room.height + pt
    rule = next(s for s in slide.shapes if s.name == "Accent rule")
    assert caption.top >= rule.top + rule.height  # clear of the title's rule above it
    assert audit(result.output) == [] and validate_pptx(result.output).errors == []
    pages, _ = page_words(render([result.output], tmp_path / "pdf")[result.output])
    shown = " ".join(w.text for w in pages[1])
    assert "The plan for the year ahead" in shown, shown


def test_bad_layout_names_are_located_errors_all_at_once(tmp_path: Path) -> None:
    deck = _deck(tmp_path, "custom43.pptx", "Agendaa", "Empty",
                 "  layout: {bullets: Nowhere}\n")
    found = problems_of(deck)
    assert any(p.startswith("deck.yaml:7:") and "no layout named 'Nowhere'" in p
               and "'Agenda'" in p for p in found), found  # the deck's layout line
    assert any(p.startswith("deck.yaml:10:") and "no layout named 'Agendaa'" in p
               and "did you mean 'Agenda'" in p for p in found), found
    empty = [p for p in found if "layout 'Empty' has no title placeholder" in p]
    assert empty and empty[0].startswith("deck.yaml:20:")
    assert "'Headline'" in empty[0] and "'Empty'" not in empty[0].split("hint")[1]
    assert len([p for p in found if ": error:" in p]) == 3


def test_a_layout_per_kind_from_the_deck(tmp_path: Path) -> None:
    deck = _deck(tmp_path, "custom43.pptx", "Agenda", "Headline",
                 "  layout: {bullets: Agenda, title: Big Statement}\n")
    _, prs = build_ok(deck)
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[0] == "Big Statement" and layouts[3] == "Agenda"  # the deck's, per kind
    assert layouts[2] == "Chapter"  # kinds it does not name keep theirs


def test_a_deck_of_another_shape_than_its_template_is_warned(tmp_path: Path) -> None:
    deck = _deck(tmp_path, "custom43.pptx", "Agenda", "Headline", '  aspect: "16:9"\n')
    found = problems_of(deck)
    assert any("warning" in p and "template 'custom43.pptx' is 4:3" in p for p in found), found


def test_layouts_name_deckgens_own_without_a_template(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "Plain"}
        slides:
          - title: "Only a title"
            layout: title only
            bullets: ["a"]
          - title: "Nowhere"
            layout: "No Such Layout"
            bullets: ["b"]
        """)
    for found in (problems_of(deck), problems_of(deck, write=False)):  # check finds it too
        assert any(p.startswith("deck.yaml:7:") and "no layout named 'No Such Layout'" in p
                   and "'Title only'" in p for p in found), found
    deck.write_text(deck.read_text().replace('"No Such Layout"', "Title Only"))
    _, prs = build_ok(deck)
    assert [s.slide_layout.name.lower() for s in list(prs.slides)[1:]] == ["title only"] * 2


def test_inspect_lists_layouts_placeholders_and_kinds(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "deckgen", "template", "inspect",
                           str(TEMPLATES / "twomasters.pptx")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "twomasters.pptx: 960 x 540 pt (16:9), 2 master(s), 22 layouts"
    assert "master 2: Dark" in lines
    assert '  layout "Title and Content"  <- bullets' in lines
    assert '  layout "Dark Title Only"' in lines
    assert any(line.startswith("    obj      idx 1   at 48,126 size 864x356.4 pt")
               for line in lines), lines
    bad = tmp_path / "broken.pptx"
    bad.write_bytes(b"not a zip")
    done = subprocess.run([sys.executable, "-m", "deckgen", "template", "inspect", str(bad)],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "broken.pptx" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_reader_and_python_pptx_agree_on_the_layouts() -> None:
    """The lay-out stage's records list the layouts python-pptx gives, in its order."""
    for template in CASES:
        records = read_template(TEMPLATES / template).layouts
        prs = Presentation(str(TEMPLATES / template))
        assert [r.name for r in records] == [
            layout.name for master in prs.slide_masters for layout in master.slide_layouts]
        assert [len(r.placeholders) for r in records] == [
            len(layout.placeholders) for master in prs.slide_masters
            for layout in master.slide_layouts]


def test_every_kind_has_a_sort_and_every_template_gives_each_a_titled_layout() -> None:
    assert list(KIND_SORTS) == list(KINDS) == list(get_args(KindName))
    for template in CASES:
        records = read_template(TEMPLATES / template).layouts
        for kind in KINDS:
            assert any(p.type in ("title", "ctrTitle") for p in choose(records, kind)
                       .placeholders), (template, kind)


def test_the_templates_fonts_and_colours_style_the_slides(built: dict[str, Path]) -> None:
    """A theme that sets no fonts or colours of its own (it extends default) takes the
    template's: Georgia titles, Verdana text, its green for accents and dk2 sections."""
    prs = Presentation(str(built["custom43.pptx"]))
    slide = prs.slides[3]
    title_font = slide.shapes.title.text_frame.paragraphs[0].runs[0].font
    assert title_font.name in ("Georgia", None)  # None: inherited from the template's +mj-lt
    body = next(s for s in slide.shapes if s.name == "Bullets")
    assert body.text_frame.paragraphs[0].runs[0].font.name in ("Verdana", None)
    rule = next(s for s in slide.shapes if s.name == "Accent rule")
    assert str(rule.fill.fore_color.rgb) == "0B6E4F"
    section = prs.slides[2]
    assert str(section.background.fill.fore_color.rgb) == "0B3D2E"


def test_a_themes_own_fonts_and_colours_win_over_the_templates(tmp_path: Path) -> None:
    from deckgen.model.themes import load_theme

    shutil.copy(TEMPLATES / "custom43.pptx", tmp_path / "custom43.pptx")
    write(tmp_path, "name: corp\nextends: default\ntemplate: custom43.pptx\n"
          "fonts: {heading: Liberation Serif}\ncolors: {accent: \"#AA0000\"}\n", "own.yaml")
    theme = load_theme("own.yaml", tmp_path)
    assert theme.fonts.heading == "Liberation Serif" and theme.colors.accent == "#AA0000"
    assert theme.fonts.body == "Verdana" and theme.colors.title == "#0B3D2E"  # not set: kept
    assert theme.colors.palette[:2] == ["#0B6E4F", "#C8A2C8"]


def test_text_on_the_templates_accent_reads(tmp_path: Path) -> None:
    """Office's own accent is too light for white text: the template's dark is set on it."""
    from deckgen.model.colours import contrast
    from deckgen.model.themes import load_theme

    for template, on_accent in (("twomasters.pptx", "#000000"), ("custom43.pptx", "#FFFFFF")):
        folder = tmp_path / template.split(".")[0]
        folder.mkdir()
        shutil.copy(TEMPLATES / template, folder / template)
        write(folder, f"name: t\nextends: default\ntemplate: {template}\n", "t.yaml")
        colors = load_theme("t.yaml", folder).colors
        assert colors.on_accent == on_accent and contrast(colors.on_accent, colors.accent) >= 4.5


def test_a_misspelt_kind_in_the_decks_layouts_is_one_located_error(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck:
          title: "Plain"
          layout: {bulets: "Title Only"}
        slides:
          - title: "One"
            bullets: ["a"]
        """)
    found = problems_of(deck)
    assert len(found) == 1 and found[0].startswith("deck.yaml:3:")
    assert "deck.layout.bulets" in found[0], found


@pytest.mark.parametrize("template", ["custom43.pptx", "twomasters.pptx"])
def test_title_and_section_titles_sit_in_their_layouts_title_boxes(built: dict[str, Path],
                                                                   template: str) -> None:
    prs = Presentation(str(built[template]))
    for slide in (prs.slides[0], prs.slides[2]):
        title = slide.shapes.title
        theirs = next(p for p in slide.slide_layout.placeholders
                      if p.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                       PP_PLACEHOLDER.CENTER_TITLE))
        assert max(abs(title.left - theirs.left), abs(title.top - theirs.top),
                   abs(title.width - theirs.width)) < 12700, slide.slide_layout.name


def test_a_vertical_text_layout_is_never_chosen_for_a_kind() -> None:
    """Office's "Title and Vertical Text" holds a title and a text placeholder as a
    section header does; without a section header a section goes on title and content."""
    records = [r for r in read_template(TEMPLATES / "twomasters.pptx").layouts
               if r.name != "Section Header"]
    assert any(r.vertical for r in records if r.name == "Title and Vertical Text")
    assert choose(records, "section").name == "Title and Content"
    assert choose(records, "bullets", "title and vertical text").name == \
        "Title and Vertical Text"  # named, it is used
    from deckgen.ooxml.package import kind_layouts  # the package stage reads the same

    written = kind_layouts(Presentation(str(TEMPLATES / "twomasters.pptx"))).records
    read = read_template(TEMPLATES / "twomasters.pptx").layouts
    assert [(r.name, r.content, r.vertical) for r in written] == [
        (r.name, r.content, r.vertical) for r in read]


def test_a_layout_is_named_in_its_master_where_masters_share_names() -> None:
    records = read_template(TEMPLATES / "twomasters.pptx").layouts
    assert choose(records, "bullets", "Light / Title Only").master == 0
    assert choose(records, "bullets", " dark/Dark Title Only ").master == 1
    assert choose(records, "bullets", "Title Only").master == 0  # unqualified: the first's


@pytest.mark.parametrize("template", list(CASES))
def test_the_accent_rule_starts_under_the_titles_first_letter(built: dict[str, Path],
                                                               template: str) -> None:
    """A template's title box may start left of deckgen's margin; its rule follows it."""
    slide = Presentation(str(built[template])).slides[3]
    rule = next(s for s in slide.shapes if s.name == "Accent rule")
    assert rule.left == slide.shapes.title.left


def test_a_template_is_read_once_per_version_of_its_file(tmp_path: Path) -> None:
    """Every build asks for its template several times (look, names, each slide);
    an edited template (another size or time) is read afresh, as watch mode needs,
    and a file replaced by a broken one is refused again, not remembered as safe."""
    from deckgen.errors import DeckError
    from deckgen.source.template import check_template

    copy = tmp_path / "corp.pptx"
    shutil.copy(TEMPLATES / "custom43.pptx", copy)
    check_template(copy, None)
    first = read_template(copy)
    assert read_template(copy) is first
    shutil.copy(TEMPLATES / "twomasters.pptx", copy)
    again = read_template(copy)
    assert again is not first and again.layouts != first.layouts
    copy.write_bytes(b"PK not a zip")
    with pytest.raises(DeckError, match="not a PowerPoint file"):
        check_template(copy, None)
