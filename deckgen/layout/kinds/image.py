"""A picture, contained in or covering its box, with alt text and a caption."""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.common import picture, picture_ratio, start, titled
from deckgen.layout.plan import Box, Draft, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    if not slide.title:
        return full_slide(slide, ctx)
    plan, body = titled(ctx, slide)
    picture_ratio(ctx, slide.image, ctx.where("image"))  # a bad file before the caption's fit
    if slide.caption:
        body, caption = ctx.caption(slide.caption, body, align="center")
        plan.elements.append(caption)
    plan.elements.append(picture(ctx, slide.image, ctx.where("image"), body,
                                 slide.fit or "contain", slide.alt, "Image"))
    return plan


def full_slide(slide: Any, ctx: Context) -> Draft:
    """A picture over the whole slide (``fit: cover`` unless told), without a drawn title.

    The slide still has a title, for screen readers, the outline and the slide
    sorter: the alt text, in the title placeholder set just above the slide's top
    edge, where PowerPoint's accessibility advice puts a title not to be seen.
    """
    plan = start(ctx, slide)
    plan.elements.append(picture(ctx, slide.image, ctx.where("image"),
                                 Box(0, 0, ctx.width, ctx.height), slide.fit or "cover",
                                 slide.alt, "Image"))
    s = ctx.theme.space
    ctx.unseen_title(plan, slide.alt, "alt")
    if slide.caption:  # on a strip of the slide's colour, so it reads on any picture
        inner = Box(s.margin, s.top, ctx.width - 2 * s.margin, ctx.height - s.top - s.gap * 0.5)
        _, caption = ctx.caption(slide.caption, inner, align="center")
        strip = Box(0, caption.box.y - s.gap * 0.4, ctx.width,
                    ctx.height - caption.box.y + s.gap * 0.4)
        plan.elements.append(Shape(box=strip, geometry="RECTANGLE",
                                   fill=ctx.theme.colors.background, name="Caption strip",
                                   decorative=True))
        plan.elements.append(caption)
    ctx.chrome(plan, footer=False)
    return plan

