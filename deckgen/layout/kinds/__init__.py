"""The table of slide kinds: adding a kind is one module and one line here.

Each module has ``layout(slide, ctx) -> Draft``, or a list of drafts for a slide split
onto continuation slides; the lay-out stage freezes them.
"""

from __future__ import annotations

from collections.abc import Callable

from deckgen.layout.kinds import (
    body,
    bullets,
    chart,
    closing,
    code,
    columns,
    cover,
    diagram,
    image,
    quote,
    section,
    statement,
    table,
)
from deckgen.layout.plan import Draft

KIND_LAYOUTS: dict[str, Callable[..., Draft | list[Draft]]] = {
    "title": cover.layout,
    "section": section.layout,
    "bullets": bullets.layout,
    "columns": columns.layout,
    "quote": quote.layout,
    "statement": statement.layout,
    "chart": chart.layout,
    "table": table.layout,
    "image": image.layout,
    "code": code.layout,
    "body": body.layout,
    "diagram": diagram.layout,
    "closing": closing.layout,
}
layout_cover = cover.layout_from_deck
