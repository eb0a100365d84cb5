"""Diagrams (placeholder until the diagram package lands)."""

from __future__ import annotations

from typing import Any

from deckgen.errors import DeckError


def layout(diagram: Any, box: Any, ctx: Any) -> list[Any]:
    raise DeckError("diagrams are not available yet", ctx.where("diagram"))
