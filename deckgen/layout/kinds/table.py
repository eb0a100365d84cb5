"""A table from inline rows or a CSV file, with optional heat shading.

Columns are as wide as their content (a table of two short columns does not
stretch across the slide), the type grows up to the body size when the slide
has room, each column is aligned as a whole (numbers right, text left, or as
``align:`` says), and ``total: true`` sets the last row apart.  With
``continue``, rows that do not fit at the theme's table size flow onto
continuation slides, each repeating the header row, all at one size.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

from deckgen.layout import split, tables
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import titled
from deckgen.layout.plan import Box, Draft, TableCell, TableFrame
from deckgen.layout.textfit import Para
from deckgen.model import markup
from deckgen.model.colours import mix, readable_on


def layout(slide: Any, ctx: Context) -> Draft | list[Draft]:
    grid = tables.resolve(slide.table, ctx.placed.data.get("table"),
                          Path(ctx.where().file).resolve().parent, ctx.roots, ctx.problems)
    if split.continues(ctx, slide):
        parts, body = _parts(ctx, slide, grid)
        if len(parts) > 1:
            size = _shared_size(ctx, parts, body, grid)
            return split.drafts(ctx, slide, len(parts),
                                lambda part, i: _draft(ctx, part, parts[i], grid, size))
    return _draft(ctx, slide, grid, grid)


def _draft(ctx: Context, slide: Any, grid: tables.Grid, whole: tables.Grid,
           size: float | None = None) -> Draft:
    plan, body = titled(ctx, slide)
    body = _body(ctx, slide, plan, body)
    plan.elements.append(_table(ctx, grid, body, ctx.theme.sizes.body, whole, size))
    return plan


def _body(ctx: Context, slide: Any, plan: Draft, body: Box) -> Box:
    """The room the table has once the caption took its lines."""
    if slide.caption:
        body, caption = ctx.caption(slide.caption, body)
        plan.elements.append(caption)
    return body


def _parts(ctx: Context, slide: Any, grid: tables.Grid) -> tuple[list[tables.Grid], Box]:
    """The rows of each part, packed at the theme's table size, the header on each."""
    size = ctx.theme.sizes.table
    heights: dict[float, list[float]] = {}  # each row's height, for a body this wide

    def fits(box: Box, rows: list[int]) -> bool:
        if box.w not in heights:  # rows are measured once, not once a trial
            heights[box.w] = _row_heights(ctx, grid, _col_widths(ctx, grid, box.w, size), size)
        tall = heights[box.w]
        header = tall[0] if grid.header else 0.0
        body = tall[1:] if grid.header else tall
        return header + sum(body[r] for r in rows) <= box.h + 0.5

    def body_of(part: Any, plan: Draft, body: Box) -> Box:
        return _body(ctx, part, plan, body)

    parts, body = split.packed(ctx, slide, range(len(grid.rows)), fits, body_of)
    return [grid.part([grid.rows[r] for r in rows]) for rows in parts], body


def _table(ctx: Context, grid: tables.Grid, body: Box, largest: float,
           whole: tables.Grid | None = None, size: float | None = None) -> TableFrame:
    """``grid``'s rows in ``body``; ``whole`` (the table all parts of a split come from)
    sets the column widths and the heat scale, so every part looks the same."""
    theme = ctx.theme
    whole = whole or grid
    size = size or _fit_size(ctx, grid, body, largest, whole)
    widths = _col_widths(ctx, whole, body.w, size)
    heights = _row_heights(ctx, grid, widths, size, body.h)
    scale = tables.heat_scale(whole, theme) if grid.heat else None
    aligns = whole.aligns()
    cells: list[list[TableCell]] = []
    if grid.header:
        cells.append([_cell(ctx, text, size, theme.colors.on_accent, theme.colors.accent,
                            bold=True, align=aligns[c]) for c, text in enumerate(grid.header)])
    last = len(grid.rows) - 1
    for r, row in enumerate(grid.rows):
        total = grid.total and r == last
        out = []
        for c, value in enumerate(row):
            numeric = isinstance(value, float)
            fill = theme.colors.surface if r % 2 == 0 else theme.colors.background
            colour = theme.colors.text
            if scale and numeric and not total:
                fill, colour = scale(value)
            if total:
                fill = mix(theme.colors.background, theme.colors.accent, 0.16)
                colour = readable_on(fill, theme.colors.text, theme.colors.on_accent)
            first = c == 0 and not numeric
            out.append(_cell(ctx, grid.format(value), size, colour, fill,
                             bold=first or total, align=aligns[c] if c < len(aligns) else "left"))
        cells.append(out)
    box = Box(body.x, body.y, sum(widths), sum(heights))
    return TableFrame(box=box, cells=cells, col_widths=widths, row_heights=heights,
                      line=theme.colors.background, header=bool(grid.header))


LEAST_UNBROKEN = 5 / 6  # how much smaller a table may be set to keep every cell on a line


def cell_inset(theme: Any) -> float:
    """A cell's left and right inset: the theme's own, so a right-aligned number or
    header keeps clear of the cell's edge as text keeps clear of a card's."""
    return theme.space.inset


def _cell(ctx: Context, text: str, size: float, colour: str, fill: str, bold: bool,
          align: str) -> TableCell:
    theme = ctx.theme
    spec = ctx.text(text, Box(0, 0, 10_000, 10_000), size=size, floor=size, color=colour,
                    bold=bold, align=align, anchor="middle", what="table cell",
                    inset=cell_inset(theme), key="table")
    return TableCell(text=spec, fill=fill)


def _col_widths(ctx: Context, grid: tables.Grid, total: float, size: float,
                ems: list[tuple[float, float]] | None = None) -> list[float]:
    """Each column as wide as its longest text and a little room; shared down by those
    widths when the line is too short.  Spare room stays beside the table: two narrow
    columns do not stretch across the slide.  ``ems`` are :func:`_column_ems` of ``grid``
    when the caller tries many sizes."""
    theme = ctx.theme
    want, least = [], []
    pad = cell_inset(theme) * 2 + theme.space.inset * 0.5  # the insets and a little air
    for longest, word in ems or _column_ems(ctx, grid):
        want.append(max(longest * size + pad, size * 2.5))
        least.append(min(want[-1], max(word * size + pad, size * 2.5)))
    if sum(want) <= total:  # spare room: a little air in each column, the rest left free
        extra = min((total - sum(want)) / len(want), size * 1.5)
        return [w + extra for w in want]
    if sum(least) >= total:  # not even the words fit: share by the widths wanted
        return [w * total / sum(want) for w in want]
    # every column keeps its longest word whole ("Edition", not "Editio" and "n"); the
    # room left goes to the columns whose text wraps, in proportion to what they lack
    share = (total - sum(least)) / (sum(want) - sum(least))
    return [lo + (w - lo) * share for w, lo in zip(want, least, strict=True)]


def _column_ems(ctx: Context, grid: tables.Grid) -> list[tuple[float, float]]:
    """Each column's longest line and longest word, in ems of the bold body font.

    They do not depend on the size, so the fitting loops, which try one size
    after another, measure them once.
    """
    width_em, path = ctx.fitter.measure.width_em, _body_file(ctx)
    out = []
    for c in range(grid.width):
        texts = [grid.header[c]] if grid.header else []
        texts += [grid.format(row[c]) for row in grid.rows if c < len(row)]
        lines = [markup.plain(line) for t in texts for line in t.split("\n")]
        longest = max((width_em(line, path) for line in lines), default=1.0)
        word = max((width_em(w, path) for line in lines for w in line.split()), default=1.0)
        out.append((longest, word))
    return out


def _body_file(ctx: Context) -> str:
    from deckgen.layout.fonts import font_file

    return font_file(ctx.theme.fonts.body, True)


def _fit_size(ctx: Context, grid: tables.Grid, body: Box, largest: float,
              whole: tables.Grid | None = None, warn: bool = True) -> float:
    """Largest size from ``largest`` down to the theme's table floor at which the rows
    fit the height and no cell wraps past two lines (widths from ``whole``)."""
    theme = ctx.theme
    whole = whole or grid
    ems = _column_ems(ctx, whole)
    size = largest
    while size > theme.sizes.min_table:
        widths = _col_widths(ctx, whole, body.w, size, ems)
        too_wide = any(_too_wide(ctx, whole, c, w, size) for c, w in enumerate(widths))
        if sum(_row_heights(ctx, grid, widths, size)) <= body.h and not too_wide:
            return _unbroken(ctx, whole, body.w, size, ems)
        size -= 0.5
    size = max(size, theme.sizes.min_table)
    widths = _col_widths(ctx, whole, body.w, size, ems)
    needed = sum(_row_heights(ctx, grid, widths, size))
    if warn and needed > body.h + 0.5:
        line = size * _line_em(ctx)
        hint = None if ctx.placed is None or split.continues(ctx, ctx.placed.slide) \
            or ctx.placed.slide.kind != "table" else split.HINT
        ctx.warn_overflow("table", needed / body.h - 1, math.ceil((needed - body.h) / line),
                          ctx.where("table"), hint)
    return size


def _shared_size(ctx: Context, parts: list[tables.Grid], body: Box, whole: tables.Grid
                 ) -> float:
    """The largest size, from the body size down, at which every part fits: the parts
    were packed at the theme's table size, so that size at the least."""
    theme = ctx.theme
    ems = _column_ems(ctx, whole)
    size = theme.sizes.body
    while size > theme.sizes.table:
        widths = _col_widths(ctx, whole, body.w, size, ems)
        if not any(_too_wide(ctx, whole, c, w, size) for c, w in enumerate(widths)) and all(
                sum(_row_heights(ctx, part, widths, size)) <= body.h for part in parts):
            return size
        size -= 0.5
    return min(_fit_size(ctx, part, body, size, whole, warn=False) for part in parts)


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
    pad = cell_inset(theme) * 2
    lines = [max((ctx.fitter.wrap_count(_cell_para(text), theme.fonts.body,
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


@functools.lru_cache(maxsize=4096)
def _cell_para(text: str) -> Para:
    """A cell's text as one paragraph, made once: the fitting loops wrap every cell
    at each size they try (a paragraph is immutable, so it can be shared)."""
    return Para(markup.parse(text))


def _unbroken(ctx: Context, grid: tables.Grid, width: float, size: float,
              ems: list[tuple[float, float]]) -> float:
    """``size``, or a size at most a sixth smaller at which no cell wraps.

    A table whose names, times and ranges each stay on one line ("Mon–Fri 9–17",
    not "Mon–Fri 9–" over "17") reads better than one a point or two larger
    with values broken; a smaller size only frees room, so the rows still fit.
    """
    least = max(size * LEAST_UNBROKEN, ctx.theme.sizes.min_table)
    trial = size
    while trial >= least:
        widths = _col_widths(ctx, grid, width, trial, ems)
        if not any(_too_wide(ctx, grid, c, w, trial, 1) for c, w in enumerate(widths)):
            return trial
        trial -= 0.5
    return size


def _too_wide(ctx: Context, grid: tables.Grid, c: int, width: float, size: float,
              most: int = 2) -> bool:
    """Whether a cell of column ``c`` wraps past ``most`` lines (its own breaks aside)."""
    texts = ([grid.header[c]] if grid.header else []) + [
        grid.format(r[c]) for r in grid.rows if c < len(r)]
    fam = ctx.theme.fonts.body
    for text in texts:
        lines = ctx.fitter.wrap_count(_cell_para(text), fam, ctx.theme.fonts.mono,
                                      width - cell_inset(ctx.theme) * 2, size, True)
        if lines > most + text.count("\n"):
            return True
    return False


def needed_height(ctx: Context, grid: tables.Grid, width: float, size: float) -> float:
    """The least height ``grid`` takes ``width`` points wide at ``size``: a body slide
    measures its table among its other blocks with it."""
    return sum(_row_heights(ctx, grid, _col_widths(ctx, grid, width, size), size))


def frame(ctx: Context, grid: tables.Grid, box: Box, largest: float) -> TableFrame:
    """The table fitted into ``box`` (at ``largest`` at most), as a body's block draws it."""
    return _table(ctx, grid, box, largest)
