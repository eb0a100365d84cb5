"""Lines filled down to zero; several series overlap translucently rather than stack."""

from __future__ import annotations

from typing import Any

from deckgen.charts.rules import Rules
from deckgen.charts.types import _lines

RULES = Rules(noun="area chart", series_hint="one or more series")


def draw(p: Any) -> None:
    _lines.draw(p, area=True)
