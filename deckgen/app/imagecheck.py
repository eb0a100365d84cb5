"""Pictures taken out of an imported deck, checked before they are written.

A picture becomes a file the new deck names, so it must pass the same limits
a deck's images do (:mod:`deckgen.source.images`): a format deckgen places,
at most 50 MiB and 40 million pixels, decodable.  Formats deckgen does not
place but Pillow reads (BMP, TIFF, WebP) are converted to PNG; the rest
(WMF, EMF, ...) are refused with the reason.
"""

from __future__ import annotations

import io
import re
import warnings

from deckgen.source.images import MAX_BYTES, MAX_PIXELS

_KEEP = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}


def normalise(data: bytes, ext: str) -> tuple[bytes | None, str, str]:
    """(bytes to write or None, file extension, what happened or why it was refused)."""
    if len(data) > MAX_BYTES:
        return None, ext, f"is {len(data) / 1048576:.0f} MiB, above the limit of 50 MiB"
    if ext.lower() == "svg" or data.lstrip()[:5] in (b"<?xml", b"<svg "):
        return data, "svg", ""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return None, ext, (f"is {width} x {height} pixels, above the limit of "
                                       f"{MAX_PIXELS:,}")
                kind = image.format or ""
                image.load()
                if kind in _KEEP:
                    return data, _KEEP[kind], ""
                buffer = io.BytesIO()
                image.save(buffer, "PNG")
                return buffer.getvalue(), "png", f"a {kind} picture was converted to PNG"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        count = re.search(r"\((\d+) pixels\)", str(exc))  # Pillow refused it from its header
        pixels = f"{int(count.group(1)):,} pixels" if count else "too many pixels"
        return None, ext, f"has {pixels}, above the limit of {MAX_PIXELS:,}"
    except (OSError, ValueError, SyntaxError) as exc:
        return None, ext, f"({ext.upper()}) cannot be read as a picture deckgen places ({exc})"
