"""A chart (a matplotlib picture or a native PowerPoint chart), with an optional text panel."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deckgen.layout import charts
from deckgen.layout.charts.describe import describe
from deckgen.layout.context import Context
from deckgen.layout.kinds.common import bullet_paras, side_picture, titled
from deckgen.layout.plan import Box, Draft, NativeChart, Picture, Shape


def layout(slide: Any, ctx: Context) -> Draft:
    plan, body = titled(ctx, slide)
    body = side_picture(ctx, slide, plan, body)
    theme = ctx.theme
    if slide.text:
        body, panel = body.split_x(0.66, theme.space.gap)
        plan.elements.append(Shape(box=panel, geometry="ROUNDED_RECTANGLE",
                                   fill=theme.colors.surface, adjustments=(theme.space.corner,),
                                   name="Side panel", decorative=True))
        inner = panel.inset(theme.space.inset * 2.5)
        paras = [replace(p, bullet=None) if p.level == 0 else p for p in
                 bullet_paras(slide.text, raw=ctx.placed.data.get("text"))]  # points under
        spec = ctx.text(paras, inner, size=theme.sizes.body * 0.95, anchor="middle",
                        what="side panel text", inset=0, key="text")
        plan.elements.append(Shape(box=inner, text=spec, name="Side panel text"))
    job = charts.prepare(slide.chart, ctx.placed.data.get("chart"), ctx, body)
    alt = slide.alt or slide.chart.alt or describe(job)
    box = Box(body.x, body.y, body.w, body.h)
    if charts.native(slide.chart, ctx.placed.data.get("chart"), ctx):
        plan.elements.append(NativeChart(box=box, alt=alt, chart=job, font=theme.fonts.body,
                                         east_asian=theme.fonts.east_asian,
                                         language=ctx.meta.language))
    else:
        plan.elements.append(Picture(box=box, alt=alt, chart=job, name="Chart"))
    return plan
