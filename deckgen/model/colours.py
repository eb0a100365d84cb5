"""Colour arithmetic on #RRGGBB strings: blends and WCAG contrast.

Themes are checked with it, and every stage that picks a text colour for a
fill (tables, diagrams, charts) asks it the same question the same way.
"""

from __future__ import annotations


def mix(a: str, b: str, t: float) -> str:
    """Blend two #RRGGBB colours; t=0 is ``a``, t=1 is ``b`` (clamped to that range)."""
    t = min(max(t, 0.0), 1.0)
    ca, cb = _rgb(a), _rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb, strict=True))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(fill: str, *candidates: str) -> str:
    """Of the candidate text colours, the one that reads best on ``fill``."""
    best = max(candidates, key=lambda c: contrast(c, fill))
    if contrast(best, fill) >= 4.5:
        return best
    return max([*candidates, "#000000", "#FFFFFF"], key=lambda c: contrast(c, fill))
