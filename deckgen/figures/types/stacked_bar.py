"""Vertical bars with the series stacked; totals over each stack when labelled."""

from __future__ import annotations

from typing import Any

from deckgen.figures.types import _bars


def draw(p: Any) -> None:
    _bars.draw(p, stacked=True)
