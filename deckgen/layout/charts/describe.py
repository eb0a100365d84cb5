"""Alt text for a chart, written from its data.

A screen reader hears what the picture shows: the kind of chart, what is
measured, over which categories, and the figures a sighted reader's eye goes
to first (largest, smallest, first and last, shares, the highlighted one).
"""

from __future__ import annotations

from typing import Optional

from deckgen.layout.charts import fmt
from deckgen.layout.charts.job import ChartJob, DataSeries
from deckgen.model.charts import CHART_TYPES

MAX_LISTED = 6  # categories named one by one; past this only the first and last
MAX_SERIES = 4  # series described one by one


def describe(job: ChartJob) -> str:
    if job.type == "heatmap":
        return _heatmap(job)
    if job.type == "scatter" and len(job.series) == 2:
        return _pairs(job)
    places = fmt.decimals(v for s in job.series for v in s.values)
    sentences = [_opening(job)]
    if job.type in ("pie", "donut"):
        sentences.append(_shares(job, job.series[0], places))
    else:
        for s in job.series[:MAX_SERIES]:
            sentences.append(_figures(job, s, places))
        if len(job.series) > MAX_SERIES:
            sentences.append(f"{len(job.series) - MAX_SERIES} more series are shown.")
    sentences.append(_highlight(job))
    return " ".join(s for s in sentences if s)


def _noun(job: ChartJob) -> str:
    noun = CHART_TYPES[job.type].noun
    if job.type in ("bar", "barh") and len(job.series) > 1:
        noun = "grouped " + noun
    return noun


def _opening(job: ChartJob) -> str:
    noun = _noun(job)
    names = [s.name for s in job.series if s.name]
    article = "An" if noun[0] in "aeiou" else "A"
    what = ""
    if len(names) == 1:
        what = f" of {names[0]}"
    elif names:
        listed = fmt.join(names[:MAX_SERIES]) if len(names) <= MAX_SERIES else (
            f"{len(names)} series")
        what = f" of {listed}"
    unit = f" ({job.unit})" if job.unit else ""
    return f"{article} {noun}{what}{unit} {_over(job.categories)}."


def _over(categories: tuple[str, ...]) -> str:
    if len(categories) <= MAX_LISTED:
        return "for " + fmt.join(list(categories))
    return f"for {len(categories)} categories from {categories[0]} to {categories[-1]}"


def _figures(job: ChartJob, s: DataSeries, places: int) -> str:
    """Highest and lowest (and, over time, first to last) of one series."""
    points = [(c, v) for c, v in zip(job.categories, s.values, strict=False) if v is not None]
    head = f"{s.name}: " if s.name and len(job.series) > 1 else ""
    if not points:
        return f"{head}no values."
    if len(points) == 1:
        c, v = points[0]
        return f"{head}{c}, {fmt.value(v, job.unit, places)}."
    high = max(points, key=lambda p: p[1])
    low = min(points, key=lambda p: p[1])
    parts = []
    if job.type in ("line", "area"):
        first, last = points[0], points[-1]
        parts.append(f"from {fmt.value(first[1], job.unit, places)} in {first[0]} to "
                     f"{fmt.value(last[1], job.unit, places)} in {last[0]}")
    parts.append(f"highest {high[0]}, {fmt.value(high[1], job.unit, places)}")
    parts.append(f"lowest {low[0]}, {fmt.value(low[1], job.unit, places)}")
    text = "; ".join(parts)
    return head + text[0].upper() + text[1:] + "."


def _shares(job: ChartJob, s: DataSeries, places: int) -> str:
    total = sum(v or 0.0 for v in s.values) or 1.0
    ranked = sorted(zip(job.categories, s.values, strict=False), key=lambda p: -(p[1] or 0.0))
    parts = [f"{c} {fmt.value(v or 0.0, job.unit, places)} ({(v or 0.0) / total:.0%})"
             for c, v in ranked[:MAX_LISTED]]
    more = len(ranked) - MAX_LISTED
    tail = f", and {more} smaller" if more > 0 else ""
    return "Largest first: " + ", ".join(parts) + tail + "."


def _pairs(job: ChartJob) -> str:
    xs, ys = job.series
    x_name = job.x_label or xs.name or "the first series"
    y_name = job.y_label or ys.name or "the second series"
    points = [(c, x, y) for c, x, y in zip(job.categories, xs.values, ys.values, strict=False)
              if x is not None and y is not None]
    text = f"A scatter chart of {y_name} against {x_name} for {len(points)} points"
    if len(job.categories) <= MAX_LISTED:
        text += " (" + fmt.join([p[0] for p in points]) + ")"
    text += "."
    if points:
        places = fmt.decimals(y for _, _, y in points)
        high = max(points, key=lambda p: p[2])
        low = min(points, key=lambda p: p[2])
        text += (f" Highest {y_name}: {high[0]}, {fmt.value(high[2], job.unit, places)}; "
                 f"lowest: {low[0]}, {fmt.value(low[2], job.unit, places)}.")
    return " ".join(s for s in (text, _highlight(job)) if s)


def _heatmap(job: ChartJob) -> str:
    rows = tuple(s.name for s in job.series)
    cells = [(r.name, c, v) for r in job.series
             for c, v in zip(job.categories, r.values, strict=False) if v is not None]
    text = (f"A heatmap of {len(rows)} rows ({_span(rows)}) by {len(job.categories)} columns "
            f"({_span(job.categories)})")
    if job.unit:
        text += f" in {job.unit}"
    text += "."
    if cells:
        places = fmt.decimals(v for _, _, v in cells)
        low = min(cells, key=lambda p: p[2])
        high = max(cells, key=lambda p: p[2])
        text += (f" Values range from {fmt.value(low[2], job.unit, places)} ({low[0]}, {low[1]})"
                 f" to {fmt.value(high[2], job.unit, places)} ({high[0]}, {high[1]})")
        if job.center is not None:
            above = sum(1 for *_, v in cells if v > job.center)
            text += (f"; {above} of {len(cells)} cells are above "
                     f"{fmt.number(job.center, fmt.decimals([job.center]))}")
        text += "."
    blank = sum(len(r.values) for r in job.series) - len(cells)
    if blank:
        text += f" {blank} cell{'s are' if blank > 1 else ' is'} blank."
    return " ".join(s for s in (text, _highlight(job)) if s)


def _span(names: tuple[str, ...]) -> str:
    if len(names) <= 3:
        return fmt.join(list(names))
    return f"{names[0]} to {names[-1]}"


def _highlight(job: ChartJob) -> Optional[str]:
    return f"{job.highlight} is highlighted." if job.highlight else None
