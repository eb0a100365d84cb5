"""Bullet list, up to three levels, optionally numbered."""

from __future__ import annotations

from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.kinds.common import bullet_paras, side_picture, titled
from deckgen.layout.plan import Draft, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    plan, body = titled(ctx, slide)
    body = side_picture(ctx, slide, plan, body)
    paras = bullet_paras(slide.bullets, slide.numbered, raw=ctx.placed.data.get("bullets"))
    spec = ctx.text(paras, body, what="bullet text", key="bullets")
    plan.elements.append(Shape(box=body, text=spec, name="Bullets", role="body"))
    return plan
