"""A picture, contained in or covering its box, with alt text and a caption."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deckgen.layout import templates
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import picture, picture_ratio, start, titled
from deckgen.layout.plan import Box, Draft, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    """The picture goes into the layout's picture placeholder and the caption into its
    caption (role ``picture``, ``caption``); on a template's "Picture with Caption" they
    stand in that layout's boxes, so the picture keeps its frame when the layout changes."""
    if not slide.title:
        return full_slide(slide, ctx)
    plan, body = titled(ctx, slide)
    picture_ratio(ctx, slide.image, ctx.where("image"))  # a bad file before the caption's fit
    frame = templates.placeholder_box(ctx.layout, "pic")
    room = templates.placeholder_box(ctx.layout, "body") if frame is not None else None
    body = frame or body
    if slide.caption and room is not None:
        plan.elements.append(_caption_in(ctx, slide.caption, _below_rule(ctx, plan, room)))
    elif slide.caption:
        body, caption = ctx.caption(slide.caption, body, align="center")
        plan.elements.append(replace(caption, role="caption"))
    plan.elements.append(replace(picture(ctx, slide.image, ctx.where("image"), body,
                                         slide.fit or "contain", slide.alt, "Image"),
                                 role="picture"))
    return plan


def _below_rule(ctx: Context, plan: Draft, room: Box) -> Box:
    """``room`` with its top moved below the title's accent rule where the rule reaches
    into it: a template's caption box may start right under its title box."""
    rule = next((e for e in plan.elements if isinstance(e, Shape) and e.name == "Accent rule"),
                None)
    if rule is None or not (room.y < rule.box.bottom and rule.box.y < room.bottom):
        return room
    shift = rule.box.bottom + ctx.theme.space.gap * 0.3 - room.y
    return Box(room.x, room.y + shift, room.w, max(room.h - shift, 1.0))


def _caption_in(ctx: Context, text: str, box: Box) -> Shape:
    """The caption in the template's caption box, from its top, at the caption size."""
    theme = ctx.theme
    spec = ctx.text(ctx.paras(text), box, size=theme.sizes.small * 1.15,
                    floor=theme.sizes.small * 0.9, color=theme.colors.muted, what="caption",
                    inset=0, anchor="top", key="caption")
    return Shape(box=box, text=spec, name="Caption", role="caption")


def full_slide(slide: Any, ctx: Context) -> Draft:
    """A picture over the whole slide (``fit: cover`` unless told), without a drawn title.

    The slide still has a title, for screen readers, the outline and the slide
    sorter: the alt text, in the title placeholder set just above the slide's top
    edge, where PowerPoint's accessibility advice puts a title not to be seen.
    """
    plan = start(ctx, slide)
    plan.elements.append(replace(picture(ctx, slide.image, ctx.where("image"),
                                         Box(0, 0, ctx.width, ctx.height),
                                         slide.fit or "cover", slide.alt, "Image"),
                                 role="picture"))
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
        plan.elements.append(replace(caption, role="caption"))
    ctx.chrome(plan, footer=False)
    return plan

