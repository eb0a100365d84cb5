"""Events along a line: the date by a marker on the line, the label on a card.

When the cards would be too narrow side by side they alternate above and
below the line, so each may take the width of two slots.
"""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import parts
from deckgen.layout.plan import Box, Element, Shape
from deckgen.layout.textfit import Para
from deckgen.model import markup


def layout(diagram: Any, box: Box, ctx: Context) -> list[Element]:
    events = list(diagram.events)
    gap = parts.gap(ctx)
    slot = box.w / len(events)
    alternate = not _fits(ctx, events, slot - gap, box.h * 0.45)
    line_y = box.cy if alternate else box.y + box.h * 0.36
    colors = ctx.theme.colors
    out: list[Element] = [parts.connector(ctx, (box.x, line_y, box.right, line_y), "Time line",
                                          weight=1.0)]
    dot = gap * 0.8
    when_size = parts.label_size(ctx, 1.0)
    when_h = when_size * 1.6
    width = slot - gap
    xs = [box.x + slot * (i + 0.5) for i in range(len(events))]
    if alternate:  # cards on one side are two steps apart; the end ones stay on the slide
        width = (2 * box.w - gap * (len(events) - 1)) / (len(events) + 1)
        step = (box.w - width) / (len(events) - 1)
        xs = [box.x + width / 2 + i * step for i in range(len(events))]
    height = _card_height(ctx, events, width, box, line_y, alternate, (dot, when_h), gap)
    marks: list[Element] = []
    dates: list[Shape] = []
    cards: list[Shape] = []
    for i, event in enumerate(events):
        x = xs[i]
        above = alternate and i % 2 == 0
        marks.append(Shape(box=Box(x - dot / 2, line_y - dot / 2, dot, dot), geometry="OVAL",
                         fill=colors.accent, line=colors.background,
                         line_width=ctx.theme.space.rule * 0.5, name=f"Marker {i + 1}"))
        near = line_y - dot / 2 - gap * 0.2 - when_h if (above or not alternate) else \
            line_y + dot / 2 + gap * 0.2
        span = width if alternate else slot - gap / 2
        when = Box(x - span / 2, near, span, when_h)
        dates.append(parts.plain(ctx, when, event.when, f"When {i + 1}", size=when_size,
                               bold=True, color=colors.accent, role="heading",
                               anchor="bottom" if (above or not alternate) else "top",
                               what=f"timeline date {i + 1}"))
        left = x - width / 2
        if above:
            card = Box(left, when.y - gap * 0.4 - height, width, height)
        elif alternate:
            card = Box(left, when.bottom + gap * 0.4, width, height)
        else:
            card = Box(left, line_y + dot / 2 + gap * 0.7, width, height)
        cards.append(parts.node(ctx, card, event.label, f"Event {i + 1}", fill=colors.surface,
                                what=f"timeline label {i + 1}"))
    return [*out, *marks, *parts.same_size(dates), *parts.same_size(cards)]


def _paras(text: str) -> list[Para]:
    return [Para(markup.parse(text))]


def _fits(ctx: Context, events: list[Any], width: float, height: float) -> bool:
    """Side by side if every label fits a one-slot card at the smallest body size."""
    theme = ctx.theme
    pad = theme.space.inset
    if width < ctx.width * 0.13:
        return False
    floor = theme.sizes.min_body
    for event in events:
        paras = _paras(event.label)
        fit = ctx.fitter.fit(paras, theme.fonts.body, theme.fonts.mono, width - 2 * pad,
                             height - 2 * pad, floor, floor)
        widest = parts.longest_word(ctx, paras, theme.fonts.body, False) * floor
        if fit.overflow > 0 or widest > (width - 2 * pad) * parts.WORD_ROOM:
            return False
    return True


def _card_height(ctx: Context, events: list[Any], width: float, box: Box, line_y: float,
                 alternate: bool, marks: tuple[float, float], gap: float) -> float:
    """One card height for all: what the longest label needs, within the room there is.

    ``marks`` is the marker's and the date's height: alternate cards sit beyond both.
    """
    theme = ctx.theme
    pad = theme.space.inset
    dot, when_h = marks
    if alternate:
        room = min(line_y - box.y, box.bottom - line_y) - dot / 2 - gap * 0.6 - when_h
    else:
        room = box.bottom - line_y - dot / 2 - gap * 0.7
    size = parts.label_size(ctx)
    need = max(ctx.fitter.fit(_paras(e.label), theme.fonts.body, theme.fonts.mono,
                              width - 2 * pad, room - 2 * pad, size,
                              min(size, theme.sizes.min_body)).height for e in events)
    return min(room, max(need + 2 * pad + gap, room * 0.45))
