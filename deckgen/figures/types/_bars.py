"""Bars side by side (grouped) or on top of each other (stacked), either way round.

``bar``, ``barh`` and ``stacked-bar`` differ only in orientation and stacking,
so they share this drawing code.
"""

from __future__ import annotations

from typing import Any

GROUP_WIDTH = 0.78  # share of a category's slot the bars of a group fill


def draw(p: Any, horizontal: bool = False, stacked: bool = False) -> None:
    job, ax = p.job, p.ax
    n, k = len(job.categories), len(job.series)
    group = min(GROUP_WIDTH, 0.3 + 0.12 * n)  # two or three bars need not fill the slide
    width = group if stacked else group / k
    handles = []
    base_pos = [0.0] * n
    base_neg = [0.0] * n
    for i, series in enumerate(job.series):
        offset = 0.0 if stacked else (i - (k - 1) / 2) * width
        xs, heights, bottoms, colours, kept = [], [], [], [], []
        for j, v in enumerate(series.values):
            if v is None:
                continue
            base = (base_pos if v >= 0 else base_neg) if stacked else None
            xs.append(j + offset)
            heights.append(v)
            bottoms.append(base[j] if base is not None else 0.0)
            colours.append(p.colour(i, j))
            kept.append(j)
            if base is not None:
                base[j] += v
        bar = ax.barh if horizontal else ax.bar
        size_kw = {"height": width * 0.94} if horizontal else {"width": width * 0.94}
        edge = {"left": bottoms} if horizontal else {"bottom": bottoms}
        container = bar(xs, heights, **size_kw, **edge, color=colours, zorder=2,
                        linewidth=0, label=series.name or None)
        handles.append(container)
        if job.labels or p.hl_categories or p.hl_series:
            _labels(p, container, i, kept, heights, stacked, horizontal)
    if stacked and (job.labels or p.hl_categories):
        _totals(p, base_pos, base_neg, horizontal)
    _axes(p, horizontal)
    if k > 1:
        p.legend([h.patches[0] if h.patches else h for h in handles],
                 [s.name or f"Series {i + 1}" for i, s in enumerate(job.series)])


def _labels(p: Any, container: Any, i: int, kept: list[int], heights: list[float],
            stacked: bool, horizontal: bool) -> None:
    """Value labels: all of them with ``labels: true``, else only the highlighted ones."""
    job = p.job
    if not heights:
        return
    crowded = not stacked and _crowded(p, heights, horizontal)
    telling = {kept[heights.index(max(heights))], kept[heights.index(min(heights))]}
    texts, weights = [], []
    for j, v in zip(kept, heights, strict=False):
        show = p.highlighted(i, j) or (job.labels and (not crowded or j in telling))
        texts.append(p.value_text(v) if show else "")
        weights.append(p.highlighted(i, j))
    if stacked:
        _inside(p, container, texts, horizontal)
        return
    made = p.ax.bar_label(container, labels=texts, padding=p.size * 0.2, fontsize=p.small,
                          color=p.style.text)
    for text, bold in zip(made, weights, strict=False):
        if bold:
            text.set_fontweight("bold")


def _crowded(p: Any, heights: list[float], horizontal: bool) -> bool:
    """True when labels would run into each other: then only the extremes are labelled."""
    n, k = len(p.job.categories), len(p.job.series)
    if horizontal:
        slot = p.job.height * 0.75 / (n * k)
        return p.line_height(p.small) > slot * 1.05
    slot = p.plot_width() / (n * k)
    return max(p.width(p.value_text(v), p.small) for v in heights) * 1.25 > slot


def _inside(p: Any, container: Any, texts: list[str], horizontal: bool) -> None:
    """Stacked segments carry their value inside, where it fits, in a readable colour."""
    ax = p.ax
    for patch, text in zip(container.patches, texts, strict=False):
        if not text:
            continue
        extent = abs(patch.get_width() if horizontal else patch.get_height())
        room = _points_per_unit(p, horizontal) * extent
        need = p.width(text, p.small) if horizontal else p.line_height(p.small)
        if room < need * 1.15:
            continue
        x, y = patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2
        ax.text(x, y, text, ha="center", va="center", fontsize=p.small, zorder=3,
                color=p.text_on(_hex(patch.get_facecolor())))


def _totals(p: Any, pos: list[float], neg: list[float], horizontal: bool) -> None:
    """The sum of each stack, past its end."""
    for j, (up, down) in enumerate(zip(pos, neg, strict=False)):
        total = up + down
        if up == 0 and down == 0:
            continue
        end = up if total >= 0 or down == 0 else down
        text = p.value_text(total)
        bold = "bold" if j in p.hl_categories else "normal"
        if horizontal:
            p.annotate(text, (end, j), (p.size * 0.3 * (1 if end >= 0 else -1), 0),
                       ha="left" if end >= 0 else "right", va="center", fontweight=bold)
        else:
            p.annotate(text, (j, end), (0, p.size * 0.3 * (1 if end >= 0 else -1)),
                       ha="center", va="bottom" if end >= 0 else "top", fontweight=bold)


def _points_per_unit(p: Any, horizontal: bool) -> float:
    """Rough scale of the value axis before layout: points per data unit."""
    low, high = p.ax.get_xlim() if horizontal else p.ax.get_ylim()
    span = (high - low) or 1.0
    return (p.plot_width() if horizontal else p.job.height * 0.7) / span


def _hex(rgba: Any) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgba[:3])


def _axes(p: Any, horizontal: bool) -> None:
    job, ax = p.job, p.ax
    if horizontal:
        ax.invert_yaxis()  # the first category at the top, as it is read
        p.value_axis("x", job.x_label)
        p.category_axis("y", label=job.y_label)
        ax.spines["left"].set_visible(True)
        ax.spines["left"].set_color(p.style.muted)
        if job.labels or p.hl_categories or p.hl_series:
            p.headroom("x", 0.14)
    else:
        p.value_axis("y", job.y_label)
        p.category_axis("x", label=job.x_label)
        ax.spines["bottom"].set_color(p.style.muted)
        if job.labels or p.hl_categories or p.hl_series:
            p.headroom("y", 0.1)
    ax.margins(**{("y" if horizontal else "x"): 0.02})
    _zero_line(p, horizontal)


def _zero_line(p: Any, horizontal: bool) -> None:
    """A baseline at zero when bars go both ways."""
    values = [v for s in p.job.series for v in s.values if v is not None]
    if values and min(values) < 0 < max(values):
        line = p.ax.axvline if horizontal else p.ax.axhline
        line(0, color=p.style.muted, linewidth=0.9, zorder=2.5)

