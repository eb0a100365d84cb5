"""Points: one series against the categories, or two series as x and y.

With two series each category is a point at (first value, second value),
named beside the point when ``labels: true``; the series names label the axes
unless ``x_label``/``y_label`` say otherwise.
"""

from __future__ import annotations

from typing import Any

from deckgen.layout.charts import fmt
from deckgen.layout.charts.points import numeric_categories


def draw(p: Any) -> None:
    if len(p.job.series) == 2:
        _pairs(p)
    else:
        _dots(p)


def _marker(p: Any, strong: bool) -> float:
    return (p.size * (0.75 if strong else 0.6)) ** 2


def _pairs(p: Any) -> None:
    job, ax = p.job, p.ax
    xs, ys = job.series[0].values, job.series[1].values
    for j, (x, y) in enumerate(zip(xs, ys, strict=False)):
        if x is None or y is None:
            continue
        strong = j in p.hl_categories or not p.hl_categories
        colour = p.colours.point(j)
        ax.scatter([x], [y], s=_marker(p, strong), color=colour, zorder=3 if strong else 2,
                   linewidths=0)
        if job.labels or j in p.hl_categories:
            p.annotate(job.categories[j], (x, y), (p.size * 0.45, p.size * 0.25), ha="left",
                       va="bottom", fontweight="bold" if j in p.hl_categories else "normal")
    p.value_axis("y", job.y_label or job.series[1].name)
    _x_values(p, job.x_label or job.series[0].name, [v for v in xs if v is not None])
    ax.margins(x=0.08, y=0.12)


def _x_values(p: Any, label: str, xs: list[float]) -> None:
    """The x axis carries numbers too: light grid, plain ticks, its own label."""
    ax = p.ax
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    places = fmt.decimals(xs)
    years = all(float(v).is_integer() and 1000 <= v <= 2999 for v in xs)

    def tick(v: float, _pos: Any) -> str:
        if years:  # 2010, not 2,010
            return f"{v:.0f}" if v.is_integer() else ""
        return fmt.number(v, min(places, fmt.decimals([v])))

    ax.xaxis.set_major_formatter(FuncFormatter(tick))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.grid(True, axis="x", zorder=0)
    ax.tick_params(axis="x", length=0, pad=p.size * 0.4)
    ax.spines["bottom"].set_color(p.style.muted)
    if label:
        ax.set_xlabel(p.wrap(label, p.job.width * 0.8), labelpad=p.size * 0.5)


def _dots(p: Any) -> None:
    job, ax = p.job, p.ax
    numeric = numeric_categories(job.categories)
    xs = numeric if numeric else list(range(len(job.categories)))
    series = job.series[0]
    for j, (x, y) in enumerate(zip(xs, series.values, strict=False)):
        if y is None:
            continue
        strong = not p.hl_categories or j in p.hl_categories
        ax.scatter([x], [y], s=_marker(p, strong), color=p.colour(0, j), linewidths=0,
                   zorder=3 if strong else 2)
        if job.labels or j in p.hl_categories:
            p.annotate(p.value_text(y), (x, y), (0, p.size * 0.5), ha="center", va="bottom",
                       fontweight="bold" if j in p.hl_categories else "normal")
    p.value_axis("y", job.y_label or series.name or None)
    if numeric:
        _x_values(p, job.x_label or "", numeric)
    else:
        p.category_axis("x", label=job.x_label, thin=True)
        ax.spines["bottom"].set_color(p.style.muted)
    ax.margins(x=0.06, y=0.14)
