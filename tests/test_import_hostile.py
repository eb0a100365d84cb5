"""``deckgen import`` of hostile sources: huge pictures, 10,000 slides, paths out of FOLDER.

Each case either refuses the source (a located error, exit 1, nothing written)
or imports it and reports what it left out; none prints a traceback, writes
outside FOLDER, or takes more than a few seconds and a few hundred MB.  Time
and memory are measured on the whole command, LibreOffice included: a small
wrapper process runs deckgen and reports the peak memory of its descendants.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=600)
print(json.dumps({"rc": done.returncode, "out": done.stdout, "err": done.stderr,
                  "seconds": time.monotonic() - start,
                  "mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measured(*args: str) -> dict:
    """Run deckgen: exit code, output, seconds and peak memory (MiB) of any one process."""
    exe = str(Path(sys.executable).parent / "deckgen")
    done = subprocess.run([sys.executable, "-c", MEASURE, exe, *args], capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


# --- pictures -------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def lying_png(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels over a few bytes of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b""))


def bomb_png(width: int, height: int) -> bytes:
    """A real grey PNG of ``width`` x ``height`` zeros: 400 MB of pixels in 400 KB."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data)
            + _chunk(b"IEND", b""))


def deck_with_picture(path: Path, picture: bytes, group: bool) -> Path:
    """A python-pptx deck with one picture (its bytes swapped for ``picture``) and, with
    ``group``, a group of boxes that the import renders through LibreOffice."""
    from PIL import Image
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "A very large picture"
    small = io.BytesIO()
    Image.new("RGB", (10, 10)).save(small, "PNG")
    slide.shapes.add_picture(small, Inches(1), Inches(2), Inches(2), Inches(2))
    if group:
        boxes = slide.shapes.add_group_shape()
        for index, text in enumerate(["Collect", "Check"]):
            box = boxes.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(4 + 2.5 * index),
                                         Inches(2), Inches(2), Inches(1))
            box.text = text
    plain = path.with_suffix(".plain.pptx")
    prs.save(str(plain))
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, picture if item.filename.startswith("ppt/media/") else data)
    return path


@pytest.mark.parametrize(("case", "group"), [("lying-header", False), ("bomb", False),
                                             ("bomb", True)])
def test_huge_pictures_are_left_out_and_reported(case: str, group: bool,
                                                 tmp_path: Path) -> None:
    picture = lying_png(100_000, 100_000) if case == "lying-header" else bomb_png(20_000, 20_000)
    source = deck_with_picture(tmp_path / "huge.pptx", picture, group)
    assert source.stat().st_size < 1_000_000  # small on disk, huge in memory
    folder = tmp_path / "deck"
    run = measured("import", str(source), "-o", str(folder))
    assert run["rc"] == 0, run["out"] + run["err"]
    pixels = "10,000,000,000" if case == "lying-header" else "400,000,000"
    assert f"slide 1: picture 'Picture 2' has {pixels} pixels, above the limit of 40,000,000; " \
           "left out" in run["out"]
    assert "Traceback" not in run["err"]
    if group:  # the drawing is rendered from a copy without the bomb in it
        assert "imported as a picture rendered by LibreOffice" in run["out"]
        assert len(list((folder / "images").iterdir())) == 1
    else:
        assert not (folder / "images").exists()
    # LibreOffice alone takes about 220 MiB; inflating the bomb took 560 MiB and 20 s
    assert run["mib"] < 420, run
    assert run["seconds"] < 120, run
    done = subprocess.run([str(Path(sys.executable).parent / "deckgen"), "check", "--strict",
                           str(folder / "deck.yaml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --- ten thousand slides --------------------------------------------------------------------

_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.presentationml"
_TREE = ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
         "</p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld>")


def _rels(*targets: tuple[str, str]) -> str:
    inner = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/{kind}" Target="{target}"/>'
                    for i, (kind, target) in enumerate(targets, start=1))
    return f'<?xml version="1.0"?><Relationships xmlns="{_RELS}">{inner}</Relationships>'


def many_slides(path: Path, count: int) -> Path:
    """A minimal valid .pptx of ``count`` empty slides, written as a zip directly."""
    overrides = "".join(f'<Override PartName="/ppt/slides/slide{i}.xml" '
                        f'ContentType="{_TYPE}.slide+xml"/>' for i in range(1, count + 1))
    ids = "".join(f'<p:sldId id="{255 + i}" r:id="rId{i + 1}"/>' for i in range(1, count + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" '
            f'ContentType="{_TYPE}.presentation.main+xml"/><Override PartName="/ppt/'
            f'slideMasters/slideMaster1.xml" ContentType="{_TYPE}.slideMaster+xml"/>'
            '<Override PartName="/ppt/slideLayouts/slideLayout1.xml" '
            f'ContentType="{_TYPE}.slideLayout+xml"/>{overrides}</Types>'))
        z.writestr("_rels/.rels", _rels(("officeDocument", "ppt/presentation.xml")))
        z.writestr("ppt/presentation.xml", (
            f'<?xml version="1.0"?><p:presentation {_NS}><p:sldMasterIdLst><p:sldMasterId '
            f'id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>{ids}</p:sldIdLst>'
            '<p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>'
            "</p:presentation>"))
        z.writestr("ppt/_rels/presentation.xml.rels", _rels(
            ("slideMaster", "slideMasters/slideMaster1.xml"),
            *[("slide", f"slides/slide{i}.xml") for i in range(1, count + 1)]))
        z.writestr("ppt/slideMasters/slideMaster1.xml", (
            f'<?xml version="1.0"?><p:sldMaster {_NS}>{_TREE}<p:sldLayoutIdLst><p:sldLayoutId '
            'id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>'))
        z.writestr("ppt/slideMasters/_rels/slideMaster1.xml.rels",
                   _rels(("slideLayout", "../slideLayouts/slideLayout1.xml")))
        z.writestr("ppt/slideLayouts/slideLayout1.xml",
                   f'<?xml version="1.0"?><p:sldLayout {_NS}>{_TREE}</p:sldLayout>')
        z.writestr("ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                   _rels(("slideMaster", "../slideMasters/slideMaster1.xml")))
        for i in range(1, count + 1):
            z.writestr(f"ppt/slides/slide{i}.xml",
                       f'<?xml version="1.0"?><p:sld {_NS}>{_TREE}</p:sld>')
            z.writestr(f"ppt/slides/_rels/slide{i}.xml.rels",
                       _rels(("slideLayout", "../slideLayouts/slideLayout1.xml")))
    return path


def test_the_hand_written_package_is_a_deck(tmp_path: Path) -> None:
    """The zip written below is a real presentation: three of its slides import."""
    folder = tmp_path / "deck"
    run = measured("import", str(many_slides(tmp_path / "few.pptx", 3)), "-o", str(folder),
                   "--no-render")
    assert run["rc"] == 0, run["out"] + run["err"]
    assert "(3 slides," in run["out"]


def test_ten_thousand_slides_are_refused_quickly(tmp_path: Path) -> None:
    source = many_slides(tmp_path / "many.pptx", 10_000)
    folder = tmp_path / "deck"
    run = measured("import", str(source), "-o", str(folder))
    assert run["rc"] == 1, run["out"] + run["err"]
    assert "error: 'many.pptx' has 10,000 slides; a deck holds at most 1,000 (hint: split it " \
           "and import each part)" in run["err"]
    assert "Traceback" not in run["err"]
    assert not folder.exists()
    assert run["seconds"] < 30 and run["mib"] < 200, run  # measured: 0.3 s, 33 MiB


# --- paths out of FOLDER --------------------------------------------------------------------

TALK = """---
title: Paths
---

# Part one

## A picture

![A blue square](blue.png)

# ../../../outside

## Escaping names

- a section named to climb out of the folder
"""


@pytest.fixture()
def talk(tmp_path: Path) -> Path:
    from PIL import Image

    source = tmp_path / "src" / "talk.md"
    source.parent.mkdir()
    source.write_text(TALK, encoding="utf-8")
    Image.new("RGB", (64, 64), (20, 60, 200)).save(source.parent / "blue.png")
    return source


def test_names_in_the_source_never_leave_the_folder(talk: Path, tmp_path: Path) -> None:
    before = files_under(tmp_path)
    folder = tmp_path / "deck"
    run = measured("import", str(talk), "-o", str(folder))
    assert run["rc"] == 0, run["out"] + run["err"]
    written = files_under(tmp_path) - before
    assert written and all(p == folder or folder in p.parents for p in written)
    assert sorted(p.name for p in (folder / "sections").iterdir()) == [
        "01-part-one.yaml", "02-outside.yaml"]


@pytest.mark.parametrize("link", ["FOLDER", "sections", "images", "sections/01-part-one.yaml",
                                  "deck.schema.json", "deck.yaml"])
@pytest.mark.parametrize("dangling", [False, True])
def test_symlinks_in_the_folder_are_refused(link: str, dangling: bool, talk: Path,
                                            tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / ("missing" if dangling else "real")
    if not dangling and "." in link:
        target.write_text("theirs\n", encoding="utf-8")
    elif not dangling:
        target.mkdir()
    folder = tmp_path / "deck"
    if link == "FOLDER":
        folder.symlink_to(target, target_is_directory=True)
    else:
        (folder / link).parent.mkdir(parents=True, exist_ok=True)
        (folder / link).symlink_to(target)
    before = {p: p.read_bytes() if p.is_file() else None for p in files_under(outside)}
    run = measured("import", str(talk), "-o", str(folder), "--force")
    assert run["rc"] == 1, run["out"] + run["err"]
    assert "symbolic link" in run["err"] and "Traceback" not in run["err"]
    assert {p: p.read_bytes() if p.is_file() else None for p in files_under(outside)} == before
    if link != "FOLDER":  # nothing written beside the link either: the plan is checked first
        assert not (folder / "deck.yaml").is_file() or link == "deck.yaml"
        assert not (folder / "images").is_dir() or link == "images"


# --- malformed Markdown ---------------------------------------------------------------------

_LAUGHS = "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 10)}]\n"
                  for p, k in zip("abcdefgh", "bcdefghi", strict=True))
MALFORMED = {  # name: (source, exit status, what the output says)
    "deep-quote": ("# T\n\n---\n\n## A\n\n" + ">" * 20_000 + " deep\n", 0, "wrote"),
    "deep-list": ("# T\n\n---\n\n## A\n\n" + "".join("  " * i + "- x\n" for i in range(800)),
                  0, "bullets nested deeper than three levels were lifted to the third"),
    "unclosed-fence": ("# T\n\n---\n\n## A\n\n```python\ndef f():\n", 0, "wrote"),
    "broken-front-matter": ("---\ntitle: [unclosed\n---\n\n# T\n", 0, "wrote"),
    "alias-bomb": ("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + _LAUGHS + "title: *i\n---\n"
                   "\n# T\n", 0, "wrote"),
    "control-characters": ("# T\x00\n\n---\n\n## A\x01\n\n- b\x07ell\n", 0,
                           "slide 2: removed control characters U+0001, U+0007 that a slide "
                           "cannot hold"),
    "table-too-wide": ("# T\n\n---\n\n## A\n\n" + "|a" * 3000 + "|\n" + "|-" * 3000 + "|\n"
                       + "|1" * 3000 + "|\n", 1, "error: the table has more than 2000 cells"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_markdown(case: str, tmp_path: Path) -> None:
    text, status, said = MALFORMED[case]
    source = tmp_path / "talk.md"
    source.write_text(text, encoding="utf-8")
    folder = tmp_path / "deck"
    run = measured("import", str(source), "-o", str(folder))
    assert run["rc"] == status, run["out"] + run["err"]
    assert said in run["out"] + run["err"]
    assert "Traceback" not in run["err"]
    assert run["seconds"] < 60 and run["mib"] < 300, run
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck", "talk.md"]
