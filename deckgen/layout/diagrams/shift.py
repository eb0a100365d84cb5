"""Rows of "from -> to": a quiet box, a block arrow, the accented destination."""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import parts
from deckgen.layout.plan import Box, Element, Shape


def layout(diagram: Any, box: Box, ctx: Context) -> list[Element]:
    gap = parts.gap(ctx)
    count = len(diagram.pairs)
    vgap = gap * (0.55 if count <= 3 else 0.35)
    row_h = min((box.h - (count - 1) * vgap) / count, box.h * 0.26)
    top = box.cy - (count * row_h + (count - 1) * vgap) / 2
    side = box.w * 0.4
    colors = ctx.theme.colors
    arrows: list[Element] = []
    labels: list[Shape] = []
    for i, (before, after) in enumerate(diagram.pairs):
        y = top + i * (row_h + vgap)
        left = Box(box.x, y, side, row_h)
        right = Box(box.right - side, y, side, row_h)
        arrow_w = right.x - left.right - gap * 1.2
        arrow_h = min(row_h * 0.55, arrow_w * 0.7)
        arrow = Box(left.right + gap * 0.6, y + (row_h - arrow_h) / 2, arrow_w, arrow_h)
        arrows.append(Shape(box=arrow, geometry="RIGHT_ARROW", fill=colors.muted,
                            adjustments=(0.5, 0.6), name=f"Shift {i + 1}"))
        labels.append(parts.node(ctx, left, before, f"From {i + 1}", fill=colors.surface,
                                 what=f"shift {i + 1} from"))
        labels.append(parts.node(ctx, right, after, f"To {i + 1}", fill=colors.accent,
                                 bold=True, what=f"shift {i + 1} to"))
    return [*arrows, *parts.same_size(labels)]
