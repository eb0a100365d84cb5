"""A chart ready to draw: checked data, the theme's look and the size on the slide.

A :class:`ChartJob` is plain, picklable data so it can be drawn in another
process, and everything that changes its pixels is in it, so its
:meth:`ChartJob.key` names the picture in the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Optional

# Bump when a change to the drawing code changes pictures: old cache entries then miss.
CODE_VERSION = "charts-1"
DPI = 220
_LIBRARIES = ("matplotlib", "numpy", "pillow")


@dataclass(frozen=True)
class Style:
    """The part of a theme a chart uses: colours, font files, text size."""

    background: str  # the slide's colour: the theme's, or the slide's own
    text: str
    muted: str
    accent: str
    grid: str
    surface: str
    on_accent: str
    palette: tuple[str, ...]
    font: str  # regular body font file
    font_bold: str
    east_asian: str  # file of the theme's East Asian font, the fallback for CJK
    east_asian_family: str
    size: float  # points
    fallbacks: tuple[str, ...] = ()  # files of the theme's fallback fonts (emoji), in order


@dataclass(frozen=True)
class DataSeries:
    name: str
    values: tuple[Optional[float], ...]


@dataclass(frozen=True)
class ChartJob:
    """One chart to draw. A heatmap keeps its columns as ``categories`` and rows as ``series``."""

    type: str
    categories: tuple[str, ...]
    series: tuple[DataSeries, ...]
    style: Style
    width: float  # points, the picture's box on the slide
    height: float
    unit: str = ""
    labels: bool = False
    highlight: Optional[str] = None
    x_label: Optional[str] = None
    y_label: Optional[str] = None
    center: Optional[float] = None
    transparent: bool = False  # the slide has a picture behind the chart
    dpi: int = DPI

    def spec(self) -> dict[str, Any]:
        """Everything that decides the picture, as JSON-ready data."""
        return dataclasses.asdict(self)

    def key(self) -> str:
        """Cache key: the spec, the font files, the drawing libraries and this code.

        Worked out once per job (jobs are frozen, the files do not change during a
        build): the figures stage and the serializer both ask for it.
        """
        known = self.__dict__.get("_key")
        if known is not None:
            return known
        payload = {
            "spec": self.spec(),
            "fonts": [_file_stamp(p) for p in (self.style.font, self.style.font_bold,
                                              self.style.east_asian, *self.style.fallbacks)],
            "versions": library_versions(),
            "code": [CODE_VERSION, code_digest()],
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=True, allow_nan=False)
        key = hashlib.sha256(text.encode()).hexdigest()
        object.__setattr__(self, "_key", key)
        return key

    @property
    def pixels(self) -> tuple[int, int]:
        """The PNG's size: the box at :attr:`dpi` (whole pixels, rounded down as Agg does)."""
        return int(self.width / 72 * self.dpi), int(self.height / 72 * self.dpi)


def _file_stamp(path: str) -> list[Any]:
    try:
        stat = os.stat(path)
    except OSError:
        return [path, None]
    return [path, stat.st_size, int(stat.st_mtime)]


_VERSIONS: dict[str, str] = {}
_DIGEST: list[str] = []


def code_digest() -> str:
    """A digest of the drawing code, so an edited chart module never serves stale pictures."""
    if not _DIGEST:
        package = Path(__file__).resolve().parents[2]
        figures = package / "figures"
        files = [figures / "draw.py", package / "layout" / "charts" / "fmt.py",
                 package / "layout" / "charts" / "colours.py",
                 package / "layout" / "charts" / "points.py",
                 *sorted((figures / "types").glob("*.py"))]
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _DIGEST.append(digest.hexdigest()[:16])
    return _DIGEST[0]


def library_versions() -> dict[str, str]:
    """Installed versions, read from package metadata (importing them would cost time)."""
    if not _VERSIONS:
        for name in _LIBRARIES:
            try:
                _VERSIONS[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                _VERSIONS[name] = "none"
    return dict(_VERSIONS)
