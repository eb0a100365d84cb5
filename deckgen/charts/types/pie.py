"""Parts of a whole: one series of non-negative values, one wedge per category."""

from __future__ import annotations

from typing import Any

from deckgen.charts.rules import Rules
from deckgen.charts.types import _pie
from deckgen.charts.types._pie import MAX_WEDGES

RULES = Rules(noun="pie chart", max_series=1, gaps=False, negative=False,
              series_hint="exactly one series", max_categories=MAX_WEDGES)


def draw(p: Any) -> None:
    _pie.draw(p)
