"""Lines across the categories (time, usually); null values leave a gap."""

from __future__ import annotations

from typing import Any

from deckgen.charts.rules import Rules
from deckgen.charts.types import _lines

RULES = Rules(noun="line chart", series_hint="one or more series")


def draw(p: Any) -> None:
    _lines.draw(p)
