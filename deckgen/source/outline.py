"""What an imported deck says, before it becomes deck YAML.

``deckgen import`` reads two kinds of source: a ``.pptx`` (``deckgen.ooxml.reader``)
and a Markdown deck (``deckgen.source.markdown``).  Both describe their slides
with these frozen types, so one converter (``deckgen.app.importer``) chooses
slide kinds and writes YAML for either, and neither reader needs to know the
deck format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Span:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False
    link: str | None = None


@dataclass(frozen=True)
class OutlinePara:
    """One paragraph: its spans, outline level (0 = top) and list style."""

    spans: tuple[Span, ...]
    level: int = 0
    numbered: bool = False
    bulleted: bool = False

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class OutlineText:
    """A text body: a placeholder, a text box, a Markdown run of paragraphs.

    ``role`` is what the source says it is (``title``, ``subtitle``, ``body``,
    ``quote``, ``heading`` for a column heading); ``name`` is the shape's name,
    which decks written by deckgen use to say what each box holds.
    ``size`` is the largest type size in points, when the source gives one.
    """

    paras: tuple[OutlinePara, ...]
    role: str = "body"
    name: str = ""
    size: float | None = None
    centred: bool = False
    left: int = 0  # position on the slide, to order columns

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)


@dataclass(frozen=True)
class OutlineTable:
    rows: tuple[tuple[str, ...], ...]
    header: bool = True
    name: str = ""


@dataclass(frozen=True)
class OutlinePicture:
    """A picture's bytes and alt text; ``ext`` is its file type (``png``, ``jpeg``, ...)."""

    data: bytes
    ext: str
    alt: str = ""
    name: str = ""
    background: bool = False  # covers the whole slide (or Marp's ``![bg]``)
    left: int = 0


@dataclass(frozen=True)
class OutlineChart:
    """A native chart's numbers; ``kind`` is deckgen's chart type, or None when it has none.

    ``x_title`` and ``y_title`` are the horizontal and vertical axis titles as
    drawn; ``number_format`` is the values' Excel format code, where a unit
    such as ``"%"`` lives; ``labels`` says every value is written on the chart;
    ``highlight`` names the one category or series whose labels are set in bold.
    """

    kind: str | None
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    title: str = ""
    alt: str = ""
    source_type: str = ""
    x_title: str = ""
    y_title: str = ""
    number_format: str = ""
    labels: bool = False
    highlight: str = ""


@dataclass(frozen=True)
class Code:
    """A code block; ``numbers`` when its lines are numbered, counting from ``first``;
    ``parts`` is how many slides it was split over (continuation slides rejoined)."""

    language: str
    text: str
    numbers: bool = False
    first: int = 1
    parts: int = 1


@dataclass(frozen=True)
class Drawing:
    """Shapes the format cannot say (a group, loose drawn shapes), with their text.

    ``png`` is a rendering of that part of the slide when one could be made.
    """

    texts: tuple[str, ...]
    reason: str
    png: bytes | None = None
    box: tuple[int, int, int, int] = (0, 0, 0, 0)  # x, y, w, h in EMU


Block = Union[OutlineText, OutlineTable, OutlinePicture, OutlineChart, Code, Drawing]


@dataclass(frozen=True)
class OutlineSlide:
    """One source slide.

    ``layout`` is the source's own word for the slide's arrangement
    (PowerPoint's layout type such as ``title``, ``secHead``, ``twoObj``;
    ``section`` or ``title`` for Markdown).  ``columns`` holds the blocks of
    each column when the source sets content side by side.  ``lost`` lists
    what the reader could not carry, each with its reason.
    """

    number: int
    title: tuple[Span, ...] = ()
    subtitle: tuple[Span, ...] = ()
    layout: str = ""
    blocks: tuple[Block, ...] = ()
    columns: tuple[tuple[Block, ...], ...] = ()
    notes: str = ""
    hidden: bool = False
    section: str | None = None  # the source's section this slide starts, if any
    background: str | None = None  # "#RRGGBB" when the slide sets its own colour
    lost: tuple[str, ...] = field(default_factory=tuple)
    title_centred: bool = False
    builds: bool = False  # its content comes on by clicks in the slide show


@dataclass(frozen=True)
class Source:
    """A whole imported deck: its slides and what its file says about itself."""

    slides: tuple[OutlineSlide, ...]
    title: str = ""
    subtitle: str = ""
    author: str = ""
    date: str = ""
    aspect: str = "16:9"
    size: tuple[int, int] = (12192000, 6858000)  # slide width and height in EMU
    footer: str = ""
    slide_numbers: bool = False
    sections: bool = False  # the source divides itself into sections
    title_slide: bool = False  # the source makes a title slide from its metadata (pandoc)
    lost: tuple[str, ...] = ()  # deck-wide things not carried over


def merged(spans: list[Span] | tuple[Span, ...]) -> tuple[Span, ...]:
    """Neighbouring spans of one style as one span."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].strike, out[-1].code,
                    out[-1].link) == (span.bold, span.italic, span.strike, span.code, span.link):
            last = out[-1]
            out[-1] = Span(last.text + span.text, last.bold, last.italic, last.strike, last.code,
                           last.link)
        else:
            out.append(span)
    return tuple(out)


def plain(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans)
