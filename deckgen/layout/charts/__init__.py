"""Charts: checked during lay-out, drawn with matplotlib only when not cached.

:func:`prepare` turns a slide's ``chart:`` into a :class:`ChartJob` (checked
data, the theme's look, the size of its box) without importing matplotlib,
so ``deckgen check`` and rebuilds of unchanged decks stay fast.
:func:`draw_all` fills in each job's PNG from the cache, drawing the missing
ones, several at a time in worker processes.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Optional

from deckgen.errors import DeckError
from deckgen.layout.charts import data as chart_data
from deckgen.layout.charts.job import ChartJob, DataSeries, Style
from deckgen.layout.plan import Box
from deckgen.model import markup
from deckgen.model.charts import CHART_TYPES, NATIVE_TYPES

__all__ = ["ChartJob", "DataSeries", "Style", "native", "prepare", "style_of"]


def native(chart: Any, data: Any, ctx: Any) -> bool:
    """Whether PowerPoint draws this chart: its own ``native:``, else the deck's, else the theme's.

    A chart that asks for ``native: true`` where PowerPoint has no such chart is
    an error; a deck or theme default leaves such charts as pictures.
    """
    if chart.native is None:
        mode = ctx.meta.charts or ctx.theme.charts
        return mode == "native" and CHART_TYPES[chart.type].native
    if chart.native and not CHART_TYPES[chart.type].native:
        raise DeckError(f"a {CHART_TYPES[chart.type].noun} cannot be a native PowerPoint chart",
                        chart_data.locate(data, "native"),
                        hint="native charts are " + ", ".join(NATIVE_TYPES)
                        + f"; remove native: true to draw the {chart.type} as a picture")
    return bool(chart.native)


def prepare(chart: Any, data: Any, ctx: Any, box: Box) -> ChartJob:
    """Check the chart against its data and the type's rules; raise a located DeckError."""
    where = ctx.where()
    base_dir = Path(where.file).resolve().parent if where else ctx.roots[0]
    table = chart_data.resolve(chart, data, base_dir, ctx.roots)
    chart_data.check(table, chart, CHART_TYPES[chart.type], data)
    backdrop = _backdrop(ctx)
    style = style_of(ctx.theme)
    if backdrop:
        style = dataclasses.replace(style, background=backdrop)
    return ChartJob(
        type=chart.type,
        categories=tuple(table.categories),
        series=tuple(table.series),
        style=style,
        transparent=backdrop is None,
        width=round(box.w, 2),
        height=round(box.h, 2),
        unit=chart.unit,
        labels=chart.labels,
        highlight=markup.plain(chart.highlight) if chart.highlight is not None else None,
        x_label=markup.plain(chart.x_label) if chart.x_label else None,
        y_label=markup.plain(chart.y_label) if chart.y_label else None,
        center=chart.center,
    )


def _backdrop(ctx: Any) -> Optional[str]:
    """The colour behind the chart: the slide's own, the theme's, or None for a picture."""
    slide = ctx.placed.slide if ctx.placed is not None else None
    chosen = getattr(slide, "background", None)
    if not chosen:
        return ctx.theme.colors.background
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", chosen):
        return chosen.upper()
    return None


def style_of(theme: Any) -> Style:
    """The part of a theme a chart draws with; font families become files."""
    from deckgen.layout.fonts import font_file

    c, f = theme.colors, theme.fonts
    return Style(
        background=c.background, text=c.text, muted=c.muted, accent=c.accent, grid=c.grid,
        surface=c.surface, on_accent=c.on_accent, palette=tuple(c.palette),
        font=font_file(f.body), font_bold=font_file(f.body, True),
        east_asian=font_file(f.east_asian), east_asian_family=f.east_asian,
        size=float(theme.sizes.chart),
        fallbacks=tuple(dict.fromkeys(font_file(name) for name in f.fallback)),
    )
