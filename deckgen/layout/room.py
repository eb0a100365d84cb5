"""Boxes the lay-out squeezed to nothing, or blew up past any slide, are kept in bounds
and said, never written as they are.

A theme may pass its own check (its margins, title and footer leave the body
a line) and still leave no room on a slide: sources and captions at a large
``sizes.small``, a wide ``space.inset``, a subtitle.  A box of zero or negative
size would be written as a negative ``a:ext`` (a file PowerPoint offers to
repair) or stop matplotlib outright, and a table whose every character wraps
onto its own line grows millions of points tall (past the 32-bit sizes the
schema allows).  So every box is kept between :data:`SMALLEST` and
:data:`LARGEST` points each way, and a warning names the element, once a deck.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.plan import Box, Draft, TableFrame

SMALLEST = 1.0  # points: the least width or height a box is written with
LARGEST = 20_000.0  # points: 37 slides long, far below 2**31 EMU


def keep_room(plan: Draft, ctx: Context, said: set[str]) -> None:
    """Keep every box of ``plan`` in bounds (in place); warn once a deck for each element
    name (``said`` holds the names warned of), since one theme does it on every slide."""
    for index, element in enumerate(plan.elements):
        box = getattr(element, "box", None)
        if box is None:
            continue
        fixed = _bounded(element, box)
        if fixed is element:
            continue
        plan.elements[index] = fixed
        name = getattr(element, "name", "element")
        if name in said:
            continue
        if not (ctx.placed is not None and ctx.placed.slide.hidden):  # its warnings are dropped
            said.add(name)
        ctx.problems.warning(
            f"{ctx.slide_label()}: the theme leaves no room for '{name}' (it would be "
            f"{box.w:.0f} x {box.h:.0f} points); it is drawn between {SMALLEST:g} and "
            f"{LARGEST:,.0f} points each way, here and on any other slide",
            ctx.where(),
            "the theme's space (top, title_height, gap, footer_height, inset, margin) and "
            "sizes (small for sources and captions, table) take the whole slide; make "
            "them smaller")


def _fits(*sizes: float) -> bool:
    return all(SMALLEST <= size <= LARGEST for size in sizes)


def _bounded(element: Any, box: Box) -> Any:
    """``element`` itself when its box (and its table grid) is in bounds, else a copy that is."""
    table = isinstance(element, TableFrame)
    if _fits(box.w, box.h) and (not table or _fits(*element.col_widths, *element.row_heights)):
        return element
    changes: dict[str, Any] = {"box": Box(box.x, box.y, _within(box.w), _within(box.h))}
    if table:
        changes["col_widths"] = _shares(element.col_widths)
        changes["row_heights"] = _shares(element.row_heights)
        changes["box"] = Box(box.x, box.y, sum(changes["col_widths"]),
                             sum(changes["row_heights"]))
    chart = getattr(element, "chart", None)
    if chart is not None:
        changes["chart"] = dataclasses.replace(chart, width=_within(chart.width),
                                               height=_within(chart.height))
    return dataclasses.replace(element, **changes)


def _within(size: float) -> float:
    return min(max(size, SMALLEST), LARGEST)


def _shares(sizes: list[float]) -> list[float]:
    """Columns or rows each at least :data:`SMALLEST`, all together at most :data:`LARGEST`."""
    kept = [max(size, SMALLEST) for size in sizes]
    total = sum(kept)
    if total <= LARGEST:
        return kept
    return [max(size * LARGEST / total, SMALLEST) for size in kept]
