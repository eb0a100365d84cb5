"""Diagrams drawn as native, editable PowerPoint shapes (content-format section 4).

Each diagram type is one module with a ``layout(diagram, box, ctx)`` function
that returns auto shapes and connectors inside ``box``; :data:`LAYOUTS` is the
one table that names them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import cycle, flow, hub, quadrants, shift, timeline, triangle
from deckgen.layout.plan import Box, Element, GroupTag, Line, Shape
from deckgen.model import markup

LAYOUTS: dict[str, Callable[[Any, Box, Context], list[Element]]] = {
    "triangle": triangle.layout,
    "cycle": cycle.layout,
    "hub": hub.layout,
    "flow": flow.layout,
    "shift": shift.layout,
    "quadrants": quadrants.layout,
    "timeline": timeline.layout,
}


def layout(diagram: Any, box: Box, ctx: Context) -> list[Element]:
    """The shapes of ``diagram`` laid out inside ``box`` (the slide body), as one group.

    The group's description says in words what the drawing shows, so its
    connectors, arrows and text-less marks are decoration to a screen reader.
    """
    tag = GroupTag(describe(diagram), f"{diagram.type.capitalize()} diagram")
    out: list[Element] = []
    for element in LAYOUTS[diagram.type](diagram, box, ctx):
        if isinstance(element, (Shape, Line)):
            plain = isinstance(element, Line) or element.text is None
            element = replace(element, group=tag, decorative=element.decorative or plain)
        out.append(element)
    return out


def describe(diagram: Any) -> str:
    """The diagram in one sentence: its parts and how they relate, as the drawing shows."""
    def say(text: str) -> str:
        return " ".join(markup.plain(text).split())

    kind = diagram.type
    if kind in ("triangle", "cycle", "hub"):
        names = [say(n) for n in diagram.nodes]
        centre = f" around {say(diagram.center)}" if diagram.center else ""
        if kind == "cycle":
            return (f"Cycle of {len(names)} steps{centre}: " + " \u2192 ".join(names)
                    + f" \u2192 back to {names[0]}.")
        if kind == "hub":
            middle = say(diagram.center) if diagram.center else "a centre"
            return f"Hub: {middle} connected to " + "; ".join(names) + "."
        return f"Triangle of three{centre}: " + "; ".join(names) + "."
    if kind == "flow":
        return "Flow, in order: " + " \u2192 ".join(say(n) for n in diagram.nodes) + "."
    if kind == "shift":
        return "Shift from one state to another: " + "; ".join(
            f"{say(a)} \u2192 {say(b)}" for a, b in diagram.pairs) + "."
    if kind == "quadrants":
        cells = []
        for cell in diagram.cells:
            items = ", ".join(say(b) for b in cell.bullets)
            cells.append(say(cell.heading) + (f" ({items})" if items else ""))
        return "Four quadrants: " + "; ".join(cells) + "."
    return "Timeline: " + "; ".join(f"{say(e.when)}: {say(e.label)}"
                                    for e in diagram.events) + "."
