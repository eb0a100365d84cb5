"""Numbers and units as a chart shows them, shared by drawing and alt text.

Kept free of matplotlib so alt text (made during lay-out, also for
``deckgen check``) reads the same figures as the picture.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Optional

# Units written straight after the number ("26%"); currencies go in front ("$26").
_SUFFIX_TIGHT = frozenset({"%", "‰", "°", "×", "x", "pp", "%pts"})
_PREFIX = frozenset({"$", "US$", "€", "£", "¥", "₹", "A$", "C$", "HK$", "S$", "R$", "RMB"})
_TICK_UNIT_MAX = 3  # longer units go into the axis label instead of every tick


def decimals(values: Iterable[Optional[float]], most: Optional[int] = None) -> int:
    """Fewest decimals that show every value as written: at most 2, or 2 significant
    digits of the largest value when all are below 1 (0.0012 keeps its 4 decimals)."""
    present = [abs(v) for v in values if v is not None and math.isfinite(v)]
    if most is None:
        largest = max(present, default=0.0)
        most = 2 if largest >= 1 or largest == 0 else min(6, 1 - math.floor(math.log10(largest)))
    needed = 0
    for value in present:
        for d in range(most + 1):
            if abs(round(value, d) - value) <= 1e-9 * max(1.0, abs(value)):
                needed = max(needed, d)
                break
        else:
            needed = most
    return needed


def number(value: float, places: int) -> str:
    """``1400`` -> ``1,400``; a minus sign that typography expects."""
    text = f"{value:,.{places}f}"
    if text.startswith("-"):
        if float(text[1:].replace(",", "")) == 0:
            return text[1:]
        text = "\u2212" + text[1:]
    return text


def with_unit(text: str, unit: str) -> str:
    """Attach ``unit`` the way it is read: 26%, $26, 1,400 centres."""
    if not unit:
        return text
    if unit in _PREFIX:
        sign = "\u2212" if text.startswith("\u2212") else ""
        return f"{sign}{unit}{text.removeprefix(sign)}"
    if unit in _SUFFIX_TIGHT:
        return text + unit
    return f"{text} {unit}"


def value(v: float, unit: str, places: int) -> str:
    return with_unit(number(v, places), unit)


def unit_on_ticks(unit: str) -> bool:
    """Short units ride on every tick label; long ones label the axis once."""
    return bool(unit) and len(unit) <= _TICK_UNIT_MAX


def axis_label(label: Optional[str], unit: str) -> Optional[str]:
    """The value axis label, carrying a unit too long for the ticks."""
    if not unit or unit_on_ticks(unit):
        return label
    return f"{label} ({unit})" if label else unit


def finite(v: Optional[float]) -> bool:
    return v is not None and math.isfinite(v)


def join(words: list[str]) -> str:
    """``a, b and c``: lists in sentences of alt text."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
