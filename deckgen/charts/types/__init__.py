"""The table of chart types: adding one is a module here and one line below.

Each module has ``RULES`` (what data it accepts, checked during lay-out) and
``draw(painter)`` (called only when the picture is not cached; it may import
matplotlib inside, never at module level, so ``deckgen check`` stays light).
"""

from __future__ import annotations

from types import ModuleType

from deckgen.charts.types import area, bar, barh, donut, heatmap, line, pie, scatter, stacked_bar

TYPES: dict[str, ModuleType] = {
    "bar": bar,
    "barh": barh,
    "stacked-bar": stacked_bar,
    "line": line,
    "area": area,
    "pie": pie,
    "donut": donut,
    "scatter": scatter,
    "heatmap": heatmap,
}
