"""Boxes left to right joined by arrows; two rows when one row would cramp them.

Fills deepen from a tint toward the accent, so the eye reads the direction even
before the arrows.  The second row also reads left to right: an elbow of
connectors runs through the gap between the rows from the last box of the
first row to the first box of the second.
"""

from __future__ import annotations

import math
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import parts
from deckgen.layout.plan import Box, Element
from deckgen.layout.textfit import Para
from deckgen.model import markup

WRAP = 4  # fewer boxes than this always share one row


def layout(diagram: Any, box: Box, ctx: Context) -> list[Element]:
    labels = list(diagram.nodes)
    gap = parts.gap(ctx)
    arrow = gap * 1.5
    single = _row_boxes(len(labels), box, arrow, box.h)
    if len(labels) < WRAP or _fits(ctx, labels, single):
        rows = [single]
    else:
        rows = _two_rows(len(labels), box, arrow, gap * 2.4)
    nodes = [b for row in rows for b in row]
    out: list[Element] = []
    for row in rows:
        for a, b in zip(row, row[1:], strict=False):
            seg = (a.right + gap * 0.25, a.cy, b.x - gap * 0.25, b.cy)
            out.append(parts.connector(ctx, seg, f"Arrow {len(out) + 1}"))
    if len(rows) == 2:
        out[len(rows[0]) - 1:len(rows[0]) - 1] = _elbow(ctx, rows[0][-1], rows[1][0], gap)
    count = len(nodes)
    accent = ctx.theme.colors.accent
    fills = [parts.tint(ctx, accent, 0.3 + 0.7 * i / max(count - 1, 1)) for i in range(count)]
    ink = parts.ink_for_all(ctx, fills)
    out += parts.same_size([
        parts.node(ctx, node_box, label, f"Step {i + 1}", fill=fill, color=ink,
                   what=f"diagram node {i + 1}")
        for i, (label, node_box, fill) in enumerate(zip(labels, nodes, fills, strict=True))])
    return out


def _row_boxes(count: int, box: Box, arrow: float, height: float) -> list[Box]:
    """One row across the body; a few boxes keep a sensible width, longer arrows, centred."""
    w = min((box.w - (count - 1) * arrow) / count, box.w * 0.27)
    arrow = min(arrow * 2, (box.w - count * w) / (count - 1))
    h = min(height * 0.45, max(w * 0.6, height * 0.3))
    left = box.cx - (count * w + (count - 1) * arrow) / 2
    return [Box(left + i * (w + arrow), box.cy - h / 2, w, h) for i in range(count)]


def _fits(ctx: Context, labels: list[str], boxes: list[Box]) -> bool:
    """One row if every label fits its box at the theme's smallest body size."""
    theme = ctx.theme
    if boxes[0].w < ctx.width * 0.14:
        return False
    area = parts.text_area(boxes[0], "ROUNDED_RECTANGLE", parts.corner(ctx)).inset(
        theme.space.inset)
    for label in labels:
        paras = [Para(markup.parse(label))]
        fit = ctx.fitter.fit(paras, theme.fonts.body, theme.fonts.mono, area.w, area.h,
                             theme.sizes.min_body, theme.sizes.min_body)
        widest = parts.longest_word(ctx, paras, theme.fonts.body, False) * theme.sizes.min_body
        if fit.overflow > 0 or widest > area.w * parts.WORD_ROOM:
            return False
    return True


def _two_rows(count: int, box: Box, arrow: float, row_gap: float) -> list[list[Box]]:
    first = math.ceil(count / 2)
    w = (box.w - (first - 1) * arrow) / first
    h = min(w * 0.62, (box.h - row_gap) / 2, box.h * 0.4)
    top = box.cy - (2 * h + row_gap) / 2
    rows = []
    for r, k in enumerate((first, count - first)):
        y = top + r * (h + row_gap)
        rows.append([Box(box.x + i * (w + arrow), y, w, h) for i in range(k)])
    return rows


def _elbow(ctx: Context, last: Box, first: Box, gap: float) -> list[Element]:
    """Down from the end of row one, back along the gap, down into row two."""
    mid = (last.bottom + first.y) / 2
    pad = gap * 0.25
    legs = [(last.cx, last.bottom + pad, last.cx, mid), (last.cx, mid, first.cx, mid),
            (first.cx, mid, first.cx, first.y - pad)]
    return [parts.connector(ctx, seg, f"Wrap {i + 1}", arrow=i == 2)
            for i, seg in enumerate(legs)]
