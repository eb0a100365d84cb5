"""Find font files and measure text with their real metrics.

Fonts are looked up with fontconfig (``fc-match``), the same resolver
LibreOffice uses when it renders a deck, so a theme's "Calibri" is measured
with the metric-compatible Carlito that will actually draw it.  Without
fontconfig the DejaVu fonts bundled with matplotlib are used, found on disk
without importing matplotlib (which would cost half a second).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import PIL
from PIL import ImageFont

from deckgen.source.machine import cache_dir
from deckgen.source.machine import fontconfig_stamp as _fontconfig_stamp

REFERENCE_SIZE = 100  # widths are measured once at this size and scaled
_CACHE_FILE = "fonts-v1.json"


@functools.cache
def _bundled_dejavu() -> dict[tuple[bool, bool], str]:
    spec = importlib.util.find_spec("matplotlib")
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    names = {
        (False, False): "DejaVuSans.ttf",
        (True, False): "DejaVuSans-Bold.ttf",
        (False, True): "DejaVuSans-Oblique.ttf",
        (True, True): "DejaVuSans-BoldOblique.ttf",
    }
    return {k: str(folder / v) for k, v in names.items()}


class _Index:
    """family/style -> file, remembered across runs in the cache folder.

    Forgotten when fontconfig's caches change (a font was installed or
    removed), so a family once substituted is looked up again.
    """

    def __init__(self) -> None:
        self.path = cache_dir() / _CACHE_FILE
        self.stamp = _fontconfig_stamp()
        try:
            self.known: dict[str, str] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.known = {}
        if not isinstance(self.known, dict) or self.known.get("fontconfig") != self.stamp:
            self.known = {"fontconfig": self.stamp}
        self.checked: dict[str, str] = {}
        self.dirty = False

    def lookup(self, family: str, bold: bool, italic: bool) -> str:
        key = f"{family}|{int(bold)}{int(italic)}"
        found = self.checked.get(key)
        if found is not None:  # seen on disk once in this process: no stat per word
            return found
        found = self.known.get(key)
        if not (found and os.path.exists(found)):
            found = _fc_match(family, bold, italic) or _bundled_dejavu()[(bold, italic)]
            self.known[key] = found
            self._save()
        self.checked[key] = found
        return found

    def covering(self, char: str) -> str | None:
        """A font file that has ``char``: fontconfig's own fallback (None: no font has it)."""
        key = f"char|{ord(char):X}"
        found = self.checked.get(key)
        if found is None:
            found = self.known.get(key)
            if found is None or not os.path.exists(found):
                found = _fc_covering(char) or ""
                if found:  # "no font" is not kept: a font may be installed before the next build
                    self.known[key] = found
                    self._save()
            self.checked[key] = found
        return found or None

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.known, sort_keys=True))
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only cache only costs time


def _fc_match(family: str, bold: bool, italic: bool) -> str | None:
    exe = shutil.which("fc-match")
    if not exe:
        return None
    pattern = family + (":bold" if bold else "") + (":italic" if italic else "")
    try:
        out = subprocess.run([exe, "-f", "%{file}", pattern], capture_output=True,
                             text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    usable = out and os.path.exists(out) and out.lower().endswith((".ttf", ".otf", ".ttc"))
    return out if usable else None


def _fc_covering(char: str) -> str | None:
    """The first scalable font file fontconfig lists with a glyph for ``char``."""
    exe = shutil.which("fc-list")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, f":charset={ord(char):x}", "file"], capture_output=True,
                             text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.strip().rstrip(":") for line in out.splitlines())
    return next((f for f in files if f.lower().endswith((".ttf", ".otf", ".ttc"))), None)


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


def font_file(family: str, bold: bool = False, italic: bool = False) -> str:
    """The file that will draw ``family`` in this style on this machine."""
    return _index().lookup(family, bold, italic)


@functools.lru_cache(maxsize=64)
def _face(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, REFERENCE_SIZE)


# The height of one line of slide text, in ems of its size, at single spacing.
# LibreOffice lays out presentation text with font-independent line spacing:
# every line is 1.2 x its font size, whatever the font's own hhea, OS/2 "win"
# or typo metrics say (measured at 11-44 pt in Carlito, Caladea, Liberation
# Sans/Serif/Mono, DejaVu Sans/Serif, Noto Sans/Serif CJK, with CJK and emoji
# fallback in the line and an Arial bullet: 1.198-1.2005 em in every case,
# where the font tables give 1.13-1.45 em).
FRAME_LINE_EM = 1.2


def frame_line_em() -> float:
    """The height one line of text in a slide's text frame or table cell takes, in ems.

    The same for every font (see ``FRAME_LINE_EM``): measuring it from the font
    put Liberation Sans at 1.15 em, and its text ran past its box when drawn.
    """
    return FRAME_LINE_EM


def line_height_em(path: str) -> float:
    """The height one line takes, in ems, at single spacing, by the font's own tables.

    What a renderer that follows the font draws (matplotlib's figures); slide
    text is measured with :func:`frame_line_em`.  Kept with the font's widths.
    """
    metrics = _metrics(path)
    if metrics.line is None:
        metrics.line = _line_height_em(path)
        metrics.dirty = True
    return metrics.line


def _line_height_em(path: str) -> float:
    """The height one line takes, in ems, at single spacing.

    Renderers take it from the font's hhea or OS/2 "win" metrics (FreeType's
    size metrics, which Pillow reports, can be a whole em smaller); the larger
    of the two keeps a fitted box from overflowing in either.
    """
    from fontTools.ttLib import TTFont, TTLibError

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # odd head dates are harmless
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
        units = font["head"].unitsPerEm
        hhea, os2 = font["hhea"], font["OS/2"]
        em = max((hhea.ascent - hhea.descent + hhea.lineGap) / units,
                 (os2.usWinAscent + os2.usWinDescent) / units)
        font.close()
        return em
    except (TTLibError, KeyError, OSError, AttributeError):
        ascent, descent = _face(path).getmetrics()
        return max((ascent + descent) / REFERENCE_SIZE, 1.2)


class Measurer:
    """Measures words in ems, caching each word once per font file.

    A character is measured with the font that will draw it: the run's font,
    the East Asian font for wide characters, then the theme's fallbacks, then
    any installed font that has it (fontconfig's fallback, as LibreOffice does).
    """

    def __init__(self, east_asian: str, fallbacks: tuple[str, ...] = ()):
        self.east_asian = east_asian
        self.fallbacks = fallbacks
        self._widths: dict[tuple[str, str], float] = {}
        self._drawers: dict[tuple[str, str], str | None] = {}
        # Per text, as each is asked for every run of every slide (a footer with a
        # "·" on all of them) and is worked out character by character.
        self._fallback_pieces: dict[tuple[str, str, bool, bool],
                                    tuple[tuple[str, str | None], ...]] = {}
        self._missing: dict[tuple[str, str, bool, bool], tuple[str, ...]] = {}

    def drawer(self, char: str, path: str) -> str | None:
        """The font file that will draw ``char`` in a run set in ``path`` (None: no font)."""
        key = (path, char)
        if key in self._drawers:
            return self._drawers[key]
        east_asian = font_file(self.east_asian)
        order = [east_asian, path] if is_wide(char) else [path, east_asian]
        order += [font_file(name) for name in self.fallbacks]
        found = next((f for f in order if _metrics(f).covers(char)), None)
        if found is None:
            found = _index().covering(char)
        self._drawers[key] = found
        return found

    def fallback_pieces(self, text: str, family: str, bold: bool = False,
                        italic: bool = False) -> tuple[tuple[str, str | None], ...]:
        """``text`` in pieces, each with the theme fallback font that must draw it (or None).

        A renderer's own fallback may pick a font it cannot draw (a colour
        emoji font in a PDF), so characters that only a theme fallback has are
        set in that font by name.
        """
        if text.isascii() or not self.fallbacks:
            return ((text, None),)
        key = (text, family, bold, italic)
        found = self._fallback_pieces.get(key)
        if found is None:
            found = self._fallback_pieces[key] = self._find_fallback_pieces(*key)
        return found

    def _find_fallback_pieces(self, text: str, family: str, bold: bool,
                              italic: bool) -> tuple[tuple[str, str | None], ...]:
        path = font_file(family, bold, italic)
        own = {path, font_file(self.east_asian)}
        files = {font_file(name): name for name in reversed(self.fallbacks)}
        pieces: list[tuple[str, str | None]] = []
        for char in text:
            drawer = None if char.isascii() else self.drawer(char, path)
            name = files.get(drawer) if drawer not in own else None
            if pieces and pieces[-1][1] == name:
                pieces[-1] = (pieces[-1][0] + char, name)
            else:
                pieces.append((char, name))
        return tuple(pieces)

    def missing(self, text: str, family: str, bold: bool = False,
                italic: bool = False) -> tuple[str, ...]:
        """The characters of ``text`` that no installed font can draw, in order, once each."""
        if text.isascii():
            return ()
        key = (text, family, bold, italic)
        found = self._missing.get(key)
        if found is None:
            found = self._missing[key] = self._find_missing(*key)
        return found

    def _find_missing(self, text: str, family: str, bold: bool,
                      italic: bool) -> tuple[str, ...]:
        path = font_file(family, bold, italic)
        out: list[str] = []
        for char in dict.fromkeys(text):
            if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Mn"):
                continue
            if self.drawer(char, path) is None:
                out.append(char)
        return tuple(out)

    def width_em(self, text: str, path: str) -> float:
        key = (path, text)
        cached = self._widths.get(key)
        if cached is not None:
            return cached
        if "\n" in text:  # raqm cannot lay out a line break: the widest line is the width
            return max(self.width_em(line, path) for line in text.split("\n"))
        width = 0.0
        if text.isascii():
            width = _metrics(path).width(text)
        else:
            for chunk, drawer in self._split_fonts(text, path):
                width += _metrics(drawer).width(chunk)
        self._widths[key] = width
        return width

    def _split_fonts(self, text: str, path: str) -> list[tuple[str, str]]:
        """``text`` in pieces, each with the font file that draws it."""
        chunks: list[tuple[str, str]] = []
        for char in text:
            drawer = path if char.isascii() else (self.drawer(char, path) or path)
            if chunks and chunks[-1][1] == drawer:
                chunks[-1] = (chunks[-1][0] + char, drawer)
            else:
                chunks.append((char, drawer))
        return chunks


class _Metrics:
    """One font file's measured widths (and line height), kept in the cache folder.

    Measuring loads the font and asks FreeType; a deck's words recur from one
    build to the next, so a rebuild reads them back and often never opens a
    font.  The file is named by everything that decides a width: the font
    file's path, size and time, Pillow's version and layout engine.
    """

    def __init__(self, path: str):
        self.path = path
        self.widths: dict[str, float] = {}
        self.line: float | None = None
        self.has: dict[str, bool] = {}  # characters looked up in the font's cmap
        self.dirty = False
        self.file: Path | None = None
        try:
            stat = os.stat(path)
        except OSError:
            return
        stamp = (f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{PIL.__version__}|"
                 f"{getattr(ImageFont.core, 'HAVE_RAQM', '?')}|{REFERENCE_SIZE}")
        name = hashlib.sha1(stamp.encode("utf-8", "surrogatepass")).hexdigest()
        self.file = cache_dir() / "metrics" / f"{name}.json"
        self.widths, self.line, self.has = _read_metrics(self.file)

    def width(self, chunk: str) -> float:
        found = self.widths.get(chunk)
        if found is None:
            try:
                found = _face(self.path).getlength(chunk) / REFERENCE_SIZE
            except OSError:  # a bitmap-only font (colour emoji) has no size 100
                found = _advance_em(self.path, chunk)
            self.widths[chunk] = found
            self.dirty = True
        return found

    def covers(self, char: str) -> bool:
        """Whether the font has a glyph for ``char`` (remembered with its widths)."""
        found = self.has.get(char)
        if found is None:
            found = self.has[char] = ord(char) in _cmap(self.path)
            self.dirty = True
        return found

    def save(self) -> None:
        """Write new measurements, keeping those another build may have added meanwhile."""
        if not self.dirty or self.file is None:
            return
        widths, line, has = _read_metrics(self.file)
        widths.update(self.widths)
        has.update(self.has)
        tmp = self.file.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"line": self.line or line, "widths": widths,
                                       "has": has}, ensure_ascii=False), encoding="utf-8")
            os.rename(tmp, self.file)  # atomic on POSIX; elsewhere the next build re-measures
            self.dirty = False
        except (OSError, ValueError):  # a read-only cache only costs time
            with contextlib.suppress(OSError):
                tmp.unlink()


def _read_metrics(file: Path) -> tuple[dict[str, float], float | None, dict[str, bool]]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        widths = {k: v for k, v in data["widths"].items() if isinstance(v, float)}
        has = {k: v for k, v in data.get("has", {}).items() if isinstance(v, bool)}
        line = data.get("line")
        return widths, line if isinstance(line, float) else None, has
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, None, {}


@functools.lru_cache(maxsize=32)
def _cmap(path: str) -> frozenset[int]:
    """The code points a font file has glyphs for (the first font of a collection)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except (TTLibError, KeyError, OSError, AttributeError):
        return frozenset()


def _advance_em(path: str, text: str) -> float:
    """Advance widths from the font's tables, for fonts FreeType cannot scale."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            cmap, metrics = font.getBestCmap() or {}, font["hmtx"].metrics
            units = font["head"].unitsPerEm
            return sum(metrics.get(cmap.get(ord(c), ".notdef"), (units, 0))[0]
                       for c in text) / units
    except (TTLibError, KeyError, OSError, AttributeError):
        return float(len(text))


_LOADED: dict[str, _Metrics] = {}


def _metrics(path: str) -> _Metrics:
    found = _LOADED.get(path)
    if found is None:
        found = _LOADED[path] = _Metrics(path)
    return found


def save_measurements() -> None:
    """Keep this process's new measurements for the next build (see :class:`_Metrics`)."""
    for metrics in list(_LOADED.values()):
        metrics.save()


def is_wide(char: str) -> bool:
    """True for characters that an East Asian font draws."""
    return unicodedata.east_asian_width(char) in ("W", "F")
