"""A render audit: what a person sees on the page, read back from LibreOffice's PDF.

It knows nothing of deckgen's layout.  It reads the text every shape of a
``.pptx`` holds (python-pptx), renders the deck through headless LibreOffice
to PDF, and per page reads the words with their boxes (poppler's
``pdftotext -bbox-layout``) and the pixels (``pdftoppm``).  It reports:

- ``lost``: characters a shape holds that the page does not show at all, or
  words drawn off the page;
- ``outside``: characters shown, but not inside the box of the shape that
  holds them (text that ran through its box, under the footer, off a card);
- ``collision``: a word whose box overlaps a word of another line;
- ``faint``: a word whose glyphs differ from the ground under them by less
  than 3:1 (WCAG contrast) in the rendered image, measured per em-wide strip
  so that a word half on a light and half on a dark patch of a photo counts.

Many decks are converted in one ``soffice`` call, each caller with its own
LibreOffice profile so that parallel workers do not share one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import numpy as np
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

EMU_PER_PT = 12700
DPI = 110  # enough for the core of a 10 pt glyph's stroke to reach its full colour
MIN_CONTRAST = 3.0
BOX_SLACK = 3.0  # points a glyph may stand outside its shape (ascenders, italics, rounding)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")
_SKIP_CATEGORIES = {"Mn", "Me", "Cf", "Cc", "Zs", "Zl", "Zp", "Co"}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    line: int  # the line pdftotext put it on, numbered through the page

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class TextBox:
    """The text one shape (or one table cell) holds, and where the shape stands, in points."""

    name: str
    text: str
    x: float
    y: float
    w: float
    h: float
    rotated: bool = False

    def holds(self, word: Word, slack: float = BOX_SLACK) -> bool:
        return (self.x - slack <= word.x0 and word.x1 <= self.x + self.w + slack
                and self.y - slack <= word.cy <= self.y + self.h + slack
                and word.y1 <= self.y + self.h + slack + (word.y1 - word.y0) * 0.3)


@dataclass(frozen=True)
class Finding:
    slide: int  # 1-based, as the deck shows it
    kind: str  # lost, outside, collision, faint
    detail: str

    def __str__(self) -> str:
        return f"slide {self.slide}: {self.kind}: {self.detail}"


# --- rendering ---------------------------------------------------------------------------

def render(decks: Sequence[Path], out_dir: Path, timeout: float = 900) -> dict[Path, Path]:
    """PDFs of ``decks`` (whose file names must differ), from one LibreOffice run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("the render audit needs LibreOffice (soffice)")
    stems = [d.stem for d in decks]
    assert len(set(stems)) == len(stems), "decks rendered together need different names"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="audit-profile-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, decks)],
                       check=True, capture_output=True, timeout=timeout)
    pdfs = {deck: out_dir / f"{deck.stem}.pdf" for deck in decks}
    missing = [str(d) for d, pdf in pdfs.items() if not pdf.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice wrote no PDF for {missing}")
    return pdfs


def page_words(pdf: Path) -> tuple[list[list[Word]], tuple[float, float]]:
    """Every page's words with their boxes, and the page size in points."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages: list[list[Word]] = []
    size = (0.0, 0.0)
    for chunk in html.split("<page ")[1:]:
        head = re.match(r'width="([\d.]+)" height="([\d.]+)"', chunk)
        size = (float(head.group(1)), float(head.group(2)))
        words: list[Word] = []
        for line_no, line in enumerate(chunk.split("<line ")[1:]):
            words.extend(Word(unescape(m.group(5)), *map(float, m.group(1, 2, 3, 4)), line_no)
                         for m in _WORD.finditer(line))
        pages.append(words)
    return pages, size


def page_images(pdf: Path, folder: Path, dpi: int = DPI) -> list[Path]:
    """One PPM a page (uncompressed: quicker to write and read than PNG)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), str(pdf), str(folder / "page")], check=True,
                   capture_output=True)
    return sorted(folder.glob("page-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


# --- what the deck holds -------------------------------------------------------------------

def deck_text(pptx: Path) -> list[list[TextBox]]:
    """Per slide, the text of every shape and table cell with its box in points."""
    slides = []
    prs = Presentation(str(pptx))
    width, height = _pt(prs.slide_width), _pt(prs.slide_height)
    for slide in prs.slides:
        boxes: list[TextBox] = []
        for shape in slide.shapes:
            boxes.extend(_shape_text(shape, 0, 0))
        slides.append([b for b in boxes if _chars(b.text) and _on_page(b, width, height)])
    return slides


def _on_page(box: TextBox, width: float, height: float) -> bool:
    """A shape wholly off the page is meant not to be seen (a title kept for screen
    readers on a slide whose design shows none); the page owes it nothing."""
    return not (box.y + box.h <= 0 or box.x + box.w <= 0 or box.x >= width or box.y >= height)


def _pt(value: int | None) -> float:
    return Emu(value or 0).pt


def _shape_text(shape, dx: float, dy: float) -> Iterable[TextBox]:  # noqa: ANN001
    x, y = _pt(shape.left) + dx, _pt(shape.top) + dy
    if shape.shape_type is not None and shape.shape_type == 6:  # a group
        for inner in shape.shapes:
            yield from _shape_text(inner, dx, dy)
        return
    if getattr(shape, "has_table", False) and shape.has_table:
        table = shape.table
        top = y
        for r, row in enumerate(table.rows):
            left = x
            for c, column in enumerate(table.columns):
                cell = table.cell(r, c)
                yield TextBox(f"{shape.name} cell {r},{c}", cell.text_frame.text, left, top,
                              _pt(column.width), _pt(row.height))
                left += _pt(column.width)
            top += _pt(row.height)
        return
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        yield TextBox(shape.name, shape.text_frame.text, x, y, _pt(shape.width),
                      _pt(shape.height), rotated=bool(shape.rotation))


def _chars(text: str) -> str:
    """The characters a page must show: no spaces, joiners, variation selectors or breaks."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) not in _SKIP_CATEGORIES
                   and not c.isspace())


# --- the checks ----------------------------------------------------------------------------

def audit(pptx: Path, pdf: Path, scratch: Path) -> list[Finding]:
    """Everything a person would see wrong on the rendered slides of ``pptx``."""
    slides = deck_text(pptx)
    pages, size = page_words(pdf)
    findings: list[Finding] = []
    if len(pages) != len(slides):
        return [Finding(0, "lost", f"{len(slides)} slides but {len(pages)} pages")]
    images = page_images(pdf, scratch)
    for number, (boxes, words, image) in enumerate(zip(slides, pages, images, strict=True), 1):
        findings += lost_text(number, boxes, words, size)
        findings += collisions(number, words)
        with Image.open(image) as picture:
            pixels = np.asarray(picture.convert("RGB"))
        findings += faint_words(number, words, pixels, pixels.shape[1] / size[0])
    return findings


def lost_text(number: int, boxes: list[TextBox], words: list[Word],
              size: tuple[float, float]) -> list[Finding]:
    """Text the shapes hold that the page does not show inside those shapes."""
    found: list[Finding] = []
    width, height = size
    on_page = [w for w in words if w.x0 >= -1 and w.y0 >= -1 and w.x1 <= width + 1
               and w.y1 <= height + 1]
    for word in words:
        if word not in on_page:
            found.append(Finding(number, "lost", f"{word.text!r} drawn off the page at "
                                                 f"({word.x0:.0f}, {word.y0:.0f})"))
    shown = Counter(_chars("".join(w.text for w in on_page)))
    for box in boxes:
        want = Counter(_chars(box.text))
        inside = on_page if box.rotated else [w for w in on_page if box.holds(w)]
        missing = want - Counter(_chars("".join(w.text for w in inside)))
        if not missing:
            continue
        nowhere = missing - shown
        kind, chars = ("lost", nowhere) if nowhere else ("outside", missing)
        sample = "".join(sorted(chars.elements()))[:40]
        found.append(Finding(number, kind, f"{box.name}: {sum(chars.values())} characters "
                                           f"({sample!r}) of {box.text[:50]!r}"))
    return found


def collisions(number: int, words: list[Word]) -> list[Finding]:
    """Words overlapping words of another line (or of their own, drawn over each other)."""
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx <= 1.0 or dy <= 0:
                continue
            small = min(a.y1 - a.y0, b.y1 - b.y0)
            if dy > 0.3 * small and (a.line != b.line or dx > 0.3 * min(a.x1 - a.x0,
                                                                          b.x1 - b.x0)):
                found.append(Finding(number, "collision", f"{a.text!r} and {b.text!r} at "
                                                          f"({b.x0:.0f}, {b.y0:.0f})"))
    return found


_S = np.arange(256) / 255
_LINEAR = np.where(_S <= 0.03928, _S / 12.92, ((_S + 0.055) / 1.055) ** 2.4)
_WEIGHTS = np.array([0.2126, 0.7152, 0.0722])


def _luminance(pixels: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of each pixel of an RGB array."""
    return _LINEAR[pixels] @ _WEIGHTS


def _ratio(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def word_contrast(lum: np.ndarray, step: int) -> float:
    """The weakest glyph/ground contrast over the em-wide strips of one word's patch.

    The ink is the tail of the word's pixels far from their median (dark text
    or light); a strip counts when some of its pixels reach halfway to that
    ink, so the blank half of a full-width comma is not mistaken for faint
    text, while a strip where the photo under the word is as light as the
    letters is.
    """
    ground = float(np.median(lum))
    dark, light = np.percentile(lum, [0.5, 99.5])
    ink = dark if _ratio(dark, ground) >= _ratio(light, ground) else light
    halfway = (ground * ink) ** 0.5  # the geometric middle, as contrast ratios go
    cuts = list(range(0, lum.shape[1], step))
    if len(cuts) > 1 and lum.shape[1] - cuts[-1] < step / 2:
        cuts.pop()  # a sliver joins the strip before it
    edges = [*cuts, lum.shape[1]]
    worst = _ratio(ink, ground)
    for a, b in zip(edges, edges[1:], strict=False):
        strip = lum[:, a:b]
        ordered = np.sort(strip, axis=None)
        edge = float(ordered[2] if ink < ground else ordered[-3])  # a dot's core, not a speck
        if (edge - halfway) * (ink - ground) < 0:
            continue  # no letter reaches into this strip
        worst = min(worst, _ratio(edge, float(np.median(strip))))
    return worst


def faint_words(number: int, words: list[Word], pixels: np.ndarray,
                scale: float) -> list[Finding]:
    """Words whose weakest em-wide strip has glyph/ground contrast under 3:1."""
    found = []
    for word in words:
        if not any(c.isalnum() for c in word.text):
            continue
        x0, x1 = int(word.x0 * scale), int(np.ceil(word.x1 * scale))
        y0, y1 = int(word.y0 * scale), int(np.ceil(word.y1 * scale))
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x1, pixels.shape[1]), min(y1, pixels.shape[0])
        if x1 - x0 < 3 or y1 - y0 < 4:
            continue
        worst = word_contrast(_luminance(pixels[y0:y1, x0:x1]), max(y1 - y0, 4))
        if worst < MIN_CONTRAST:
            found.append(Finding(number, "faint", f"{word.text!r} at ({word.x0:.0f}, "
                                                  f"{word.y0:.0f}): {worst:.2f}:1"))
    return found
