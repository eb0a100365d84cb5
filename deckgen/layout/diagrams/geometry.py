"""Plane geometry the diagram layouts share: where a connector leaves a shape,
whether a segment or an ellipse keeps clear of a box.

Connectors are clipped to the outline of the shapes they join (plus a small
gap) so that they never run under a label; a centre label is shrunk until it
clears every connector and node.  All values are points.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from deckgen.layout.plan import Box

Point = tuple[float, float]
Segment = tuple[float, float, float, float]


def exit_point(box: Box, oval: bool, toward: Point, gap: float) -> Point:
    """Where the ray from ``box``'s centre toward ``toward`` leaves its outline, plus ``gap``."""
    dx, dy = toward[0] - box.cx, toward[1] - box.cy
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    a, b = box.w / 2, box.h / 2
    if oval:
        reach = 1.0 / math.sqrt((ux / a) ** 2 + (uy / b) ** 2)
    else:
        reach = min(a / abs(ux) if ux else math.inf, b / abs(uy) if uy else math.inf)
    reach += gap
    return box.cx + ux * reach, box.cy + uy * reach


def join(a: Box, a_oval: bool, b: Box, b_oval: bool, gap: float,
         a_to: Point | None = None, b_to: Point | None = None) -> Segment:
    """A segment from ``a``'s outline to ``b``'s, along the line between their centres.

    ``a_to``/``b_to`` replace the far centre as the aim (e.g. a node's inner edge).
    """
    x1, y1 = exit_point(a, a_oval, a_to or (b.cx, b.cy), gap)
    x2, y2 = exit_point(b, b_oval, b_to or (a.cx, a.cy), gap)
    return x1, y1, x2, y2


def length(seg: Segment) -> float:
    return math.hypot(seg[2] - seg[0], seg[3] - seg[1])


def boxes_clear(a: Box, b: Box, margin: float = 0.0) -> bool:
    """True when the boxes are at least ``margin`` apart along x or along y."""
    return (a.right + margin <= b.x or b.right + margin <= a.x
            or a.bottom + margin <= b.y or b.bottom + margin <= a.y)





def ellipse_points(box: Box, count: int = 48) -> list[Point]:
    return [(box.cx + box.w / 2 * math.cos(2 * math.pi * i / count),
             box.cy + box.h / 2 * math.sin(2 * math.pi * i / count)) for i in range(count)]


def _point_segment_distance(p: Point, seg: Segment) -> float:
    x1, y1, x2, y2 = seg
    dx, dy = x2 - x1, y2 - y1
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((p[0] - x1) * dx + (p[1] - y1) * dy) / span))
    return math.hypot(p[0] - (x1 + t * dx), p[1] - (y1 + t * dy))


def _inside(p: Point, box: Box, margin: float) -> bool:
    return (box.x - margin <= p[0] <= box.right + margin
            and box.y - margin <= p[1] <= box.bottom + margin)


def oval_clear(oval: Box, segments: Iterable[Segment], boxes: Iterable[Box],
               margin: float) -> bool:
    """True when the ellipse in ``oval`` keeps ``margin`` from every segment and box."""
    outline = ellipse_points(oval)
    boxes, segments = list(boxes), list(segments)
    for p in outline:
        if any(_inside(p, b, margin) for b in boxes):
            return False
        if any(_point_segment_distance(p, s) < margin for s in segments):
            return False
    centre = (oval.cx, oval.cy)
    return not any(_inside(centre, b, 0) for b in boxes)


def largest_oval(cx: float, cy: float, w: float, h: float, segments: list[Segment],
                 boxes: list[Box], margin: float, floor: float = 0.3) -> Box:
    """The biggest ellipse centred on (cx, cy), at most w x h, that clears everything.

    Shrinks in small steps down to ``floor`` of the wanted size; below that the
    smallest is returned and the text fitting reports the squeeze.
    """
    scale = 1.0
    while scale > floor:
        oval = Box(cx - w * scale / 2, cy - h * scale / 2, w * scale, h * scale)
        if oval_clear(oval, segments, boxes, margin):
            return oval
        scale -= 0.04
    return Box(cx - w * floor / 2, cy - h * floor / 2, w * floor, h * floor)


def ring(count: int, cx: float, cy: float, rx: float, ry: float,
         start: float = -math.pi / 2) -> list[Point]:
    """``count`` points on an ellipse, clockwise from the top."""
    return [(cx + rx * math.cos(start + 2 * math.pi * i / count),
             cy + ry * math.sin(start + 2 * math.pi * i / count)) for i in range(count)]


def all_clear(boxes: list[Box], margin: float) -> bool:
    return all(boxes_clear(a, b, margin) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def centred(cx: float, cy: float, w: float, h: float) -> Box:
    return Box(cx - w / 2, cy - h / 2, w, h)
