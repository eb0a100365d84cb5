"""Vertical bars; several series are grouped side by side."""

from __future__ import annotations

from typing import Any

from deckgen.figures.types import _bars


def draw(p: Any) -> None:
    _bars.draw(p)
