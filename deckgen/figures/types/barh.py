"""Horizontal bars, for long category names; several series are grouped."""

from __future__ import annotations

from typing import Any

from deckgen.figures.types import _bars


def draw(p: Any) -> None:
    _bars.draw(p, horizontal=True)
