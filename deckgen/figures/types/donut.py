"""A pie with a hole: one series of non-negative values."""

from __future__ import annotations

from typing import Any

from deckgen.figures.types import _pie

HOLE = 0.58


def draw(p: Any) -> None:
    _pie.draw(p, hole=HOLE)
