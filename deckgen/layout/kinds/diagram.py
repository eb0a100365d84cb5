"""A diagram drawn as native, editable PowerPoint shapes."""

from __future__ import annotations

from typing import Any

from deckgen.layout import diagrams
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import titled
from deckgen.layout.plan import Draft


def layout(slide: Any, ctx: Context) -> Draft:
    plan, body = titled(ctx, slide)
    plan.elements.extend(diagrams.layout(slide.diagram, body, ctx))
    return plan
