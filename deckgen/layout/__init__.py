"""Lay-out stage: every slide kind decides its boxes from the theme.

:func:`plan_deck` walks the validated slides and asks each kind's module (see
:mod:`deckgen.layout.kinds`) for its frozen plan; :mod:`deckgen.layout.context`
gives those modules the theme, the slide frame and text fitting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

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

__all__ = ["LEVEL_SCALE", "SLIDE_HEIGHT", "WIDTHS", "Context", "Planner", "Portion", "plan_deck"]


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
    planner = Planner(validated, theme, problems, roots, deck_layout, layouts)
    portions = [planner.cover(), planner.run(validated.slides)]
    return planner.finish(portions, problems, notes)


@dataclass
class Portion:
    """What laying out a run of slides gave, in order: plans, problems (each naming its
    slide), ``-v`` notes, the element names warned of for having no room, and the
    continuation slides made (which move the numbers of every slide after the run)."""

    plans: list[SlidePlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)
    parts: int = 0


class Planner:
    """Lays out a deck's slides run by run, so that runs can be laid out apart (see
    :mod:`deckgen.app.parallel`) and joined: a run after the first is numbered as if
    no slide before it was split, which :meth:`finish`'s caller checks."""

    def __init__(self, validated: Validated, theme: Theme, problems: Problems,
                 roots: list[Path], deck_layout: Location | None = None,
                 layouts: DeckLayouts | None = None) -> None:
        meta = validated.meta
        self.ctx = Context(theme=theme, meta=meta, problems=problems, roots=roots,
                           width=WIDTHS[meta.aspect])
        self.ctx.siblings = siblings(validated.slides)
        self.layouts = layouts or deck_layouts(theme, problems)
        self.deck_layout = deck_layout
        self.roomless: set[str] = set()  # elements warned of for having no room, once a deck

    def cover(self) -> Portion:
        """The deck's own title slide, when it has one."""
        ctx, out = self.ctx, Portion()
        if not ctx.meta.title_slide:
            return out
        ctx.number, ctx.placed = 1, None
        ctx.problems = Problems()
        named = _lay_on(ctx, self.layouts, "title", self.deck_layout, deck=True)
        cover = layout_cover(ctx)
        self._keep_room(cover, out)
        out.notes.extend(make_readable(cover, ctx))
        out.plans.append(replace(cover.done(), layout=named[0], layout_where=named[1]))
        out.problems.extend(ctx.problems)
        return out

    def run(self, slides: Sequence[PlacedSlide], before: int = 0) -> Portion:
        """Lay out ``slides``, numbered as the validate stage numbered them, moved on by
        the parts of slides split before them (``before`` of them before this run)."""
        ctx, out = self.ctx, Portion()
        for placed in slides:
            hidden = placed.slide.hidden
            first = 0 if hidden else placed.number + before + out.parts
            ctx.number, ctx.placed = first, placed
            # A hidden slide is laid out too, so its images and data are still
            # checked; its plan and its warnings are dropped.
            ctx.problems = Problems()
            named = _lay_on(ctx, self.layouts, placed.slide.kind, self.deck_layout,
                            deck=placed.slide.layout is None)
            try:
                made = KIND_LAYOUTS[placed.slide.kind](placed.slide, ctx)
                made = made if isinstance(made, list) else [made]  # the parts of a split slide
                for index, plan in enumerate(made):
                    ctx.number = first + index if first else 0
                    self._keep_room(plan, out)
                    said = make_readable(plan, ctx)
                    if not hidden:
                        out.notes.extend(said)
                        out.plans.append(replace(plan.done(), layout=named[0],
                                                 layout_where=named[1]))
                out.parts += 0 if hidden else len(made) - 1
            except DeckError as exc:  # a located problem in this slide; go on with the next
                ctx.problems.extend(exc.problems)
            found = ctx.problems.errors if hidden else ctx.problems.items
            out.problems.extend(_with_path(p, placed, first) for p in found)
        return out

    def _keep_room(self, plan: Any, out: Portion) -> None:
        before = set(self.roomless)
        keep_room(plan, self.ctx, self.roomless)
        out.warned |= self.roomless - before

    def finish(self, portions: list[Portion], problems: Problems,
               notes: list[str] | None) -> list[SlidePlan]:
        """The portions joined, in order, into the deck's plans, problems and notes; the
        words measured meanwhile are kept for the next build."""
        self.ctx.problems = problems
        plans: list[SlidePlan] = []
        for portion in portions:
            plans.extend(portion.plans)
            problems.extend(portion.problems)
            if notes is not None:
                notes.extend(portion.notes)
        save_measurements()
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
