"""``deckgen preview``: see a deck the way an audience will, without PowerPoint.

The deck is built, converted to PDF by headless LibreOffice, split into one
PNG per slide by poppler's ``pdftoppm``, and the PNGs are pasted into one
contact sheet.  LibreOffice exits 0 even when it could not read a file, so
the PDF's page count is compared with the deck's slide count: a preview that
silently lost slides would hide exactly the bugs it exists to show.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import tempfile
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
    """PDF, page PNGs and contact sheet beside ``pptx``; raise PreviewError on failure."""
    soffice, pdftoppm = tools
    out_dir = pptx.parent
    pdf = out_dir / f"{pptx.stem}.pdf"
    pdf.unlink(missing_ok=True)  # never mistake a stale PDF for a fresh one
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
    for page in pages:
        with Image.open(page) as image:
            image = image.convert("RGB")
            height = round(image.height * THUMB_WIDTH / image.width)
            thumbs.append(image.resize((THUMB_WIDTH, height), Image.LANCZOS, reducing_gap=3.0))
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
    sheet.save(tmp, format="PNG")
    os.replace(tmp, target)
    return target
