"""A pie with a hole: one series of non-negative values."""

from __future__ import annotations

from typing import Any

from deckgen.charts.rules import Rules
from deckgen.charts.types import _pie
from deckgen.charts.types._pie import MAX_WEDGES

RULES = Rules(noun="donut chart", max_series=1, gaps=False, negative=False,
              series_hint="exactly one series", max_categories=MAX_WEDGES)
HOLE = 0.58


def draw(p: Any) -> None:
    _pie.draw(p, hole=HOLE)
