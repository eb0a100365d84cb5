"""Charts: checked during lay-out, drawn with matplotlib only when not cached.

:func:`prepare` turns a slide's ``chart:`` into a :class:`ChartJob` (checked
data, the theme's look, the size of its box) without importing matplotlib,
so ``deckgen check`` and rebuilds of unchanged decks stay fast.
:func:`draw_all` fills in each job's PNG from the cache, drawing the missing
ones, several at a time in worker processes.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from deckgen import markup
from deckgen.charts import cache
from deckgen.charts import data as chart_data
from deckgen.charts.job import ChartJob, Series, Style
from deckgen.layout.elements import Box

__all__ = ["ChartJob", "DrawReport", "Series", "Style", "draw_all", "prepare", "style_of"]


def prepare(chart: Any, data: Any, ctx: Any, box: Box) -> ChartJob:
    """Check the chart against its data and the type's rules; raise a located DeckError."""
    from deckgen.charts.types import TYPES

    where = ctx.where()
    base_dir = Path(where.file).resolve().parent if where else ctx.roots[0]
    table = chart_data.resolve(chart, data, base_dir, ctx.roots)
    chart_data.check(table, chart, TYPES[chart.type].RULES, data)
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
    from deckgen.fonts import font_file

    c, f = theme.colors, theme.fonts
    return Style(
        background=c.background, text=c.text, muted=c.muted, accent=c.accent, grid=c.grid,
        surface=c.surface, on_accent=c.on_accent, palette=tuple(c.palette),
        font=font_file(f.body), font_bold=font_file(f.body, True),
        east_asian=font_file(f.east_asian), east_asian_family=f.east_asian,
        size=float(theme.sizes.chart),
    )


@dataclass
class DrawReport:
    """What :func:`draw_all` did: pictures drawn, found in the cache, and by which processes."""

    drawn: int = 0
    cached: int = 0
    pids: set[int] = field(default_factory=set)


def draw_all(jobs: list[ChartJob], workers: Optional[int] = None) -> DrawReport:
    """Give every job its PNG: from the cache, or drawn (in parallel when several are missing)."""
    report = DrawReport()
    missing: dict[str, list[ChartJob]] = {}
    for job in jobs:
        key = job.key()
        png = cache.get(key)
        if png is not None:
            job.png = png
            report.cached += 1
        else:
            missing.setdefault(key, []).append(job)
    if not missing:
        return report
    firsts = [group[0] for group in missing.values()]
    results = _draw(firsts, workers)
    for (key, group), (png, pid) in zip(missing.items(), results, strict=False):
        cache.put(key, png)
        for job in group:
            job.png = png
        report.pids.add(pid)
    report.drawn = len(firsts)
    return report


def _draw(jobs: list[ChartJob], workers: Optional[int]) -> list[tuple[bytes, int]]:
    """One picture is drawn here; several go to a pool of at most one process per core."""
    from deckgen.charts import draw

    count = min(len(jobs), workers or os.cpu_count() or 1)
    if count <= 1:
        return [draw.render_in_worker(job) for job in jobs]
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=_context()) as pool:
            return list(pool.map(draw.render_in_worker, jobs))
    except (BrokenProcessPool, OSError, PermissionError):
        # No processes on this system (a sandbox, a frozen app): draw them one by one.
        return [draw.render_in_worker(job) for job in jobs]


def _context() -> Any:
    """Fork when it is safe (one thread): workers start at once, nothing is re-imported."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
