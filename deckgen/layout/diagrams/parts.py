"""The pieces every diagram is made of: labelled auto shapes and connectors.

Every colour, font and size comes from the theme.  Text set on a filled shape
takes whichever of the theme's text colours reads best on that fill, and is
fitted into the shape's own text area (an ellipse holds its text in the
inscribed rectangle), so what the fitter measures is what PowerPoint shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from deckgen.layout.context import Context
from deckgen.layout.diagrams.geometry import Segment
from deckgen.layout.fonts import font_file
from deckgen.layout.plan import Box, Line, Shape
from deckgen.layout.textfit import Para
from deckgen.model.colours import contrast, mix, readable_on

OVAL_INSET = 0.1464  # (1 - cos 45°) / 2: the text rectangle PowerPoint uses in an ellipse
ROUND_INSET = 0.2929  # 1 - cos 45°: a rounded corner's share kept free of text
READABLE = 4.5  # WCAG AA contrast for text
WORD_ROOM = 0.94  # share of a line a single word may fill: renderers measure a little wider


def corner(ctx: Context) -> float:
    """Corner rounding of diagram boxes (PowerPoint's adjustment, a fraction of the short side)."""
    return ctx.theme.space.corner


def text_area(box: Box, geometry: str, adjust: float = 0.0) -> Box:
    """The part of an auto shape that holds its text."""
    if geometry == "OVAL":
        return box.inset(box.w * OVAL_INSET, box.h * OVAL_INSET)
    if geometry == "ROUNDED_RECTANGLE":
        cut = min(box.w, box.h) * adjust * ROUND_INSET
        return box.inset(cut, cut)
    return box


def ink_on(ctx: Context, fill: str) -> str:
    """The theme text colour that reads best on ``fill``."""
    c = ctx.theme.colors
    return readable_on(fill, c.text, c.on_accent, c.background, c.title)


def ink_for_all(ctx: Context, fills: Sequence[str]) -> str | None:
    """One text colour that reads on every fill of a group, if the theme has one.

    None lets each shape take its own (see :func:`ink_on`).
    """
    c = ctx.theme.colors
    candidates = (c.text, c.on_accent, c.background, c.title)
    best = max(candidates, key=lambda ink: min(contrast(ink, f) for f in fills))
    return best if min(contrast(best, f) for f in fills) >= READABLE else None


def palette(ctx: Context, index: int) -> str:
    colours = ctx.theme.colors.palette
    return colours[index % len(colours)]


def tint(ctx: Context, colour: str, amount: float) -> str:
    """``colour`` mixed toward the slide background (0 = background, 1 = colour)."""
    return mix(ctx.theme.colors.background, colour, amount)


def label_size(ctx: Context, scale: float = 1.0) -> float:
    return ctx.theme.sizes.body * scale


def node(ctx: Context, box: Box, text: str | Sequence[str] | list[Para], name: str, *,
         fill: str, geometry: str = "ROUNDED_RECTANGLE", size: float | None = None,
         bold: bool = False, line: str | None = None, role: str = "body",
         align: str = "center", anchor: str = "middle", what: str = "diagram label",
         color: str | None = None, inset: float | None = None) -> Shape:
    """A filled auto shape holding fitted text in a readable colour."""
    theme = ctx.theme
    adjust = corner(ctx) if geometry == "ROUNDED_RECTANGLE" else 0.0
    area = text_area(box, geometry, adjust)
    size = size or label_size(ctx)
    pad = theme.space.inset if inset is None else inset
    floor = min(size, theme.sizes.min_body)
    paras = text if isinstance(text, list) and text and isinstance(text[0], Para) \
        else ctx.paras(text)  # type: ignore[arg-type]
    size = whole_word_size(ctx, paras, ctx.family(role), bold, area.w - 2 * pad, size, floor,
                           what)
    spec = ctx.text(paras, area, role=role, size=size, floor=min(floor, size),
                    color=color or ink_on(ctx, fill), bold=bold, align=align, anchor=anchor,
                    what=what, inset=pad, key="diagram")
    return Shape(box=box, text=spec, geometry=geometry, fill=fill, line=line,
                 line_width=theme.space.rule * 0.5 if line else 0.0,
                 adjustments=(adjust,) if adjust else (), name=name)


def longest_word(ctx: Context, paras: Sequence[Para], family: str, bold: bool) -> float:
    """The widest single word of ``paras``, in ems."""
    widest = 0.0
    for para in paras:
        for run in para.runs:
            path = font_file(family, bold or run.bold, run.italic)
            for word in run.text.split():
                widest = max(widest, ctx.fitter.measure.width_em(word, path))
    return widest


def whole_word_size(ctx: Context, paras: Sequence[Para], family: str, bold: bool,
                    width: float, size: float, floor: float, what: str) -> float:
    """The largest size up to ``size`` at which the longest word fits on a line.

    A label never breaks mid-word; the text is then fitted at this size, so what
    is measured is what is drawn. Below the floor the overflow is reported.
    """
    widest = longest_word(ctx, paras, family, bold)
    room = width * WORD_ROOM
    if widest * size <= room:
        return size
    fitting = math.floor(room / widest * 2) / 2
    if fitting < floor:
        ctx.warn_overflow(what, widest * floor / room - 1, 0, ctx.where("diagram"))
    return max(floor, fitting)


def plain(ctx: Context, box: Box, text: str | Sequence[str] | list[Para], name: str, *,
          size: float | None = None, bold: bool = False, color: str | None = None,
          role: str = "body", align: str = "center", anchor: str = "middle",
          what: str = "diagram label") -> Shape:
    """Text with no shape around it (dates on a timeline)."""
    theme = ctx.theme
    size = size or label_size(ctx, 0.9)
    spec = ctx.text(text, box, role=role, size=size, floor=min(size, theme.sizes.min_body),
                    color=color or theme.colors.text, bold=bold, align=align, anchor=anchor,
                    what=what, inset=0, key="diagram")
    return Shape(box=box, text=spec, name=name)


def connector(ctx: Context, seg: Segment, name: str, *, arrow: bool = True,
              color: str | None = None, weight: float = 0.8) -> Line:
    """A straight connector in the theme's muted ink, ``weight`` times the rule width."""
    theme = ctx.theme
    x1, y1, x2, y2 = seg
    return Line(x1, y1, x2, y2, color=color or theme.colors.muted,
                width=theme.space.rule * weight, arrow=arrow, name=name)


def gap(ctx: Context, scale: float = 1.0) -> float:
    return ctx.theme.space.gap * scale


def same_size(shapes: Sequence[Shape]) -> list[Shape]:
    """Set every label of a group at the size of its smallest, so peers read as peers.

    Each label was fitted alone; the smallest of those sizes fits them all, so the
    labels are drawn at a size no larger than the one each was measured at.
    """
    sizes = [s.text.size for s in shapes if s.text is not None]
    if not sizes:
        return list(shapes)
    smallest = min(sizes)
    return [replace(s, text=replace(s.text, size=smallest)) if s.text is not None else s
            for s in shapes]
