"""A mixed body: paragraphs, lists, code, quotes, pictures, tables and sub-headings, in order.

The blocks are measured together: one body size for the text of every block
(headings, quotes and code keep their proportion to it), the largest from the
theme's body size down to ``sizes.min_body`` at which the stack fits the box.
Pictures are the give: each takes the room the text leaves, up to its own
proportions.  A stack that does not fit at the floor is one warning, at the
block that crosses the bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckgen.errors import Location
from deckgen.layout import builds, tables
from deckgen.layout.context import Context
from deckgen.layout.kinds import code, table
from deckgen.layout.kinds.common import bullet_paras, picture, picture_ratio, side_picture, titled
from deckgen.layout.plan import Box, Build, Draft, Element, Shape
from deckgen.layout.textfit import Para
from deckgen.model import markup
from deckgen.model.slides import (
    BulletsBlock,
    CodeBlock,
    HeadingBlock,
    ImageBlock,
    ParagraphBlock,
    QuoteBlock,
    TableBlock,
)

HEADING_SCALE = 1.15  # a sub-heading, against the body size
QUOTE_SCALE = 1.1
BAR = 4.0  # points: the accent bar left of a quotation
SMALLEST_PICTURE = 0.15  # of the box's height: a picture smaller than this says nothing


@dataclass(frozen=True)
class Piece:
    """One block measured at one size: its height and how to draw it in a box that tall."""

    height: float
    draw: Callable[[Box], list[Element]]
    where: Location | None
    ratio: float = 0.0  # a picture's width over height: it takes the room left


def layout(slide: Any, ctx: Context) -> Draft:
    plan, body = titled(ctx, slide)
    body = side_picture(ctx, slide, plan, body)
    clicks = plan.builds if builds.reveals(ctx, slide) else None
    plan.elements.extend(stack(ctx, slide.body, ctx.placed.data.get("body"), body,
                               ctx.theme.sizes.body, clicks=clicks))
    return plan


def stack(ctx: Context, blocks: list[Any], raw: Any, box: Box, largest: float,
          what: str = "body", clicks: list[Build] | None = None) -> list[Element]:
    """The blocks top to bottom in ``box``, at the largest body size that lets them fit;
    with ``clicks``, the blocks are tagged and the clicks that bring them on added to it."""
    pieces, gap = _chosen(ctx, blocks, raw, box, largest)
    heights = _heights(pieces, box, gap)
    drawn: list[list[Element]] = []
    y, warned = box.y, False
    for piece, height in zip(pieces, heights, strict=True):
        if y + height > box.bottom + 0.5 and not warned:
            total = sum(heights) + gap * (len(heights) - 1)
            ctx.warn_overflow(what, total / max(box.h, 1.0) - 1, 0, piece.where or ctx.where())
            warned = True
        drawn.append(piece.draw(Box(box.x, y, box.w, height)))
        y += height + gap
    if clicks is None:
        return [element for elements in drawn for element in elements]
    out, steps = builds.block_builds(blocks, drawn)
    clicks.extend(steps)
    return out


def stack_height(ctx: Context, blocks: list[Any], raw: Any, box: Box, largest: float) -> float:
    """How much of ``box`` the blocks take as :func:`stack` sets them: all of it when a
    picture is among them (pictures take the room left), else what the text needs."""
    pieces, gap = _chosen(ctx, blocks, raw, box, largest)
    if any(p.ratio for p in pieces):
        return box.h
    return min(box.h, _fixed(pieces, gap))


def _chosen(ctx: Context, blocks: list[Any], raw: Any, box: Box, largest: float
            ) -> tuple[list[Piece], float]:
    """The blocks measured at the size they are set at, and the gap between them."""
    sizes = ctx.theme.sizes

    def measured(size: float, grown: bool) -> tuple[list[Piece], float, bool]:
        pieces = [_measure(ctx, block, _raw(raw, i), box.w, size, _item_where(raw, i), grown)
                  for i, block in enumerate(blocks)]
        gap = _gap(ctx, size)
        needed = _fixed(pieces, gap) + sum(box.h * SMALLEST_PICTURE for p in pieces if p.ratio)
        return pieces, gap, needed <= box.h + 0.5

    # A table is set as large as the text around it when everything fits so; otherwise
    # at the table size, shrinking with the rest.
    pieces, gap, fits = measured(largest, True)
    size = largest
    while not fits:
        pieces, gap, fits = measured(size, False)
        if fits or size - 0.5 < min(largest, sizes.min_body):
            break
        size -= 0.5
    return pieces, gap


def _raw(raw: Any, index: int) -> Any:
    return raw[index] if isinstance(raw, list) and index < len(raw) else None


def _item_where(raw: Any, index: int) -> Location | None:
    """Where block ``index`` stands in the YAML (the line of its ``-``)."""
    return raw.where(index) if hasattr(raw, "where") and isinstance(raw, list) else None


def _gap(ctx: Context, size: float) -> float:
    """Room between blocks: more than between paragraphs, so each block reads as one."""
    return size * max(ctx.theme.space.paragraph_space * 1.4, 0.6)


def _fixed(pieces: list[Piece], gap: float) -> float:
    return sum(p.height for p in pieces if not p.ratio) + gap * (len(pieces) - 1)


def _heights(pieces: list[Piece], box: Box, gap: float) -> list[float]:
    """Text blocks as measured; pictures share what is left, none taller than its
    proportions at the full width, none below the smallest useful height."""
    pictures = [p for p in pieces if p.ratio]
    spare = box.h - _fixed(pieces, gap)
    each = spare / len(pictures) if pictures else 0.0
    return [p.height if not p.ratio else
            max(box.h * SMALLEST_PICTURE, min(each, box.w / p.ratio)) for p in pieces]


def _where(raw: Any, key: str) -> Location | None:
    return raw.where(key) if isinstance(raw, dict) and hasattr(raw, "where") else None


def _measure(ctx: Context, block: Any, raw: Any, width: float, size: float,
             where: Location | None, grown: bool = False) -> Piece:
    """What ``block`` needs ``width`` points wide with its text at ``size``; ``where``
    is the block's own line, for what has no key of its own to point at."""
    if isinstance(block, str):  # a plain paragraph, or a column's text (its mapping in raw)
        block = ParagraphBlock(text=block)
    if isinstance(block, ParagraphBlock):
        at = _where(raw, "text") or where
        return _text_piece(ctx, [Para(markup.parse(block.text), where=at)], width, size, at,
                           "paragraph")
    if isinstance(block, HeadingBlock):
        paras = [Para(markup.parse(block.heading))]
        return _text_piece(ctx, paras, width, size * HEADING_SCALE, _where(raw, "heading"),
                           "sub-heading", role="heading", bold=True,
                           colour=ctx.theme.colors.title)
    if isinstance(block, BulletsBlock):
        items = raw.get("bullets") if isinstance(raw, dict) else None
        paras = bullet_paras(block.bullets, block.numbered, raw=items)
        return _text_piece(ctx, paras, width, size, _where(raw, "bullets"), "bullet text")
    if isinstance(block, QuoteBlock):
        return _quote(ctx, block, raw, width, size)
    if isinstance(block, CodeBlock):
        return _code(ctx, block, raw, width, size)
    if isinstance(block, ImageBlock):
        where = _where(raw, "image")
        ratio = picture_ratio(ctx, block.image, where)
        return Piece(0.0, lambda box: [picture(ctx, block.image, where, box, block.fit,
                                               block.alt, "Picture")], where, ratio)
    assert isinstance(block, TableBlock)
    return _table(ctx, block, raw, width, size, grown)


def _text_piece(ctx: Context, paras: list[Para], width: float, size: float,
                where: Location | None, what: str, role: str = "body", bold: bool = False,
                italic: bool = False, colour: str | None = None, indent: float = 0.0
                ) -> Piece:
    theme = ctx.theme
    needed, _ = ctx.fitter.height(paras, ctx.family(role), theme.fonts.mono, width - indent,
                                  size, bold)

    def draw(box: Box) -> list[Element]:
        inner = Box(box.x + indent, box.y, box.w - indent, box.h)
        spec = ctx.text(paras, inner, role=role, size=size, floor=size, color=colour,
                        bold=bold, italic=italic, what=what, inset=0, key=where)
        return [Shape(box=inner, text=spec, name=f"{what.capitalize()} block")]

    return Piece(needed + 1, draw, where)


def _quote(ctx: Context, block: QuoteBlock, raw: Any, width: float, size: float) -> Piece:
    """The quotation in italics beside an accent bar, who said it under it."""
    theme = ctx.theme
    indent = BAR + theme.space.indent
    quote = _text_piece(ctx, [Para(markup.parse(block.quote))], width, size * QUOTE_SCALE,
                        _where(raw, "quote"), "quote", role="heading", italic=True,
                        indent=indent)
    by = _text_piece(ctx, [Para(markup.parse("\u2014 " + block.by))], width, size * 0.85,
                     _where(raw, "by"), "attribution", colour=theme.colors.muted,
                     indent=indent) if block.by else None
    space = size * 0.3

    def draw(box: Box) -> list[Element]:
        out: list[Element] = [Shape(box=Box(box.x, box.y, BAR, box.h), geometry="RECTANGLE",
                                    fill=theme.colors.accent, name="Quote bar", decorative=True)]
        out.extend(quote.draw(Box(box.x, box.y, box.w, quote.height)))
        if by is not None:
            out.extend(by.draw(Box(box.x, box.y + quote.height + space, box.w, by.height)))
        return out

    height = quote.height + (space + by.height if by is not None else 0.0)
    return Piece(height, draw, quote.where)


def _code(ctx: Context, block: CodeBlock, raw: Any, width: float, size: float) -> Piece:
    """A code panel, its size keeping the theme's proportion of code to body text."""
    sizes = ctx.theme.sizes
    largest = max(sizes.min_code, sizes.code * size / sizes.body)
    height, _ = code.code_height(ctx, block, width, largest)
    where = _where(raw, "code")
    caption = _text_piece(ctx, ctx.paras(block.caption), width, sizes.small * 1.15,
                          _where(raw, "caption"), "caption",
                          colour=ctx.theme.colors.muted) if block.caption else None
    space = ctx.theme.space.gap * 0.3

    def draw(box: Box) -> list[Element]:
        out, bottom = code.code_block(ctx, block, Box(box.x, box.y, box.w, height), where,
                                      largest)
        if caption is not None:
            out.extend(caption.draw(Box(box.x, bottom + space, box.w, caption.height)))
        return list(out)

    return Piece(height + (space + caption.height if caption else 0.0), draw, where)


def _table(ctx: Context, block: TableBlock, raw: Any, width: float, size: float,
           grown: bool) -> Piece:
    """A small table: ``grown``, at the body text's size (as a table slide grows to it);
    else at the theme's table size, scaled as the body text is."""
    where = _where(raw, "table")
    grid = tables.resolve(block.table, raw.get("table") if isinstance(raw, dict) else None,
                          Path(ctx.where().file).resolve().parent, ctx.roots, ctx.problems)
    sizes = ctx.theme.sizes
    cell = size if grown else min(sizes.table, sizes.table * size / sizes.body)
    cell = max(sizes.min_table, cell)
    height = table.needed_height(ctx, grid, width, cell)
    return Piece(height, lambda box: [table.frame(ctx, grid, box, cell)], where)
