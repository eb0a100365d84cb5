"""Wedges of one series; a donut is a pie with a hole."""

from __future__ import annotations

import math
from typing import Any

SMALL_SHARE = 0.06  # wedges smaller than this get their label outside
LIMIT = 1.3  # axes reach, in radii: room for the outside labels


def draw(p: Any, hole: float = 0.0) -> None:
    job, ax = p.job, p.ax
    values = [v or 0.0 for v in job.series[0].values]
    colours = [_colour(p, j) for j in range(len(values))]
    props = {"edgecolor": p.style.background, "linewidth": 1.6}
    if hole:
        props["width"] = 1 - hole
    wedges, _texts = ax.pie(values, colors=colours, startangle=90, counterclock=False,
                            wedgeprops=props, radius=1.0)
    ax.set_aspect("equal")
    ax.set_xlim(-LIMIT, LIMIT)
    ax.set_ylim(-LIMIT, LIMIT)
    total = sum(values)
    chosen = [j for j in range(len(values)) if job.labels or j in p.hl_categories]
    outside = []
    for j in chosen:
        wedge, share = wedges[j], values[j] / total
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        if share >= SMALL_SHARE:
            radius = (1 - (1 - hole) / 2) if hole else 0.64
            p.ax.text(radius * math.cos(angle), radius * math.sin(angle),
                      p.value_text(values[j]), ha="center", va="center", fontsize=p.small,
                      color=p.text_on(colours[j]), zorder=4,
                      fontweight="bold" if j in p.hl_categories else "normal")
        else:
            outside.append((j, angle))
    _outside(p, values, outside)
    p.legend(wedges, list(job.categories), right=True)


def _colour(p: Any, j: int) -> str:
    return p.colours.wedge(j)


def _outside(p: Any, values: list[float], labels: list[tuple[int, float]]) -> None:
    """Labels of thin wedges, outside the rim, pushed apart so none overlaps the next."""
    spacing = p.line_height(p.small) * 1.05 / _points_per_unit(p)
    for side in (1, -1):
        items = sorted(((j, a) for j, a in labels if (math.cos(a) >= 0) == (side > 0)),
                       key=lambda item: -math.sin(item[1]))
        last_y = math.inf
        for j, angle in items:
            x, y = 1.1 * math.cos(angle), 1.1 * math.sin(angle)
            y = min(y, last_y - spacing)
            last_y = y
            lx = side * max(abs(x), 0.25)
            p.ax.plot([math.cos(angle), lx], [math.sin(angle), y], color=p.style.muted,
                      linewidth=0.8, zorder=3)
            p.ax.text(lx + side * 0.03, y, p.value_text(values[j]), fontsize=p.small,
                      ha="left" if side > 0 else "right", va="center", color=p.style.text,
                      zorder=4, fontweight="bold" if j in p.hl_categories else "normal")


def _points_per_unit(p: Any) -> float:
    """How many points one radius-unit spans on the page (the plot is square)."""
    return max(p.job.height - 4 * p.size, p.size) / (2 * LIMIT)
