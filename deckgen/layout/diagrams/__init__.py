"""Diagrams drawn as native, editable PowerPoint shapes (content-format section 4).

Each diagram type is one module with a ``layout(diagram, box, ctx)`` function
that returns auto shapes and connectors inside ``box``; :data:`LAYOUTS` is the
one table that names them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.diagrams import cycle, flow, hub, quadrants, shift, timeline, triangle
from deckgen.layout.plan import Box, Element

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
    """The shapes of ``diagram`` laid out inside ``box`` (the slide body)."""
    return LAYOUTS[diagram.type](diagram, box, ctx)
