"""Build real decks and reopen them with python-pptx: structure, text, runs, notes."""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from conftest import DECKS, build_ok, inherited_look, texts, write
from deckgen.app import uptodate
from deckgen.app.pipeline import Options, build

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture
def spec_deck(tmp_path: Path) -> Path:
    shutil.copytree(DECKS / "spec", tmp_path / "spec")
    return tmp_path / "spec" / "deck.yaml"


def test_spec_section_1_deck_builds_with_its_include(spec_deck: Path) -> None:
    _, prs = build_ok(spec_deck)
    titles = [s.shapes.title.text if s.shapes.title else None for s in prs.slides]
    assert titles[0] == "China's International S&T Relations"
    assert titles[2] == "Two Skins"  # from the included file, in place
    assert titles[3] == "The New Great Wall"
    assert titles[4] == "Three Major Shifts"
    assert len(prs.slides) == 5
    quote = " ".join(texts(prs.slides[1]))
    assert "China missed the first industrial revolution" in quote
    assert "Keji Ribao, July 9, 2012" in quote


def test_aspect_ratios(tmp_path: Path) -> None:
    wide = write(tmp_path, """
        deck: {title: "Wide"}
        slides: [{title: "A", bullets: ["x"]}]
    """)
    _, prs = build_ok(wide)
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
    narrow = write(tmp_path, """
        deck: {title: "Narrow", aspect: "4:3"}
        slides: [{title: "A", bullets: ["x"]}]
    """, "narrow.yaml")
    _, prs = build_ok(narrow, tmp_path / "n.pptx")
    assert (prs.slide_width, prs.slide_height) == (Emu(9144000), Emu(6858000))


def test_inline_marks_become_runs(tmp_path: Path) -> None:
    deck = write(tmp_path, r"""
        deck: {title: "Marks"}
        slides:
          - title: "Marks **in** titles"
            bullets:
              - 'plain **bold** *italic* `code` [site](https://example.org) ==mark== \*star\*'
    """)
    _, prs = build_ok(deck)
    slide = prs.slides[1]
    body = [s for s in slide.shapes if s.name == "Bullets"][0]
    runs = body.text_frame.paragraphs[0].runs
    by_text = {r.text: r for r in runs}
    assert by_text["bold"].font.bold is True
    assert by_text["italic"].font.italic is True
    assert by_text["code"].font.name == "Courier New"
    assert by_text["site"].hyperlink.address == "https://example.org"
    assert by_text["mark"].font.bold is True
    assert body.text_frame.text.endswith("*star*")
    assert slide.shapes.title.text == "Marks in titles"
    for member in _slide_xml(prs):
        assert "**" not in member and "==mark==" not in member


def _slide_xml(prs: Presentation) -> list[str]:
    return [etree.tostring(s._element, encoding="unicode") for s in prs.slides]


def test_bullet_levels_and_numbering(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "Levels"}
        slides:
          - title: "Three levels"
            numbered: true
            bullets:
              - "one"
              - text: "two"
                items:
                  - "two.a"
                  - text: "two.b"
                    items: ["two.b.i"]
              - - "three.a"
    """)
    _, prs = build_ok(deck)
    body = [s for s in prs.slides[1].shapes if s.name == "Bullets"][0]
    paras = body.text_frame.paragraphs
    assert [p.text for p in paras] == ["one", "two", "two.a", "two.b", "two.b.i", "three.a"]
    margins = [int(p._p.pPr.get("marL")) for p in paras]
    assert margins[0] == margins[1] < margins[2] == margins[3] < margins[4]
    assert margins[5] == margins[2]
    first = paras[0]._p.pPr
    assert first.find(f"{A}buAutoNum") is not None
    assert paras[2]._p.pPr.find(f"{A}buChar") is not None


def test_notes_sources_footer_and_numbers(spec_deck: Path) -> None:
    _, prs = build_ok(spec_deck)
    slides = list(prs.slides)
    assert slides[1].notes_slide.notes_text_frame.text == "Opening quote."
    assert not slides[0].has_notes_slide
    # never a number on the title slide; real slide-number fields elsewhere
    assert not slides[0]._element.xpath(".//a:fld[@type='slidenum']")
    for number, slide in enumerate(slides[1:], start=2):
        fields = slide._element.xpath(".//a:fld[@type='slidenum']")
        assert len(fields) == 1 and fields[0].xpath("string(./a:t)") == str(number)
        footer = [s for s in slide.shapes if s.name == "Footer"]
        assert footer[0].text_frame.text == "China's International S&T Relations · 2014-05-14"
    source = [s for s in slides[1].shapes if s.name == "Source"]
    assert source[0].text_frame.text == "Keji Ribao, July 9, 2012"


def test_no_numbers_no_title_slide(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "Bare", slide_numbers: false, title_slide: false}
        slides:
          - {title: "First", bullets: ["x"]}
          - {title: "Hidden", bullets: ["y"], hidden: true}
          - {kind: closing, title: "Bye"}
    """)
    _, prs = build_ok(deck)
    assert [s.shapes.title.text for s in prs.slides] == ["First", "Bye"]
    for slide in prs.slides:
        assert not slide._element.xpath(".//a:fld")


def test_east_asian_font_and_language_on_every_run(spec_deck: Path) -> None:
    _, prs = build_ok(spec_deck)
    runs = [(r, s) for s in prs.slides for r in s._element.iter(f"{A}rPr")]
    assert runs
    for r_pr, slide in runs:
        face = r_pr.find(f"{A}ea")
        if face is None:  # a placeholder's run: its layout and master give the face
            holder = next(s for s in slide.placeholders if r_pr in s._element.iter())
            assert inherited_look(holder).east_asian == "Noto Serif CJK SC"
        else:
            assert face.get("typeface") == "Noto Serif CJK SC"
        text = "".join(r_pr.getparent().itertext())
        if re.search("[\u4e00-\u9fff]", text):  # Chinese text: its language, the deck's beside
            assert (r_pr.get("lang"), r_pr.get("altLang")) == ("zh-CN", "en-US"), text
        else:
            assert r_pr.get("lang") == "en-US" and r_pr.get("altLang") is None, text
    two_skins = " ".join(texts(prs.slides[2]))
    assert "两张皮" in two_skins


def test_image_alt_text_and_aspect(tmp_path: Path) -> None:
    shutil.copytree(DECKS / "spec", tmp_path / "spec")
    deck = write(tmp_path / "spec", """
        deck: {title: "Pictures"}
        slides:
          - {title: "Contain", image: images/roadmap.png, alt: "Cover of the CAS roadmap"}
          - {title: "Cover", image: images/roadmap.png, alt: "Cropped", fit: cover,
             caption: "A caption"}
    """, "pics.yaml")
    _, prs = build_ok(deck)
    contain = [s for s in prs.slides[1].shapes if s.name == "Image"][0]
    assert contain._element.xpath("string(.//p:cNvPr/@descr)") == "Cover of the CAS roadmap"
    assert abs(contain.width / contain.height - 800 / 1000) < 0.01  # never stretched
    cover = [s for s in prs.slides[2].shapes if s.name == "Image"][0]
    assert cover.crop_top > 0 and cover.crop_bottom > 0
    assert "A caption" in texts(prs.slides[2])


def test_backgrounds(tmp_path: Path) -> None:
    shutil.copytree(DECKS / "spec", tmp_path / "spec")
    deck = write(tmp_path / "spec", """
        deck: {title: "Backgrounds"}
        slides:
          - {title: "Colour", bullets: ["x"], background: "#102030"}
          - {title: "Picture", bullets: ["x"], background: images/roadmap.png}
    """, "bg.yaml")
    _, prs = build_ok(deck)
    assert str(prs.slides[1].background.fill.fore_color.rgb) == "102030"
    first = prs.slides[2].shapes[0]
    assert first.name == "Background" and first.shape_type == 13


def test_table_from_csv_with_heat(tmp_path: Path) -> None:
    shutil.copytree(DECKS / "spec", tmp_path / "spec")
    deck = write(tmp_path / "spec", """
        deck: {title: "Tables"}
        slides:
          - title: "Citations"
            table: {data: tables/citations.csv, heat: true, number_format: "{:.2f}"}
    """, "t.yaml")
    _, prs = build_ok(deck)
    frame = [s for s in prs.slides[1].shapes if s.has_table][0]
    table = frame.table
    assert [c.text for c in table.rows[0].cells] == ["", "Brazil", "China"]
    assert table.cell(1, 2).text == "0.52" and table.cell(2, 1).text == "0.43"
    hot, cool = table.cell(1, 2).fill.fore_color.rgb, table.cell(2, 1).fill.fore_color.rgb
    assert hot != cool  # shaded by value


def test_template_and_logo_from_spec_theme(tmp_path: Path) -> None:
    shutil.copytree(DECKS / "spec-theme", tmp_path / "t")
    _, prs = build_ok(tmp_path / "t" / "deck.yaml")
    assert len(prs.slides) == 3  # the template's own slide is not carried over
    names = [s.name for s in prs.slides[1].shapes]
    assert "Logo" in names
    heading = prs.slides[1].shapes.title.text_frame.paragraphs[0].runs[0].font
    assert heading.name == "Georgia" and heading.size.pt <= 36


def test_same_bytes_seconds_apart(spec_deck: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    assert build(spec_deck, Options(output=first)).ok
    time.sleep(2.1)  # zip timestamps have two-second resolution
    assert build(spec_deck, Options(output=second)).ok
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = Presentation(str(first)).core_properties
    assert core.title == "China's International S&T Relations"
    assert core.author == "Speaker Name"
    assert core.created.year == 2014 and core.modified == core.created


def test_failed_build_keeps_last_good_file(spec_deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "keep.pptx"
    assert build(spec_deck, Options(output=out)).ok
    good = out.read_bytes()
    broken = spec_deck.parent / "sections" / "01-opening.yaml"
    broken.write_text("- title: [unclosed\n", encoding="utf-8")
    result = build(spec_deck, Options(output=out))
    assert not result.ok
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")) == []


def test_write_failure_mid_way_keeps_last_good_file(spec_deck: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "keep.pptx"
    assert build(spec_deck, Options(output=out)).ok
    good = out.read_bytes()

    def no_space(*_args, **_kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("deckgen.ooxml.writer.os.replace", no_space)
    uptodate.manifest_path(out).unlink(missing_ok=True)  # a real build, not "up to date"
    result = build(spec_deck, Options(output=out))
    assert any("No space left" in p.message for p in result.problems.errors)
    assert out.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_svg_image_is_drawn_at_its_aspect(tmp_path: Path) -> None:
    shutil.copytree(DECKS / "spec", tmp_path / "spec")
    deck = write(tmp_path / "spec", """
        deck: {title: "Vector"}
        slides:
          - {title: "SVG", image: images/mark.svg, alt: "A red disc and a green bar"}
    """, "svg.yaml")
    _, prs = build_ok(deck)
    pic = [s for s in prs.slides[1].shapes if s.name == "Image"][0]
    assert pic.image.content_type == "image/png"
    assert abs(pic.width / pic.height - 2.0) < 0.01
    assert pic.image.size[0] >= 1000  # drawn for the box, not at the file's 300 px
    assert pic._element.xpath("string(.//p:cNvPr/@descr)") == "A red disc and a green bar"


def test_the_automatic_title_slide_takes_the_deck_s_notes(tmp_path: Path) -> None:
    deck = write(tmp_path, 'deck:\n  title: "Notes first"\n  notes: |\n    Welcome everyone.\n'
                 '    Phones on silent.\nslides:\n  - title: "Next"\n    bullets: [one]\n')
    _, prs = build_ok(deck)
    first = prs.slides[0]
    assert first.has_notes_slide
    assert first.notes_slide.notes_text_frame.text == "Welcome everyone.\nPhones on silent."
    assert not prs.slides[1].has_notes_slide
