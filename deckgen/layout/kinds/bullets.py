"""Bullet list, up to three levels, optionally numbered; with ``continue``, over several
slides, split between top-level items."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deckgen.layout import builds, split
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import bullet_paras, side_picture, titled
from deckgen.layout.plan import Box, Draft, Shape
from deckgen.layout.textfit import Para


def layout(slide: Any, ctx: Context) -> Draft | list[Draft]:
    paras = _paras(ctx, slide)
    if split.continues(ctx, slide):
        parts = _parts(ctx, slide, paras)
        if len(parts) > 1:
            size = min(_size(ctx, part, box) for part, box in parts)
            return split.drafts(ctx, slide, len(parts),
                                lambda part, i: _draft(ctx, part, parts[i][0], size))
    return _draft(ctx, slide, paras, split.shared_size(ctx, lambda own, plan, body: _size(
        ctx, _paras(ctx, own), side_picture(ctx, own, plan, body))))


def _paras(ctx: Context, slide: Any) -> list[Para]:
    return bullet_paras(slide.bullets, slide.numbered, raw=ctx.placed.data.get("bullets"))


def _draft(ctx: Context, slide: Any, paras: list[Para], size: float | None = None) -> Draft:
    plan, body = titled(ctx, slide)
    body = side_picture(ctx, slide, plan, body)
    spec = ctx.text(paras, body, what="bullet text", key="bullets", size=size,
                    floor=size, hint=_hint(ctx, slide, paras))
    shape = Shape(box=body, text=spec, name="Bullets", role="body")
    if builds.reveals(ctx, slide):  # each part of a split list has its own clicks
        shape = replace(shape, build="bullets")
        plan.builds.extend(builds.item_builds("bullets", spec.paras))
    plan.elements.append(shape)
    return plan


def _hint(ctx: Context, slide: Any, paras: list[Para]) -> str | None:
    """Advise ``continue`` where it would help: a list of several items that does not."""
    return None if split.continues(ctx, slide) or len(_groups(paras)) < 2 else split.HINT


def _parts(ctx: Context, slide: Any, paras: list[Para]) -> list[tuple[list[Para], Box]]:
    """The paragraphs of each part, and the body box they were packed into.

    Parts break between top-level items (an item keeps its sub-items); an item
    taller than a whole slide breaks between its sub-items.
    """
    def fits(box: Box, chosen: list[list[Para]]) -> bool:
        return _overflow(ctx, [p for group in chosen for p in group], box) <= 0

    def body_of(part: Any, plan: Draft, body: Box) -> Box:
        return side_picture(ctx, part, plan, body)

    groups = _groups(paras)
    parts, body = split.packed(ctx, slide, groups, fits,
                               body_of if slide.image is not None else None)
    out: list[list[Para]] = []
    for part in parts:
        flat = [p for group in part for p in group]
        if len(part) == 1 and _overflow(ctx, flat, body) > 0:  # one item too tall alone
            out.extend(split.pack(flat, lambda chosen: _overflow(ctx, chosen, body) <= 0))
        else:
            out.append(flat)
    return [(part, body) for part in _numbered_on(out)]


def _numbered_on(parts: list[list[Para]]) -> list[list[Para]]:
    """A numbered list goes on counting where the part before it stopped."""
    out, done = [], 0
    for part in parts:
        out.append([replace(p, start=done + 1) if p.bullet == "number" else p for p in part])
        done += sum(1 for p in part if p.bullet == "number")
    return out


def _groups(paras: list[Para]) -> list[list[Para]]:
    """Each top-level item with the sub-items under it."""
    groups: list[list[Para]] = []
    for para in paras:
        if para.level == 0 or not groups:
            groups.append([para])
        else:
            groups[-1].append(para)
    return groups


def _overflow(ctx: Context, paras: list[Para], box: Box) -> float:
    """How much ``paras`` overflow ``box`` at the body size (0 when they fit)."""
    theme = ctx.theme
    pad = theme.space.inset
    size = theme.sizes.body
    return ctx.fitter.fit(paras, theme.fonts.body, theme.fonts.mono, box.w - 2 * pad,
                          box.h - 2 * pad, size, size).overflow


def _size(ctx: Context, paras: list[Para], box: Box) -> float:
    """The size a part's paragraphs fit at: the body size, or less for one too-long item."""
    theme = ctx.theme
    pad = theme.space.inset
    size = theme.sizes.body
    floor = min(size, max(theme.sizes.min_body, size * 0.6))
    return ctx.fitter.fit(paras, theme.fonts.body, theme.fonts.mono, box.w - 2 * pad,
                          box.h - 2 * pad, size, floor).size
