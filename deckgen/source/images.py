"""Open images defensively before python-pptx sees them.

Pillow only warns about decompression bombs below twice its own limit, and
guesses formats from content; deckgen names the formats it accepts and keeps
a pixel limit of its own, so a hostile or broken image is a located error.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from deckgen.errors import DeckError, Location
from deckgen.source import svgdraw

FORMATS = ("PNG", "JPEG", "GIF")  # and SVG, drawn to PNG by CairoSVG
MAX_PIXELS = 40_000_000
MAX_BYTES = 50 * 1024 * 1024


def inspect_image(path: Path, where: Location | None, svg: bool = True) -> tuple[int, int]:
    """Return (width, height) of a PNG, JPEG, GIF (or, where ``svg``, SVG) file, or raise a
    located error that names every type accepted there."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DeckError(f"image '{path.name}' is {size / 1048576:.0f} MiB; the limit is "
                        f"{MAX_BYTES // 1048576} MiB", where)
    if path.suffix.lower() == ".svg":
        return _svg_size(path, where)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=FORMATS) as image:
                width, height = image.size
                _check_pixels(path, width * height, f"{width}x{height}", where)
                image.verify()
            if image.format == "JPEG":
                _decode_small(path)
            else:
                _decode(path)
    except DeckError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        count = re.search(r"\((\d+) pixels\)", str(exc))
        _check_pixels(path, int(count[1]) if count else MAX_PIXELS + 1, "", where)
        raise  # unreachable: the count is over the limit
    except UnidentifiedImageError:
        kinds = "PNG, JPEG, GIF or SVG" if svg else "PNG, JPEG or GIF"
        raise DeckError(f"image '{path.name}' is not a {kinds} file", where) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DeckError(f"image '{path.name}' is damaged: {exc}", where) from None
    if width < 1 or height < 1:
        raise DeckError(f"image '{path.name}' is empty", where)
    return width, height


def _check_pixels(path: Path, pixels: int, size: str, where: Location | None) -> None:
    if pixels > MAX_PIXELS:
        shown = f"{size} pixels" if size else f"{pixels:,} pixels"
        raise DeckError(f"image '{path.name}' has {shown}; the limit is {MAX_PIXELS:,}",
                        where, hint="scale it down before use")


def _decode_small(path: Path) -> None:
    """Decode a JPEG at 1/8 scale: cheap, and it reads every byte, so a truncated
    file is found here rather than as a grey box in PowerPoint."""
    with Image.open(path, formats=("JPEG",)) as image:
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()


def _decode(path: Path) -> None:
    """Decode every pixel of a PNG or GIF (each frame, up to a limit): ``verify()`` only
    checks chunk checksums, so damaged image data inside valid chunks, or a GIF cut
    short, is found here rather than as a broken picture in PowerPoint."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path, formats=("PNG", "GIF")) as image:
            for frame in range(min(getattr(image, "n_frames", 1), MAX_FRAMES)):
                image.seek(frame)
                image.load()


MAX_FRAMES = 100  # animated GIF frames decoded for the check; the slide shows the first


SVG_DPI = 220  # vector art is drawn at this resolution for its box on the slide


SVG_CPU_SECONDS = 5  # CPU time one SVG may take to draw (CairoSVG's import included)
SVG_MEMORY = 1024 * 1024 * 1024  # bytes of address space the drawing process may use
SVG_WALL_SECONDS = 60  # a drawing process still running after this is stopped


def _svg_png(path: Path, where: Location | None, width_px: int) -> bytes:
    """Draw an SVG with CairoSVG in its safe mode (no external files, no entities), at
    a width chosen by deckgen, never at the size the file declares."""
    return _svg_png_cached(str(path), path.stat().st_mtime_ns, width_px, where)


@functools.lru_cache(maxsize=32)
def _svg_png_cached(name: str, _mtime: int, width_px: int, where: Location | None) -> bytes:
    """One drawing per file, width and version: a logo is drawn once per build, not once
    a slide.

    The drawing happens in a process of its own (:mod:`deckgen.source.svgdraw`) with
    limits on its CPU time and memory: the checks of :func:`_svg_size` bound what a
    file declares, not how long its shapes take to fill, so a hostile file that
    passes them is stopped by the kernel, not left to hang or exhaust the build.
    """
    import subprocess
    import sys

    path = Path(name)
    command = [sys.executable, "-I", svgdraw.__file__, str(width_px), str(SVG_CPU_SECONDS),
               str(SVG_MEMORY)]
    try:
        done = subprocess.run(command, input=path.read_bytes(), capture_output=True,
                              timeout=SVG_WALL_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise DeckError(f"image '{path.name}' was still drawing after {SVG_WALL_SECONDS} s",
                        where, hint="simplify it, or export it as PNG") from None
    except OSError as exc:
        raise DeckError(f"image '{path.name}': cannot start the process that draws SVG: "
                        f"{exc.strerror or exc}", where) from None
    if done.returncode == 0 and done.stdout.startswith(b"\x89PNG"):
        return done.stdout
    raise DeckError(_svg_failure(path, done.returncode, done.stderr), where,
                    hint=_SVG_HINTS.get(done.returncode, "simplify it, or export it as PNG"))


_SVG_HINTS = {svgdraw.EXIT_NO_CAIRO: "apt-get install libcairo2, or export the image as PNG"}


def _svg_failure(path: Path, code: int, stderr: bytes) -> str:
    """The message for a drawing process that did not give a picture."""
    import signal

    said = (stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1][:300]
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return (f"image '{path.name}' takes more than {SVG_CPU_SECONDS} s of CPU time to draw; "
                "deckgen stops it there")
    if code == svgdraw.EXIT_NO_MEMORY:
        return (f"image '{path.name}' needs more than {SVG_MEMORY // 1048576:,} MiB of memory "
                "to draw")
    if code == svgdraw.EXIT_NO_CAIRO:
        return f"image '{path.name}': SVG needs CairoSVG and the cairo library ({said})"
    if code == svgdraw.EXIT_BROKEN:
        return f"image '{path.name}' is not a usable SVG file: {said}"
    return (f"image '{path.name}': the process drawing it ended with status {code}"
            + (f" ({said})" if said else ""))


# Lengths in an SVG's width and height, in CSS pixels (96 per inch), as CairoSVG reads them.
_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
          "in": 96.0, "em": 16.0, "ex": 8.0}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z%]*)\s*")
_ROOT = re.compile(rb"<svg\b([^>]*)>", re.IGNORECASE)
_DATA_URI = re.compile(rb"(?:href\s*=\s*[\"']|url\(\s*[\"']?)\s*data:", re.IGNORECASE)
MAX_SVG_ELEMENTS = 50_000  # drawn elements once every <use> is expanded
MAX_SVG_DEPTH = 200  # elements inside elements, references followed


def _svg_size(path: Path, where: Location | None) -> tuple[int, int]:
    """The size an SVG declares (width and height, else its viewBox), read from the
    file's text before anything is drawn; the pixel limit applies to it."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        raise DeckError(f"image '{path.name}' is a compressed SVG (.svgz)", where,
                        hint="save it as plain SVG: compressed files can inflate without "
                        "bound")
    if _DATA_URI.search(data):
        raise DeckError(f"image '{path.name}' embeds a picture as a data: address", where,
                        hint="export the SVG without embedded pictures, or use the picture "
                        "(PNG, JPEG) itself")
    root = _ROOT.search(data)
    if root is None:
        raise DeckError(f"image '{path.name}' is not an SVG file (no <svg> element)", where)
    attrs = root.group(1).decode("utf-8", "replace")
    box = _attr(attrs, "viewBox")
    numbers = [float(n) for n in re.findall(r"[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?",
                                            box or "")]
    view = (numbers[2], numbers[3]) if len(numbers) == 4 else (100.0, 100.0)
    width = _length(_attr(attrs, "width"), view[0])
    height = _length(_attr(attrs, "height"), view[1])
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        raise DeckError(f"image '{path.name}' declares an empty or unusable size", where)
    _check_pixels(path, width * height, f"{width:.0f}x{height:.0f}", where)
    _check_elements(path, data, where)
    return max(1, round(width)), max(1, round(height))


def _attr(attrs: str, name: str) -> str | None:
    found = re.search(rf"(?:^|\s){name}\s*=\s*([\"'])(.*?)\1", attrs)
    return found.group(2) if found else None


def _length(written: str | None, fallback: float) -> float:
    """A width or height in CSS pixels; a percentage is of the viewBox."""
    found = _LENGTH.fullmatch(written or "")
    if found is None:
        return fallback
    value, unit = float(found.group(1)), found.group(2).lower()
    if unit == "%":
        return fallback * value / 100
    return value * _UNITS.get(unit, 1.0)


def _check_declarations(path: Path, data: bytes, where: Location | None) -> None:
    """Refuse an SVG whose DOCTYPE declares anything (entities, default attributes).

    The plain ``<!DOCTYPE svg PUBLIC ... svg11.dtd>`` that editors write declares
    nothing and is read like any other file; a document type with declarations of
    its own can make text or attributes out of nothing, which neither the shape
    count below nor anyone reading the file would see.  Only the prolog is read:
    the scan stops at the first element.
    """
    from xml.parsers import expat

    class Stop(Exception):
        pass

    found: list[str] = []

    def doctype(_name: str, _system: str | None, _public: str | None, internal: int) -> None:
        if internal:
            found.append("a DOCTYPE with declarations of its own")
            raise Stop

    def entity(name: str, *_rest: object) -> None:
        found.append(f"an entity ('{name}')")
        raise Stop

    def element(*_args: object) -> None:
        raise Stop

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = element
    try:
        parser.Parse(data, True)
    except Stop:
        pass
    except expat.ExpatError:
        pass  # a broken file is reported by the full parse
    if found:
        raise DeckError(f"image '{path.name}' declares {found[0]}; deckgen reads SVG without "
                        "them", where, hint="remove the <!DOCTYPE ...> block, or export the "
                        "image again as plain SVG")


def _check_elements(path: Path, data: bytes, where: Location | None) -> None:
    """Refuse an SVG whose <use> elements multiply a few shapes into millions.

    Counted on the element tree, each <use> standing for what it names; every file
    is counted (a DOCTYPE that declares anything is refused first), and a file that
    is not well-formed XML is refused here, before anything would draw it.
    """
    _check_declarations(path, data, where)
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise DeckError(f"image '{path.name}' is not a usable SVG file: the XML is broken "
                        f"({exc})", where) from None
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    sizes: dict[int, int] = {}

    def size(element: ElementTree.Element, depth: int = 0) -> int:
        known = sizes.get(id(element))
        if known is not None:
            return known
        if depth > MAX_SVG_DEPTH:
            return MAX_SVG_ELEMENTS + 1
        sizes[id(element)] = MAX_SVG_ELEMENTS + 1 if depth else 1  # a reference cycle
        total = 1
        if element.tag.rsplit("}", 1)[-1] == "use":
            ref = (element.get("href") or element.get("{http://www.w3.org/1999/xlink}href")
                   or "").lstrip("#")
            if ref in ids and depth < 32:
                total += size(ids[ref], depth + 1)
        for child in element:
            total = min(total + size(child, depth + 1), MAX_SVG_ELEMENTS + 1)
        sizes[id(element)] = total
        return total

    count = size(root)
    if count > MAX_SVG_ELEMENTS:
        raise DeckError(f"image '{path.name}' draws more than {MAX_SVG_ELEMENTS:,} shapes once "
                        "its <use> elements are expanded", where,
                        hint="simplify it, or export it as PNG")


def svg_for_box(path: Path, width_pt: float, where: Location | None) -> bytes:
    """PNG bytes of an SVG at :data:`SVG_DPI` for a box ``width_pt`` points wide, never
    more pixels than the limit allows."""
    width, height = _svg_size(path, where)
    wanted = max(1, round(width_pt / 72 * SVG_DPI))
    most = max(1, int(math.sqrt(MAX_PIXELS * width / height)))
    return _svg_png(path, where, min(wanted, most))


def slide_cover(path: Path, aspect: float, width: int = 192) -> Any:
    """The picture as it covers a slide of ``aspect`` (centre-cropped, as it is drawn),
    scaled to ``width`` pixels: an RGB array (rows, columns, 3) of floats in 0..255.

    Small on purpose: text colours are chosen from what lies under a text box,
    and a few pixels a point are plenty for that.
    """
    import numpy as np

    return np.asarray(_slide_cover(str(path), path.stat().st_mtime_ns, round(aspect, 4), width))


@functools.lru_cache(maxsize=32)
def _slide_cover(name: str, _mtime: int, aspect: float, width: int) -> Any:
    import numpy as np
    from PIL import Image

    with Image.open(name) as image:
        rgb = image.convert("RGB")
    w, h = rgb.size
    if w / h > aspect:
        cut = (w - h * aspect) / 2
        box = (cut, 0.0, w - cut, float(h))
    else:
        cut = (h - w / aspect) / 2
        box = (0.0, cut, float(w), h - cut)
    small = rgb.resize((width, max(1, round(width / aspect))), Image.BILINEAR, box=box)
    array = np.asarray(small, dtype=np.float64)
    array.setflags(write=False)
    return array
