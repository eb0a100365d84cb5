"""Builds: ``reveal: true`` brings a slide's items on one click at a time.

Every test builds a real deck, reopens it with python-pptx and reads the
slide's ``p:timing`` back: one click per top-level bullet (its sub-items come
with it), one per block of a body, a sub-heading with the block under it,
clicks on every part of a continued list, the deck's default and a slide's
override, nothing animated but the content.  LibreOffice shows the finished
slide (every item) when it renders the deck, and keeps the clicks when it
saves the deck again; ``deckgen import`` reads the clicks back as ``reveal``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from openxml_audit import validate_pptx
from PIL import Image
from render_audit import page_words, render

from conftest import build_ok, problems_of, write
from deckgen.ooxml.audit import audit

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"p": P}

Click = list[tuple[str, "int | None"]]  # (shape name, paragraph or None: the whole shape)


def _clicks(root: etree._Element) -> list[Click]:
    """Each click of the main sequence: what it shows, by shape name and paragraph."""
    names = {e.get("id"): e.get("name") for e in root.iter(f"{{{P}}}cNvPr")}
    out = []
    for click in root.xpath("//p:cTn[@nodeType='mainSeq']/p:childTnLst/p:par", namespaces=NS):
        shown: Click = []
        for target in click.xpath(".//p:spTgt", namespaces=NS):
            ranges = target.xpath("p:txEl/p:pRg", namespaces=NS)
            assert all(r.get("st") == r.get("end") for r in ranges)
            shown.append((names[target.get("spid")], int(ranges[0].get("st")) if ranges
                          else None))
        out.append(shown)
    return out


def _slide_xml(slide) -> etree._Element:  # noqa: ANN001
    """The slide's XML as plain lxml (python-pptx's elements take no namespaces in xpath)."""
    return etree.fromstring(etree.tostring(slide._element))


def _photo(path: Path) -> None:
    Image.new("RGB", (160, 120), (40, 90, 160)).save(path)


def _paragraphs(slide, name: str) -> list[str]:  # noqa: ANN001
    shape = next(s for s in slide.shapes if s.name == name)
    return [p.text for p in shape.text_frame.paragraphs]


def _audited(out: Path) -> None:
    assert audit(out) == []
    report = validate_pptx(out)
    assert report.is_valid and report.errors == [], report.errors[:5]


BULLETS = """
deck: {title: Builds, theme: default, footer: "{title}"}
slides:
  - title: Three decisions
    reveal: true
    source: "The board, 2026"
    bullets:
      - Fund the second phase
      - text: Open the data
        items: [raw measurements, derived indicators]
      - Publish every result
      - - its summary
"""


def test_each_top_level_bullet_is_one_click_with_its_sub_items(tmp_path: Path) -> None:
    deck = write(tmp_path, BULLETS)
    _, prs = build_ok(deck)
    _audited(tmp_path / "out.pptx")
    slide = prs.slides[1]
    root = _slide_xml(slide)
    assert _clicks(root) == [[("Bullets", 0)],
                             [("Bullets", 1), ("Bullets", 2), ("Bullets", 3)],
                             [("Bullets", 4), ("Bullets", 5)]]
    paras = _paragraphs(slide, "Bullets")
    assert paras[1:4] == ["Open the data", "raw measurements", "derived indicators"]
    # PowerPoint's Appear effect: the click's first effect on the click, the rest with it
    effects = root.xpath("//p:cTn[@presetClass]", namespaces=NS)
    assert {(e.get("presetID"), e.get("presetClass")) for e in effects} == {("1", "entr")}
    assert [e.get("nodeType") for e in effects] == [
        "clickEffect", "clickEffect", "withEffect", "withEffect", "clickEffect", "withEffect"]
    bullets = next(s for s in slide.shapes if s.name == "Bullets")
    built = root.xpath("//p:bldLst/p:bldP", namespaces=NS)
    assert [(b.get("spid"), b.get("build")) for b in built] == [(str(bullets.shape_id), "p")]
    # after the colour map (and any transition), as the schema orders a slide's children
    assert [etree.QName(c).localname for c in root] == ["cSld", "clrMapOvr", "timing"]
    # the title, source, footer and slide number are there from the start
    shown = {name for click in _clicks(root) for name, _ in click}
    assert shown == {"Bullets"}


def test_a_body_brings_each_block_and_each_list_item_on(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: Builds, theme: default}
        slides:
          - title: How it works
            reveal: true
            body:
              - heading: The loop
              - Every build reads the deck file again.
              - bullets: [parse, [the includes], lay out]
              - code: "deckgen watch talk.yaml"
                caption: the command
              - table: {header: [run, s], rows: [[a, 1]]}
              - heading: The end
        """)
    _, prs = build_ok(deck)
    _audited(tmp_path / "out.pptx")
    clicks = _clicks(_slide_xml(prs.slides[1]))
    assert clicks[0] == [("Sub-heading block", None), ("Paragraph block", None)]
    assert clicks[1:3] == [[("Bullet text block", 0), ("Bullet text block", 1)],
                           [("Bullet text block", 2)]]
    assert {name for name, _ in clicks[3]} == {"Code background", "Code", "Caption block"}
    assert clicks[4] == [("Table", None)]
    assert clicks[5] == [("Sub-heading block", None)]  # a heading last of all: its own click
    assert len(clicks) == 6


def test_a_side_picture_is_there_from_the_start(tmp_path: Path) -> None:
    _photo(tmp_path / "p.png")
    deck = write(tmp_path, """
        deck: {title: Builds, theme: default}
        slides:
          - title: Beside
            reveal: true
            image: {path: p.png, alt: a photo}
            body:
              - A paragraph.
              - image: p.png
                alt: the same photo
        """)
    _, prs = build_ok(deck)
    clicks = _clicks(_slide_xml(prs.slides[1]))
    assert clicks == [[("Paragraph block", None)], [("Picture", None)]]
    assert "Side picture" in {s.name for s in prs.slides[1].shapes}


def _questions(count: int) -> str:
    return "".join(f'      - "Question {n}: what happens to the data when the server stops?"\n'
                   f'      - ["Answer {n}, first part", "Answer {n}, second part"]\n'
                   for n in range(1, count + 1))


def test_every_part_of_a_continued_list_has_its_own_clicks(tmp_path: Path) -> None:
    deck = write(tmp_path, "deck: {title: Splits, theme: default}\nslides:\n"
                 "  - title: Open questions\n    continue: true\n    reveal: true\n"
                 "    bullets:\n" + _questions(12))
    _, prs = build_ok(deck)
    _audited(tmp_path / "out.pptx")
    parts = [s for s in prs.slides if s.shapes.title.text.startswith("Open questions")]
    assert len(parts) > 1
    total = 0
    for slide in parts:
        clicks = _clicks(_slide_xml(slide))
        paras = _paragraphs(slide, "Bullets")
        tops = [i for i, text in enumerate(paras) if text.startswith("Question")]
        assert [click[0][1] for click in clicks] == tops  # from paragraph 0 on every part
        assert all(len(click) == 3 for click in clicks)  # a question and its two answers
        total += len(clicks)
    assert total == 12


def test_the_deck_s_reveal_is_every_slide_s_unless_it_says_otherwise(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: Builds, theme: default, reveal: true}
        slides:
          - title: One
            bullets: [a, b]
          - title: Two
            reveal: false
            bullets: [a, b]
          - title: Three
            body: [first, second]
          - quote: Nothing here is a list.
          - title: Four
            table: {header: [a], rows: [[1]]}
        """)
    _, prs = build_ok(deck)
    counts = [len(_clicks(_slide_xml(slide))) for slide in prs.slides]
    assert counts == [0, 2, 0, 2, 0, 0]


def test_without_reveal_nothing_is_animated(tmp_path: Path) -> None:
    deck = write(tmp_path, "deck: {title: T, theme: default}\nslides:\n"
                 "  - {title: A, bullets: [a, b]}\n  - {title: B, body: [a, b]}\n")
    build_ok(deck)
    with zipfile.ZipFile(tmp_path / "out.pptx") as package:
        slides = [n for n in package.namelist() if n.startswith("ppt/slides/slide")]
        assert not any(b"p:timing" in package.read(n) for n in slides)


def test_a_bad_reveal_is_a_located_error(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: T, theme: default, reveal: often}
        slides:
          - title: A
            reveal: maybe
            bullets: [a]
          - quote: Q
            reveal: true
        """)
    assert problems_of(deck) == [
        "deck.yaml:1:42: error: deck.reveal: expected true or false, got 'often'",
        "deck.yaml:4:13: error: slide 2 reveal: expected true or false, got 'maybe'",
        "deck.yaml:7:5: error: unknown key 'reveal' in slide 3 (hint: 'reveal' is a key of "
        "bullets and body slides; this is a quote slide)",
    ]


def test_libreoffice_shows_every_item_and_keeps_the_clicks(tmp_path: Path) -> None:
    deck = write(tmp_path, BULLETS.replace("theme: default", "theme: default, reveal: true")
                 + "  - title: Body\n    body: [Alpha paragraph, {bullets: [Beta, Gamma]}]\n")
    build_ok(deck, tmp_path / "reveal.pptx")
    pdf = render([tmp_path / "reveal.pptx"], tmp_path / "pdf")[tmp_path / "reveal.pptx"]
    pages, _ = page_words(pdf)
    words = [{w.text for w in page} for page in pages]
    assert {"Fund", "raw", "derived", "Publish", "summary"} <= words[1]
    assert {"Alpha", "Beta", "Gamma"} <= words[2]
    # saved again as .pptx by LibreOffice, the slides keep their clicks
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([shutil.which("soffice") or "soffice",
                        f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        "pptx:Impress MS PowerPoint 2007 XML", "--outdir",
                        str(tmp_path / "again"), str(tmp_path / "reveal.pptx")],
                       check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(tmp_path / "again" / "reveal.pptx") as package:
        again = etree.fromstring(package.read("ppt/slides/slide2.xml"))
    assert [[p for _, p in click] for click in _clicks(again)] == [[0], [1, 2, 3], [4, 5]]


def _import(source: Path, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deckgen", "import", str(source), "-o",
                           str(folder), "--no-render"], capture_output=True, text=True,
                          timeout=300, check=False)


def test_import_keeps_the_clicks_as_reveal(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: Builds, theme: default}
        slides:
          - title: Clicks
            reveal: true
            bullets: [a, b]
          - title: No clicks
            bullets: [a, b]
          - title: A body
            reveal: true
            body: [first, {bullets: [second, third]}]
        """)
    build_ok(deck, tmp_path / "talk.pptx")
    done = _import(tmp_path / "talk.pptx", tmp_path / "imported")
    assert done.returncode == 0, done.stderr
    slides = yaml.safe_load((tmp_path / "imported" / "deck.yaml").read_text("utf-8"))["slides"]
    assert [s.get("reveal") for s in slides] == [True, None, True]
    _, prs = build_ok(tmp_path / "imported" / "deck.yaml", tmp_path / "again.pptx")
    assert [len(_clicks(_slide_xml(s))) for s in prs.slides] == [0, 2, 0, 3]


MARKDOWN = {
    "marp": "---\nmarp: true\ntitle: M\n---\n\n# Steps\n\n* one\n* two\n\n---\n\n# Plain\n\n- a\n",
    "pandoc": "---\ntitle: P\n---\n\n## Steps\n\n::: incremental\n\n- one\n- two\n\n:::\n\n"
              "## Plain\n\n- a\n\n```\n::: incremental\n```\n",
    "slidev": "---\ntitle: S\n---\n\n# Steps\n\n<v-clicks>\n\n- one\n- two\n\n</v-clicks>\n\n"
              "---\n\n# Plain\n\n- a\n",
}


@pytest.mark.parametrize("tool", sorted(MARKDOWN))
def test_markdown_builds_are_imported_as_reveal(tmp_path: Path, tool: str) -> None:
    """Marp's * lists, pandoc's ::: incremental and Slidev's <v-clicks> come on by clicks."""
    source = write(tmp_path, MARKDOWN[tool], f"{tool}.md")
    done = _import(source, tmp_path / "imported")
    assert done.returncode == 0, done.stderr
    assert "v-clicks" not in done.stdout  # understood, not reported as lost HTML
    slides = yaml.safe_load((tmp_path / "imported" / "deck.yaml").read_text("utf-8"))["slides"]
    assert [(s["title"], s.get("reveal")) for s in slides] == [("Steps", True), ("Plain", None)]


def test_clicks_a_kind_cannot_play_are_reported(tmp_path: Path) -> None:
    source = write(tmp_path, "---\ntitle: T\n---\n\n# A table\n\n<v-clicks>\n\n| a | b |\n"
                   "|---|---|\n| 1 | 2 |\n\n</v-clicks>\n", "slides.md")
    done = _import(source, tmp_path / "imported")
    assert done.returncode == 0, done.stderr
    assert "slide 1: its content comes on by clicks, which only bullets and body slides do" \
        in done.stdout
    assert "reveal" not in (tmp_path / "imported" / "deck.yaml").read_text("utf-8")


SCRIM = """\
deck: {title: "Scrim", theme: default, title_slide: false}
slides:
  - title: "On a busy picture"
    background: busy.png
    reveal: true
    bullets: ["First", "Second"]
"""


def _busy(path: Path) -> None:
    """A plain dark band where the title sits, and under the list black and white halves:
    the title reads once recoloured, the list, across both, only on a scrim of its own."""
    image = Image.new("RGB", (960, 540), (16, 16, 16))
    halves = Image.new("L", (2, 2))
    halves.putdata([0, 255, 255, 0])
    image.paste(halves.resize((960, 380)).convert("RGB"), (0, 160))
    image.save(path)


def test_a_scrim_under_a_revealed_list_comes_on_with_its_first_item(tmp_path: Path) -> None:
    """The veil laid under the list so it reads is part of it: before the first click the
    picture shows bare, not an empty panel."""
    folder = tmp_path / "scrim"
    deck = write(folder, SCRIM)
    _busy(folder / "busy.png")
    result, prs = build_ok(deck, tmp_path / "scrim.pptx")
    names = [s.name for s in prs.slides[0].shapes]
    assert "Scrim under Bullets" in names, names
    clicks = _clicks(_slide_xml(prs.slides[0]))
    assert clicks == [[("Scrim under Bullets", None), ("Bullets", 0)], [("Bullets", 1)]]
    assert audit(result.output) == [] and validate_pptx(result.output).errors == []
