"""Charts (placeholder until the chart package lands)."""

from __future__ import annotations

from typing import Any

from deckgen.errors import DeckError


def prepare(chart: Any, data: Any, ctx: Any, box: Any) -> Any:
    raise DeckError("charts are not available yet", ctx.where("chart"))


def draw_all(jobs: list[Any]) -> None:
    return None
