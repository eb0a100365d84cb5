"""Lines filled down to zero; several series overlap translucently rather than stack."""

from __future__ import annotations

from typing import Any

from deckgen.figures.types import _lines


def draw(p: Any) -> None:
    _lines.draw(p, area=True)
