"""Lines across the categories (time, usually); null values leave a gap."""

from __future__ import annotations

from typing import Any

from deckgen.figures.types import _lines


def draw(p: Any) -> None:
    _lines.draw(p)
