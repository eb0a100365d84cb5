"""Horizontal bars, for long category names; several series are grouped."""

from __future__ import annotations

from typing import Any

from deckgen.charts.rules import Rules
from deckgen.charts.types import _bars

RULES = Rules(noun="horizontal bar chart", series_hint="one or more series")


def draw(p: Any) -> None:
    _bars.draw(p, horizontal=True)
