"""A picture, contained in or covering its box, with alt text and a caption."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.common import place, start, titled
from deckgen.layout.plan import Box, Draft, Picture, Shape
from deckgen.source.images import inspect_image, svg_for_box
from deckgen.source.paths import resolve_inside


def layout(slide: Any, ctx: Context) -> Draft:
    if not slide.title:
        return full_slide(slide, ctx)
    plan, body = titled(ctx, slide)
    where = ctx.where("image")
    path = resolve_inside(slide.image, Path(ctx.where().file).resolve().parent, ctx.roots,
                          where, "image")
    width, height = inspect_image(path, where)
    if slide.caption:
        body, caption = ctx.caption(slide.caption, body, align="center")
        plan.elements.append(caption)
    box, crop = place(width, height, body, slide.fit or "contain")
    data = svg_for_box(path, box.w / (1 - crop[0] - crop[2]), where) if (
        path.suffix.lower() == ".svg") else None
    plan.elements.append(Picture(box=box, alt=slide.alt, path=None if data else path,
                                 data=data, crop=crop, name="Image"))
    return plan


def full_slide(slide: Any, ctx: Context) -> Draft:
    """A picture over the whole slide (``fit: cover`` unless told), without a drawn title.

    The slide still has a title, for screen readers, the outline and the slide
    sorter: the alt text, in the title placeholder set just above the slide's top
    edge, where PowerPoint's accessibility advice puts a title not to be seen.
    """
    plan = start(ctx, slide)
    where = ctx.where("image")
    path = resolve_inside(slide.image, Path(ctx.where().file).resolve().parent, ctx.roots,
                          where, "image")
    width, height = inspect_image(path, where)
    frame = Box(0, 0, ctx.width, ctx.height)
    box, crop = place(width, height, frame, slide.fit or "cover")
    data = svg_for_box(path, box.w / (1 - crop[0] - crop[2]), where) if (
        path.suffix.lower() == ".svg") else None
    plan.elements.append(Picture(box=box, alt=slide.alt, path=None if data else path,
                                 data=data, crop=crop, name="Image"))
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

