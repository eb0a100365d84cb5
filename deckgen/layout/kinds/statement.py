"""One big figure or sentence, with an optional caption."""

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
        body = Box(s.margin, s.top + s.gap, ctx.width - 2 * s.margin,
                   ctx.body_box(bool(slide.source)).bottom - s.top - s.gap)
        ctx.chrome(plan)
        ctx.unseen_title(plan, slide.statement, "statement")
    caption_h = body.h * 0.28 if slide.caption else 0
    main = Box(body.x + s.margin, body.y, body.w - 2 * s.margin, body.h - caption_h)
    spec = ctx.text(slide.statement, main, role="heading", size=theme.sizes.statement,
                    floor=theme.sizes.title * 0.8, color=theme.colors.accent, bold=True,
                    align="center", anchor="middle", what="statement", key="statement")
    # in the body placeholder of a layout that has one (a statement named onto "Bullets")
    plan.elements.append(Shape(box=main, text=spec, name="Statement", role="body"))
    if slide.caption:
        box = Box(main.x, main.bottom, main.w, caption_h)
        cap = ctx.text(slide.caption, box, size=theme.sizes.subtitle, color=theme.colors.muted,
                       align="center", what="caption", key="caption")
        plan.elements.append(Shape(box=box, text=cap, name="Caption"))
    return plan
