"""Three nodes at the corners of a triangle, joined by lines, an optional centre."""

from __future__ import annotations

import math
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import geometry as geo
from deckgen.layout.diagrams import parts
from deckgen.layout.plan import Box, Element


def layout(diagram: Any, box: Box, ctx: Context) -> list[Element]:
    gap = parts.gap(ctx)
    w = min(box.w * 0.4, box.h * 0.78, (box.w - gap) / 2)
    h = min(box.h * 0.3, w * 0.5)
    top = geo.centred(box.cx, box.y + h / 2, w, h)
    half_base = min(box.w / 2 - w / 2, (box.h - h) * 1.4)
    left = geo.centred(box.cx - half_base, box.bottom - h / 2, w, h)
    right = geo.centred(box.cx + half_base, box.bottom - h / 2, w, h)
    nodes = [top, right, left]
    edges = [geo.join(a, False, b, False, gap * 0.3)
             for a, b in ((top, right), (right, left), (left, top))]
    out: list[Element] = [parts.connector(ctx, seg, f"Edge {i + 1}", arrow=False)
                          for i, seg in enumerate(edges)]
    out += parts.same_size([
        parts.node(ctx, node_box, label, f"Node {i + 1}", fill=parts.palette(ctx, i),
                   size=parts.label_size(ctx), what=f"diagram node {i + 1}")
        for i, (label, node_box) in enumerate(zip(diagram.nodes, nodes, strict=True))])
    if diagram.center:
        out.append(_centre(ctx, diagram.center, nodes, edges, w, h))
    return out


def _centre(ctx: Context, text: str, nodes: list[Box], edges: list[geo.Segment],
            w: float, h: float) -> Element:
    """The middle label, at the triangle's incentre, as large as the edges allow."""
    (ax, ay), (bx, by), (cx, cy) = ((n.cx, n.cy) for n in nodes)
    a, b, c = math.dist((bx, by), (cx, cy)), math.dist((ax, ay), (cx, cy)), math.dist(
        (ax, ay), (bx, by))
    total = a + b + c
    ix, iy = (a * ax + b * bx + c * cx) / total, (a * ay + b * by + c * cy) / total
    oval = geo.largest_oval(ix, iy, w * 1.05, h * 0.95, edges, nodes, parts.gap(ctx, 0.3))
    colors = ctx.theme.colors
    return parts.node(ctx, oval, text, "Centre", fill=colors.surface, geometry="OVAL",
                      line=colors.accent, bold=True, role="heading", color=colors.title,
                      what="diagram centre")
