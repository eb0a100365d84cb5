"""Section divider: the section's name on the theme's section colour."""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.common import start
from deckgen.layout.plan import Box, Draft, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    theme, s = ctx.theme, ctx.theme.space
    plan = start(ctx, slide, background=theme.colors.section_background)
    left = s.margin * 1.6
    width = ctx.width - 2 * left
    box = Box(left, ctx.height * 0.26, width, ctx.height * 0.30)
    plan.elements.append(ctx.title(slide.section, box, color=theme.colors.section_text,
                                   size=theme.sizes.section, key="section"))
    plan.elements.append(ctx.rule(left, box.bottom + s.gap * 0.6, 96,
                                  color=theme.colors.section_text))
    if slide.subtitle:
        sub = Box(left, box.bottom + s.gap * 1.4, width, ctx.height * 0.2)
        spec = ctx.text(slide.subtitle, sub, role="heading", size=theme.sizes.subtitle * 1.1,
                        color=theme.colors.section_text, what="subtitle", inset=0,
                        key="subtitle")
        plan.elements.append(Shape(box=sub, text=spec, name="Subtitle", role="body"))
    ctx.chrome(plan, dark=True)
    return plan
