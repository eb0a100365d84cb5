"""Two to four columns side by side (four may become a 2x2 grid)."""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.body import stack
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
    for index, (column, box) in enumerate(zip(columns, boxes, strict=False)):
        source = raw[index] if isinstance(raw, list) and index < len(raw) else None
        plan.elements.extend(_column(ctx, column, box, index, source))
    return plan


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


def _column(ctx: Context, column: Any, box: Box, index: int, source: Any) -> list[Shape]:
    theme, s = ctx.theme, ctx.theme.space
    shapes = [Shape(box=box, geometry="ROUNDED_RECTANGLE", fill=theme.colors.surface,
                    adjustments=(s.corner * 0.5,), name=f"Column {index + 1}",
                    decorative=True)]
    inner = box.inset(s.inset * 2)
    y = inner.y
    if column.heading:
        head = Box(inner.x, y, inner.w, min(inner.h * 0.24, theme.sizes.body * 2.9))
        spec = ctx.text(column.heading, head, role="heading", size=theme.sizes.body * 1.02,
                        floor=theme.sizes.min_body, color=theme.colors.title, bold=True,
                        anchor="bottom", what="column heading", inset=0,
                        key=_where(source, "heading"))
        shapes.append(Shape(box=head, text=spec, name=f"Column {index + 1} heading"))
        shapes.append(ctx.rule(inner.x, head.bottom + 4, 40))
        y = head.bottom + s.gap * 0.6
    label_h = theme.sizes.body * 1.7 if column.label else 0
    reserve = label_h + s.gap * 0.4 if label_h else 0
    text_box = Box(inner.x, y, inner.w, inner.bottom - y - reserve)
    paras = _paras(column, source)
    if column.body:  # its text and bullets lead the blocks, all measured together
        blocks, raws = _blocks(column, source)
        shapes.extend(stack(ctx, blocks, raws, text_box, theme.sizes.body * 0.9, "column text"))
    elif paras:
        spec = ctx.text(paras, text_box, size=theme.sizes.body * 0.9, what="column text", inset=0,
                        key=_where(source, "bullets"))
        shapes.append(Shape(box=text_box, text=spec, name=f"Column {index + 1} text"))
    if column.label:
        pill = Box(inner.x, inner.bottom - label_h, inner.w, label_h)
        spec = ctx.text(column.label, pill, size=theme.sizes.body * 0.85,
                        color=theme.colors.on_accent, bold=True, align="center", anchor="middle",
                        what="column label", key=_where(source, "label"))
        shapes.append(Shape(box=pill, text=spec, geometry="ROUNDED_RECTANGLE",
                            fill=theme.colors.accent, adjustments=(0.5,),
                            name=f"Column {index + 1} label"))
    return shapes
