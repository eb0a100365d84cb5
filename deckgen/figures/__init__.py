"""Figures: the only stage that draws with matplotlib.

:func:`draw_all` gives every chart job of a deck its PNG, from the cache or
drawn, several at a time in worker processes.  Jobs stay as the lay-out made
them: the pictures come back in a mapping from each job's key.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Optional

from deckgen.figures import cache
from deckgen.figures.lifeline import die_with_parent
from deckgen.layout.charts.job import ChartJob

__all__ = ["DrawReport", "draw_all", "warm"]


@dataclass
class DrawReport:
    """What :func:`draw_all` did: pictures drawn, found in the cache, and by which processes."""

    drawn: int = 0
    cached: int = 0
    pids: set[int] = field(default_factory=set)
    pictures: dict[str, bytes] = field(default_factory=dict)  # PNG by job key


def draw_all(jobs: list[ChartJob], workers: Optional[int] = None) -> DrawReport:
    """Every job's PNG by its key: from the cache, or drawn (in parallel when several miss)."""
    report = DrawReport()
    missing: dict[str, ChartJob] = {}
    for job in jobs:
        key = job.key()
        if key in report.pictures or key in missing:
            continue
        png = cache.get(key)
        if png is not None:
            report.pictures[key] = png
            report.cached += 1
        else:
            missing[key] = job
    if not missing:
        return report
    results = _draw(list(missing.values()), workers)
    for key, (png, pid) in zip(missing, results, strict=True):
        cache.put(key, png)
        report.pictures[key] = png
        report.pids.add(pid)
    report.drawn = len(missing)
    return report


def _draw(jobs: list[ChartJob], workers: Optional[int]) -> list[tuple[bytes, int]]:
    """One picture is drawn here; several go to a pool of at most one process per core."""
    from deckgen.figures import draw

    count = min(len(jobs), workers or os.cpu_count() or 1)
    if count <= 1:
        return [draw.render_in_worker(job) for job in jobs]
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=_context(),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
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


def warm() -> None:
    """Import matplotlib and the drawing code now (watch mode), not on the first changed chart."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.font_manager  # noqa: F401
    import matplotlib.ticker  # noqa: F401

    import deckgen.figures.draw  # noqa: F401
