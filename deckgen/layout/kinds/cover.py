"""The title slide: from ``deck:`` (automatic) or an explicit ``kind: title``."""

from __future__ import annotations

from typing import Any

from deckgen.layout import frames, templates
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import side_picture, start
from deckgen.layout.plan import Box, Draft, Shape
from deckgen.model import markup


def layout_from_deck(ctx: Context) -> Draft:
    meta = ctx.meta
    byline = [x for x in (meta.author, meta.affiliation) if x]
    extra = [x for x in (meta.event, meta.date) if x]
    plan = _cover(ctx, None, meta.title, meta.subtitle, byline, extra)
    if meta.notes:  # what the speaker says while the title is up
        plan.notes = markup.plain(meta.notes)
    return plan


def layout(slide: Any, ctx: Context) -> Draft:
    return _cover(ctx, slide, slide.title, slide.subtitle, [x for x in (slide.author,) if x],
                  [x for x in (slide.event, slide.date) if x])


def _cover(ctx: Context, slide: Any, title: str, subtitle: str | None,
           byline: list[str], extra: list[str]) -> Draft:
    theme, s = ctx.theme, ctx.theme.space
    plan = start(ctx, slide)
    band = s.margin * 0.35
    plan.elements.append(Shape(box=Box(0, 0, band, ctx.height), geometry="RECTANGLE",
                               fill=theme.colors.accent, name="Accent band",
                               decorative=True))
    left, width = frames.display_text(theme, ctx.width)
    if slide is not None and slide.image is not None:  # the text keeps what the picture leaves
        room = side_picture(ctx, slide, plan, Box(left, ctx.height * 0.14, width,
                                                  ctx.height * 0.74), across=True)
        left, width = room.x, room.w
    title_box = frames.cover_title(left, width, ctx.height)
    placed = templates.title_box(ctx.layout) if slide is None or slide.image is None else None
    if placed is not None:  # a template's title slide: its title placeholder's box
        title_box, left, width = placed, placed.x, placed.w
    plan.elements.append(ctx.title(title, title_box, size=theme.sizes.cover_title))
    y = title_box.bottom + s.gap * 0.6
    plan.elements.append(ctx.rule(left, y, 96))
    y += s.gap * 0.8
    if subtitle:
        box = templates.placeholder_box(ctx.layout, "subTitle") if placed is not None \
            else None
        box = Box(left, max(box.y, y), width, box.bottom - max(box.y, y)) if box and \
            box.bottom - max(box.y, y) > theme.sizes.subtitle * 1.5 else None  # under the rule
        box = box or frames.under_title(theme, title_box, ctx.height * frames.COVER_SUBTITLE)
        spec = ctx.text(subtitle, box, role="heading", size=theme.sizes.subtitle * 1.15,
                        color=theme.colors.text, what="subtitle", inset=0,
                        key="subtitle")
        plan.elements.append(Shape(box=box, text=spec, name="Subtitle", role="subtitle"))
        y = box.bottom + s.gap * 0.4
    lines = byline + extra
    if lines:
        top = max(y, ctx.height * 0.72)
        box = Box(left, top, width, ctx.height * 0.9 - top)
        spec = ctx.text(lines, box, size=theme.sizes.subtitle * 0.85, color=theme.colors.muted,
                        what="author line", inset=0, anchor="bottom", paragraph_space=0.2)
        plan.elements.append(Shape(box=box, text=spec, name="Byline"))
    ctx.chrome(plan, footer=False)
    return plan
