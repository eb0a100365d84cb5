"""A diagram drawn as native, editable PowerPoint shapes."""

from __future__ import annotations

from typing import Any

from deckgen import diagrams
from deckgen.kinds.common import titled
from deckgen.layout import Context
from deckgen.layout.elements import SlidePlan


def layout(slide: Any, ctx: Context) -> SlidePlan:
    plan, body = titled(ctx, slide)
    plan.elements.extend(diagrams.layout(slide.diagram, body, ctx))
    return plan
