"""``deckgen preview``: see a deck the way an audience will, without PowerPoint.

The deck is built, converted to PDF by headless LibreOffice, split into one
PNG per slide by poppler's ``pdftoppm``, and the PNGs are pasted into one
contact sheet.  LibreOffice exits 0 even when it could not read a file, so
the PDF's page count is compared with the deck's slide count: a preview that
silently lost slides would hide exactly the bugs it exists to show.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import click

from deckgen.app.pipeline import Options, build, default_output

SYSTEM_PYTHON = "/usr/bin/python3"  # the Python LibreOffice's bridge is built for
INSTALL_HINT = ("deckgen: preview needs LibreOffice (soffice) and poppler (pdftoppm); "
                "install them with: apt-get install libreoffice-impress poppler-utils")
SHEET_NAME = "contact-sheet.png"
THUMB_WIDTH = 320  # pixels; a 16:9 thumbnail of this width still shows a slide's layout


class PreviewError(Exception):
    """A step of the preview failed; the message is one line for the terminal."""


@dataclass(frozen=True)
class SheetLook:
    """The contact sheet's colours and label font, taken from the deck's theme."""

    background: str
    label: str
    frame: str
    font: str


@dataclass
class Preview:
    pptx: Path
    pdf: Path
    pages: list[Path]
    sheet: Path
    warm: bool = False  # drawn by the LibreOffice a `deckgen serve` keeps running


def default_dir(deck: Path) -> Path:
    """``content/lecture/deck.yaml`` previews into ``build/preview/lecture/``."""
    return Path.cwd() / "build" / "preview" / default_output(deck).stem


def find_tools() -> tuple[str, str] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    return (soffice, pdftoppm) if soffice and pdftoppm else None


def preview_deck(deck: Path, options: Options, out_dir: Path | None, timeout: float,
                 resolution: int) -> int:
    """Build, convert and render; return the exit status."""
    from deckgen.app.report import EXIT_DECK, EXIT_OK, report

    tools = find_tools()
    if tools is None:
        click.echo(INSTALL_HINT, err=True)
        return EXIT_DECK
    out_dir = out_dir or default_dir(deck)
    options = replace(options, output=out_dir / f"{default_output(deck).stem}.pptx")
    result = build(deck, options)
    report(result)
    if result.output is None:
        click.echo(f"{deck}: not built, so no preview", err=True)
        return EXIT_DECK
    try:
        made = render_pages(result.output, result.slides, tools, timeout, resolution,
                      sheet_look(deck, options))
    except PreviewError as exc:
        click.echo(f"deckgen: error: {exc}", err=True)
        return EXIT_DECK
    click.echo(f"{deck}: {len(made.pages)} slides: {made.pdf}, "
               f"{made.pages[0].parent}/slide-*.png, {made.sheet}"
               + (" (through the LibreOffice deckgen serve keeps running)" if made.warm else ""))
    return EXIT_OK


def render_pages(pptx: Path, slides: int, tools: tuple[str, str], timeout: float,
           resolution: int, look: SheetLook) -> Preview:
    """PDF, page PNGs and contact sheet beside ``pptx``; raise PreviewError on failure.

    Only slides whose parts are not in the slide cache are drawn (by the
    LibreOffice a ``deckgen serve`` keeps, when one runs); the others are
    copied from it, so a preview after a one-slide edit converts one slide.
    """
    from deckgen.app.render import slide_keys

    out_dir = pptx.parent
    pdf = out_dir / f"{pptx.stem}.pdf"
    pdf.unlink(missing_ok=True)  # never mistake a stale PDF for a fresh one
    try:
        keys = [_picture_key(key, tools) for key in slide_keys(pptx)]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        keys = []
    if not keys or len(keys) != slides:  # LibreOffice draws it whole, or says why not
        return _render_whole(pptx, slides, tools, timeout, resolution, look)
    store = SlideStore(resolution)
    todo = [index for index, key in enumerate(keys) if not store.has(key)]
    warm = False
    with tempfile.TemporaryDirectory(prefix=".draw-", dir=out_dir) as tmp:
        whole = None
        if todo:
            whole, warm = _draw(pptx, todo, keys, slides, tools, timeout, resolution, store,
                                Path(tmp))
        if whole is not None and len(todo) == len(keys):
            os.replace(whole, pdf)  # every slide drawn in one go: that is the deck's PDF
    # The PDF is joined while the pages are copied and the sheet is drawn.
    with ThreadPoolExecutor(max_workers=1) as pool:
        joined = None if pdf.is_file() else pool.submit(
            _join, [store.where(key) for key in keys], pdf, timeout)
        pages = _place(keys, store, out_dir)
        sheet = contact_sheet([store.thumb(key) for key in keys], out_dir / SHEET_NAME, look)
        if joined is not None:
            joined.result()
    return Preview(pptx, pdf, pages, sheet, warm)


def _picture_key(slide: str, tools: tuple[str, str]) -> str:
    """A slide's parts and what draws them: the programs and the fonts they find."""
    from deckgen.app.render import PICTURE_FORM
    from deckgen.source.machine import fontconfig_stamp

    stamp = [slide, fontconfig_stamp(), PICTURE_FORM]
    for tool in tools:
        real = os.path.realpath(tool)
        with contextlib.suppress(OSError):
            info = os.stat(real)
            stamp.append(f"{real}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(stamp).encode()).hexdigest()


class SlideStore:
    """Each slide's PDF page, PNG and thumbnail in the cache, named by its picture key.

    A slide's page is not a PDF of its own: it is a page of the PDF LibreOffice
    wrote when it drew the slide, kept whole under its hash (``pdf/``), and the
    key's ``.page`` file says which.  Pages drawn together share their fonts and
    pictures, so a PDF joined from them does too.  Files are written to a
    temporary name and renamed into place, so a preview that is interrupted
    never leaves half a picture behind.
    """

    def __init__(self, resolution: int):
        from deckgen.source.machine import cache_dir

        self.folder = cache_dir() / "slides"
        self.resolution = resolution

    def _path(self, key: str, suffix: str) -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def page(self, key: str) -> Path:
        return self._path(key, ".page")

    def source(self, digest: str) -> Path:
        return self.folder / "pdf" / f"{digest}.pdf"

    def png(self, key: str) -> Path:
        return self._path(key, f"-r{self.resolution}.png")

    def thumb(self, key: str) -> Path:
        return self._path(key, f"-r{self.resolution}-w{THUMB_WIDTH}.png")

    def has(self, key: str) -> bool:
        if not (self.png(key).is_file() and self.thumb(key).is_file()):
            return False
        try:
            return self.where(key)[0].is_file()
        except (OSError, ValueError):
            return False

    def where(self, key: str) -> tuple[Path, int]:
        """The kept PDF that has the slide ``key`` and its page number there (from 1)."""
        digest, number = self.page(key).read_text(encoding="ascii").split()
        return self.source(digest), int(number)

    def keep(self, pdf: Path) -> str:
        """Keep ``pdf`` under its hash (once); return the hash."""
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
        if not self.source(digest).is_file():
            self.put(pdf, self.source(digest))
        return digest

    def mark(self, key: str, digest: str, number: int) -> None:
        """Note that the slide ``key`` is page ``number`` of the kept PDF ``digest``."""
        target = self.page(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(f"{digest} {number}\n", encoding="ascii")
        os.replace(tmp, target)

    def put(self, source: Path, target: Path) -> None:
        """Move ``source`` into the cache as ``target`` (a file of the same folder tree)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)


def _draw(pptx: Path, todo: list[int], keys: list[str], slides: int,
          tools: tuple[str, str], timeout: float, resolution: int, store: SlideStore,
          tmp: Path) -> tuple[Path, bool]:
    """Draw the slides ``todo`` into the store; return their PDF and whether warm."""
    from deckgen.app.render import sparse_deck

    soffice, pdftoppm = tools
    source = pptx
    if len(todo) < len(keys):
        source = tmp / f"{pptx.stem}.pptx"  # the other slides empty and hidden
        sparse_deck(pptx, set(todo), source)
    pdf = tmp / f"{pptx.stem}.pdf"
    warm = _through_running(source, pdf, timeout)
    if not warm:
        (tmp / "lo").mkdir()
        pdf = convert_to_pdf(soffice, source, tmp / "lo", timeout)
    (tmp / "png").mkdir()
    pages = to_pngs(pdftoppm, pdf, tmp / "png", resolution, timeout)
    if len(pages) != len(todo):
        wanted = (f"the deck has {slides} slides" if len(todo) == slides
                  else f"{len(todo)} slides were to be drawn")
        raise PreviewError(f"{pptx.parent / pdf.name} has {len(pages)} pages but {wanted}; "
                           "LibreOffice could not read all of it")
    digest = store.keep(pdf)
    thumbs = _thumbnails(pages)
    for number, (index, page, thumb) in enumerate(zip(todo, pages, thumbs, strict=True),
                                                  start=1):
        key = keys[index]
        store.put(page, store.png(key))
        store.put(thumb, store.thumb(key))
        store.mark(key, digest, number)
    return pdf, warm


def _join(pages: list[tuple[Path, int]], pdf: Path, timeout: float) -> None:
    """The deck's PDF from its pages: (kept PDF, page number) in slide order.

    Joined in Python, each kept PDF's shared fonts and pictures copied once;
    a PDF in a form that code does not read is joined by poppler instead.
    """
    from deckgen.app.pdfjoin import PdfFormatError, join

    try:
        join(pages, pdf)
    except (PdfFormatError, OSError, ValueError, KeyError):
        _unite(pages, pdf, timeout)


def _unite(pages: list[tuple[Path, int]], pdf: Path, timeout: float) -> None:
    """The deck's PDF from its pages, with poppler's ``pdfseparate`` and ``pdfunite``.

    Slower, and larger: each page keeps every font and picture of the PDF it
    came from.
    """
    separate, unite = shutil.which("pdfseparate"), shutil.which("pdfunite")
    if separate is None or unite is None:
        raise PreviewError("pdfseparate and pdfunite (poppler) are missing; "
                           "install them with: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory(prefix=".join-", dir=pdf.parent) as tmp:
        single = []
        for number, (source, page) in enumerate(pages, start=1):
            single.append(Path(tmp) / f"page-{number}.pdf")
            _run([separate, "-f", str(page), "-l", str(page), str(source), str(single[-1])],
                 timeout, "pdfseparate")
        joined = Path(tmp) / "joined.pdf"
        if len(single) == 1:
            shutil.copyfile(single[0], joined)
        else:
            _run([unite, *map(str, single), str(joined)], timeout, "pdfunite")
        os.replace(joined, pdf)


def _place(keys: list[str], store: SlideStore, out_dir: Path) -> list[Path]:
    """``slide-NN.png`` for every slide, copied from the store; older pages removed."""
    for old in out_dir.glob("slide-*.png"):
        old.unlink()
    width = max(2, len(str(len(keys))))
    pages = []
    for number, key in enumerate(keys, start=1):
        target = out_dir / f"slide-{number:0{width}d}.png"
        shutil.copyfile(store.png(key), target)
        pages.append(target)
    return pages


def _thumbnails(pages: list[Path]) -> list[Path]:
    """A ``THUMB_WIDTH`` copy of each page beside it, drawn side by side."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(_thumbnail, pages))


def _thumbnail(page: Path) -> Path:
    from PIL import Image

    target = page.with_name(f"{page.stem}-thumb.png")
    with Image.open(page) as image:
        image = image.convert("RGB")
        height = round(image.height * THUMB_WIDTH / image.width)
        image.resize((THUMB_WIDTH, height), Image.LANCZOS, reducing_gap=3.0).save(
            target, format="PNG", compress_level=1)
    return target


def _render_whole(pptx: Path, slides: int, tools: tuple[str, str], timeout: float,
                  resolution: int, look: SheetLook) -> Preview:
    """The deck converted whole, for a file whose slides cannot be told apart."""
    soffice, pdftoppm = tools
    out_dir = pptx.parent
    pdf = out_dir / f"{pptx.stem}.pdf"
    warm = _through_running(pptx, pdf, timeout)
    if not warm:
        pdf = convert_to_pdf(soffice, pptx, out_dir, timeout)
    pages = to_pngs(pdftoppm, pdf, out_dir, resolution, timeout)
    if len(pages) != slides:
        raise PreviewError(f"{pdf} has {len(pages)} pages but the deck has {slides} slides; "
                           "LibreOffice could not read all of it")
    sheet = contact_sheet(pages, out_dir / SHEET_NAME, look)
    return Preview(pptx, pdf, pages, sheet, warm)


def convert_to_pdf(soffice: str, pptx: Path, out_dir: Path, timeout: float) -> Path:
    """Headless LibreOffice with a profile of its own, so parallel runs never clash."""
    pdf = out_dir / f"{pptx.stem}.pdf"
    pdf.unlink(missing_ok=True)  # never mistake a stale PDF for a fresh one
    profile = Path(tempfile.mkdtemp(prefix="deckgen-lo-"))
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nologo", "--nolockcheck", "--convert-to", "pdf",
               "--outdir", str(out_dir), str(pptx)]
    try:
        done = _run(command, timeout, "LibreOffice")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not pdf.is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        raise PreviewError(f"LibreOffice wrote no PDF for {pptx}"
                           + (f": {said[-1]}" if said else ""))
    return pdf


def _through_running(pptx: Path, pdf: Path, timeout: float) -> bool:
    """Have the LibreOffice that ``deckgen serve`` keeps convert the deck, if one runs.

    That saves the seconds a cold start takes; when it fails, a LibreOffice of
    our own is started as before.
    """
    from deckgen.app.render import RenderError, export_with, running_office

    socket = running_office() if shutil.which(SYSTEM_PYTHON) else None
    if socket is None:
        return False
    try:
        export_with(socket, pptx, pdf, timeout)
    except RenderError:
        pdf.unlink(missing_ok=True)
        return False  # a cold LibreOffice of our own then
    return pdf.is_file()


def to_pngs(pdftoppm: str, pdf: Path, out_dir: Path, resolution: int,
            timeout: float) -> list[Path]:
    """One ``slide-NN.png`` per page; old pages of a longer deck are removed first."""
    from deckgen.app.render import RenderError, page_count, rasterize

    for old in out_dir.glob("slide-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix=".pages-", dir=out_dir) as tmp:
        try:  # one page range a processor, drawn side by side
            raw = rasterize(pdftoppm, pdf, Path(tmp), resolution, page_count(pdf), timeout)
        except RenderError as exc:
            raise PreviewError(str(exc)) from None
        width = max(2, len(str(len(raw))))
        pages = []
        for number, page in enumerate(raw, start=1):
            target = out_dir / f"slide-{number:0{width}d}.png"
            os.replace(page, target)
            pages.append(target)
    return pages


def _run(command: list[str], timeout: float, name: str) -> subprocess.CompletedProcess:
    """Run a tool in its own process group, so a hung one is ended with all its children."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          stdin=subprocess.DEVNULL, start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise PreviewError(f"{name} did not finish within {timeout:g} s "
                               "(raise it with --timeout)") from None
        except BaseException:
            _kill_group(proc)
            raise
    if proc.returncode != 0:
        lines = (err or out).strip().splitlines()
        raise PreviewError(f"{name} failed with status {proc.returncode}"
                           + (f": {lines[-1]}" if lines else ""))
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def sheet_look(deck: Path, options: Options) -> SheetLook:
    """Sheet, label and frame colours and the label font from the deck's own theme.

    The sheet takes the theme's text colour, so slides (drawn on the theme's
    background) stand out from it, and numbers are set in the background colour,
    a pairing every theme already keeps readable.
    """
    theme = theme_for(deck, options)
    colors = theme.colors
    return SheetLook(colors.text, colors.background, colors.muted, theme.fonts.body)


def theme_for(deck: Path, options: Options):  # noqa: ANN201 - a Theme, imported lazily
    """The deck's theme (or ``--theme``); the default theme when the deck does not load."""
    from deckgen.errors import DeckError
    from deckgen.model.themes import load_theme
    from deckgen.source.loader import load_deck

    ref = options.theme
    root = Path(deck).resolve().parent
    try:
        if ref is None:
            block = load_deck(deck, options.allow_outside).data.get("deck") or {}
            ref = block.get("theme") or "scholar"
        return load_theme(str(ref), root)
    except (DeckError, OSError, AttributeError):
        return load_theme("default", root)


def contact_sheet(pages: list[Path], target: Path, look: SheetLook) -> Path:
    """All slides as a grid of thumbnails, each numbered underneath."""
    from PIL import Image, ImageDraw, ImageFont

    from deckgen.layout.fonts import font_file

    thumbs = []
    for page in pages:  # pages from the slide cache are thumbnails already
        with Image.open(page) as image:
            image = image.convert("RGB")
            if image.width != THUMB_WIDTH:
                height = round(image.height * THUMB_WIDTH / image.width)
                image = image.resize((THUMB_WIDTH, height), Image.LANCZOS, reducing_gap=3.0)
            thumbs.append(image)
    columns = min(len(thumbs), max(1, math.ceil(math.sqrt(len(thumbs) * 1.5))))
    rows = math.ceil(len(thumbs) / columns)
    gap = THUMB_WIDTH // 16
    label = THUMB_WIDTH // 10
    cell_h = max(t.height for t in thumbs) + label
    size = (gap + columns * (THUMB_WIDTH + gap), gap + rows * (cell_h + gap))
    sheet = Image.new("RGB", size, look.background)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(font_file(look.font, bold=True), round(label * 0.6))
    for index, thumb in enumerate(thumbs):
        x = gap + (index % columns) * (THUMB_WIDTH + gap)
        y = gap + (index // columns) * (cell_h + gap)
        sheet.paste(thumb, (x, y))
        draw.rectangle([x - 1, y - 1, x + THUMB_WIDTH, y + thumb.height], outline=look.frame)
        draw.text((x + THUMB_WIDTH // 2, y + thumb.height + label // 2), str(index + 1),
                  fill=look.label, font=font, anchor="mm")
    tmp = target.with_name(f".{target.name}.tmp")
    sheet.save(tmp, format="PNG", compress_level=3)  # the default level costs seconds
    os.replace(tmp, target)
    return target
