"""A quotation with who said it, where and when."""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.common import start, titled
from deckgen.layout.plan import Box, Draft, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    theme, s = ctx.theme, ctx.theme.space
    if slide.title:
        plan, body = titled(ctx, slide)
    else:
        plan = start(ctx, slide)
        body = Box(s.margin, s.top, ctx.width - 2 * s.margin,
                   ctx.body_box(bool(slide.source)).bottom - s.top)
        ctx.chrome(plan)
        ctx.unseen_title(plan, slide.quote, "quote")
    mark = Box(body.x - 6, body.y - 18, 100, 150)
    spec = ctx.text("\u201c", mark, role="heading", size=96, floor=96,
                    color=theme.colors.accent, bold=True, what="quote mark", inset=0)
    plan.elements.append(Shape(box=mark, text=spec, name="Quote mark",
                                decorative=True))
    attribution = [x for x in (slide.by, slide.context) if x]
    attr_h = body.h * 0.26 if attribution else 0
    left = body.x + 80
    text_box = Box(left, body.y + 24, body.right - left - s.margin, body.h - attr_h - 24)
    quote = ctx.text(slide.quote, text_box, role="heading", size=theme.sizes.quote,
                     italic=True, anchor="middle", what="quote", key="quote")
    # the quote is the layout's body text; the big mark is drawn on top of the layout
    plan.elements.append(Shape(box=text_box, text=quote, name="Quote", role="body"))
    if attribution:
        box = Box(left, text_box.bottom, text_box.w, attr_h)
        lines = ["\u2014 " + attribution[0], *attribution[1:]]
        paras = ctx.paras(lines)
        spec = ctx.text(paras, box, size=theme.sizes.subtitle * 0.9, color=theme.colors.muted,
                        what="attribution", anchor="top", key="by" if slide.by else "context",
                        paragraph_space=0.15)
        plan.elements.append(Shape(box=box, text=spec, name="Attribution"))
    return plan
