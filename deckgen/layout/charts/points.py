"""Which points of a chart carry their value, and where its categories sit on the axis.

The picture charts (:mod:`deckgen.figures`) and the native ones
(:mod:`deckgen.ooxml.charts`) both ask here, so a chart is labelled and
placed the same whichever way it is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Optional

from deckgen.layout.charts.job import ChartJob

MANY_POINTS = 12  # a lone line with more points labels only its extremes and its end


def line_labels(job: ChartJob, i: int, hl_series: Iterable[int],
                hl_categories: Iterable[int]) -> tuple[list[int], bool]:
    """Series ``i``'s points that carry their value, and whether its end is labelled.

    A lone series with ``labels`` names every point (or, past MANY_POINTS, its
    highest, lowest and last); with several series, or a highlighted one, only
    the line's end is named, right of it.  Highlighted categories always are.
    """
    values: Sequence[Optional[float]] = job.series[i].values
    present = [j for j, v in enumerate(values) if v is not None]
    if not present:
        return [], False
    chosen: set[int] = set()
    end = False
    if job.labels and len(job.series) == 1:
        if len(present) <= MANY_POINTS:
            chosen = set(present)
        else:
            chosen = {max(present, key=lambda j: values[j]),
                      min(present, key=lambda j: values[j]), present[-1]}
    elif job.labels or i in hl_series:
        end = True
    chosen |= {j for j in hl_categories if j in present}
    return sorted(chosen), end


def numeric_categories(texts: Sequence[str]) -> list[float]:
    """Categories that are all numbers (years, doses) are placed by their value; else []."""
    out = []
    for text in texts:
        try:
            out.append(float(text.replace(",", "")))
        except ValueError:
            return []
    return out
