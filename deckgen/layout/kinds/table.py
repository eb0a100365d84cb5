"""A table from inline rows or a CSV file, with optional heat shading."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from deckgen.layout import tables
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import titled
from deckgen.layout.plan import Box, Draft, TableCell, TableFrame
from deckgen.layout.textfit import Para
from deckgen.model import markup


def layout(slide: Any, ctx: Context) -> Draft:
    plan, body = titled(ctx, slide)
    grid = tables.resolve(slide.table, ctx.placed.data.get("table"),
                             Path(ctx.where().file).resolve().parent, ctx.roots, ctx.problems)
    if slide.caption:
        body, caption = ctx.caption(slide.caption, body)
        plan.elements.append(caption)
    plan.elements.append(_table(ctx, grid, body))
    return plan


def _table(ctx: Context, grid: tables.Grid, body: Box) -> TableFrame:
    theme = ctx.theme
    n_rows, n_cols = len(grid.rows) + (1 if grid.header else 0), grid.width
    size = _fit_size(ctx, grid, body, n_rows, n_cols)
    widths = _col_widths(ctx, grid, body.w, size)
    heights = _row_heights(ctx, grid, widths, size, body.h)
    scale = tables.heat_scale(grid, theme) if grid.heat else None
    cells: list[list[TableCell]] = []
    if grid.header:
        cells.append([_cell(ctx, text, size, theme.colors.on_accent, theme.colors.accent,
                            bold=True, align="center") for text in grid.header])
    for r, row in enumerate(grid.rows):
        out = []
        for c, value in enumerate(row):
            text = grid.format(value)
            numeric = isinstance(value, float)
            fill = theme.colors.surface if r % 2 == 0 else theme.colors.background
            colour = theme.colors.text
            if scale and numeric:
                fill, colour = scale(value)
            first = c == 0 and not numeric
            out.append(_cell(ctx, text, size, colour, fill, bold=first,
                             align="right" if numeric else "left"))
        cells.append(out)
    box = Box(body.x, body.y, sum(widths), sum(heights))
    return TableFrame(box=box, cells=cells, col_widths=widths, row_heights=heights,
                 line=theme.colors.background, header=bool(grid.header))


def _cell(ctx: Context, text: str, size: float, colour: str, fill: str, bold: bool,
          align: str) -> TableCell:
    theme = ctx.theme
    spec = ctx.text(text, Box(0, 0, 10_000, 10_000), size=size, floor=size, color=colour,
                    bold=bold, align=align, anchor="middle", what="table cell",
                    inset=theme.space.inset * 0.6, key="table")
    return TableCell(text=spec, fill=fill)


def _col_widths(ctx: Context, grid: tables.Grid, total: float, size: float) -> list[float]:
    """Share the width by the longest text of each column (first column gets its due)."""
    theme = ctx.theme
    want = []
    for c in range(grid.width):
        texts = [grid.header[c]] if grid.header else []
        texts += [grid.format(row[c]) for row in grid.rows]
        longest = max((ctx.fitter.measure.width_em(markup.plain(t), _body_file(ctx))
                       for t in texts), default=1.0)
        want.append(max(longest * size + theme.space.inset * 2.5, size * 2.5))
    scale = total / sum(want)
    if scale > 1:  # spare room: keep natural widths but fill the line evenly
        extra = (total - sum(want)) / len(want)
        return [w + extra for w in want]
    return [w * scale for w in want]


def _body_file(ctx: Context) -> str:
    from deckgen.layout.fonts import font_file

    return font_file(ctx.theme.fonts.body, True)


def _fit_size(ctx: Context, grid: tables.Grid, body: Box, n_rows: int, n_cols: int) -> float:
    """Largest size from the theme's table size down to its floor at which rows and words fit."""
    theme = ctx.theme
    size = theme.sizes.table
    while size > theme.sizes.min_table:
        widths = _col_widths(ctx, grid, body.w, size)
        too_wide = any(_too_wide(ctx, grid, c, w, size) for c, w in enumerate(widths))
        if sum(_row_heights(ctx, grid, widths, size)) <= body.h and not too_wide:
            return size
        size -= 0.5
    widths = _col_widths(ctx, grid, body.w, size)
    needed = sum(_row_heights(ctx, grid, widths, size))
    if needed > body.h + 0.5:
        line = size * _line_em(ctx)
        ctx.warn_overflow("table", needed / body.h - 1, math.ceil((needed - body.h) / line),
                          ctx.where("table"))
    return size


def _line_em(ctx: Context) -> float:
    from deckgen.layout.fonts import frame_line_em

    return frame_line_em() * ctx.theme.space.line_spacing


def _row_heights(ctx: Context, grid: tables.Grid, widths: list[float], size: float,
                 room: float | None = None) -> list[float]:
    """Each row as tall as its tallest cell, every hard and wrapped line counted.

    Rows get a roomy padding when ``room`` allows it and a tight one
    (the least a renderer needs) when measuring whether the table fits.
    """
    theme = ctx.theme
    rows = ([grid.header] if grid.header else []) + [
        [grid.format(v) for v in row] for row in grid.rows]
    line = size * _line_em(ctx)
    pad = theme.space.inset * 1.2
    lines = [max((ctx.fitter.wrap_count(Para(markup.parse(text)), theme.fonts.body,
                                        theme.fonts.mono, w - pad, size, True)
                  for text, w in zip(row, widths, strict=False)), default=1) for row in rows]
    # the lines as LibreOffice sets them, plus half an em: more than a cell's top and
    # bottom margins (a quarter of the theme's inset each) at any readable size
    tight = [n * line + size * 0.5 for n in lines]
    if room is None:
        return tight
    roomy = [max(size * 2.6, n * line + size * 1.3) for n in lines]
    if sum(roomy) <= room:
        return roomy
    spare = max(0.0, room - sum(tight)) / max(len(rows), 1)
    return [h + min(spare, r - h) for h, r in zip(tight, roomy, strict=True)]


def _too_wide(ctx: Context, grid: tables.Grid, c: int, width: float, size: float) -> bool:
    texts = ([grid.header[c]] if grid.header else []) + [grid.format(r[c]) for r in grid.rows]
    fam = ctx.theme.fonts.body
    for text in texts:
        lines = ctx.fitter.wrap_count(Para(markup.parse(text)), fam, ctx.theme.fonts.mono,
                                      width - ctx.theme.space.inset * 1.2, size, True)
        if lines > 2:
            return True
    return False


def needed_height(ctx: Context, grid: tables.Grid, width: float, size: float) -> float:
    """The least height ``grid`` takes ``width`` points wide at ``size``: a body slide
    measures its table among its other blocks with it."""
    return sum(_row_heights(ctx, grid, _col_widths(ctx, grid, width, size), size))


def frame(ctx: Context, grid: tables.Grid, box: Box) -> TableFrame:
    """The table fitted into ``box``, as a table slide draws it."""
    return _table(ctx, grid, box)
