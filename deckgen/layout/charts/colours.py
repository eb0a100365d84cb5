"""Which colour each series, bar, point and wedge of a chart takes, after any highlight.

The picture charts (:mod:`deckgen.figures`) and the native ones
(:mod:`deckgen.ooxml.charts`) both ask here, so a chart has the same colours
whichever way it is drawn.  Every colour comes from the job's style (the theme).
"""

from __future__ import annotations

from typing import Optional

from deckgen.layout.charts.job import ChartJob
from deckgen.model.colours import mix


class Colours:
    """A chart's palette with its highlight: the accent for what is named, quiet tones around."""

    def __init__(self, job: ChartJob):
        self.job = job
        self.style = job.style
        hl = job.highlight
        self.hl_categories = {j for j, c in enumerate(job.categories) if c == hl}
        self.hl_series = set() if self.hl_categories else {
            i for i, s in enumerate(job.series) if s.name == hl}

    def series_colour(self, i: int) -> str:
        """The palette in order; past its end, the same colours paler each round."""
        palette = self.style.palette
        base = palette[i % len(palette)]
        rounds = i // len(palette)
        return mix(base, self.style.background, min(0.3 * rounds, 0.7)) if rounds else base

    def muted_tone(self, i: int = 0, count: int = 3) -> str:
        """Quiet colours for what a highlight sets back; distinct shades when there are several."""
        step = 0.36 / max(count - 1, 1)
        return mix(self.style.muted, self.style.background, 0.3 + step * (i % max(count, 1)))

    def colour(self, i: int, j: Optional[int] = None) -> str:
        """Fill of series ``i`` at category ``j``, after any highlight."""
        single = len(self.job.series) == 1
        if self.hl_series:
            return self.style.accent if i in self.hl_series else self.muted_tone(i)
        if self.hl_categories and j is not None:
            if j in self.hl_categories:
                return self.style.accent if single else self.series_colour(i)
            return self.muted_tone(0) if single else mix(
                self.series_colour(i), self.style.background, 0.6)
        return self.series_colour(i)

    def wedge(self, j: int) -> str:
        """A pie's or donut's wedge ``j``: one colour per category."""
        if self.hl_categories:
            return self.style.accent if j in self.hl_categories else self.muted_tone(
                j, len(self.job.categories))
        return self.series_colour(j)

    def point(self, j: int) -> str:
        """A scatter point of the first series (two series make one set of points)."""
        if not self.hl_categories:
            return self.series_colour(0)
        return self.style.accent if j in self.hl_categories else self.muted_tone(0)

    def highlighted(self, i: int, j: Optional[int] = None) -> bool:
        return i in self.hl_series or (j is not None and j in self.hl_categories)
