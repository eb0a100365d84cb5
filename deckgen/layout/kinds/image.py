"""A picture, contained in or covering its box, with alt text and a caption."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.common import titled
from deckgen.layout.plan import Box, Draft, Picture
from deckgen.source.images import inspect_image, svg_for_box
from deckgen.source.paths import resolve_inside


def layout(slide: Any, ctx: Context) -> Draft:
    plan, body = titled(ctx, slide)
    where = ctx.where("image")
    path = resolve_inside(slide.image, Path(ctx.where().file).resolve().parent, ctx.roots,
                          where, "image")
    width, height = inspect_image(path, where)
    if slide.caption:
        body, caption = ctx.caption(slide.caption, body, align="center")
        plan.elements.append(caption)
    box, crop = place(width, height, body, slide.fit)
    data = svg_for_box(path, box.w / (1 - crop[0] - crop[2]), where) if (
        path.suffix.lower() == ".svg") else None
    plan.elements.append(Picture(box=box, alt=slide.alt, path=None if data else path,
                                 data=data, crop=crop, name="Image"))
    return plan


def place(width: int, height: int, box: Box, fit: str) -> tuple[Box, tuple[float, ...]]:
    """Keep the image's aspect: shrink it into the box, or fill the box and crop."""
    image_ratio, box_ratio = width / height, box.w / box.h
    if fit == "cover":
        if image_ratio > box_ratio:
            cut = (1 - box_ratio / image_ratio) / 2
            return box, (cut, 0.0, cut, 0.0)
        cut = (1 - image_ratio / box_ratio) / 2
        return box, (0.0, cut, 0.0, cut)
    if image_ratio > box_ratio:
        h = box.w / image_ratio
        return Box(box.x, box.y + (box.h - h) / 2, box.w, h), (0.0, 0.0, 0.0, 0.0)
    w = box.h * image_ratio
    return Box(box.x + (box.w - w) / 2, box.y, w, box.h), (0.0, 0.0, 0.0, 0.0)
