"""The catalogue of bad decks in tests/bad/: each one fails the way it says it will.

Every folder under tests/bad/ is a deck (``deck.yaml`` plus whatever it
names) and an ``expected.txt`` holding, exactly, the lines deckgen must print
for it (``file:line:col: error: message``, paths relative to the folder).
Files too big, too binary or too odd to keep in the repository (10 MB
scalars, decompression bombs, symlinks, bytes that are not UTF-8) are made by
the generator of the same name below.

Each case is built through the real command line, in its own process, onto an
output file that already holds a good deck: the status must be 1, no
traceback, exactly the expected lines, the good deck untouched and no
temporary file left behind.

``python tests/test_bad.py --update NAME...`` rewrites the expected lines of
the cases named from what deckgen prints now; read every line it writes.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "expected.txt").is_file())
GOOD_DECK = ("deck:\n  title: The last good build\n  theme: default\n"
             "slides:\n  - {title: A, bullets: [b]}\n")


# --- helpers shared by the hostile-input test files --------------------------------------
def deckgen(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real command line in its own process."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (no real pixel data)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b""))
            + chunk(b"IEND", b""))


def picture(fmt: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    """A real image with some detail, so cutting it in half loses pixel data."""
    image = Image.new("RGB", size)
    image.putdata([((x * 7) % 256, (y * 5) % 256, (x * y) % 256)
                   for y in range(size[1]) for x in range(size[0])])
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def made_by_deckgen(path: Path) -> bool:
    """A deck deckgen wrote (not a template or a hostile input a test made)."""
    try:
        with zipfile.ZipFile(path) as package:
            return b"<cp:lastModifiedBy>deckgen " in package.read("docProps/core.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


@pytest.fixture(autouse=True)
def _audit_every_output(tmp_path: Path):
    """After each test, every deck deckgen left behind must be structurally sound
    (files named corrupt-* are broken on purpose)."""
    yield
    from deckgen.ooxml.audit import audit

    for path in tmp_path.rglob("*.pptx"):
        if not path.name.startswith("corrupt") and made_by_deckgen(path):
            assert audit(path) == [], path


# --- generators: the parts of a case that are not kept in the repository -----------------
def _non_utf8(case: Path) -> None:
    (case / "deck.yaml").write_bytes(b"deck:\n  title: Caf\xe9 society\n")


def _ten_mb_scalar(case: Path) -> None:
    (case / "deck.yaml").write_bytes(b'deck:\n  title: "' + b"x" * 10_000_000 + b'"\n')


def _long_text(case: Path) -> None:
    (case / "deck.yaml").write_text(
        "deck: {title: T}\nslides:\n  - title: Long\n    bullets: [a]\n    notes: \""
        + "word " * 30_000 + "\"\n", encoding="utf-8")


def _outside(case: Path) -> Path:
    outside = case.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "o.yaml").write_text("- {title: Outside, bullets: [o]}\n", encoding="utf-8")
    (outside / "o.png").write_bytes(picture())
    return outside


def _include_symlink(case: Path) -> None:
    _outside(case)
    (case / "sections").mkdir()
    (case / "sections" / "link.yaml").symlink_to(Path("..", "..", "outside", "o.yaml"))


def _include_binary(case: Path) -> None:
    (case / "sections").mkdir()
    (case / "sections" / "image.yaml").write_bytes(picture())


def _include_fifo(case: Path) -> None:
    """A named pipe would block a reader forever."""
    os.mkfifo(case / "pipe.yaml")


def _image_symlink(case: Path) -> None:
    _outside(case)
    (case / "images").mkdir()
    (case / "images" / "link.png").symlink_to(Path("..", "..", "outside", "o.png"))


def _image_dotdot(case: Path) -> None:
    (case.parent / "secret.png").write_bytes(picture())


def _theme_outside(case: Path) -> None:
    (case.parent / "themes").mkdir(exist_ok=True)
    (case.parent / "themes" / "evil.yaml").write_text("name: evil\nextends: default\n")


def _logo(case: Path) -> None:
    (case / "images").mkdir(exist_ok=True)
    (case / "images" / "logo.png").write_bytes(picture())


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    def make(case: Path) -> None:
        (case / name).write_bytes(data)
    return make


def _cut(name: str, fmt: str) -> Callable[[Path], None]:
    def make(case: Path) -> None:
        whole = picture(fmt, (320, 240))
        (case / name).write_bytes(whole[: len(whole) // 2])
    return make


def _csv_non_utf8(case: Path) -> None:
    (case / "data.csv").write_bytes(b"name,value\ncaf\xe9,1\n")


def _many_slides(case: Path) -> None:
    slides = "".join(f"  - {{section: Part {i}}}\n" for i in range(20_000))
    (case / "deck.yaml").write_text("deck: {title: T}\nslides:\n" + slides, encoding="utf-8")


def _zip_bomb(case: Path) -> None:
    """Parts that inflate to 60 MiB of zeros from a few kilobytes."""
    with zipfile.ZipFile(case / "corporate.pptx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p:presentation/>")
        z.writestr("ppt/media/image1.png", bytes(60 * 1024 * 1024))


def _doctype(case: Path) -> None:
    """python-pptx's own template with an entity declaration slipped into one part."""
    import pptx

    source = Path(pptx.__file__).parent / "templates" / "default.pptx"
    with zipfile.ZipFile(source) as src, \
            zipfile.ZipFile(case / "corporate.pptx", "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/presentation.xml":
                head, rest = data.split(b"?>", 1)
                data = (head + b'?>\n<!DOCTYPE p [<!ENTITY lol "lol"><!ENTITY lol2 '
                        b'"&lol;&lol;&lol;&lol;">]>' + rest)
            dst.writestr(info, data)


# --- second round: limits on what input becomes, not on how it looks -------------------
def _alias_long_text(case: Path) -> None:
    """A 99,000-character scalar aliased 300 times: 100 KB that would be 30 MB of text."""
    (case / "deck.yaml").write_text(
        "deck: {title: T, theme: default}\nslides:\n  - title: A\n    bullets: [&a "
        + "x" * 99_000 + "]\n  - title: B\n    bullets: [" + ", ".join(["*a"] * 300) + "]\n",
        encoding="utf-8")


def _include_bomb(case: Path) -> None:
    """110,000 values in one file, fine alone; included three times, too many."""
    (case / "sections").mkdir()
    (case / "sections" / "big.yaml").write_text("- [" + "x," * 110_000 + "x]\n",
                                                encoding="utf-8")


def _include_slides_bomb(case: Path) -> None:
    (case / "sections").mkdir()
    (case / "sections" / "part.yaml").write_text(
        "".join(f"- {{section: S{i}}}\n" for i in range(600)), encoding="utf-8")


def _include_deep(case: Path) -> None:
    """500 files, each including the next (within the 500-include limit)."""
    (case / "nested").mkdir()
    for i in range(500):
        (case / "nested" / f"{i}.yaml").write_text(
            f"- include: {i + 1}.yaml\n" if i < 499 else "- {title: Deep, bullets: [d]}\n",
            encoding="utf-8")


def _include_symlink_loop(case: Path) -> None:
    (case / "loop1.yaml").symlink_to("loop2.yaml")
    (case / "loop2.yaml").symlink_to("loop1.yaml")


def _include_hardlink(case: Path) -> None:
    """A hard link inside the folder to a file outside it looks like any other file."""
    outside = _outside(case) / "o.yaml"
    os.link(outside, case / "linked.yaml")


def _extends_deep(case: Path) -> None:
    (case / "themes").mkdir()
    for i in range(1000):
        parent = f"t{i + 1}.yaml" if i < 999 else "default"
        (case / "themes" / f"t{i}.yaml").write_text(f"name: t{i}\nextends: {parent}\n",
                                                     encoding="utf-8")


def _footer_expansion(case: Path) -> None:
    (case / "deck.yaml").write_text(
        'deck:\n  title: "' + "x" * 95_000 + '"\n  theme: default\n  footer: "'
        + "{title}" * 14_000 + '"\nslides:\n  - {title: A, bullets: [b]}\n', encoding="utf-8")


def _svg_gzip(case: Path) -> None:
    import gzip

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g>'
    (case / "pic.svg").write_bytes(gzip.compress(svg + b" " * 1_000_000 + b"</g></svg>"))


def _corrupt_png(case: Path) -> None:
    """Every chunk's checksum is right, but the compressed pixel data is not zlib."""
    whole = picture("PNG", (64, 48))
    start = whole.index(b"IDAT") + 4
    length = struct.unpack(">I", whole[start - 8:start - 4])[0]
    data = bytes(b ^ 0x55 for b in whole[start:start + length])
    crc = struct.pack(">I", zlib.crc32(b"IDAT" + data) & 0xFFFFFFFF)
    (case / "broken.png").write_bytes(whole[:start] + data + crc + whole[start + length + 4:])


def _template_with(case: Path, change: Callable[[str, bytes], tuple[str, bytes]]) -> None:
    """python-pptx's own template with one part changed (renamed or rewritten)."""
    import pptx

    source = Path(pptx.__file__).parent / "templates" / "default.pptx"
    with zipfile.ZipFile(source) as src, \
            zipfile.ZipFile(case / "corporate.pptx", "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name, data = change(info.filename, src.read(info.filename))
            dst.writestr(name, data)


def _external_template(case: Path) -> None:
    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "ppt/slideMasters/_rels/slideMaster1.xml.rels":
            data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://'
                                b'schemas.openxmlformats.org/officeDocument/2006/relationships'
                                b'/image" Target="file://host/share/pixel.png" '
                                b'TargetMode="External"/></Relationships>')
        return name, data
    _template_with(case, change)


_ENTITY = b'<!DOCTYPE p [<!ENTITY lol "lol">]>'


def _doctype_dat(case: Path) -> None:
    """The DOCTYPE sits in a part named .dat: its type comes from [Content_Types].xml."""
    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "ppt/theme/theme1.xml":
            head, rest = data.split(b"?>", 1)
            return "ppt/theme/theme1.dat", head + b"?>" + _ENTITY + rest
        if name == "ppt/_rels/presentation.xml.rels":
            return name, data.replace(b"theme/theme1.xml", b"theme/theme1.dat")
        if name == "[Content_Types].xml":
            return name, data.replace(b'PartName="/ppt/theme/theme1.xml"',
                                      b'PartName="/ppt/theme/theme1.dat"')
        return name, data
    _template_with(case, change)


def _doctype_utf16(case: Path) -> None:
    """UTF-16 without a byte order mark: XML parsers recognise it from '<?xml'."""
    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "ppt/presentation.xml":
            head, rest = data.split(b"?>", 1)
            text = (head.replace(b"UTF-8", b"UTF-16") + b"?>" + _ENTITY + rest).decode()
            return name, text.encode("utf-16-le")
        return name, data
    _template_with(case, change)


_SVG_DOCTYPE = (b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n')


def _svg_doctype_use_bomb(case: Path) -> None:
    """2,000 squares used 40 x 40 times, behind the DOCTYPE editors write: the DOCTYPE
    once let a file skip the count (40 s and 1 GB to draw)."""
    squares = b"".join(b'<rect x="%d" width="1" height="1"/>' % i for i in range(2000))
    (case / "pic.svg").write_bytes(
        _SVG_DOCTYPE + b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        b'<defs><g id="g">' + squares + b'</g><g id="h">' + b'<use href="#g"/>' * 40
        + b"</g></defs>" + b'<use href="#h"/>' * 40 + b"</svg>")


def _svg_doctype_entity(case: Path) -> None:
    (case / "pic.svg").write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "words">]>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&a;</text>'
        b"</svg>")


def _svg_cpu_bomb(case: Path) -> None:
    """24,000 uses of one half-transparent rectangle as big as the picture: within every
    declared limit, but 85 s of drawing."""
    (case / "pic.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="500"><defs>'
        b'<rect id="r" width="1000" height="500" fill="red" fill-opacity="0.5"/></defs>'
        + b'<use href="#r"/>' * 24_000 + b"</svg>")


def _svg_memory_bomb(case: Path) -> None:
    """A 30000 x 30000 pattern tile behind a small rectangle: 3.5 GB to draw."""
    (case / "pic.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="500"><defs>'
        b'<pattern id="p" width="30000" height="30000" patternUnits="userSpaceOnUse">'
        b'<rect width="30000" height="30000" fill="red"/></pattern></defs>'
        b'<rect width="1000" height="500" fill="url(#p)"/></svg>')


GENERATORS: dict[str, Callable[[Path], None]] = {
    "yaml-non-utf8": _non_utf8,
    "yaml-10mb-scalar": _ten_mb_scalar,
    "yaml-long-text": _long_text,
    "attack-include-symlink": _include_symlink,
    "attack-include-binary": _include_binary,
    "attack-include-fifo": _include_fifo,
    "attack-image-symlink": _image_symlink,
    "attack-image-dotdot": _image_dotdot,
    "attack-theme-outside": _theme_outside,
    "image-decompression-bomb": _write("bomb.png", png_header(100_000, 100_000)),
    # Above deckgen's limit but in the band where Pillow only warns.
    "image-over-pixel-limit": _write("big.png", png_header(10_000, 10_000)),
    "image-truncated-png": _cut("cut.png", "PNG"),
    "image-tiff-as-png": _write("photo.png", picture("TIFF")),
    "image-truncated-jpeg": _cut("cut.jpg", "JPEG"),
    "image-wrong-case": _logo,
    "image-is-folder": _logo,
    "image-no-alt": _logo,
    "csv-non-utf8": _csv_non_utf8,
    "too-many-slides": _many_slides,
    "theme-template-zip-bomb": _zip_bomb,
    "theme-template-doctype": _doctype,
    "attack-alias-long-text": _alias_long_text,
    "attack-include-bomb": _include_bomb,
    "attack-include-slides-bomb": _include_slides_bomb,
    "attack-include-deep": _include_deep,
    "attack-include-symlink-loop": _include_symlink_loop,
    "attack-include-hardlink": _include_hardlink,
    "theme-extends-deep": _extends_deep,
    "footer-expansion": _footer_expansion,
    "svg-gzip": _svg_gzip,
    "image-corrupt-png": _corrupt_png,
    "image-cut-gif": _cut("cut.gif", "GIF"),
    "background-cut-gif": _cut("cut.gif", "GIF"),
    "theme-template-external": _external_template,
    "theme-template-doctype-dat": _doctype_dat,
    "theme-template-doctype-utf16": _doctype_utf16,
    "svg-doctype-use-bomb": _svg_doctype_use_bomb,
    "svg-doctype-entity": _svg_doctype_entity,
    "svg-cpu-bomb": _svg_cpu_bomb,
    "svg-memory-bomb": _svg_memory_bomb,
}


def prepare(name: str, into: Path) -> tuple[Path, list[str]]:
    """Copy case ``name`` to ``into``/case, generate its extra files; return it and the
    lines it must print."""
    case = into / "case"
    shutil.copytree(BAD / name, case, symlinks=True,
                    ignore=shutil.ignore_patterns("expected.txt"))
    GENERATORS.get(name, lambda _: None)(case)
    sidecar = BAD / name / "expected.txt"
    expected = sidecar.read_text(encoding="utf-8").splitlines() if sidecar.exists() else []
    return case, [line for line in expected if line.strip()]


@pytest.fixture(scope="session")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("good")
    (folder / "deck.yaml").write_text(GOOD_DECK, encoding="utf-8")
    run = deckgen("build", "deck.yaml", "-o", "good.pptx", cwd=folder)
    assert run.returncode == 0, run.stderr
    from deckgen.ooxml.audit import audit

    assert audit(folder / "good.pptx") == []
    return (folder / "good.pptx").read_bytes()


def test_catalogue_is_big_and_every_generator_has_a_case() -> None:
    assert len(CASES) >= 40
    assert set(GENERATORS) <= set(CASES)


def cli(*args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """The command line in this process (the same code path, without a process start)."""
    from click.testing import CliRunner

    from deckgen.cli import main

    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", CASES)
def test_bad_deck(name: str, tmp_path: Path, good_build: bytes,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    case, expected = prepare(name, tmp_path)
    out = tmp_path / "build" / "deck.pptx"
    out.parent.mkdir()
    out.write_bytes(good_build)
    code, stdout, stderr = cli("build", "deck.yaml", "-o", str(out), cwd=case,
                               monkeypatch=monkeypatch)
    assert "Traceback" not in stderr + stdout
    assert "internal error" not in stderr
    assert stderr.splitlines() == expected
    assert code == 1
    assert out.read_bytes() == good_build, "the last good output was touched"
    assert temp_files(tmp_path) == []


def test_whole_catalogue_through_the_real_command(tmp_path: Path, good_build: bytes) -> None:
    """One real process builds every bad deck onto a folder of good outputs: each deck
    fails with its own lines, none is written, nothing crashes, the status is 1."""
    decks, expected, outs = [], [], []
    for name in CASES:
        case, lines = prepare(name, tmp_path / name)
        case.rename(tmp_path / name / name)  # the output is named after the deck's folder
        decks.append(f"{name}/{name}/deck.yaml")
        expected += [(name, line) for line in lines]
        outs.append(tmp_path / "out" / f"{name}.pptx")
    (tmp_path / "out").mkdir()
    for out in outs:
        out.write_bytes(good_build)
    run = deckgen("build", *decks, "-o", "out", cwd=tmp_path, timeout=120)
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    got = run.stderr.splitlines()
    assert len(got) == len(expected)
    for line, (name, want) in zip(got, expected, strict=True):
        assert line.replace(f"{name}/{name}/", "") == want
    assert sum("failed with" in line for line in run.stdout.splitlines()) == len(CASES)
    assert all(out.read_bytes() == good_build for out in outs)
    assert temp_files(tmp_path) == []


def _update(names: list[str]) -> None:
    """Rewrite expected.txt of the cases named from what deckgen prints now."""
    import tempfile

    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            case, _ = prepare(name, Path(tmp))
            run = deckgen("build", "deck.yaml", "-o", str(Path(tmp) / "out.pptx"), cwd=case)
            (BAD / name / "expected.txt").write_text(run.stderr, encoding="utf-8")
            print(f"== {name} (exit {run.returncode})\n{run.stderr}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--update"]:
        _update(sys.argv[2:] or [p.name for p in sorted(BAD.iterdir()) if p.is_dir()])


# --- traps met when the libraries were tried: each has a test -----------------------------
def test_pure_python_yaml_nesting_is_a_located_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML's pure composer dies with RecursionError near 600 levels; deckgen stops at
    its own limit with either parser."""
    from deckgen.errors import DeckError, Problems
    from deckgen.source import loader

    path = tmp_path / "deep.yaml"
    path.write_text("deck:\n  title: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    for parser in (loader._PureLoader, loader._Loader):
        monkeypatch.setattr(loader, "_Loader", parser)
        with pytest.raises(DeckError) as caught:
            loader.parse_yaml(path, Problems())
        (problem,) = caught.value.problems
        assert problem.message == f"nesting deeper than {loader.MAX_DEPTH} levels"
        # libyaml may scan ahead to its own limit of 1000 before deckgen's is met
        assert problem.where.line == 2 and problem.where.col >= 10 + loader.MAX_DEPTH - 2


def test_yaml_11_words_stay_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO, on, 1.10, 12:30 and 010 are text where text is expected, exactly as typed."""
    (tmp_path / "deck.yaml").write_text(
        "deck: {title: NO, subtitle: on, author: 010, date: 12:30, theme: default}\n"
        "slides:\n"
        "  - title: 1.10\n"
        "    bullets: [NO, on, 1.10, 12:30, 010, yes, ~x, 0x1F, 1_000]\n"
        "  - title: T\n"
        "    table: {rows: [[NO, 010, 12:30, 1.10]]}\n", encoding="utf-8")
    code, _, stderr = cli("build", "deck.yaml", "-o", "out.pptx", cwd=tmp_path,
                          monkeypatch=monkeypatch)
    assert code == 0, stderr
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "out.pptx"))
    props = prs.core_properties
    assert (props.title, props.subject, props.author) == ("NO", "on", "010")
    assert prs.slides[1].shapes.title.text == "1.10"
    body = next(s for s in prs.slides[1].shapes if s.name == "Bullets")
    assert [p.text for p in body.text_frame.paragraphs] == [
        "NO", "on", "1.10", "12:30", "010", "yes", "~x", "0x1F", "1_000"]
    table = next(s for s in prs.slides[2].shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["NO", "010", "12:30", "1.1"]


@pytest.mark.parametrize("written", ["12:30", "010", "0x1F", "1_000", ".inf", "on", "1e999"])
def test_ambiguous_numbers_ask_for_quotes(written: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a number is expected, a YAML 1.1 spelling is an error that says to quote it."""
    (tmp_path / "t.yaml").write_text(f"name: t\nextends: default\nsizes: {{body: {written}}}\n")
    (tmp_path / "deck.yaml").write_text("deck: {title: T, theme: t.yaml}\n")
    code, _, stderr = cli("build", "deck.yaml", "-o", "out.pptx", cwd=tmp_path,
                          monkeypatch=monkeypatch)
    assert code == 1
    (line,) = stderr.splitlines()
    assert line.startswith(f"t.yaml:3:15: error: theme key 'sizes.body': '{written}' is not ")
    assert "quote it" in line or "finite" in line


def test_pillow_only_warns_where_deckgen_refuses(tmp_path: Path) -> None:
    """The catalogue's over-limit image sits where Pillow merely warns: deckgen's own
    limit, not Pillow's, is what refuses it."""
    import warnings

    from deckgen.source.images import MAX_PIXELS

    pixels = 10_000 * 10_000
    assert MAX_PIXELS < Image.MAX_IMAGE_PIXELS < pixels < 2 * Image.MAX_IMAGE_PIXELS
    path = tmp_path / "big.png"
    path.write_bytes(png_header(10_000, 10_000))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Image.open(path) as image:
            assert image.size == (10_000, 10_000)
    assert any(issubclass(w.category, Image.DecompressionBombWarning) for w in caught)
    assert "image-over-pixel-limit" in CASES


def test_a_doctype_template_would_open_in_python_pptx(tmp_path: Path) -> None:
    """python-pptx opens the catalogue's DOCTYPE template without complaint, so the
    refusal has to come from deckgen's own check, which runs first."""
    from pptx import Presentation

    from deckgen.errors import DeckError
    from deckgen.source.template import check_template

    _doctype(tmp_path)
    template = tmp_path / "corporate.pptx"
    assert len(Presentation(str(template)).slide_layouts) > 0
    with pytest.raises(DeckError):
        check_template(template, None)


def test_allow_outside_admits_a_named_folder(tmp_path: Path) -> None:
    """The escape hatch: a folder named with --allow-outside may be read, by a path or
    through a symlink; without it the same deck is refused."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "logo.png").write_bytes(picture())
    deck = tmp_path / "talk"
    deck.mkdir()
    (deck / "link.png").symlink_to(shared / "logo.png")
    (deck / "deck.yaml").write_text(
        "deck: {title: T, theme: default}\nslides:\n"
        "  - {title: A, image: ../shared/logo.png, alt: logo}\n"
        "  - {title: B, image: link.png, alt: logo}\n", encoding="utf-8")
    refused = deckgen("build", "deck.yaml", "-o", "out.pptx", cwd=deck)
    assert refused.returncode == 1
    assert len([line for line in refused.stderr.splitlines() if "outside" in line]) == 2
    allowed = deckgen("build", "deck.yaml", "-o", "out.pptx", "--allow-outside", "../shared",
                      cwd=deck)
    assert allowed.returncode == 0, allowed.stderr
    from pptx import Presentation

    pictures = [s for slide in Presentation(str(deck / "out.pptx")).slides for s in slide.shapes
                if s.name == "Image"]
    assert len(pictures) == 2


# The peak is this process's own high-water mark (VmHWM): ru_maxrss survives exec,
# so a child of a large test worker would report the worker's peak instead.
MEASURED = """
import sys, time
start = time.perf_counter()
sys.argv = ["deckgen", *sys.argv[1:]]
from deckgen.cli import main
try:
    main()
finally:
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) // 1024
    print(f"{time.perf_counter() - start:.2f} {peak}", file=sys.stderr)
"""


def test_alias_bomb_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    """The catalogue's bomb stands for 9**9 = 387 million values; it is refused while
    being composed, in well under a second and about the memory of an empty build."""
    case, expected = prepare("attack-alias-bomb", tmp_path)
    run = subprocess.run([sys.executable, "-c", MEASURED, "build", "deck.yaml", "-o",
                          "out.pptx"], cwd=case, capture_output=True, text=True, timeout=60,
                         check=False)
    assert run.returncode == 1
    *lines, measured = run.stderr.splitlines()
    assert lines == expected
    seconds, megabytes = measured.split()
    assert float(seconds) < 5 and int(megabytes) < 150, measured


def test_byte_order_marks_are_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editors on Windows save UTF-8 with a BOM: the deck, its includes and CSV files."""
    bom = b"\xef\xbb\xbf"
    (tmp_path / "deck.yaml").write_bytes(bom + b"deck: {title: T, theme: default}\nslides:\n"
                                         b"  - include: part.yaml\n"
                                         b"  - {title: C, table: {data: data.csv}}\n")
    (tmp_path / "part.yaml").write_bytes(bom + b"- {title: P, bullets: [p]}\n")
    (tmp_path / "data.csv").write_bytes(bom + b"name,value\nx,1\n")
    code, _, stderr = cli("build", "deck.yaml", "-o", "out.pptx", cwd=tmp_path,
                          monkeypatch=monkeypatch)
    assert (code, stderr) == (0, "")
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "out.pptx"))
    table = next(s for s in prs.slides[2].shapes if s.has_table).table
    assert table.cell(0, 0).text == "name"
