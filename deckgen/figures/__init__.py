"""Figures: the only stage that draws with matplotlib.

:func:`draw_all` gives every chart job of a deck its PNG, from the cache or
drawn, several at a time in worker processes.  Jobs stay as the lay-out made
them: the pictures come back in a mapping from each job's key.

A build uses :class:`DeckCharts` instead: made as soon as the deck is known
to have charts, it starts a :class:`~deckgen.figures.drawer.Drawer` when they
are likely to be missing, so matplotlib is imported while the deck is laid
out; the jobs are handed over when the lay-out is done, and the pictures
collected when the slides are written.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from deckgen.figures import cache
from deckgen.figures.drawer import Drawer, DrawerGone, fork_or_spawn, warm
from deckgen.figures.lifeline import die_with_parent

if TYPE_CHECKING:  # a build starts the drawer before it imports the lay-out stage
    from deckgen.layout.charts.job import ChartJob

__all__ = ["DeckCharts", "DrawReport", "draw_all", "warm"]


@dataclass
class DrawReport:
    """What :func:`draw_all` did: pictures drawn, found in the cache, and by which processes."""

    drawn: int = 0
    cached: int = 0
    pids: set[int] = field(default_factory=set)
    pictures: dict[str, bytes] = field(default_factory=dict)  # PNG by job key


def draw_all(jobs: list[ChartJob], workers: Optional[int] = None) -> DrawReport:
    """Every job's PNG by its key: from the cache, or drawn (in parallel when several miss)."""
    handed = _Handed(jobs, None)
    return handed.collect(workers)


class DeckCharts:
    """A deck's charts through one build: a drawer started early when they will be drawn.

    ``deck`` and ``theme`` (the ``--theme`` given, if any) name the list of keys
    kept from the deck's last build, which says whether to start the drawer.
    Always :meth:`close` it (a ``finally``): a failed lay-out must not leave a
    drawer behind.
    """

    def __init__(self, deck: Path, theme: Optional[str]) -> None:
        self.deck, self.theme = Path(deck), theme
        self.drawer: Optional[Drawer] = None
        # A process that has matplotlib already (watch, serve) draws faster itself.
        if "matplotlib" not in sys.modules and cache.likely_missing(self.deck, theme):
            try:
                self.drawer = Drawer()
            except OSError:  # no processes here: the charts are drawn when needed
                self.drawer = None
        self._handed: Optional[_Handed] = None

    def hand_over(self, jobs: list[ChartJob]) -> None:
        """The lay-out is done: take pictures from the cache, send the drawer the rest."""
        self._handed = _Handed(jobs, self.drawer)
        if self._handed.missing:
            return
        self.close()  # everything was in the cache: the drawer is not needed

    def pictures(self) -> dict[str, bytes]:
        """The PNG of every job handed over, by key (waiting for the drawer)."""
        assert self._handed is not None, "hand_over comes first"
        report = self._handed.collect()
        cache.remember(self.deck, self.theme, list(report.pictures))
        return report.pictures

    def close(self) -> None:
        if self.drawer is not None:
            self.drawer.close()
            self.drawer = None


class _Handed:
    """Jobs looked up in the cache; the missing ones sent to a drawer, if there is one."""

    def __init__(self, jobs: list[ChartJob], drawer: Optional[Drawer]) -> None:
        self.report = DrawReport()
        self.missing: dict[str, ChartJob] = {}
        for job in jobs:
            key = job.key()
            if key in self.report.pictures or key in self.missing:
                continue
            png = cache.get(key)
            if png is not None:
                self.report.pictures[key] = png
                self.report.cached += 1
            else:
                self.missing[key] = job
        self.drawer = drawer if self.missing else None
        if self.drawer is not None:
            try:
                self.drawer.send(list(self.missing.values()))
            except DrawerGone:
                self.drawer = None

    def collect(self, workers: Optional[int] = None) -> DrawReport:
        """The report, every missing job drawn and put in the cache."""
        if not self.missing:
            return self.report
        results: Optional[list[tuple[bytes, int]]] = None
        if self.drawer is not None:
            try:
                results = self.drawer.receive()
            except DrawerGone:  # it was killed: draw them here after all
                results = None
        if results is None:
            results = _draw(list(self.missing.values()), workers)
        for key, (png, pid) in zip(self.missing, results, strict=True):
            cache.put(key, png)
            self.report.pictures[key] = png
            self.report.pids.add(pid)
        self.report.drawn = len(self.missing)
        self.missing = {}
        return self.report


def _draw(jobs: list[ChartJob], workers: Optional[int]) -> list[tuple[bytes, int]]:
    """One picture is drawn here; several go to a pool of at most one process per core."""
    from deckgen.figures import draw

    count = min(len(jobs), workers or os.cpu_count() or 1)
    if count <= 1:
        return [draw.render_in_worker(job) for job in jobs]
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=fork_or_spawn(),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            return list(pool.map(draw.render_in_worker, jobs))
    except (BrokenProcessPool, OSError, PermissionError):
        # No processes on this system (a sandbox, a frozen app): draw them one by one.
        return [draw.render_in_worker(job) for job in jobs]
