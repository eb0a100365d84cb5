"""The serializer and the speed-ups, checked without a twin.

deckgen.ooxml.slides writes slides as XML text: every slide is read back with
python-pptx (names, positions, text, tables, alt text, notes) and audited, on
decks that use every slide kind, mark, picture fit, diagram and theme.
deckgen.ooxml.package replaces python-pptx's part-name search with an index,
and deckgen.ooxml.writer packs the zip once: both are compared with the plain
python-pptx way of doing the same thing.
"""

from __future__ import annotations

import io
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest
from openxml_audit import validate_pptx
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from conftest import DECKS, problems_of
from deckgen.app.pipeline import _properties
from deckgen.errors import Problems
from deckgen.figures import draw_all
from deckgen.layout import SLIDE_HEIGHT, WIDTHS, plan_deck
from deckgen.layout.plan import Box, Field, Line, Picture, Shape, SlidePlan, TableFrame
from deckgen.model import validate
from deckgen.model.themes import load_theme
from deckgen.ooxml.audit import audit
from deckgen.ooxml.package import install, new_presentation
from deckgen.ooxml.slides import write_slides
from deckgen.ooxml.writer import deterministic_bytes
from deckgen.source.loader import load_deck

EVERYTHING = """
deck:
  title: "Every *thing* & <more>"
  subtitle: "A deck with ==all== marks"
  author: "A. Tester"
  date: "2020-02-02"
  footer: "{title} · {author}"
  EXTRA
slides:
  - title: "Links, [one](https://example.com/a?x=1&y=2) and [two](https://example.com/b)"
    bullets:
      - "Plain, **bold**, *italic*, `code`, ==mark== and [one again](https://example.com/a?x=1&y=2)"
      - ["Nested «quotes» & ampersands < > \\" '", "两张皮 and 中文 text mixed"]
      - text: "Long form"
        items: ["a", {text: "b", items: ["c"]}]
      - "**x** **y**"
      - "tab\\there and a bell\\a inside"
    notes: "Line one\\nLine two with & and <tags>\\n\\nAfter a blank line"
  - title: "Numbered"
    numbered: true
    bullets: ["first", "second", ["sub a", "sub b"], "third"]
    background: "#102030"
  - title: "Columns four"
    grid: true
    columns:
      - {heading: "A", bullets: ["one", "two"], label: "L1"}
      - {heading: "B", text: "plain text column"}
      - {heading: "C", bullets: ["x"]}
      - {heading: "D", bullets: ["y"], label: "L4"}
  - title: "Three columns"
    columns:
      - {heading: "A", bullets: ["one", "two"]}
      - {heading: "B", bullets: ["three"]}
      - {heading: "C", bullets: ["four"], label: "tag"}
  - quote: "A quote with `code` and [a link](https://example.org)"
    by: "Someone"
    context: "Somewhere"
    source: ["Source one", "Source two"]
  - title: "Statement"
    statement: "42"
    caption: "The answer"
    background: images/photo.png
  - title: "Table"
    table:
      header: ["", "A", "B", "C"]
      rows:
        - ["r1", 1.5, "", -0.25]
        - ["r2", null, 2, 3]
        - ["r3", "text & more", 0.5, 1]
      heat: true
      center: 1.0
      number_format: "{:.2f}"
    caption: "A caption"
  - title: "Image contain"
    image: images/photo.png
    alt: "Alt & <text>"
    caption: "Caption"
  - title: "Image cover"
    image: images/photo.png
    alt: "cover"
    fit: cover
  - title: "Another picture"
    image: images/other.png
    alt: "other"
  - title: "Chart"
    chart:
      type: bar
      categories: ["a", "b", "c"]
      series: [{name: "s", values: [1, 2, 3]}]
      labels: true
      highlight: "b"
    text: ["side", "panel"]
    notes: "chart notes"
  - title: "Triangle"
    diagram: {type: triangle, nodes: ["one", "two", "three"], center: "mid"}
  - title: "Cycle"
    diagram: {type: cycle, nodes: ["one", "two", "three", "four", "five"], center: "c"}
  - title: "Hub"
    diagram: {type: hub, center: "c", nodes: ["1", "2", "3", "4", "5", "6", "7"]}
  - title: "Flow"
    diagram: {type: flow, nodes: ["a", "b", "c"]}
  - title: "Shift"
    diagram: {type: shift, pairs: [["from", "to"], ["old", "new"]]}
  - title: "Quadrants"
    diagram:
      type: quadrants
      cells:
        - {heading: "A", bullets: ["x"]}
        - {heading: "B", bullets: "y"}
        - {heading: "C", bullets: ["z", "w"]}
        - {heading: "D"}
  - title: "Timeline"
    diagram:
      type: timeline
      events: [{when: "1980", label: "a"}, {when: "2000", label: "b"}, {when: "2020", label: "c"}]
  - section: "Section"
    subtitle: "with subtitle"
    notes: "section notes"
  - title: "Hidden"
    bullets: ["not shown"]
    hidden: true
  - kind: closing
    title: "Thanks"
    subtitle: "Questions?"
"""


def _picture(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the deck above, its pictures, and a template theme beside it."""
    folder = tmp_path_factory.mktemp("everything")
    _picture(folder / "images" / "photo.png", (640, 300), (200, 90, 40))
    _picture(folder / "images" / "other.png", (200, 400), (20, 90, 140))
    for name in ("scholar.yaml", "corporate.pptx", "assets"):
        source = DECKS / "spec-theme" / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, folder / name)
    shutil.copy(DECKS / "spec" / "images" / "mark.svg", folder / "images" / "mark.svg")
    text = textwrap.dedent(EVERYTHING).lstrip("\n")
    (folder / "deck.yaml").write_text(text.replace("  EXTRA\n", ""), encoding="utf-8")
    template = text.replace("  EXTRA\n", '  theme: scholar.yaml\n  aspect: "4:3"\n'
                            "  slide_numbers: false\n")
    template = template.replace('  - title: "Chart"\n', '  - title: "SVG"\n'
                                "    image: images/mark.svg\n    alt: mark\n"
                                '  - title: "Chart"\n')
    (folder / "template.yaml").write_text(template, encoding="utf-8")
    return folder


def _plans(deck: Path, theme_name: str | None = None):  # noqa: ANN202
    problems = Problems()
    source = load_deck(deck)
    validated = validate(source, problems)
    theme = load_theme(theme_name or validated.meta.theme, source.root, None)
    plans = plan_deck(validated, theme, problems, [source.root])
    assert not problems.errors, [p.format() for p in problems]
    return validated.meta, theme, plans


def _bytes(meta, theme, plans) -> bytes:  # noqa: ANN001
    pictures = draw_all([e.chart for p in plans for e in p.elements
                         if isinstance(e, Picture) and e.chart]).pictures
    prs = new_presentation(theme.template, WIDTHS[meta.aspect], SLIDE_HEIGHT, theme)
    write_slides(prs, plans, pictures)
    _properties(prs, meta)
    return deterministic_bytes(prs)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _plan_texts(element) -> list[str]:  # noqa: ANN001
    """The text a reader should find in the shape drawn for ``element``, paragraph by paragraph.

    A carriage return is stored as ``_x000D_``, which python-pptx reads back as written.
    """
    if isinstance(element, Shape) and element.text is not None:
        return ["".join(r.text for r in para.runs).replace("\r", "_x000D_")
                for para in element.text.paras] or [""]
    return []


def _flat(shapes) -> list:  # noqa: ANN001
    """The shapes of a slide with each group's members in place of the group (diagrams)."""
    out = []
    for shape in shapes:
        out.extend(_flat(shape.shapes) if shape.shape_type == 6 else [shape])
    return out


def _read_back(data: bytes, plans: list[SlidePlan]) -> None:
    """What python-pptx reads from the file is what the plans hold, shape for shape."""
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == len(plans)
    for number, (slide, plan) in enumerate(zip(prs.slides, plans, strict=True), start=1):
        # the background picture and the veil dimming it are drawn from plan.background
        found = [s for s in _flat(slide.shapes) if s.name not in ("Background", "Dim")]
        drawn = list(plan.elements)
        # the title placeholder comes first in the tree; everything else in plan order
        assert sorted(s.name for s in found) == sorted(e.name for e in drawn), number
        ids = [s.shape_id for s in slide.shapes]
        assert len(ids) == len(set(ids)), number
        by_name: dict[str, list] = {}
        for shape in found:
            by_name.setdefault(shape.name, []).append(shape)
        for element in drawn:
            shape = by_name[element.name].pop(0)
            box = element.box if not isinstance(element, Line) else None
            if box is not None and not isinstance(element, Picture):
                assert (shape.left, shape.top) == (round(box.x * 12700), round(box.y * 12700))
            if isinstance(element, Shape) and element.text is not None and element.text.paras:
                paras = [p.text.replace("\v", "\n") for p in shape.text_frame.paragraphs]
                assert paras == _plan_texts(element), (number, element.name)
            elif isinstance(element, Field):
                assert shape.text_frame.text == str(number)
            elif isinstance(element, TableFrame):
                cells = [[c.text for c in row.cells] for row in shape.table.rows]
                want = [["\n".join("".join(r.text for r in p.runs) for p in c.text.paras)
                         for c in row] for row in element.cells]
                assert [row[:len(w)] for row, w in zip(cells, want, strict=True)] == want
            elif isinstance(element, Picture):
                assert shape._element.tag.endswith("}pic")  # free or in a picture placeholder
                assert shape._element.xpath(".//p:cNvPr/@descr") == [element.alt]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert notes == (plan.notes or "").replace("\r", "_x000D_"), number


@pytest.mark.parametrize("theme", [None, "scholar", "keynote", "contrast", "lecture"])
def test_every_slide_reads_back_as_planned(everything: Path, theme: str, tmp_path: Path) -> None:
    """The serializer is checked against python-pptx's reading and the package audits."""
    meta, theme_obj, plans = _plans(everything / "deck.yaml", theme)
    data = _bytes(meta, theme_obj, plans)
    _read_back(data, plans)
    out = tmp_path / "deck.pptx"
    out.write_bytes(data)
    assert audit(out) == []
    assert validate_pptx(out).errors == []


def test_slides_on_a_template_read_back_as_planned(everything: Path, tmp_path: Path) -> None:
    meta, theme, plans = _plans(everything / "template.yaml")
    assert theme.template is not None and meta.aspect == "4:3"
    data = _bytes(meta, theme, plans)
    _read_back(data, plans)
    out = tmp_path / "deck.pptx"
    out.write_bytes(data)
    assert audit(out) == [] and validate_pptx(out).errors == []


# --- part names ---------------------------------------------------------------------------

def _png(colour: int) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (8, 8), (colour % 256, 40, 80)).save(data, format="PNG")
    return data


def _fill(prs, slides: int) -> None:  # noqa: ANN001
    """Slides with notes, new and repeated pictures and links: every part python-pptx names."""
    layout = prs.slide_layouts[5]
    for i in range(slides):
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = f"Slide {i}"
        slide.shapes.add_picture(_png(i), Inches(1), Inches(1))
        slide.shapes.add_picture(_png(i % 3), Inches(3), Inches(1))  # most already stored
        run = slide.shapes.add_textbox(Inches(1), Inches(4), Inches(3), Inches(1)) \
            .text_frame.paragraphs[0].add_run()
        run.text = "link"
        run.hyperlink.address = f"https://example.com/{i % 2}"
        if i % 4 != 1:
            slide.notes_slide.notes_text_frame.text = f"notes {i}"


def _saved(prs) -> bytes:  # noqa: ANN001
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _same_package(plain: bytes, indexed: bytes) -> None:
    a, b = _members(plain), _members(indexed)
    assert list(a) == list(b)  # the same part names, in the same order
    assert all(a[name] == b[name] for name in a if name != "docProps/core.xml")


def test_indexed_part_names_equal_python_pptx_names() -> None:
    plain, indexed = Presentation(), Presentation()
    install(indexed)
    _fill(plain, 30)
    _fill(indexed, 30)
    names = _members(_saved(indexed))
    assert "ppt/notesSlides/notesSlide22.xml" in names and "ppt/media/image30.png" in names
    assert "ppt/notesSlides/notesSlide23.xml" not in names
    _same_package(_saved(plain), _saved(indexed))


def test_indexed_part_names_fill_gaps_like_python_pptx() -> None:
    """A template whose slides were dropped leaves gaps in image numbers and rIds."""
    source = Presentation()
    _fill(source, 6)
    template = _saved(source)

    def reopened_without_slides(indexed: bool):  # noqa: ANN202
        prs = Presentation(io.BytesIO(template))
        ids = prs.part._element.get_or_add_sldIdLst()
        for sld_id in list(ids)[1:4]:  # keep slides 1, 5, 6: image 4, notes 2 and 3 fall out
            prs.part.drop_rel(sld_id.rId)
            ids.remove(sld_id)
        assert len(prs.slides) == 3  # python-pptx renames the slides left: slide1..slide3
        if indexed:
            install(prs)
        return prs

    plain, indexed = reopened_without_slides(False), reopened_without_slides(True)
    _fill(plain, 8)
    _fill(indexed, 8)
    _same_package(_saved(plain), _saved(indexed))


def test_index_is_per_presentation() -> None:
    """Installing on one presentation leaves python-pptx's own code for every other one."""
    indexed, other = Presentation(), Presentation()
    install(indexed)
    assert "next_partname" in vars(indexed.part.package)
    assert "next_partname" not in vars(other.part.package)
    assert type(other.part._rels).__name__ == "_Relationships"


# --- the zip ------------------------------------------------------------------------------

def _saved_and_repacked(prs) -> bytes:  # noqa: ANN001
    """The writer's former way: let python-pptx save, then re-pack every entry."""
    from deckgen.ooxml.writer import FIXED_TIME

    raw = io.BytesIO(_saved(prs))
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, src.read(info.filename), compresslevel=6)
    return out.getvalue()


def test_zip_written_once_equals_saved_and_repacked(everything: Path) -> None:
    meta, theme, plans = _plans(everything / "template.yaml")
    pictures = draw_all([e.chart for p in plans for e in p.elements
                         if isinstance(e, Picture) and e.chart]).pictures
    prs = new_presentation(theme.template, WIDTHS[meta.aspect], SLIDE_HEIGHT, theme)
    write_slides(prs, plans, pictures)
    _properties(prs, meta)
    assert deterministic_bytes(prs) == _saved_and_repacked(prs)


TRICKY = ["tab\there", 'double " and single \' quotes', "amp & lt < gt > ]]>", "cr\rand lf\nx",
          "emoji 😀 and nbsp\u00a0 and 两张皮", "  spaces around  ", "", "&amp; written out"]


def test_characters_that_need_escaping_come_back_exactly(everything: Path,
                                                        tmp_path: Path) -> None:
    """Text, names, alt text, links and notes with every character that needs escaping."""
    from dataclasses import replace

    from deckgen.layout.textfit import Para
    from deckgen.model.markup import Run

    meta, theme, plans = _plans(everything / "deck.yaml")
    picture = next(e for p in plans for e in p.elements if isinstance(e, Picture) and e.path)
    spec = next(e.text for p in plans for e in p.elements if isinstance(e, Shape) and e.text)
    extra = []
    for i, tricky in enumerate(TRICKY):
        runs = (Run(tricky), Run(tricky, bold=True, link=f"https://example.com/?q={i}&x={tricky}"))
        text = replace(spec, paras=[Para(runs), Para((Run(tricky, code=True),), level=1)])
        elements = [Shape(box=Box(20, 20, 400, 200), text=text, name=tricky or "empty"),
                    replace(picture, alt=tricky, name=f"pic {tricky}")]
        extra.append(SlidePlan(kind="bullets", title=tricky, where=plans[0].where,
                               background="#FFFFFF", elements=elements, notes=tricky))
    plans = [*plans, *extra]
    data = _bytes(meta, theme, plans)
    _read_back(data, plans)
    reopened = Presentation(io.BytesIO(data))
    for slide, tricky in zip(list(reopened.slides)[-len(TRICKY):], TRICKY, strict=True):
        links = [r.hyperlink.address for s in slide.shapes if s.has_text_frame
                 for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address]
        assert links and links[0].endswith(f"&x={tricky}")
    out = tmp_path / "deck.pptx"
    out.write_bytes(data)
    assert audit(out) == [] and validate_pptx(out).errors == []


# --- measurements kept between builds -----------------------------------------------------

def test_measured_widths_are_kept_and_read_back_unchanged(everything: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from deckgen.layout import fonts

    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "_LOADED", {})
    first = _bytes(*_plans(everything / "deck.yaml"))
    stored = list((tmp_path / "cache" / "metrics").glob("*.json"))
    assert stored

    def no_font(path: str) -> None:
        raise AssertionError(f"{path} was opened although its widths were kept")

    monkeypatch.setattr(fonts, "_LOADED", {})  # a new process, as far as fonts can tell
    monkeypatch.setattr(fonts, "_face", no_font)
    assert _bytes(*_plans(everything / "deck.yaml")) == first

    for file in stored:
        file.write_text('{"widths": {"the": "wide"}, "line": "tall"}', encoding="utf-8")
    monkeypatch.setattr(fonts, "_LOADED", {})
    monkeypatch.undo()  # fonts._face back, cache setting gone: set the cache again
    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "_LOADED", {})
    assert _bytes(*_plans(everything / "deck.yaml")) == first  # bad files: measured


def test_kept_picture_streams_give_the_same_zip(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A large picture's deflate stream is kept between builds; a bad kept file is not used."""
    import random

    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))
    noise = random.Random(3).randbytes(300 * 200 * 3)
    picture = io.BytesIO()
    Image.frombytes("RGB", (300, 200), noise).save(picture, format="PNG")

    def deck():  # noqa: ANN202
        prs = Presentation()
        install(prs)
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        slide.shapes.add_picture(io.BytesIO(picture.getvalue()), Inches(1), Inches(1))
        return prs

    first = deterministic_bytes(deck())
    kept = list((tmp_path / "cache" / "deflated").rglob("*.z"))
    assert len(kept) == 1
    assert first == _saved_and_repacked(deck())
    written = kept[0].stat().st_ino
    assert deterministic_bytes(deck()) == first
    assert kept[0].stat().st_ino == written  # read back, not made and written again
    kept[0].write_bytes(b"not a deflate stream")
    assert deterministic_bytes(deck()) == first
    assert kept[0].read_bytes() != b"not a deflate stream"  # replaced by a good one


# --- answers kept for the length of a build -----------------------------------------------

def test_a_kept_fit_still_warns_at_each_texts_own_line(tmp_path: Path) -> None:
    """Fits are kept by text and box, not by where the text was written: the same
    overflowing bullet on two slides is reported twice, each at its own slide and line."""
    long = " ".join(["overflowing"] * 300)
    deck = tmp_path / "deck.yaml"
    deck.write_text("deck:\n  title: Kept fits\n  title_slide: false\nslides:\n"
                    f"  - title: One\n    bullets: [\"{long}\"]\n"
                    f"  - title: Two\n    bullets: [\"{long}\"]\n", encoding="utf-8")
    found = [p for p in problems_of(deck) if "overflows" in p]
    assert len(found) == 2, found
    assert found[0].startswith("deck.yaml:6:") and 'slide 1 "One"' in found[0]
    assert found[1].startswith("deck.yaml:8:") and 'slide 2 "Two"' in found[1]


def test_a_kept_glyph_check_warns_on_every_slide(tmp_path: Path) -> None:
    """A footer's characters are checked once a build, and still reported on each slide
    that shows a character no font has, as before they were kept."""
    deck = tmp_path / "deck.yaml"
    deck.write_text("deck:\n  title: Kept glyphs\n  title_slide: false\n"
                    "  footer: \"Footer \u0378 · {title}\"\nslides:\n"
                    + "".join(f"  - title: Slide {n}\n    bullets: [a]\n" for n in (1, 2, 3)),
                    encoding="utf-8")
    found = [p for p in problems_of(deck) if "U+0378" in p]
    assert [p.split(": ")[2].split('"')[1] for p in found] == ["Slide 1", "Slide 2", "Slide 3"]
