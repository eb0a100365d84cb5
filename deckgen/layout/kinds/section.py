"""Section divider: the section's name on the theme's section colour."""

from __future__ import annotations

from typing import Any

from deckgen.layout import frames
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import start
from deckgen.layout.plan import Draft, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    theme, s = ctx.theme, ctx.theme.space
    plan = start(ctx, slide, background=theme.colors.section_background)
    left, width = frames.display_text(theme, ctx.width)
    box = frames.section_title(left, width, ctx.height)
    plan.elements.append(ctx.title(slide.section, box, color=theme.colors.section_text,
                                   size=theme.sizes.section, key="section"))
    plan.elements.append(ctx.rule(left, box.bottom + s.gap * 0.6, 96,
                                  color=theme.colors.section_text))
    if slide.subtitle:
        sub = frames.under_title(theme, box, ctx.height * frames.SECTION_SUBTITLE)
        spec = ctx.text(slide.subtitle, sub, role="heading", size=theme.sizes.subtitle * 1.1,
                        color=theme.colors.section_text, what="subtitle", inset=0,
                        key="subtitle")
        plan.elements.append(Shape(box=sub, text=spec, name="Subtitle", role="body"))
    ctx.chrome(plan, dark=True)
    return plan
