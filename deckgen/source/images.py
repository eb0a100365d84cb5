"""Open images defensively before python-pptx sees them.

Pillow only warns about decompression bombs below twice its own limit, and
guesses formats from content; deckgen names the formats it accepts and keeps
a pixel limit of its own, so a hostile or broken image is a located error.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from deckgen.errors import DeckError, Location

FORMATS = ("PNG", "JPEG", "GIF")  # and SVG, drawn to PNG by CairoSVG
MAX_PIXELS = 40_000_000
MAX_BYTES = 50 * 1024 * 1024


def inspect_image(path: Path, where: Location | None) -> tuple[int, int]:
    """Return (width, height) of a PNG, JPEG or GIF file, or raise a located error."""
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
    except DeckError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        count = re.search(r"\((\d+) pixels\)", str(exc))
        _check_pixels(path, int(count[1]) if count else MAX_PIXELS + 1, "", where)
        raise  # unreachable: the count is over the limit
    except UnidentifiedImageError:
        raise DeckError(f"image '{path.name}' is not a PNG, JPEG or GIF file", where) from None
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


SVG_DPI = 220  # vector art is drawn at this resolution for its box on the slide


def _svg_png(path: Path, where: Location | None, width_px: int | None = None) -> bytes:
    """Draw an SVG with CairoSVG in its safe mode (no external files, no entities)."""
    try:
        import cairosvg
    except (ImportError, OSError):
        raise DeckError(f"image '{path.name}': SVG needs CairoSVG and the cairo library",
                        where, hint="apt-get install libcairo2, or export the image as PNG"
                        ) from None
    try:
        return cairosvg.svg2png(bytestring=path.read_bytes(), unsafe=False,
                                output_width=width_px)
    except Exception as exc:  # CairoSVG raises many kinds on a broken file
        raise DeckError(f"image '{path.name}' is not a usable SVG file: "
                        f"{type(exc).__name__}: {exc}", where) from None


def _svg_size(path: Path, where: Location | None) -> tuple[int, int]:
    import io

    with Image.open(io.BytesIO(_svg_png(path, where))) as image:
        return image.size


def svg_for_box(path: Path, width_pt: float, where: Location | None) -> bytes:
    """PNG bytes of an SVG at :data:`SVG_DPI` for a box ``width_pt`` points wide."""
    return _svg_png(path, where, max(1, round(width_pt / 72 * SVG_DPI)))
