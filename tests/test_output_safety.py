"""What deckgen writes always opens, and what it cannot write never costs the last good file.

- Every deck built here passes deckgen.ooxml.audit (content types, relationships,
  shape ids, well-formed XML) and openxml-audit; LibreOffice renders one page
  per slide (it exits 0 even when it cannot load a file, so pages are counted).
- Characters XML cannot hold never reach the file raw or as ``_xHHHH_`` junk;
  right-to-left text, emoji and CJK come back exactly as written.
- A bad output path, a full disk, a failing sync or rename and SIGINT/SIGTERM
  in the middle of a build leave the previous output byte for byte and no
  temporary file.
"""

from __future__ import annotations

import errno
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openxml_audit import validate_pptx
from pptx import Presentation
from test_bad import (  # noqa: F401  (an autouse fixture)
    GOOD_DECK,
    _audit_every_output,
    deckgen,
    made_by_deckgen,
    picture,
    temp_files,
)

from conftest import CRAMPED_THEME, DECKS
from deckgen.app.pipeline import Options, build
from deckgen.cli import main
from deckgen.ooxml.audit import audit

THEMES = ["default", "scholar", "keynote", "contrast", "lecture"]


def cli(folder: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def write(folder: Path, text: str, name: str = "deck.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.endswith((".xml", ".rels")))


@pytest.fixture
def spec_decks(tmp_path: Path) -> Path:
    shutil.copytree(DECKS / "spec", tmp_path / "spec")
    shutil.copytree(DECKS / "spec-theme", tmp_path / "spec-theme")
    return tmp_path


# --- structure ----------------------------------------------------------------------------
@pytest.mark.parametrize("theme", THEMES)
def test_every_kind_passes_both_audits(spec_decks: Path, theme: str) -> None:
    out = spec_decks / f"kinds-{theme}.pptx"
    result = build(spec_decks / "spec" / "kinds.yaml", Options(output=out, theme=theme))
    assert result.ok, [p.format() for p in result.problems]
    assert audit(out) == []
    report = validate_pptx(out)
    assert report.is_valid and report.errors == [], report.errors[:5]
    kinds = {shape.name for slide in Presentation(str(out)).slides for shape in slide.shapes}
    assert {"Table", "Image"} <= {name.split()[0] for name in kinds}, kinds


def test_template_theme_passes_both_audits(spec_decks: Path) -> None:
    out = spec_decks / "template.pptx"
    result = build(spec_decks / "spec-theme" / "deck.yaml", Options(output=out))
    assert result.ok, [p.format() for p in result.problems]
    assert audit(out) == []
    assert validate_pptx(out).errors == []
    # the after-test audit looks at what deckgen wrote, not at the template it read
    assert made_by_deckgen(out) and not made_by_deckgen(spec_decks / "spec-theme" /
                                                        "corporate.pptx")


def _rewrite(source: Path, target: Path, change) -> Path:  # noqa: ANN001
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for name in src.namelist():
            data = change(name, src.read(name))
            if data is not None:
                dst.writestr(name, data)
    return target


def test_audit_finds_what_breaks_a_package(spec_decks: Path) -> None:
    good = spec_decks / "kinds.pptx"
    assert build(spec_decks / "spec" / "kinds.yaml", Options(output=good)).ok
    slide = "ppt/slides/slide3.xml"

    def duplicate_ids(name: str, data: bytes) -> bytes:
        if name == slide:
            ids = re.findall(rb'<p:cNvPr id="(\d+)"', data)
            return data.replace(b'<p:cNvPr id="%s"' % ids[2], b'<p:cNvPr id="%s"' % ids[1])
        return data

    media = next(n for n in zipfile.ZipFile(good).namelist() if n.startswith("ppt/media/"))
    cases = {
        "shape id": duplicate_ids,
        "points at missing part": lambda n, d: None if n == media else d,
        "is not one of its relationships": lambda n, d: d.replace(
            b'r:embed="rId', b'r:embed="rX') if n.startswith("ppt/slides/slide") else d,
        "not well formed": lambda n, d: d[:-20] if n == slide else d,
        "has no content type": lambda n, d: d.replace(b'Extension="png"', b'Extension="pnx"')
        if n == "[Content_Types].xml" else d,
        "declares a DOCTYPE": lambda n, d: d.replace(b"?>", b"?><!DOCTYPE p>", 1)
        if n == slide else d,
    }
    table = next(n for n in zipfile.ZipFile(good).namelist() if n.startswith("ppt/slides/s")
                 and b"<a:tblGrid>" in zipfile.ZipFile(good).read(n))

    def wide_table(name: str, data: bytes) -> bytes:
        if name != table:
            return data
        column = re.search(rb"<a:gridCol [^>]*/>", data)[0]
        return data.replace(b"<a:tblGrid>", b"<a:tblGrid>" + column * 1001, 1)

    cases.update({
        "has a negative size (cy=-": lambda n, d: re.sub(rb'(<a:ext cx="\d+") cy="\d+"',
                                                          rb'\1 cy="-12700"', d, count=1)
        if n == slide else d,
        "has no width (cx=0)": lambda n, d: re.sub(rb'<a:ext cx="\d+"', rb'<a:ext cx="0"', d,
                                                   count=1) if n == slide else d,
        "columns; the schema allows 1000": wide_table,
    })
    for expected, change in cases.items():
        broken = _rewrite(good, spec_decks / f"corrupt-{len(expected)}.pptx", change)
        found = audit(broken)
        assert any(expected in problem for problem in found), (expected, found)
    dup = _rewrite(good, spec_decks / "corrupt-dup.pptx", duplicate_ids)
    assert not validate_pptx(dup).is_valid, "openxml-audit sees duplicate shape ids too"
    for name, change in (("negative", cases["has a negative size (cy=-"]),
                         ("grid", wide_table)):
        broken = _rewrite(good, spec_decks / f"corrupt-{name}.pptx", change)
        assert not validate_pptx(broken).is_valid, f"openxml-audit refuses the {name} one too"


def test_libreoffice_renders_a_page_per_slide(spec_decks: Path, tmp_path: Path) -> None:
    out = spec_decks / "kinds.pptx"
    result = build(spec_decks / "spec" / "kinds.yaml", Options(output=out))
    assert result.ok
    slides = len(Presentation(str(out)).slides)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out)],
                   capture_output=True, timeout=180, check=False)
    pdf = tmp_path / "pdf" / "kinds.pdf"
    assert pdf.exists(), "LibreOffice could not load the deck"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])
    assert pages == slides


# --- text ---------------------------------------------------------------------------------
CONTROL = """\
deck:
  title: "Bell\\a and \\x01 nulls\\0 in the title"
  author: "Esc\\e author"
  theme: default
slides:
  - title: "Box \\x0b title"
    bullets: ["vertical\\x0btab", "form\\x0cfeed", ["\\x1f unit \\x08 back"]]
    notes: "notes\\x07 ring \\ud800 half"
  - title: "Table"
    table:
      header: ["h\\x02", "v"]
      rows: [["cell\\x03", 1]]
  - title: "CSV"
    table: {data: data.csv}
  - quote: "quote\\x10"
    by: "by\\x11"
"""


def test_control_characters_are_removed_with_warnings(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, CONTROL)
    (tmp_path / "data.csv").write_bytes(b"name,value\nrow\x07one,1\n")
    code, stderr = cli(tmp_path, "build", "deck.yaml", "-o", "out.pptx", monkeypatch=monkeypatch)
    assert code == 0, stderr
    warned = {line.split(": warning: ")[0] for line in stderr.splitlines() if "warning" in line
              and "removed" in line}
    assert warned == {"data.csv:2:4", "deck.yaml:2:10", "deck.yaml:3:11", "deck.yaml:6:12",
                      "deck.yaml:7:15", "deck.yaml:7:34", "deck.yaml:7:51", "deck.yaml:8:12",
                      "deck.yaml:11:16", "deck.yaml:12:15", "deck.yaml:15:12",
                      "deck.yaml:16:9"}, stderr
    assert "deck.yaml:8:12: warning: removed characters U+0007, U+D800 that a slide cannot hold" \
        in stderr.splitlines()
    out = tmp_path / "out.pptx"
    xml = all_xml(out)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)
    assert "_x00" not in xml
    prs = Presentation(str(out))
    assert prs.core_properties.title == "Bell and  nulls in the title"
    assert prs.core_properties.author == "Esc author"
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    assert notes == "notes ring  half"
    cells = [c.text for slide in prs.slides for s in slide.shapes if s.has_table
             for row in s.table.rows for c in row.cells]
    assert {"h", "cell", "rowone"} <= set(cells)
    assert validate_pptx(out).errors == []


WORLD = {
    "title": "שלום עולם — مرحبا بالعالم",
    "subtitle": "两张皮 · 日本語 · 한국어",
    "author": "Zoë 🎉 Ñandú",
    "bullet": "e\u0301 combining, \u200fRLM, 👩‍👩‍👧 family, 𝄞 clef",
    "cell": "中文 123",
    "notes": "ملاحظات 🎤 ノート",
    "money": "US$ 10 vs US$ 64",
}


def test_rtl_emoji_and_cjk_come_back_exactly(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, f"""\
deck:
  title: "{WORLD['title']} · {WORLD['money']}"
  subtitle: "{WORLD['subtitle']}"
  author: "{WORLD['author']}"
  theme: default
slides:
  - title: "{WORLD['money']}"
    bullets: ["{WORLD['bullet']}", "{WORLD['money']}"]
    notes: "{WORLD['notes']}"
  - title: "{WORLD['subtitle']}"
    table:
      header: ["{WORLD['title']}", "n"]
      rows: [["{WORLD['cell']}", 1]]
""")
    code, stderr = cli(tmp_path, "build", "deck.yaml", "-o", "out.pptx", monkeypatch=monkeypatch)
    assert code == 0, stderr
    prs = Presentation(str(tmp_path / "out.pptx"))
    props = prs.core_properties
    assert (props.title, props.subject, props.author) == (
        f"{WORLD['title']} · {WORLD['money']}", WORLD["subtitle"], WORLD["author"])
    texts = {s.text_frame.text for slide in prs.slides for s in slide.shapes
             if s.has_text_frame}
    assert {f"{WORLD['title']} · {WORLD['money']}", WORLD["money"]} <= texts
    bullets = next(s for s in prs.slides[1].shapes if s.name == "Bullets")
    assert [p.text for p in bullets.text_frame.paragraphs] == [WORLD["bullet"], WORLD["money"]]
    assert prs.slides[1].notes_slide.notes_text_frame.text == WORLD["notes"]
    table = next(s for s in prs.slides[2].shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == [WORLD["title"], "n"]
    assert table.cell(1, 0).text == WORLD["cell"]


def test_long_document_properties_are_clipped_not_refused(tmp_path: Path) -> None:
    """python-pptx raises on properties over 255 characters; a long title still builds."""
    title = "A very long title " * 20
    write(tmp_path, f'deck: {{title: "{title}", author: "{"x" * 300}", theme: default}}\n')
    result = build(tmp_path / "deck.yaml", Options(output=tmp_path / "out.pptx"))
    assert result.ok, [p.format() for p in result.problems]
    props = Presentation(str(tmp_path / "out.pptx")).core_properties
    assert len(props.title) == 255 and title.startswith(props.title[:-1])
    assert len(props.author) == 255


# --- outputs that cannot be written -------------------------------------------------------
@pytest.fixture
def good(tmp_path: Path) -> tuple[Path, bytes]:
    """A deck folder whose output already holds a good build."""
    write(tmp_path, GOOD_DECK)
    out = tmp_path / "build" / "deck.pptx"
    assert build(tmp_path / "deck.yaml", Options(output=out)).ok
    return tmp_path, out.read_bytes()


@pytest.mark.parametrize("target,message", [
    ("deck.yaml", "cannot create the output folder: 'deck.yaml' is a file"),
    ("notes.txt/out.pptx", "cannot create the output folder: 'notes.txt' is a file"),
    ("corporate.pptx", "output 'corporate.pptx' is one of the deck's own files"),
])
def test_output_paths_that_are_refused(good: tuple[Path, bytes], target: str, message: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = good
    shutil.copy(DECKS / "spec-theme" / "corporate.pptx", folder / "corporate.pptx")
    write(folder, "name: t\nextends: default\ntemplate: corporate.pptx\n", "t.yaml")
    write(folder, GOOD_DECK.replace("theme: default", "theme: t.yaml"))
    (folder / "notes.txt").write_text("notes\n")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    code, stderr = cli(folder, "build", "deck.yaml", "-o", target, monkeypatch=monkeypatch)
    assert code == 1
    assert stderr.splitlines() == [f"deckgen: error: {message}"]
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert temp_files(folder) == []


def test_output_folder_gets_the_deck_inside(good: tuple[Path, bytes],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """-o naming a folder on the command line means "build into it"; the file already
    there under another name is left alone."""
    folder, before = good
    code, stderr = cli(folder, "build", "deck.yaml", "-o", "build", monkeypatch=monkeypatch)
    assert code == 0, stderr
    assert (folder / "build" / "deck.pptx").read_bytes() == before
    assert (folder / "build" / f"{folder.name}.pptx").is_file()


@pytest.mark.parametrize("target,message", [
    ("build", "output '{}' is a folder"),
    ("deck.png", "output '{}' does not end in .pptx"),
])
def test_build_refuses_a_folder_or_a_foreign_name(good: tuple[Path, bytes], target: str,
                                                  message: str) -> None:
    folder, before = good
    (folder / "deck.png").write_bytes(picture())
    result = build(folder / "deck.yaml", Options(output=folder / target))
    assert [p.message for p in result.problems] == [message.format(folder / target)]
    assert (folder / "build" / "deck.pptx").read_bytes() == before
    assert (folder / "deck.png").read_bytes() == picture()


def test_disk_full_mid_write_keeps_the_last_good_file(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes the kernel refuse writes past a size, as a full disk does."""
    write(tmp_path, "deck: {title: T, theme: default}\nslides:\n"
          "  - {title: Big picture, image: big.png, alt: noise}\n")
    (tmp_path / "big.png").write_bytes(picture("PNG", (600, 600)))
    out = tmp_path / "out.pptx"
    out.write_bytes(b"the last good build")
    limit = 64 * 1024

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("GITHUB_ACTIONS", None)
    run = subprocess.run([sys.executable, "-m", "deckgen", "build", "deck.yaml", "-o", "out.pptx"],
                         cwd=tmp_path, env=env, preexec_fn=small_files, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "deckgen: error: cannot write 'out.pptx': File too large" in run.stderr
    assert out.read_bytes() == b"the last good build"
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_failing_system_calls_keep_the_last_good_file(good: tuple[Path, bytes], failing: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder, before = good
    import deckgen.ooxml.writer as writer

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "write":
        real_fdopen = os.fdopen

        class Half:
            def __init__(self, fd: int, mode: str):
                self.handle = real_fdopen(fd, mode)

            def __enter__(self) -> Half:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])
                no_space()
                return 0

        monkeypatch.setattr(writer.os, "fdopen", Half)
    else:
        monkeypatch.setattr(writer.os, failing, no_space)
    result = build(folder / "deck.yaml", Options(output=folder / "build" / "deck.pptx"))
    monkeypatch.undo()
    assert [p.message for p in result.problems] == [
        f"cannot write '{folder / 'build' / 'deck.pptx'}': No space left on device"]
    assert (folder / "build" / "deck.pptx").read_bytes() == before
    assert temp_files(folder) == []


def test_the_target_is_only_ever_replaced_whole(good: tuple[Path, bytes],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """python-pptx's save() truncates its target first; deckgen writes a synced temporary
    file beside it, checks it, and renames it over the target in one step."""
    folder, before = good
    target = folder / "build" / "deck.pptx"
    import deckgen.ooxml.writer as writer

    calls: list[tuple] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        assert target.read_bytes() == before, "the target changed before the rename"
        with zipfile.ZipFile(src) as package:
            assert "ppt/presentation.xml" in package.namelist()
        calls.append(("replace", str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "fsync", fsync)
    monkeypatch.setattr(writer.os, "replace", replace)
    write(folder, GOOD_DECK.replace("The last good build", "The next build"))
    assert build(folder / "deck.yaml", Options(output=target)).ok
    (op1, synced), (op2, src, dst) = calls
    assert (op1, op2) == ("fsync", "replace") and synced == src
    assert Path(src).parent == target.parent and Path(src).name.startswith(".deck.pptx.")
    assert Path(dst) == target
    assert Presentation(str(target)).core_properties.title == "The next build"


SLOW = """
import os, pathlib, sys, time
phase, marker = sys.argv[1], pathlib.Path(sys.argv[2])

def slow(real):
    def wrapper(*args, **kw):
        marker.write_text(phase)
        time.sleep(60)
        return real(*args, **kw)
    return wrapper

if phase == "write":
    os.fsync = slow(os.fsync)
else:
    import deckgen.ooxml.slides
    deckgen.ooxml.slides.write_slides = slow(deckgen.ooxml.slides.write_slides)
sys.argv = ["deckgen", *sys.argv[3:]]
from deckgen.cli import main
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("phase", ["render", "write"])
def test_interrupted_build_keeps_the_last_good_file(good: tuple[Path, bytes], phase: str,
                                                    signum: int) -> None:
    """A real process, stopped while it draws slides or while its temporary file is open."""
    folder, before = good
    marker = folder / "marker"
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    proc = subprocess.Popen([sys.executable, "-c", SLOW, phase, str(marker), "build",
                             "deck.yaml", "-o", "build/deck.pptx"], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), proc.communicate()
    if phase == "write":
        assert len(temp_files(folder)) == 1, "the signal arrives while the temp file exists"
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted; nothing was written" in stderr
    assert (folder / "build" / "deck.pptx").read_bytes() == before
    assert temp_files(folder) == []


def test_command_line_build_is_checked_like_the_rest(good: tuple[Path, bytes]) -> None:
    """The real command on a good deck: status 0 and an output both audits accept."""
    folder, _ = good
    run = deckgen("build", "deck.yaml", "-o", "again.pptx", cwd=folder)
    assert run.returncode == 0, run.stderr
    assert validate_pptx(folder / "again.pptx").errors == []


# --- second round of hostile input: what is printed, what is overwritten, what is left -----
def test_user_text_cannot_forge_problem_lines_or_workflow_commands(tmp_path: Path) -> None:
    """A key holding a line break and a workflow command stays inside its one problem line,
    in the plain lines and in the GitHub annotations alike."""
    write(tmp_path, 'deck: {title: T, theme: default}\nslides:\n  - title: A\n    bullets: [b]\n'
          '    "x\\n::error file=evil.yaml,line=1::injected\\ndeck.yaml:1:1: error: forged": 1\n')
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    run = subprocess.run([sys.executable, "-m", "deckgen", "build", "deck.yaml", "-o", "o.pptx"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                         check=False)
    assert run.returncode == 1, run.stderr
    problems = run.stderr.splitlines()
    assert len(problems) == 1 and problems[0].startswith("deck.yaml:5:5: error: ")
    assert "\\n::error file=evil.yaml" in problems[0]
    commands = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert len(commands) == 1 and commands[0].startswith("::error file=deck.yaml,line=5,")
    assert all(not line.startswith(("::", "deck.yaml:1:1")) for line in
               run.stdout.splitlines()[1:] + problems[1:])


def test_a_data_file_is_never_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file a build reads is protected, not only its YAML: a CSV named table.pptx."""
    write(tmp_path, "deck: {title: T, theme: default}\nslides:\n"
          "  - {title: A, table: {data: table.pptx}}\n")
    (tmp_path / "table.pptx").write_text("name,value\na,1\n")
    code, stderr = cli(tmp_path, "build", "deck.yaml", "-o", "table.pptx",
                       monkeypatch=monkeypatch)
    assert code == 1
    assert stderr.splitlines() == ["deckgen: error: output 'table.pptx' is one of the deck's "
                                   "own files"]
    assert (tmp_path / "table.pptx").read_text() == "name,value\na,1\n"


def test_a_name_at_the_file_system_limit_can_be_written(good: tuple[Path, bytes]) -> None:
    """The temporary file beside a 250-byte name must not pass 255 bytes itself."""
    folder, _ = good
    name = "é" * 60 + "x" * 125 + ".pptx"
    assert len(name.encode()) == 250
    result = build(folder / "deck.yaml", Options(output=folder / name))
    assert result.ok, [p.format() for p in result.problems]
    assert (folder / name).is_file() and temp_files(folder) == []


def test_temp_files_of_killed_builds_are_swept(good: tuple[Path, bytes]) -> None:
    """A build killed with SIGKILL leaves its temporary file; the next build of that output
    removes it, but never one whose writer is still running."""
    folder, _ = good
    target = folder / "build" / "deck.pptx"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = target.parent / f".deck.pptx.{dead.pid}.abcd1234.tmp"
    stale.write_bytes(b"x" * 1000)
    running = target.parent / f".deck.pptx.{os.getppid()}.abcd1234.tmp"
    running.write_bytes(b"busy")
    assert build(folder / "deck.yaml", Options(output=target)).ok
    assert not stale.exists()
    assert running.read_bytes() == b"busy"
    running.unlink()


def test_a_killed_build_leaves_a_temp_file_the_next_build_removes(good: tuple[Path, bytes]
                                                                  ) -> None:
    folder, before = good
    marker = folder / "marker"
    proc = subprocess.Popen([sys.executable, "-c", SLOW, "write", str(marker), "build",
                             "deck.yaml", "-o", "build/deck.pptx"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.kill()
    proc.wait(timeout=30)
    assert len(temp_files(folder)) == 1
    assert (folder / "build" / "deck.pptx").read_bytes() == before
    assert build(folder / "deck.yaml", Options(output=folder / "build" / "deck.pptx")).ok
    assert temp_files(folder) == []


def test_schema_and_themes_run_inside_the_error_guard(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    run = deckgen("schema", "-o", "out", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("deckgen: error: cannot write 'out': ")
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "broken.yaml").write_text("name: [unclosed\n")
    (themes / "fine.yaml").write_text("name: fine\ndescription: Fine\n")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    run = subprocess.run([sys.executable, "-m", "deckgen", "themes"], cwd=tmp_path,
                         env={**env, "DECKGEN_THEMES": str(themes)}, capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stdout.splitlines() == ["fine        Fine"]
    (line,) = run.stderr.splitlines()
    assert line.startswith("themes/broken.yaml:2:1: error: YAML syntax")


def test_an_svg_logo_is_drawn_once_and_placed_on_every_slide(tmp_path: Path) -> None:
    from deckgen.source import images

    write(tmp_path, '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
          '<rect width="100" height="50" fill="#336699"/></svg>\n', "logo.svg")
    write(tmp_path, "name: t\nextends: default\nlogo: logo.svg\n", "t.yaml")
    write(tmp_path, "deck: {title: T, theme: t.yaml}\nslides:\n"
          + "".join(f"  - {{title: S{i}, bullets: [b]}}\n" for i in range(5)))
    images._svg_png_cached.cache_clear()
    result = build(tmp_path / "deck.yaml", Options(output=tmp_path / "out.pptx"))
    assert result.ok, [p.format() for p in result.problems]
    assert images._svg_png_cached.cache_info().misses == 1
    logos = [s for slide in Presentation(str(tmp_path / "out.pptx")).slides
             for s in slide.shapes if s.name == "Logo"]
    assert len(logos) >= 5 and logos[0].image.content_type == "image/png"


def test_a_theme_at_its_largest_sizes_builds_a_valid_deck_and_says_so(tmp_path: Path) -> None:
    """Sizes and spacing at their documented maxima on a 4:3 slide (the theme's own check
    passes: its body holds a line): boxes the lay-out would make empty, negative or
    millions of points tall are kept in bounds with a warning, and both audits pass."""
    write(tmp_path, CRAMPED_THEME, "cramped.yaml")
    deck = write(tmp_path, """deck: {title: T, theme: cramped.yaml, aspect: "4:3", footer: F}
slides:
  - title: Chart
    chart: {type: bar, categories: [a, b], series: [{name: s, values: [1, 2]}]}
    text: [a side panel]
    source: [Somewhere]
  - title: Table
    table: {rows: [[a long cell of text, b], [c, d]]}
  - {quote: "Q", by: "A"}
  - title: Columns
    columns: [{heading: H, bullets: [x]}, {heading: I, bullets: [y]}]
""")
    out = tmp_path / "cramped.pptx"
    result = build(deck, Options(output=out))
    assert result.ok, [p.format() for p in result.problems.errors]
    roomless = [p.format() for p in result.problems.warnings if "leaves no room" in p.message]
    assert any("'Chart'" in line for line in roomless), roomless
    assert any("'Table'" in line for line in roomless), roomless
    assert audit(out) == []
    report = validate_pptx(out)
    assert report.is_valid and report.errors == [], report.errors[:5]
