"""Two to four columns side by side (four may become a 2x2 grid)."""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.body import stack, stack_height
from deckgen.layout.kinds.common import bullet_paras, titled
from deckgen.layout.plan import Box, Draft, Shape
from deckgen.layout.textfit import Para
from deckgen.model import markup
from deckgen.model.slides import BulletsBlock


def layout(slide: Any, ctx: Context) -> Draft:
    plan, body = titled(ctx, slide)
    gap = ctx.theme.space.gap
    columns = slide.columns
    grid = len(columns) == 4 and (slide.grid or _needs_grid(ctx, columns, body, gap))
    if grid:
        top, bottom = body.rows(2, gap * 0.8)
        boxes = [*top.columns(2, gap), *bottom.columns(2, gap)]
    else:
        boxes = body.columns(len(columns), gap)
    raw = ctx.placed.data.get("columns")
    sources = [raw[i] if isinstance(raw, list) and i < len(raw) else None
               for i in range(len(columns))]
    band = _heading_band(ctx, columns, boxes[0])
    size = _shared_size(ctx, columns, sources, boxes, band)
    tall = max(_needed(ctx, column, source, box, band, size)
               for column, source, box in zip(columns, sources, boxes, strict=False))
    roles = _roles(columns)
    for index, (column, box) in enumerate(zip(columns, boxes, strict=False)):
        card = Box(box.x, box.y, box.w, min(box.h, tall))
        plan.elements.extend(_column(ctx, column, card, index, sources[index], band, size,
                                     roles[index]))
    return plan


def _roles(columns: list[Any]) -> list[str | None]:
    """The placeholder each column's text goes into: with exactly two columns, the left's
    the layout's first body and the right's its second ("Two Content"); three or four
    columns, or a column of blocks (``body:``, several shapes), stay free text boxes,
    since no layout pairs them with its placeholders one to one."""
    if len(columns) != 2 or any(column.body for column in columns):
        return [None] * len(columns)
    return ["body", "body2"]


def _heading_band(ctx: Context, columns: list[Any], box: Box) -> float:
    """The band column headings take: the lines of the longest heading, the same in every
    column (0 when none has a heading), so the text tops line up."""
    theme = ctx.theme
    inner = box.inset(theme.space.inset * 2)
    size = theme.sizes.body * 1.02
    needed = [ctx.fitter.height(ctx.paras(column.heading), ctx.family("heading"),
                                theme.fonts.mono, inner.w, size, True)[0]
              for column in columns if column.heading]
    if not needed:
        return 0.0
    return min(inner.h * 0.24, max(max(needed) + size * 0.3, theme.sizes.body * 1.6))


def _text_box(ctx: Context, column: Any, box: Box, band: float) -> Box:
    """Where a column's text goes in its card: under the heading band when any column of
    the slide has a heading (with or without one of its own), above the label."""
    theme, s = ctx.theme, ctx.theme.space
    inner = box.inset(s.inset * 2)
    y = inner.y + (band + s.gap * 0.6 if band else 0)
    label_h = theme.sizes.body * 1.7 if column.label else 0
    reserve = label_h + s.gap * 0.4 if label_h else 0
    return Box(inner.x, y, inner.w, max(inner.bottom - y - reserve, 1))


def _shared_size(ctx: Context, columns: list[Any], sources: list[Any], boxes: list[Box],
                 band: float) -> float:
    """One size for the text of every column: the largest at which each fits its card."""
    theme = ctx.theme
    largest = theme.sizes.body * 0.9
    floor = min(largest, max(theme.sizes.min_body, largest * 0.6))
    sizes = [largest]
    for column, source, box in zip(columns, sources, boxes, strict=False):
        paras = _paras(column, source)
        if column.body or not paras:
            continue
        text = _text_box(ctx, column, box, band)
        sizes.append(ctx.fitter.fit(paras, theme.fonts.body, theme.fonts.mono, text.w, text.h,
                                    largest, floor).size)
    return min(sizes)


def _needed(ctx: Context, column: Any, source: Any, box: Box, band: float,
            size: float) -> float:
    """How tall a column's card must be for its content (blocks as :func:`stack` sets them)."""
    theme, s = ctx.theme, ctx.theme.space
    paras = _paras(column, source)
    text = _text_box(ctx, column, box, band)
    if column.body:
        blocks, raws = _blocks(column, source)
        height = stack_height(ctx, blocks, raws, text, theme.sizes.body * 0.9)
    else:
        height, _ = ctx.fitter.height(paras, theme.fonts.body, theme.fonts.mono, text.w,
                                      size) if paras else (0.0, 0)
    below = box.bottom - text.bottom  # the label and the card's padding under the text
    return (text.y - box.y) + height + below + s.gap * 0.3


def _needs_grid(ctx: Context, columns: list[Any], body: Box, gap: float) -> bool:
    """Use a grid when four side-by-side columns would shrink the text below body size."""
    width = body.columns(4, gap)[0].w - 2 * ctx.theme.space.inset * 2
    theme = ctx.theme
    for column in columns:
        paras = _paras(column)
        fit = ctx.fitter.fit(paras, theme.fonts.body, theme.fonts.mono, width, body.h * 0.7,
                             theme.sizes.body * 0.9, theme.sizes.body * 0.9)
        if fit.overflow > 0:
            return True
    return False


def _paras(column: Any, source: Any = None) -> list[Para]:
    raw = source.get("bullets") if isinstance(source, dict) else None
    paras = bullet_paras(column.bullets, column.numbered, raw=raw)
    if column.text:
        paras.insert(0, Para(markup.parse(column.text), where=_where(source, "text")))
    return paras


def _where(source: Any, key: str) -> Any:
    """Where a key of one column stands (the column's line if it is not there)."""
    return source.where(key) if hasattr(source, "where") else None


def _blocks(column: Any, source: Any) -> tuple[list[Any], list[Any]]:
    """A column's text, bullets and body as one list of blocks, with the data of each."""
    lead: list[Any] = [column.text] if column.text else []
    if column.bullets:
        lead.append(BulletsBlock(bullets=column.bullets, numbered=column.numbered))
    body = source.get("body") if isinstance(source, dict) else None
    raws = [source] * len(lead) + (list(body) if isinstance(body, list) else [])
    return lead + list(column.body), raws


def _column(ctx: Context, column: Any, box: Box, index: int, source: Any, band: float,
            size: float, role: str | None = None) -> list[Shape]:
    theme, s = ctx.theme, ctx.theme.space
    shapes = [Shape(box=box, geometry="ROUNDED_RECTANGLE", fill=theme.colors.surface,
                    adjustments=(s.corner * 0.5,), name=f"Column {index + 1}",
                    decorative=True)]
    inner = box.inset(s.inset * 2)
    if column.heading:
        head = Box(inner.x, inner.y, inner.w, band)
        spec = ctx.text(column.heading, head, role="heading", size=theme.sizes.body * 1.02,
                        floor=theme.sizes.min_body, color=theme.colors.title, bold=True,
                        anchor="bottom", what="column heading", inset=0,
                        key=_where(source, "heading"))
        shapes.append(Shape(box=head, text=spec, name=f"Column {index + 1} heading"))
        shapes.append(ctx.rule(inner.x, head.bottom + 4, 40))
    text_box = _text_box(ctx, column, box, band)
    paras = _paras(column, source)
    if column.body:  # its text and bullets lead the blocks, all measured together
        blocks, raws = _blocks(column, source)
        shapes.extend(stack(ctx, blocks, raws, text_box, theme.sizes.body * 0.9, "column text"))
    elif paras:
        spec = ctx.text(paras, text_box, size=size, what="column text", inset=0,
                        key=_where(source, "bullets"))
        shapes.append(Shape(box=text_box, text=spec, name=f"Column {index + 1} text",
                            role=role))
    if column.label:
        label_h = theme.sizes.body * 1.7
        pill = Box(inner.x, inner.bottom - label_h, inner.w, label_h)
        spec = ctx.text(column.label, pill, size=theme.sizes.body * 0.85,
                        color=theme.colors.on_accent, bold=True, align="center", anchor="middle",
                        what="column label", key=_where(source, "label"))
        shapes.append(Shape(box=pill, text=spec, geometry="ROUNDED_RECTANGLE",
                            fill=theme.colors.accent, adjustments=(0.5,),
                            name=f"Column {index + 1} label"))
    return shapes
