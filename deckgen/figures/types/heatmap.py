"""A grid of coloured cells, each annotated with its value; null cells stay blank.

The scale is built from the theme: with ``center`` it diverges from a cool
palette colour through the neutral surface colour to the accent, symmetric
around the centre so equal distances look equally strong; without it, it
rises from the surface colour to the accent.
"""

from __future__ import annotations

import math
from typing import Any

CELL_GAP = 1.6  # points between cells, in the background colour


def draw(p: Any) -> None:
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap, Normalize

    job, ax = p.job, p.ax
    grid = np.array([[math.nan if v is None else v for v in s.values] for s in job.series],
                    dtype=float)
    masked = np.ma.masked_invalid(grid)
    hot, cold = _ends(p)
    neutral = p.style.surface
    values = [v for v in grid.flat if not math.isnan(v)] or [0.0]
    low, high = min(values), max(values)
    if job.center is not None:
        span = max(high - job.center, job.center - low) or 1.0
        norm = Normalize(job.center - span, job.center + span)
        cmap = LinearSegmentedColormap.from_list("deckgen", [cold, neutral, hot])
    else:
        norm = Normalize(low, high if high > low else low + 1.0)
        cmap = LinearSegmentedColormap.from_list("deckgen", [neutral, hot])
    cmap = cmap.with_extremes(bad=(0, 0, 0, 0))  # null cells stay blank
    ax.pcolormesh(masked, cmap=cmap, norm=norm, edgecolors=p.style.background,
                  linewidth=CELL_GAP)
    ax.set_xlim(0, grid.shape[1])
    ax.set_ylim(grid.shape[0], 0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    _annotate(p, grid, cmap, norm)
    _axes(p, grid.shape)
    _outline(p, grid.shape)


def _ends(p: Any) -> tuple[str, str]:
    """High end in the accent, low end in the first palette colour unlike it."""
    hot = p.style.accent
    cold = next((c for c in p.style.palette if c.upper() != hot.upper()), p.style.muted)
    return hot, cold


def _annotate(p: Any, grid: Any, cmap: Any, norm: Any) -> None:
    from matplotlib.colors import to_hex

    rows, cols = grid.shape
    texts = [[p.value_text(v) if not math.isnan(v) else "" for v in row] for row in grid]
    longest = max((p.width(t) for row in texts for t in row), default=1.0) / p.size
    cell_w = p.plot_width() / cols
    cell_h = p.job.height * 0.8 / rows
    size = min(p.small, cell_h * 0.55, cell_w * 0.86 / max(longest, 0.5))
    for r in range(rows):
        for c in range(cols):
            if not texts[r][c]:
                continue
            fill = to_hex(cmap(norm(grid[r, c]))).upper()
            p.ax.text(c + 0.5, r + 0.5, texts[r][c], ha="center", va="center", fontsize=size,
                      color=p.text_on(fill))


def _axes(p: Any, shape: tuple[int, int]) -> None:
    job, ax = p.job, p.ax
    rows, cols = shape
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    names, size = p.fit_rows([s.name for s in job.series], job.height * 0.8 / rows)
    ax.set_yticks([r + 0.5 for r in range(rows)], names, fontsize=size)
    ax.tick_params(axis="y", length=0, pad=p.size * 0.4)
    p.category_axis("x", positions=[c + 0.5 for c in range(cols)], label=job.x_label, top=True)
    if job.y_label:
        ax.set_ylabel(p.wrap(job.y_label, job.height * 0.8), labelpad=p.size * 0.5)
    for r, label in enumerate(ax.get_yticklabels()):
        if r in p.hl_series:
            label.set_fontweight("bold")
            label.set_color(p.style.accent)


def _outline(p: Any, shape: tuple[int, int]) -> None:
    """A highlighted row or column is framed in the accent colour."""
    from matplotlib.patches import Rectangle

    rows, cols = shape
    frames = [(0, r, cols, 1) for r in sorted(p.hl_series)]
    frames += [(c, 0, 1, rows) for c in sorted(p.hl_categories)]
    for x, y, w, h in frames:
        p.ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=p.style.accent,
                                 linewidth=max(2.0, p.size * 0.16), zorder=4, clip_on=False))

