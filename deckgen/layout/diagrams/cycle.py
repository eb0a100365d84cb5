"""Nodes in a ring, each joined to the next by an arrow, an optional centre."""

from __future__ import annotations

import math
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import geometry as geo
from deckgen.layout.diagrams import parts
from deckgen.layout.plan import Box, Element


def layout(diagram: Any, box: Box, ctx: Context) -> list[Element]:
    gap = parts.gap(ctx)
    nodes = ring_boxes(len(diagram.nodes), box, gap, wide=0.3)
    count = len(nodes)
    arrows = [geo.join(nodes[i], False, nodes[(i + 1) % count], False, gap * 0.25)
              for i in range(count)]
    out: list[Element] = [parts.connector(ctx, seg, f"Arrow {i + 1}")
                          for i, seg in enumerate(arrows)]
    out += parts.same_size([
        parts.node(ctx, node_box, label, f"Node {i + 1}", fill=parts.palette(ctx, i),
                   what=f"diagram node {i + 1}")
        for i, (label, node_box) in enumerate(zip(diagram.nodes, nodes, strict=True))])
    if diagram.center:
        cx, cy = ring_centre(nodes, count)
        oval = geo.largest_oval(cx, cy, nodes[0].w * 1.1, nodes[0].h * 1.1, arrows, nodes,
                                gap * 0.3)
        colors = ctx.theme.colors
        out.append(parts.node(ctx, oval, diagram.center, "Centre", fill=colors.surface,
                              geometry="OVAL", line=colors.accent, bold=True, role="heading",
                              color=colors.title, what="diagram centre"))
    return out


def _unit(count: int) -> list[geo.Point]:
    return geo.ring(count, 0.0, 0.0, 1.0, 1.0)


def ring_boxes(count: int, box: Box, gap: float, wide: float) -> list[Box]:
    """``count`` equal boxes on a ring that fills ``box``, as large as keeps them apart.

    The ring is stretched to the box (so three nodes use the whole height, not a
    circle's top two thirds) and the boxes shrink until neighbours leave room
    for an arrow and no two boxes touch.
    """
    unit = _unit(count)
    xs, ys = [p[0] for p in unit], [p[1] for p in unit]
    scale = 1.0
    while True:
        w = min(box.w * wide, box.w / 2 - gap) * scale
        h = min(box.h * 0.27, w * 0.55) * scale
        span_x = min(box.w - w, (box.h - h) * 2.2)
        boxes = [geo.centred(box.cx + _spread(x, xs) * span_x,
                             box.y + h / 2 + (_spread(y, ys) + 0.5) * (box.h - h), w, h)
                 for x, y in unit]
        if _apart(boxes, gap) or scale < 0.4:
            return boxes
        scale -= 0.04


def _spread(value: float, values: list[float]) -> float:
    """``value``'s place in ``values`` as -0.5..0.5 (0 when they are all equal)."""
    low, high = min(values), max(values)
    return 0.0 if high - low < 1e-9 else (value - low) / (high - low) - 0.5


def _apart(boxes: list[Box], gap: float) -> bool:
    count = len(boxes)
    for i in range(count):
        following = boxes[(i + 1) % count]
        if geo.length(geo.join(boxes[i], False, following, False, 0)) < gap * 1.6:
            return False
    return geo.all_clear(boxes, gap * 0.5)


def ring_centre(boxes: list[Box], count: int) -> geo.Point:
    """Where the ring's middle landed once stretched to the box."""
    unit = _unit(count)
    xs, ys = [p[0] for p in unit], [p[1] for p in unit]
    lo_x, hi_x = min(range(count), key=lambda i: xs[i]), max(range(count), key=lambda i: xs[i])
    lo_y, hi_y = min(range(count), key=lambda i: ys[i]), max(range(count), key=lambda i: ys[i])
    cx = _between(boxes[lo_x].cx, boxes[hi_x].cx, xs[lo_x], xs[hi_x])
    cy = _between(boxes[lo_y].cy, boxes[hi_y].cy, ys[lo_y], ys[hi_y])
    return cx, cy


def _between(a: float, b: float, ua: float, ub: float) -> float:
    if math.isclose(ua, ub):
        return (a + b) / 2
    return a + (0.0 - ua) / (ub - ua) * (b - a)
