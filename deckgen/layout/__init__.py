"""Lay-out stage: every slide kind decides its boxes from the theme.

:func:`plan_deck` walks the validated slides and asks each kind's module (see
:mod:`deckgen.layout.kinds`) for its frozen plan; :mod:`deckgen.layout.context`
gives those modules the theme, the slide frame and text fitting.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from deckgen.errors import DeckError, Location, Problem, Problems, slide_name
from deckgen.layout.context import LEVEL_SCALE, SLIDE_HEIGHT, WIDTHS, Context
from deckgen.layout.fonts import save_measurements
from deckgen.layout.kinds import KIND_LAYOUTS, layout_cover
from deckgen.layout.plan import SlidePlan
from deckgen.layout.readable import make_readable
from deckgen.layout.room import keep_room
from deckgen.layout.split import siblings
from deckgen.layout.templates import DeckLayouts, deck_layouts, named_layout, slide_layout
from deckgen.model import PlacedSlide, Validated
from deckgen.model.themes import Theme

__all__ = ["LEVEL_SCALE", "SLIDE_HEIGHT", "WIDTHS", "Context", "plan_deck"]


def plan_deck(validated: Validated, theme: Theme, problems: Problems,
              roots: list[Path], notes: list[str] | None = None,
              deck_layout: Location | None = None,
              layouts: DeckLayouts | None = None) -> list[SlidePlan]:
    """Lay out every visible slide, numbering them as they will appear.

    ``notes`` receives what was changed so text reads on its ground (a text set
    taken, a scrim laid, a picture dimmed), for ``-v``; ``deck_layout`` is where
    the deck's ``layout:`` is written; ``layouts`` what the build found the deck
    is built on (worked out from the theme when not given).
    """
    notes = [] if notes is None else notes
    meta = validated.meta
    ctx = Context(theme=theme, meta=meta, problems=problems, roots=roots,
                  width=WIDTHS[meta.aspect])
    ctx.siblings = siblings(validated.slides)
    layouts = layouts or deck_layouts(theme, problems)
    plans: list[SlidePlan] = []
    roomless: set[str] = set()  # elements warned of for having no room, once a deck
    parts = 0  # continuation slides made so far
    if meta.title_slide:
        ctx.number, ctx.placed = 1, None
        named = _lay_on(ctx, layouts, "title", deck_layout, deck=True)
        cover = layout_cover(ctx)
        keep_room(cover, ctx, roomless)
        notes.extend(make_readable(cover, ctx))
        plans.append(replace(cover.done(), layout=named[0], layout_where=named[1]))
    for placed in validated.slides:
        hidden = placed.slide.hidden
        # numbered as the validate stage numbered it (a slide it refused keeps its number),
        # moved on by the parts of slides split before this one
        first = 0 if hidden else placed.number + parts
        ctx.number, ctx.placed = first, placed
        # A hidden slide is laid out too, so its images and data are still
        # checked; its plan and its warnings are dropped.
        ctx.problems = Problems()
        named = _lay_on(ctx, layouts, placed.slide.kind, deck_layout,
                        deck=placed.slide.layout is None)
        try:
            made = KIND_LAYOUTS[placed.slide.kind](placed.slide, ctx)
            made = made if isinstance(made, list) else [made]  # the parts of a split slide
            for index, plan in enumerate(made):
                ctx.number = first + index if first else 0
                keep_room(plan, ctx, roomless)
                said = make_readable(plan, ctx)
                if not hidden:
                    notes.extend(said)
                    plans.append(replace(plan.done(), layout=named[0], layout_where=named[1]))
            parts += 0 if hidden else len(made) - 1
        except DeckError as exc:  # a located problem in this slide; go on with the next
            ctx.problems.extend(exc.problems)
        found = ctx.problems.errors if hidden else ctx.problems.items
        problems.extend([_with_path(p, placed, first) for p in found])
    ctx.problems = problems
    save_measurements()  # the words measured for this deck, for its next build
    return plans


def _lay_on(ctx: Context, layouts: DeckLayouts, kind: str, deck_layout: Location | None,
            deck: bool) -> tuple[str | None, Location | None]:
    """Set ``ctx.layout`` to the layout the current slide is built on; the name it was
    given (by the slide or the deck) and where, for its plan.  ``deck``: the name is
    the deck's, already checked at its line."""
    named = named_layout(ctx.meta, ctx.placed, kind, deck_layout)
    ctx.layout = slide_layout(layouts, kind, *named, ctx.problems, deck,
                              (ctx.width, ctx.height))
    return named


def _with_path(problem: Problem, placed: PlacedSlide, number: int) -> Problem:
    """Name the slide in messages that start with one of its keys (``chart.series[0]``),
    as the deck shows it: ``slide 5 chart.series[0] ...``."""
    head = problem.message.split(" ", 1)[0]
    key = head.split(".", 1)[0].split("[", 1)[0].rstrip(":")
    if key in placed.data:
        return replace(problem, message=f"{slide_name(number)} {problem.message}")
    return problem
