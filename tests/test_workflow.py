"""The editor's loop and CI, run for real: watch, preview, new, batch builds, annotations."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema
import pytest
import yaml
from PIL import Image
from pptx import Presentation

from conftest import ROOT, texts, write
from deckgen.app.preview import PreviewError, SheetLook, render_pages
from deckgen.app.report import annotate
from deckgen.errors import Location, Problem
from deckgen.model.schema import schema

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ENV.pop("GITHUB_ACTIONS", None)

SMALL_DECK = """\
deck:
  title: "Preview Check"
  theme: default
slides:
  - title: "First Points"
    bullets: ["One", "Two", "Three"]
  - title: "A Big Number"
    statement: "42%"
  - title: "Steps"
    diagram: {type: flow, nodes: ["Write", "Save", "Look"]}
"""


def run(*args: str, cwd: Path, env: dict | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, env=env or ENV,
                          capture_output=True, text=True, timeout=timeout)


# --- preview ---------------------------------------------------------------------------

def pdf_pages(pdf: Path) -> int:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60,
                          check=True)
    return int(re.search(r"^Pages:\s+(\d+)", done.stdout, re.M)[1])


def test_preview_renders_pdf_pngs_and_contact_sheet(tmp_path: Path) -> None:
    deck = write(tmp_path / "small", SMALL_DECK)
    done = run("preview", str(deck), "-o", "out", "-r", "40", cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    slides = len(Presentation(str(out / "small.pptx")).slides)
    assert slides == 4  # the title slide and three more
    assert pdf_pages(out / "small.pdf") == slides
    pngs = sorted(out.glob("slide-*.png"))
    assert [p.name for p in pngs] == [f"slide-{n:02d}.png" for n in range(1, slides + 1)]
    with Image.open(pngs[0]) as page:
        # exactly the slide at 40 dpi: no column of blank page beside it (LibreOffice's
        # page is a hair wider than the slide)
        assert page.size == (round(960 * 40 / 72), 7.5 * 40)
    with Image.open(out / "contact-sheet.png") as sheet:
        assert sheet.width > 2 * 320 and sheet.height > 180
        colours = sheet.convert("RGB").getcolors(1_000_000)
        assert colours is not None and len(colours) > 50  # thumbnails, not an empty canvas


def test_preview_default_folder_and_stale_pages_removed(tmp_path: Path) -> None:
    deck = write(tmp_path / "talk", SMALL_DECK)
    folder = tmp_path / "build" / "preview" / "talk"
    folder.mkdir(parents=True)
    (folder / "slide-09.png").write_bytes(b"old")
    done = run("preview", str(deck.relative_to(tmp_path)), "-r", "20", cwd=tmp_path,
               timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(list(folder.glob("slide-*.png"))) == 4
    assert (folder / "talk.pdf").is_file() and (folder / "contact-sheet.png").is_file()


def test_preview_draws_again_only_the_slides_that_changed(tmp_path: Path) -> None:
    """Pictures are kept in the cache by each slide's parts; the PDF is joined from pages."""
    env = {**ENV, "DECKGEN_CACHE": str(tmp_path / "cache")}
    deck = write(tmp_path / "small", SMALL_DECK)
    done = run("preview", str(deck), "-o", "out", "-r", "20", cwd=tmp_path, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in out.glob("slide-*.png")}
    whole = (out / "small.pdf").stat().st_size  # LibreOffice's own PDF of the deck
    cached = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "slides").rglob("*.png")}
    assert len(cached) == 2 * 4  # a page and a thumbnail a slide
    deck.write_text(SMALL_DECK.replace("A Big Number", "A Bigger Number"), encoding="utf-8")
    done = run("preview", str(deck), "-o", "out", "-r", "20", cwd=tmp_path, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    after = {p.name: p.read_bytes() for p in out.glob("slide-*.png")}
    assert sorted(n for n in after if after[n] != before[n]) == ["slide-03.png"]
    assert pdf_pages(out / "small.pdf") == 4
    # Pages drawn together share their fonts in the joined PDF: not a copy of them a page.
    assert (out / "small.pdf").stat().st_size < 2.5 * whole
    kept = [p for p, mtime in cached.items() if p.exists() and p.stat().st_mtime_ns == mtime]
    assert len(kept) == 2 * 4  # no slide drawn before was drawn again
    assert len(list((tmp_path / "cache" / "slides").rglob("*.png"))) == 2 * 5  # one new


def test_preview_without_libreoffice_exits_1_with_one_line_hint(tmp_path: Path) -> None:
    deck = write(tmp_path, SMALL_DECK)
    empty = tmp_path / "bin"
    empty.mkdir()
    done = run("preview", str(deck), cwd=tmp_path, env={**ENV, "PATH": str(empty)})
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install libreoffice-impress poppler-utils" in lines[0]
    assert not (tmp_path / "build").exists()


def test_page_count_mismatch_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    """LibreOffice exits 0 even when it read only part of a file (or none of it)."""
    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))  # no slide drawn before
    deck = write(tmp_path, SMALL_DECK)
    done = run("build", str(deck), "-o", "out/deck.pptx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # A stand-in for soffice that "succeeds" with a one-page PDF, as LibreOffice does
    # for a file it half understands; pdftoppm is the real one.
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(
        f"#!{sys.executable}\nimport sys\nfrom PIL import Image\n"
        "out = sys.argv[sys.argv.index('--outdir') + 1]\n"
        "Image.new('RGB', (160, 90), 'white').save(out + '/deck.pdf')\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    look = SheetLook("#000000", "#FFFFFF", "#808080", "DejaVu Sans")
    with pytest.raises(PreviewError, match="has 1 pages but the deck has 4 slides"):
        render_pages(tmp_path / "out" / "deck.pptx", 4, (str(fake), shutil.which("pdftoppm")), 60,
               20, look)


def test_libreoffice_on_a_broken_file_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"PK\x03\x04 this is not a presentation")
    look = SheetLook("#000000", "#FFFFFF", "#808080", "DejaVu Sans")
    tools = (shutil.which("soffice"), shutil.which("pdftoppm"))
    with pytest.raises(PreviewError):
        render_pages(broken, 3, tools, 120, 20, look)


# --- watch -----------------------------------------------------------------------------

class Watcher:
    """``deckgen watch`` as a real process; its output lines are collected as they come."""

    def __init__(self, deck: Path, out: Path, cwd: Path | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "deckgen", "watch", str(deck), "-o", str(out)],
            cwd=cwd or deck.parent, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.proc.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.seen))

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def wait_rewritten(path: Path, before: int, timeout: float = 60) -> float:
    start = time.monotonic()
    while path.stat().st_mtime_ns == before:
        assert time.monotonic() - start < timeout, f"{path} not rewritten"
        time.sleep(0.01)
    return time.monotonic() - start


def titles(path: Path) -> list[str]:
    return [" ".join(texts(s)) for s in Presentation(str(path)).slides]


def test_watch_rebuilds_survives_a_broken_save_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    deck = write(tmp_path, """\
        deck: {title: Watched, theme: default}
        slides:
          - include: part.yaml
          - title: Numbers
            chart: {type: bar, data: data.csv}
        """)
    part = write(tmp_path, "- title: First\n  bullets: [alpha]\n", "part.yaml")
    data = write(tmp_path, "year,count\n2020,1\n2021,2\n", "data.csv")
    out = tmp_path / "out" / "deck.pptx"
    watcher = Watcher(deck, out)
    try:
        watcher.wait_for(r"wrote .*deck\.pptx \(3 slides\)")
        watcher.wait_for(r"^watching ")
        assert "First" in titles(out)[1]

        before = out.stat().st_mtime_ns
        deck.write_text(deck.read_text().replace("Numbers", "Counts"))
        seconds = wait_rewritten(out, before)
        assert "Counts" in titles(out)[2]
        assert seconds < 10  # the real number is reported by hand; CI machines are shared

        before = out.stat().st_mtime_ns
        part.write_text("- title: Second\n  bullets: [beta]\n")
        wait_rewritten(out, before)
        assert "Second" in titles(out)[1]

        before = out.stat().st_mtime_ns
        data.write_text("year,count\n2020,1\n2021,2\n2022,3\n")
        wait_rewritten(out, before)
        watcher.wait_for(r"wrote ")

        good = out.read_bytes()
        part.write_text("- title: Broken\n  bulets: [gamma]\n")
        watcher.wait_for(r"part\.yaml:2:3: error: ")
        watcher.wait_for(r"failed with 1 problem; .* is left as it was")
        assert out.read_bytes() == good

        part.write_text("- title: Mended\n  bullets: [delta]\n")
        watcher.wait_for(r"wrote ")
        assert "Mended" in titles(out)[1]
    finally:
        code = watcher.stop()
    assert code == 0, "\n".join(watcher.seen)
    rest = [watcher.lines.get() for _ in range(watcher.lines.qsize())]
    assert "stopped watching" in rest + watcher.seen
    assert not any("Traceback" in line for line in rest + watcher.seen)


def test_watch_follows_its_folder_removed_and_made_again(tmp_path: Path) -> None:
    """``git checkout`` or ``git stash`` removes the deck's folder and writes it again:
    the watch says it lost the folder, waits, builds what came back and keeps watching."""
    folder = tmp_path / "talk"
    deck = write(folder, "deck: {title: Watched, theme: default}\n"
                         "slides:\n  - {title: First, bullets: [a]}\n")
    out = tmp_path / "out" / "deck.pptx"
    watcher = Watcher(Path("talk") / "deck.yaml", out, cwd=tmp_path)
    try:
        watcher.wait_for(r"wrote .*deck\.pptx \(2 slides\)")
        watcher.wait_for(r"^watching ")
        shutil.rmtree(folder)
        watcher.wait_for(r"^talk was removed or replaced; waiting for it to come back")
        write(folder, "deck: {title: Watched, theme: default}\n"
                      "slides:\n  - {title: Restored, bullets: [b]}\n")
        watcher.wait_for(r"^talk is back; building and watching again")
        watcher.wait_for(r"wrote .*deck\.pptx \(2 slides\)")
        assert "Restored" in titles(out)[1]
        watcher.wait_for(r"^watching ")
        before = out.stat().st_mtime_ns
        deck.write_text(deck.read_text().replace("Restored", "Edited"))
        wait_rewritten(out, before)
        assert "Edited" in titles(out)[1]
    finally:
        code = watcher.stop()
    assert code == 0, "\n".join(watcher.seen)
    assert not any("Traceback" in line for line in watcher.seen)


# --- new -------------------------------------------------------------------------------

def test_new_writes_a_starter_that_builds_and_passes_the_schema(tmp_path: Path) -> None:
    done = run("new", "my-talk", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "my-talk"
    validator = jsonschema.Draft202012Validator(schema())
    for path in sorted(folder.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert target != first and (path.parent / target).resolve().is_file(), path
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text()))), path
    built = run("build", "my-talk/deck.yaml", "--strict", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    prs = Presentation(str(tmp_path / "build" / "my-talk.pptx"))
    assert len(prs.slides) >= 6
    assert "My Talk" in texts(prs.slides[0])[0]
    assert any(s.shape_type == 13 for slide in prs.slides for s in slide.shapes)  # the chart
    assert any(slide.has_notes_slide and slide.notes_slide.notes_text_frame.text
               for slide in prs.slides)


def test_new_uses_the_project_schema_and_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "deck.schema.json", tmp_path / "schema")
    assert run("new", "content/talk", cwd=tmp_path).returncode == 0
    deck = tmp_path / "content" / "talk" / "deck.yaml"
    assert deck.read_text().splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/deck.schema.json")
    assert not (deck.parent / "deck.schema.json").exists()
    deck.write_text("# mine\n")
    again = run("new", "content/talk", cwd=tmp_path)
    assert again.returncode == 1
    assert "will not overwrite" in again.stderr and "Traceback" not in again.stderr
    assert deck.read_text() == "# mine\n"


# --- build several decks ---------------------------------------------------------------

@pytest.fixture
def two_decks(tmp_path: Path) -> Path:
    write(tmp_path / "decks" / "good", "deck: {title: Good}\nslides:\n  - {section: S}\n")
    write(tmp_path / "decks" / "bad", "deck: {title: Bad}\nslides:\n  - {title: A, bulets: [x]}\n")
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_bad_deck_does_not_stop_the_good_one(two_decks: Path, jobs: str) -> None:
    done = run("build", "decks/bad/deck.yaml", "decks/good/deck.yaml", "-j", jobs,
               cwd=two_decks)
    assert done.returncode == 1
    assert (two_decks / "build" / "good.pptx").is_file()
    assert not (two_decks / "build" / "bad.pptx").exists()
    assert "decks/bad/deck.yaml:3:16: error:" in done.stderr
    assert done.stdout.splitlines() == [
        "decks/bad/deck.yaml: failed with 1 problem",
        "decks/good/deck.yaml: wrote build/good.pptx (2 slides)",
    ]
    assert "\r" not in done.stderr  # no progress bar when not on a terminal


def test_folder_expands_to_its_decks_and_quiet_prints_problems_only(two_decks: Path) -> None:
    done = run("build", "decks", "-o", "out", "-q", cwd=two_decks)
    assert done.returncode == 1
    assert done.stdout == ""
    assert sorted(p.name for p in (two_decks / "out").iterdir()) == ["good.pptx"]
    fixed = two_decks / "decks" / "bad" / "deck.yaml"
    fixed.write_text(fixed.read_text().replace("bulets", "bullets"))
    # The first build may have recorded good.pptx as up to date (when its inputs had
    # settled before it started); without the file, this build must write it again.
    (two_decks / "out" / "good.pptx").unlink()
    done = run("build", "decks", "-o", "out", "-v", cwd=two_decks)
    assert done.returncode == 0, done.stderr
    assert re.search(r"decks/good/deck\.yaml: wrote out/good\.pptx \(2 slides\) in \d", done.stdout)
    assert "  read decks/bad/deck.yaml" in done.stdout


def _children(pid: int) -> list[int]:
    """Living children of ``pid`` (every thread's), from /proc."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _is_python(pid: int) -> bool:
    """A Python process (a pool worker), not a helper program such as fc-match."""
    try:
        first = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
    except OSError:
        return False
    return Path(first.decode()).name.startswith("python")


def _marked(mark: str) -> list[int]:
    """Processes still running with ``mark`` in their environment (inherited from a test)."""
    alive = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if mark.encode() in (entry / "environ").read_bytes():
                alive.append(int(entry.name))
        except OSError:
            continue
    return alive


def test_a_killed_worker_fails_only_its_own_deck_and_leaves_no_process(tmp_path: Path) -> None:
    """Six decks, two workers; the one drawing charts is killed (as the out-of-memory
    killer does) in the pool and again when built alone.  The five others are built
    and reported as usual, the killed deck is the only failure, said plainly, the
    status is a shell's for SIGKILL, and no chart process is left behind."""
    names = [f"g{i}" for i in range(5)]
    for name in names:
        write(tmp_path / "decks" / name, f"deck: {{title: {name}}}\nslides:\n  - {{section: S}}\n")
    categories = ", ".join(f"c{i}" for i in range(400))
    values = [", ".join(str(i % (k + 5)) for i in range(400)) for k in range(4)]
    charts = "".join(f"  - title: C{k}\n    chart: {{type: line, categories: [{categories}], "
                     f"series: [{{name: s, values: [{values[k]}]}}]}}\n"
                     for k in range(4))  # four different charts: drawn by a pool
    write(tmp_path / "decks" / "heavy", "deck: {title: Heavy}\nslides:\n" + charts)
    mark = f"deckgen-test-{os.getpid()}-{time.monotonic_ns()}"
    (tmp_path / "file").write_text("")  # no chart cache (a folder inside a file, even
    # for root): the heavy deck draws its charts in a pool every time it is built
    env = {**ENV, "DECKGEN_CACHE": str(tmp_path / "file" / "cache"), "DECKGEN_TEST_MARK": mark}
    decks = [f"decks/{n}/deck.yaml" for n in [*names[:2], "heavy", *names[2:]]]
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "build", *decks, "-j", "2",
                             "-o", "out"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    killed, seen = 0, set()
    try:
        end = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < end:
            for worker in _children(proc.pid):
                # A chart pool (only the heavy deck starts one): Python children still there
                # a poll later; a child forked to run fc-match shows Python only until exec.
                pool = {c for c in _children(worker) if _is_python(c)}
                if pool & seen:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(worker, signal.SIGKILL)
                        killed += 1
                seen |= pool
            time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert killed >= 2, (killed, stdout, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert stderr.splitlines() == ["decks/heavy/deck.yaml: failed: the process building it was "
                                   "killed by SIGKILL (the kernel sends it when memory runs "
                                   "out)"]
    assert sorted(stdout.splitlines()) == [f"decks/{n}/deck.yaml: wrote out/{n}.pptx (2 slides)"
                                           for n in names]
    assert proc.returncode == 128 + signal.SIGKILL
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{n}.pptx" for n in names]
    end = time.monotonic() + 5
    while _marked(mark) and time.monotonic() < end:
        time.sleep(0.05)
    assert _marked(mark) == [], "worker or chart processes outlived the command"


def test_two_decks_with_one_output_name_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "a" / "talk", "deck: {title: A}\n")
    write(tmp_path / "b" / "talk", "deck: {title: B}\n")
    done = run("build", "a", "b", cwd=tmp_path)
    assert done.returncode == 2
    assert "would both write" in done.stderr
    assert not (tmp_path / "build").exists()


def test_progress_bar_is_drawn_and_cleared_on_a_terminal(two_decks: Path) -> None:
    """A pseudo-terminal stands in for a person's; the bar appears only for slow builds."""
    import pty

    script = ("import sys, deckgen.app.batch as b\nb.BAR_DELAY = 0\n"
              "from deckgen.cli import main\nmain(['build', 'decks'])\n")
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout and stderr are the terminal
        os.chdir(two_decks)
        os.execve(sys.executable, [sys.executable, "-c", script], ENV)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    screen = b"".join(chunks).decode()
    assert os.waitstatus_to_exitcode(status) == 1
    assert re.search(r"\r\[#*-*\] [0-2]/2 decks", screen)
    assert "decks/good/deck.yaml: wrote build/good.pptx" in screen


# --- CI: annotations, workflow, pre-commit ---------------------------------------------

def test_annotations_on_github_actions(two_decks: Path) -> None:
    done = run("build", "decks", cwd=two_decks, env={**ENV, "GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    assert ("::error file=decks/bad/deck.yaml,line=3,col=16::unknown key 'bulets' in slide 2"
            in done.stdout)
    plain = run("build", "decks", cwd=two_decks)
    assert "::error" not in plain.stdout + plain.stderr


def test_annotation_escaping(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    annotate(Problem("warning", "50% wider\nthan its box", Location("a,b:c.yaml", 4, 0),
                     "shorten it"))
    annotate(Problem("error", "no deck"))
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "::warning file=a%2Cb%3Ac.yaml,line=4,col=1::50%25 wider%0Athan its box "
        "(hint: shorten it)",
        "::error::no deck",
    ]


def makefile_packages(name: str) -> list[str]:
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    return re.search(rf"^{name}\s*:=(.*)$", text, re.M)[1].split()


def test_ci_workflow_builds_every_deck_and_uploads_them() -> None:
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "decks.yml").read_text())
    text = json.dumps(flow)
    for package in makefile_packages("FONT_PKGS") + makefile_packages("RENDER_PKGS"):
        assert package in text, f"the workflow does not install {package}"
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "deckgen build content" in runs
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert any(".pptx" in s["with"]["path"] for s in uploads)


def test_pre_commit_hook_checks_the_decks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "deckgen-check")
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "content/lecture/sections/01-opening.yaml")
    assert not re.search(hook["files"], "deckgen/cli.py")
    command = hook["entry"].split()[1:] + hook.get("args", [])
    done = run(*command, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_verbose_lists_every_file_read_pictures_and_csv_too(tmp_path: Path) -> None:
    """``-v`` names what a build depended on: includes, theme, CSV and pictures."""
    deck = tmp_path / "spec"
    shutil.copytree(ROOT / "tests" / "decks" / "spec", deck)
    done = run("build", "spec/kinds.yaml", "-o", "out/kinds.pptx", "-v", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    read = [line.removeprefix("  read ") for line in done.stdout.splitlines()
            if line.startswith("  read ")]
    assert read[0] == "spec/kinds.yaml"
    assert "spec/tables/citations.csv" in read and "spec/images/roadmap.png" in read
    assert any("themes/" in line for line in read), read
    assert len(read) == len(set(read))
