"""A centre with up to twelve spokes.

Three to six spokes sit on a ring around the centre; fewer or more are
stacked in two columns either side of it, bowed like a ring so that every
spoke reaches its node without passing another.
"""

from __future__ import annotations

import math
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import geometry as geo
from deckgen.layout.diagrams import parts
from deckgen.layout.diagrams.cycle import ring_boxes, ring_centre
from deckgen.layout.plan import Box, Element, Shape

RING = range(3, 7)


def layout(diagram: Any, box: Box, ctx: Context) -> list[Element]:
    gap = parts.gap(ctx)
    count = len(diagram.nodes)
    inset = None
    if count in RING:
        nodes = ring_boxes(count, box, gap, wide=0.3)
        cx, cy = ring_centre(nodes, count)
        centre = geo.largest_oval(cx, cy, box.w * 0.26, min(box.h * 0.36, box.w * 0.2), [],
                                  nodes, gap * 1.3)
        ends: list[geo.Point | None] = [None] * count
    else:
        nodes, centre, points = _columns(count, box, gap)
        ends = list(points)
        inset = ctx.theme.space.inset * 0.5  # a dozen short boxes: room for two lines
    colors = ctx.theme.colors
    if diagram.center:
        middle = parts.node(ctx, centre, diagram.center, "Centre", fill=colors.accent,
                            geometry="OVAL", bold=True, role="heading",
                            size=parts.label_size(ctx, 1.1), what="diagram centre")
    else:  # the spokes meet at a dot
        middle = Shape(box=geo.centred(centre.cx, centre.cy, gap, gap), geometry="OVAL",
                       fill=colors.accent, name="Centre")
    out: list[Element] = [parts.connector(ctx, _spoke(middle.box, n, end, gap),
                                          f"Spoke {i + 1}", arrow=False)
                          for i, (n, end) in enumerate(zip(nodes, ends, strict=True))]
    out += parts.same_size([
        parts.node(ctx, node_box, label, f"Node {i + 1}", fill=colors.surface,
                   line=parts.palette(ctx, i), what=f"diagram node {i + 1}", inset=inset)
        for i, (label, node_box) in enumerate(zip(diagram.nodes, nodes, strict=True))])
    out.append(middle)
    return out


def _spoke(centre: Box, node: Box, end: geo.Point | None, gap: float) -> geo.Segment:
    """From the centre's outline toward ``end`` (or the node's middle), stopping short."""
    if end is None:
        return geo.join(centre, True, node, False, gap * 0.2)
    return (*geo.exit_point(centre, True, end, gap * 0.2), *end)


def _columns(count: int, box: Box, gap: float) -> tuple[list[Box], Box, list[geo.Point]]:
    """Nodes in a left and a right column, the centre between them.

    Returns the node boxes, the centre's box and where each spoke ends (the
    middle of the node's inner edge, a little short of it).
    """
    left = math.ceil(count / 2) if count > 1 else 0
    sides = [(-1, left), (1, count - left)]
    rows = max(left, count - left)
    vgap = gap * 0.3
    node_h = min((box.h - (rows - 1) * vgap) / rows, box.h * 0.24)
    centre_w = min(box.w * 0.2, box.h * 0.45)
    centre = geo.centred(box.cx, box.cy, centre_w, min(box.h * 0.42, centre_w * 0.72))
    room, bulge = gap * 1.4, min(box.w * 0.045, gap * 1.2)
    node_w = (box.w - centre_w - 2 * room - 2 * bulge) / 2
    nodes, ends = [], []
    for side, k in sides:
        total = k * node_h + (k - 1) * vgap
        for i in range(k):
            y = box.cy - total / 2 + i * (node_h + vgap)
            reach = max(box.h / 2 - node_h / 2, 1.0)
            t = (y + node_h / 2 - box.cy) / reach
            inner = centre_w / 2 + room + bulge * (1 - t * t)
            x = box.cx + inner if side > 0 else box.cx - inner - node_w
            nodes.append(Box(x, y, node_w, node_h))
            edge = box.cx + side * (inner - gap * 0.2)
            ends.append((edge, y + node_h / 2))
    if count == 1:  # a lone spoke: centre the pair rather than leave a side empty
        shift = box.cx - (centre.x + nodes[0].right) / 2
        nodes = [Box(n.x + shift, n.y, n.w, n.h) for n in nodes]
        centre = Box(centre.x + shift, centre.y, centre.w, centre.h)
        ends = [(x + shift, y) for x, y in ends]
    return nodes, centre, ends
