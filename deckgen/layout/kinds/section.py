"""Section divider: the section's name on the theme's section colour."""

from __future__ import annotations

from typing import Any

from deckgen.layout import frames, templates
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import start
from deckgen.layout.plan import Box, Draft, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    theme, s = ctx.theme, ctx.theme.space
    plan = start(ctx, slide, background=theme.colors.section_background)
    left, width = frames.display_text(theme, ctx.width)
    box = templates.title_box(ctx.layout) or frames.section_title(left, width, ctx.height)
    left = box.x  # a template's section header: its title placeholder's box
    plan.elements.append(ctx.title(slide.section, box, color=theme.colors.section_text,
                                   size=theme.sizes.section, key="section"))
    plan.elements.append(ctx.rule(left, box.bottom + s.gap * 0.6, 96,
                                  color=theme.colors.section_text))
    if slide.subtitle:
        sub = templates.placeholder_box(ctx.layout, "body", "obj")
        sub = Box(left, sub.y, box.w, sub.h) if sub is not None and (
            sub.bottom <= box.y or sub.y >= box.bottom + s.gap) else frames.under_title(
            theme, box, ctx.height * frames.SECTION_SUBTITLE)  # clear of title and rule
        spec = ctx.text(slide.subtitle, sub, role="heading", size=theme.sizes.subtitle * 1.1,
                        color=theme.colors.section_text, what="subtitle", inset=0,
                        key="subtitle", anchor="bottom" if sub.bottom <= box.y else "top")
        plan.elements.append(Shape(box=sub, text=spec, name="Subtitle", role="body"))
    ctx.chrome(plan, dark=True)
    return plan
