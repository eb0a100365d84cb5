"""What the layout stage hands to the render stage: boxes in EMU and their content.

Slide kinds only produce these plain records; the renderer alone knows
python-pptx.  That keeps layout testable without building a file and keeps
the renderer free of decisions about design.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from deckgen.errors import Location
from deckgen.layout.textfit import Para

EMU_PER_PT = 12700


def emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


@dataclass(frozen=True)
class Box:
    """A rectangle in points; converted to EMU only when drawn."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(self.w - 2 * dx, 1), max(self.h - 2 * dy, 1))

    def split_x(self, fraction: float, gap: float) -> tuple[Box, Box]:
        left = (self.w - gap) * fraction
        return (Box(self.x, self.y, left, self.h),
                Box(self.x + left + gap, self.y, self.w - left - gap, self.h))

    def take_bottom(self, height: float, gap: float = 0) -> tuple[Box, Box]:
        """Split off a strip of ``height`` at the bottom; returns (rest, strip)."""
        return (Box(self.x, self.y, self.w, max(self.h - height - gap, 1)),
                Box(self.x, self.bottom - height, self.w, height))

    def columns(self, count: int, gap: float) -> list[Box]:
        width = (self.w - gap * (count - 1)) / count
        return [Box(self.x + i * (width + gap), self.y, width, self.h) for i in range(count)]

    def rows(self, count: int, gap: float) -> list[Box]:
        height = (self.h - gap * (count - 1)) / count
        return [Box(self.x, self.y + i * (height + gap), self.w, height) for i in range(count)]


@dataclass(frozen=True)
class TextSpec:
    """Fitted text: paragraphs at one base size, with the font and colours to use."""

    paras: list[Para]
    size: float
    font: str
    color: str
    mono: str
    east_asian: str
    language: str
    highlight: str
    link: str
    bold: bool = False
    italic: bool = False
    align: str = "left"  # left, center, right
    anchor: str = "top"  # top, middle, bottom
    inset: float = 0.0
    line_spacing: float = 1.0
    paragraph_space: float = 0.0
    bullet_color: str | None = None
    indent: float = 0.0
    bullet_font: str | None = None  # the markers' face; None: the text's own


@dataclass(frozen=True)
class GroupTag:
    """Marks the elements drawn as one group: a diagram, with what it shows in words.

    Elements stay in the flat list (contrast and room checks see every text);
    the serializer gathers the consecutive parts of one tag into a ``p:grpSp``
    whose description screen readers announce.
    """

    description: str
    name: str = "Diagram"


@dataclass(frozen=True)
class Shape:
    """A text box (``geometry`` None) or an auto shape, optionally holding text."""

    box: Box
    text: TextSpec | None = None
    geometry: str | None = None  # a python-pptx MSO_SHAPE member name
    fill: str | None = None
    line: str | None = None
    line_width: float = 0.0
    role: str | None = None  # "title", "body", "body2" (a second column), "subtitle",
    # "caption" and "footer" go into the layout's placeholders of that kind where it has
    # one; "source" and "footer" are read after the body
    name: str = "Text"
    rotation: float = 0.0
    adjustments: tuple[float, ...] = ()
    flip_h: bool = False
    opacity: float = 1.0  # of the fill: below 1 for a scrim laid over a picture
    decorative: bool = False  # adds nothing a reader needs (rules, panels, scrims)
    group: GroupTag | None = None  # one part of a diagram drawn as a described group
    build: str | None = None  # the tag a slide's builds name it by (see Build)


@dataclass(frozen=True)
class Line:
    """A straight connector, with an arrow head at its end if ``arrow``."""

    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    width: float
    arrow: bool = False
    name: str = "Connector"
    decorative: bool = False
    group: GroupTag | None = None


@dataclass(frozen=True)
class Picture:
    """An image file, or a chart to draw; ``alt`` becomes its description."""

    box: Box
    alt: str
    path: Path | None = None
    chart: Any = None  # a deckgen.layout.charts job; its PNG is drawn before rendering
    data: bytes | None = None  # image bytes made during layout (SVG drawn as PNG)
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    name: str = "Picture"
    role: str | None = None  # "picture": in the layout's picture placeholder if it has
    # one; "logo": slide furniture, read after the body
    build: str | None = None


@dataclass(frozen=True)
class NativeChart:
    """A chart PowerPoint draws itself: editable, its numbers in an embedded workbook.

    It carries the same checked job a picture chart would be drawn from, so both
    show the same data in the same colours; the typefaces are the theme's family
    names, since PowerPoint (not matplotlib) sets the text.
    """

    box: Box
    alt: str
    chart: Any  # a deckgen.layout.charts job
    font: str  # the theme's body font family
    east_asian: str
    language: str
    name: str = "Chart"


@dataclass(frozen=True)
class TableCell:
    text: TextSpec
    fill: str | None = None


@dataclass(frozen=True)
class TableFrame:
    box: Box
    cells: list[list[TableCell]]
    col_widths: list[float]
    row_heights: list[float]
    line: str = "#000000"
    name: str = "Table"
    header: bool = False  # the first row heads the columns (screen readers announce it)
    build: str | None = None


@dataclass(frozen=True)
class Field:
    """The slide-number field, so PowerPoint renumbers slides when they move."""

    box: Box
    text: TextSpec
    number: int
    name: str = "Slide Number"


READ_LAST = ("source", "footer", "logo")  # roles a screen reader reaches after the body

Element = Union[Shape, Line, Picture, NativeChart, TableFrame, Field]


@dataclass(frozen=True)
class Target:
    """What one click shows: every element whose ``build`` is ``tag``, or only paragraphs
    ``paras`` (first and last, from 0) of the text of the one element with that tag."""

    tag: str
    paras: tuple[int, int] | None = None


@dataclass(frozen=True)
class Build:
    """One click of a slide's build (``reveal:``): the targets that appear on it.

    Elements are named by a tag they carry rather than by their place in the
    list, since later passes (room, readable colours) replace and insert
    elements.  Untagged elements (title, footer, slide number, side picture)
    are there from the start.
    """

    shows: tuple[Target, ...]


@dataclass(frozen=True)
class SlidePlan:
    """One slide, laid out and ready to render: what the serializer draws, exactly."""

    kind: str
    title: str
    where: Location
    background: str | Path
    elements: tuple[Element, ...] = ()
    notes: str = ""
    veil: tuple[str, float] | None = None  # (colour, opacity) laid over a background picture
    builds: tuple[Build, ...] = ()  # the clicks that bring the content on, in order
    layout: str | None = None  # the layout the slide names (None: chosen for its kind)
    layout_where: Location | None = None  # where that name is written


@dataclass
class Draft:
    """A slide while its kind lays it out; :meth:`done` freezes it into a :class:`SlidePlan`.

    Kinds append elements in drawing order and may set the notes; nothing
    changes once the plan leaves the layout stage.
    """

    kind: str
    title: str
    where: Location
    background: str | Path
    elements: list[Element] = field(default_factory=list)
    notes: str = ""
    veil: tuple[str, float] | None = None
    builds: list[Build] = field(default_factory=list)

    def done(self) -> SlidePlan:
        return SlidePlan(kind=self.kind, title=self.title, where=self.where,
                         background=self.background, elements=tuple(self.elements),
                         notes=self.notes, veil=self.veil, builds=tuple(self.builds))
