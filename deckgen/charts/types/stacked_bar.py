"""Vertical bars with the series stacked; totals over each stack when labelled."""

from __future__ import annotations

from typing import Any

from deckgen.charts.rules import Rules
from deckgen.charts.types import _bars

RULES = Rules(noun="stacked bar chart", series_hint="one or more series")


def draw(p: Any) -> None:
    _bars.draw(p, stacked=True)
