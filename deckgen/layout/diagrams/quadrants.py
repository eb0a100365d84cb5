"""Four boxes in a 2x2 grid, each a coloured heading band over its bullets.

The four are set alike: one band height, one heading size and one bullet size
for all, each the largest that fits every cell.
"""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import parts
from deckgen.layout.plan import Box, Element, Shape
from deckgen.layout.textfit import Para
from deckgen.model import markup

TIGHT = 0.35  # paragraph space between bullets, as a share of the theme's


def layout(diagram: Any, box: Box, ctx: Context) -> list[Element]:
    gap = parts.gap(ctx, 0.6)
    top, bottom = box.rows(2, gap)
    cells = [*top.columns(2, gap), *bottom.columns(2, gap)]
    pad = ctx.theme.space.inset * 1.3
    head_h = _heading_height(ctx, diagram.cells, cells[0], pad)
    headings, panels = [], []
    for i, (cell, cell_box) in enumerate(zip(diagram.cells, cells, strict=True)):
        heading, panel = _cell(ctx, cell, cell_box, head_h, i, pad)
        headings.append(heading)
        panels.append(panel)
    return [*parts.same_size(headings), *parts.same_size(panels)]


def _heading_height(ctx: Context, cells: list[Any], cell: Box, pad: float) -> float:
    """One band height for all four: what the tallest heading needs at the heading size."""
    theme = ctx.theme
    size = parts.label_size(ctx, 0.85)
    most = cell.h * 0.4
    need = max(ctx.fitter.fit([Para(markup.parse(c.heading))], theme.fonts.heading,
                              theme.fonts.mono, cell.w - 2 * pad, most - 2 * pad, size, size,
                              True).height for c in cells)
    return min(most, need + 2 * pad)


def _bullets(items: list[str]) -> list[Para]:
    return [Para(markup.parse(text), bullet="bullet", space_before=TIGHT) for text in items]


def _cell(ctx: Context, cell: Any, box: Box, head_h: float, index: int,
          pad: float) -> tuple[Shape, Shape]:
    """A heading band in a palette colour over a surface panel holding the bullets."""
    theme = ctx.theme
    head = Box(box.x, box.y, box.w, head_h)
    panel = Box(box.x, box.y + head_h, box.w, box.h - head_h)
    heading = parts.node(ctx, head, cell.heading, f"Quadrant {index + 1} heading",
                         fill=parts.palette(ctx, index), geometry="RECTANGLE", bold=True,
                         role="heading", size=parts.label_size(ctx, 0.85), align="left",
                         what=f"quadrant {index + 1} heading", inset=pad)
    text = None
    if cell.bullets:
        size = parts.label_size(ctx, 0.8)
        text = ctx.text(_bullets(cell.bullets), panel, size=size,
                        floor=min(size, theme.sizes.min_body),
                        what=f"quadrant {index + 1} text", inset=pad, key="diagram")
    shape = Shape(box=panel, text=text, geometry="RECTANGLE", fill=theme.colors.surface,
                  name=f"Quadrant {index + 1}")
    return heading, shape
