"""Lines over the categories, optionally filled down to zero (area)."""

from __future__ import annotations

import math
from typing import Any

from deckgen.layout.charts.points import line_labels
from deckgen.model.colours import mix


def draw(p: Any, area: bool = False) -> None:
    job, ax = p.job, p.ax
    xs = list(range(len(job.categories)))
    handles = []
    ends: list[tuple[float, int, int]] = []  # (value, category, series) of labelled line ends
    for j in sorted(p.hl_categories):
        ax.axvspan(j - 0.35, j + 0.35, color=mix(p.style.accent, p.style.background, 0.86),
                   linewidth=0, zorder=0)
    for i, series in enumerate(job.series):
        ys = [math.nan if v is None else v for v in series.values]
        colour = p.colour(i)
        strong = i in p.hl_series or not p.hl_series
        if area:
            alpha = 0.3 if len(job.series) == 1 else 0.16
            ax.fill_between(xs, 0, ys, color=colour, alpha=alpha, linewidth=0, zorder=1)
        (line,) = ax.plot(xs, ys, color=colour, linewidth=2.6 if strong else 1.8,
                          marker="o", markersize=p.size * (0.36 if strong else 0.28),
                          zorder=3 if strong else 2, label=series.name or None)
        handles.append(line)
        ends += _labels(p, i, ys)
    p.value_axis("y", job.y_label)
    p.category_axis("x", label=job.x_label, thin=True)
    ax.spines["bottom"].set_color(p.style.muted)
    ax.margins(x=0.04, y=0.14)
    values = [v for s in job.series for v in s.values if v is not None]
    if area and values and min(values) >= 0:
        ax.set_ylim(bottom=0)
    if ends:
        ax.margins(x=0.08)  # room right of the last point for its value
        _end_labels(p, ends)
    if len(job.series) > 1:
        p.legend(handles, [s.name or f"Series {i + 1}" for i, s in enumerate(job.series)])


def _labels(p: Any, i: int, ys: list[float]) -> list[tuple[float, int, int]]:
    """Values by the points of a lone series; with several, at each line's end only."""
    chosen, end = line_labels(p.job, i, p.hl_series, p.hl_categories)
    ends = []
    if end:
        last = max(j for j, y in enumerate(ys) if not math.isnan(y))
        ends.append((ys[last], last, i))
    for j in chosen:
        bold = p.highlighted(i, j)
        p.annotate(p.value_text(ys[j]), (j, ys[j]), (0, p.size * 0.55), ha="center",
                   va="bottom", fontweight="bold" if bold else "normal")
        if j in p.hl_categories:
            p.ax.plot([j], [ys[j]], marker="o", markersize=p.size * 0.55, color=p.style.accent,
                      zorder=4)
    return ends


def _end_labels(p: Any, ends: list[tuple[float, int, int]]) -> None:
    """Last values right of the line ends, nudged apart so two ends never overlap."""
    low, high = p.ax.get_ylim()
    per_point = (high - low) / max(p.job.height * 0.7, 1.0)
    gap = p.line_height(p.small) * 1.05 * per_point
    placed: list[float] = []
    for y, j, i in sorted(ends):
        at = max(y, placed[-1] + gap) if placed else y
        placed.append(at)
        nudge = (at - y) / per_point
        p.annotate(p.value_text(y), (j, y), (p.size * 0.6, nudge), ha="left", va="center",
                   color=p.style.text, fontweight="bold" if i in p.hl_series else "normal")
