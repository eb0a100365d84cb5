"""Parts of a whole: one series of non-negative values, one wedge per category."""

from __future__ import annotations

from typing import Any

from deckgen.figures.types import _pie


def draw(p: Any) -> None:
    _pie.draw(p)
