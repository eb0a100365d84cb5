"""Closing slide: a large thank-you and an invitation, centred."""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.common import side_picture, start
from deckgen.layout.plan import Box, Draft, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    theme, s = ctx.theme, ctx.theme.space
    plan = start(ctx, slide, background=theme.colors.section_background)
    left, width = s.margin, ctx.width - 2 * s.margin
    if slide.image is not None:  # a QR code or a picture beside the text
        room = side_picture(ctx, slide, plan, Box(left, ctx.height * 0.2, width,
                                                  ctx.height * 0.62), across=True)
        left, width = room.x, room.w
    box = Box(left, ctx.height * 0.28, width, ctx.height * 0.24)
    plan.elements.append(ctx.title(slide.title, box, color=theme.colors.section_text,
                                   size=theme.sizes.statement, align="center"))
    plan.elements.append(ctx.rule(box.cx - 48, box.bottom + s.gap * 0.6, 96,
                                  color=theme.colors.section_text))
    if slide.subtitle:
        sub = Box(left, box.bottom + s.gap * 1.4, width, ctx.height * 0.16)
        spec = ctx.text(slide.subtitle, sub, role="heading", size=theme.sizes.subtitle * 1.2,
                        color=theme.colors.section_text, align="center", what="subtitle", inset=0,
                        key="subtitle")
        plan.elements.append(Shape(box=sub, text=spec, name="Subtitle"))
    ctx.chrome(plan, dark=True)
    return plan
