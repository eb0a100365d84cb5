"""The drawing of each chart type: a module here and one line below.

Each module has ``draw(painter)``, called only when the picture is not cached;
it may import matplotlib inside, never at module level, so ``deckgen check``
stays light.  What data a type accepts is declared with its name in
:data:`deckgen.model.charts.CHART_TYPES`; a test keeps both tables in step.
"""

from __future__ import annotations

from types import ModuleType

from deckgen.figures.types import area, bar, barh, donut, heatmap, line, pie, scatter, stacked_bar

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
