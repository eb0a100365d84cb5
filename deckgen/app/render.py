"""Pictures of a built deck's slides from one LibreOffice that stays running.

A cold ``soffice --convert-to pdf`` spends seconds starting before it reads a
byte of the deck.  :class:`Office` starts one headless ``soffice`` listening on
a named pipe, with a profile of its own in a temporary folder, and drives it
through ``uno_bridge.py`` run by the system Python (the one LibreOffice's
``uno`` module is built for).  A crashed or hung LibreOffice is ended with its
whole process group and started again on the next request; :meth:`Office.close`
leaves no process and no profile behind.

Only slides whose parts changed are rendered again: :func:`slide_keys` gives
each slide a hash of everything its picture depends on, and
:func:`sparse_deck` writes a copy of the deck in which every other slide is an
empty hidden slide.  LibreOffice loads that copy in a fraction of the time of
the whole deck, skips hidden slides in the PDF, and still counts them, so
slide-number fields show the same numbers as in the real deck.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

BRIDGE = Path(__file__).with_name("uno_bridge.py")
SYSTEM_PYTHON = "/usr/bin/python3"
INSTALL_HINT = ("deckgen: serve needs LibreOffice with its Python bridge and poppler; "
                "install them with: apt-get install libreoffice-impress python3-uno "
                "poppler-utils")
START_TIMEOUT = 60.0  # seconds for a cold LibreOffice to open its pipe
PIPE_DIR = Path("/tmp")
QUIT_SECONDS = 5.0  # for LibreOffice to quit when asked, before it is killed
_REL = re.compile(r'<Relationship\b[^>]*?\bType="[^"]*/(\w+)"[^>]*?\bTarget="([^"]+)"[^>]*/>')
_REL_ID = re.compile(r'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_SLIDE_ID = re.compile(r'<p:sldId\b[^>]*?\br:id="([^"]+)"')
# What every slide's picture depends on besides its own parts.
_SHARED = ("ppt/presentation.xml", "ppt/theme/", "ppt/slideMasters/", "ppt/slideLayouts/")
_STUB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
         'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
         'show="0"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/>'
         '<p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld></p:sld>')


class RenderError(Exception):
    """LibreOffice or poppler failed; the message is one line for a person."""


def find_tools() -> tuple[str, str] | None:
    """soffice and pdftoppm, when both are installed and the system Python has ``uno``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not (soffice and pdftoppm and os.access(SYSTEM_PYTHON, os.X_OK)):
        return None
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True,
                           check=False)
    return (soffice, pdftoppm) if probe.returncode == 0 else None


# --- which slides changed -----------------------------------------------------------------

def _slide_parts(pack: zipfile.ZipFile) -> list[str]:
    """The slide part names in presentation order."""
    rels = pack.read("ppt/_rels/presentation.xml.rels").decode()
    targets = {rid: posixpath.normpath(posixpath.join("ppt", target))
               for rid, target in _REL_ID.findall(rels)}
    order = _SLIDE_ID.findall(pack.read("ppt/presentation.xml").decode())
    return [targets[rid] for rid in order]


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return f"{folder}/_rels/{name}.rels"


def _related(pack: zipfile.ZipFile, part: str, skip: tuple[str, ...] = ("notesSlide",)
             ) -> list[str]:
    """Parts ``part`` refers to, except the kinds in ``skip``."""
    try:
        rels = pack.read(_rels_name(part)).decode()
    except KeyError:
        return []
    folder = posixpath.dirname(part)
    return [posixpath.normpath(posixpath.join(folder, target))
            for kind, target in _REL.findall(rels)
            if kind not in skip and "://" not in target]


def slide_keys(pptx: Path) -> list[str]:
    """One hash a slide of everything its picture depends on, in slide order.

    The hash covers the slide's XML, the parts it refers to (pictures, its
    layout), the masters, layouts and theme every slide shares, and the slide's
    position, since its slide-number field shows it.
    """
    with zipfile.ZipFile(pptx) as pack:
        shared = hashlib.sha256()
        for name in sorted(pack.namelist()):
            if name.startswith(_SHARED) and name != "ppt/presentation.xml":
                shared.update(name.encode() + pack.read(name))
        size = re.search(r"<p:sldSz[^>]*>", pack.read("ppt/presentation.xml").decode())
        shared.update(size.group().encode() if size else b"")
        keys = []
        for index, part in enumerate(_slide_parts(pack)):
            digest = shared.copy()
            digest.update(f"{index}:{part}".encode() + pack.read(part))
            for name in sorted(_related(pack, part)):
                if name in pack.namelist():
                    digest.update(name.encode() + pack.read(name))
            keys.append(digest.hexdigest())
    return keys


def sparse_deck(pptx: Path, keep: set[int], target: Path) -> None:
    """A copy of ``pptx`` in which the slides not in ``keep`` (0-based) are empty and hidden."""
    with zipfile.ZipFile(pptx) as pack:
        parts = _slide_parts(pack)
        stubs = {part for index, part in enumerate(parts) if index not in keep}
        stub_rels = {}
        for part in stubs:
            layout = [t for t in _REL.findall(pack.read(_rels_name(part)).decode())
                      if t[0] == "slideLayout"]
            stub_rels[_rels_name(part)] = _layout_rels(layout[0][1] if layout else "")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
            for info in pack.infolist():
                if info.filename in stubs:
                    out.writestr(info.filename, _STUB)
                elif info.filename in stub_rels:
                    out.writestr(info.filename, stub_rels[info.filename])
                else:
                    out.writestr(info.filename, pack.read(info.filename))


def _layout_rels(layout: str) -> str:
    body = (f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/slideLayout" Target="{layout}"/>' if layout else "")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            f'"http://schemas.openxmlformats.org/package/2006/relationships">{body}'
            '</Relationships>')


# --- LibreOffice, kept running ------------------------------------------------------------

@dataclass
class _Running:
    office: subprocess.Popen
    bridge: subprocess.Popen
    profile: Path
    pipe: str


class Office:
    """One headless LibreOffice and its bridge; thread-safe, restarted when it fails."""

    def __init__(self, soffice: str, timeout: float = 120.0, advertise: bool = False):
        self.soffice = soffice
        self.timeout = timeout
        self.advertise = advertise  # let `deckgen preview` use this LibreOffice too
        self.restarts = 0  # how often a crashed or hung LibreOffice was started again
        self._running: _Running | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            self._ensure()

    def export(self, pptx: Path, pdf: Path) -> float:
        """Write ``pdf`` from ``pptx``; return the seconds LibreOffice took."""
        with self._lock:
            for attempt in (1, 2):
                running = self._ensure()
                try:
                    return self._ask(running, {"pptx": str(Path(pptx).resolve()),
                                               "pdf": str(Path(pdf).resolve())})
                except RenderError:
                    self._stop()
                    if attempt == 2:
                        raise
                    self.restarts += 1
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _ensure(self) -> _Running:
        running = self._running
        if running and running.office.poll() is None and running.bridge.poll() is None:
            return running
        if running:  # it crashed or was ended since the last request
            self._stop()
            self.restarts += 1
        self._running = self._launch()
        return self._running

    def _launch(self) -> _Running:
        profile = Path(tempfile.mkdtemp(prefix="deckgen-lo-"))
        pipe = f"deckgen-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        office = subprocess.Popen(
            [self.soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--invisible", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        bridge = subprocess.Popen(
            [SYSTEM_PYTHON, str(BRIDGE), pipe], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        running = _Running(office, bridge, profile, pipe)
        try:
            self._answer(running, START_TIMEOUT)
        except RenderError:
            _end(running)
            raise
        if self.advertise:
            _advertise(running)
        return running

    def _ask(self, running: _Running, request: dict) -> float:
        assert running.bridge.stdin is not None
        try:
            running.bridge.stdin.write(json.dumps(request) + "\n")
            running.bridge.stdin.flush()
        except OSError as exc:
            raise RenderError(f"LibreOffice's bridge stopped: {exc}") from None
        answer = self._answer(running, self.timeout)
        return answer.get("ms", 0) / 1000

    def _answer(self, running: _Running, timeout: float) -> dict:
        """The bridge's next line, or RenderError when it says no, dies or hangs."""
        found: list[str] = []
        reader = threading.Thread(target=lambda: found.append(running.bridge.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            _end(running)  # closing its pipes ends the read
            reader.join(5)
            raise RenderError(f"LibreOffice did not answer within {timeout:g} s")
        line = found[0] if found else ""
        if not line:
            raise RenderError("LibreOffice stopped (it crashed or was ended)")
        answer = json.loads(line)
        if not answer.get("ok"):
            raise RenderError(f"LibreOffice failed: {answer.get('error', '?')}")
        return answer

    def _stop(self) -> None:
        if self._running is not None:
            _end(self._running)
            self._running = None


def _end(running: _Running) -> None:
    """End LibreOffice and the bridge with all their children; remove the profile.

    LibreOffice is asked to quit first, so it removes its own pipes; one that
    does not within a few seconds is killed, and its pipe removed here.
    """
    if running.bridge.poll() is None and running.office.poll() is None:
        with contextlib.suppress(OSError, ValueError):
            running.bridge.stdin.write(json.dumps({"quit": True}) + "\n")
            running.bridge.stdin.flush()
            with contextlib.suppress(subprocess.TimeoutExpired):
                running.office.wait(QUIT_SECONDS)
    for proc in (running.bridge, running.office):
        if proc.stdin:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        if proc.stdout:
            proc.stdout.close()
    shutil.rmtree(running.profile, ignore_errors=True)
    _advert(running.pipe).unlink(missing_ok=True)
    pipe = _socket(running.pipe)
    if pipe.is_socket():
        pipe.unlink(missing_ok=True)


# --- a LibreOffice that `deckgen serve` keeps, used by `deckgen preview` --------------------

def _socket(pipe: str) -> Path:
    """Where LibreOffice puts a named pipe: /tmp, whatever TMPDIR says."""
    return PIPE_DIR / f"OSL_PIPE_{os.getuid()}_{pipe}"


def _advert(pipe: str) -> Path:
    from deckgen.layout.fonts import cache_dir

    return cache_dir() / "office" / f"{pipe}.json"


def _advertise(running: _Running) -> None:
    """A note in the user's cache: which pipe a running LibreOffice listens on."""
    path = _advert(running.pipe)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"pid": running.office.pid, "pipe": running.pipe,
                                    "socket": str(_socket(running.pipe))}), encoding="utf-8")


def running_office() -> Path | None:
    """The pipe (a socket) of a LibreOffice a ``deckgen serve`` keeps running, if one is."""
    from deckgen.layout.fonts import cache_dir

    folder = cache_dir() / "office"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            note = json.loads(path.read_text(encoding="utf-8"))
            os.kill(int(note["pid"]), 0)
            socket = Path(note["socket"])
            if socket.is_socket() and socket.name.endswith(f"_{note['pipe']}"):
                return socket
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def export_with(socket: Path, pptx: Path, pdf: Path, timeout: float) -> None:
    """Write ``pdf`` through the LibreOffice listening on ``socket``; RenderError if not.

    LibreOffice names its pipes ``OSL_PIPE_<uid>_<name>``; the bridge needs the name.
    """
    request = json.dumps({"pptx": str(Path(pptx).resolve()), "pdf": str(Path(pdf).resolve())})
    pipe = socket.name.split("_", 3)[3]
    with subprocess.Popen([SYSTEM_PYTHON, str(BRIDGE), pipe, "5"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          start_new_session=True) as bridge:
        try:
            out, _ = bridge.communicate(request + "\n", timeout=timeout)
        except subprocess.TimeoutExpired:
            bridge.kill()
            bridge.communicate()
            raise RenderError(f"LibreOffice did not answer within {timeout:g} s") from None
    answers = [json.loads(line) for line in out.splitlines() if line.strip()]
    if len(answers) < 2 or not answers[-1].get("ok"):
        said = answers[-1].get("error", "") if answers else "no answer"
        raise RenderError(f"the running LibreOffice failed: {said}")


# --- pages to pictures --------------------------------------------------------------------

def rasterize(pdftoppm: str, pdf: Path, folder: Path, resolution: int, pages: int,
              timeout: float = 120.0) -> list[Path]:
    """One PNG a page of ``pdf`` (which has ``pages`` pages) in ``folder``, in page order.

    poppler draws one page at a time, so a long deck is split into one page
    range per processor, drawn side by side.  It writes plain pixels (PPM),
    which Pillow packs into PNG at its fastest level: poppler's own PNG output
    spends three times as long compressing as drawing.
    """
    pages = max(1, pages)  # unknown: one range, poppler draws what there is
    workers = max(1, min(os.cpu_count() or 1, pages // 4))
    step = -(-pages // workers)
    ranges = [(first, min(first + step - 1, pages)) for first in range(1, pages + 1, step)]
    crop = _whole_pixels(pdf, resolution)
    procs = [subprocess.Popen([pdftoppm, "-r", str(resolution), *crop, "-f", str(first),
                               "-l", str(last), str(pdf), str(folder / "p")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL) for first, last in ranges]
    end = time.monotonic() + timeout
    failed = ""
    for proc in procs:
        try:
            _, err = proc.communicate(timeout=max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            failed = failed or f"pdftoppm did not finish within {timeout:g} s"
            continue
        if proc.returncode != 0:
            lines = err.decode(errors="replace").strip().splitlines()
            failed = failed or f"pdftoppm failed: {lines[-1] if lines else proc.returncode}"
    if failed:
        raise RenderError(failed)
    raw = sorted(folder.glob("p-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(_to_png, raw))


def _to_png(ppm: Path) -> Path:
    from PIL import Image

    png = ppm.with_suffix(".png")
    with Image.open(ppm) as image:
        image.save(png, format="PNG", compress_level=1)
    ppm.unlink()
    return png


# How a page becomes a picture; a new form makes pictures kept from the old one stale.
PICTURE_FORM = "whole-pixel pages"


def _whole_pixels(pdf: Path, resolution: int) -> list[str]:
    """pdftoppm's crop to the page's size rounded to whole pixels.

    LibreOffice writes a 960-point slide as a 960.009-point page (it counts in
    hundredths of a millimetre); poppler rounds the pixel width up, so every
    picture would carry one column of blank page, a white hairline down the
    right of a dark slide.
    """
    tool = shutil.which("pdfinfo")
    if not tool:
        return []
    done = subprocess.run([tool, str(pdf)], capture_output=True, text=True, check=False)
    found = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", done.stdout, re.MULTILINE)
    if not found:
        return []
    width, height = (max(1, round(float(v) * resolution / 72)) for v in found.groups())
    return ["-x", "0", "-y", "0", "-W", str(width), "-H", str(height)]


def page_count(pdf: Path) -> int:
    """The pages of ``pdf``, from poppler's ``pdfinfo`` (installed with ``pdftoppm``)."""
    tool = shutil.which("pdfinfo")
    if tool:
        done = subprocess.run([tool, str(pdf)], capture_output=True, text=True, check=False)
        found = re.search(r"^Pages:\s+(\d+)", done.stdout, re.MULTILINE)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def render_slides(office: Office, pdftoppm: str, pptx: Path, indices: list[int],
                  total: int, resolution: int) -> dict[int, bytes]:
    """PNG bytes of the slides ``indices`` (0-based) of ``pptx``, which has ``total`` slides."""
    if not indices:
        return {}
    with tempfile.TemporaryDirectory(prefix="deckgen-render-") as tmp:
        folder = Path(tmp)
        source = pptx
        if len(indices) < total:
            source = folder / "part.pptx"
            sparse_deck(pptx, set(indices), source)
        pdf = folder / "part.pdf"
        office.export(source, pdf)
        pages = rasterize(pdftoppm, pdf, folder, resolution, len(indices))
        if len(pages) != len(indices):
            raise RenderError(f"LibreOffice made {len(pages)} pages of {len(indices)} slides")
        return {index: page.read_bytes() for index, page in zip(sorted(indices), pages,
                                                                strict=True)}
