"""Continuation slides: content that does not fit at its size flows onto more slides.

A bullets, table or code slide with ``continue: true`` (or a deck whose
``deck: continue: true`` it does not override) is laid out in parts when its
content does not fit at the size the theme sets for it: each part repeats the
title with the theme's ``text.continued`` marker ("(2/3)"), all parts use one
size, the notes go with the first part.  The kind decides where its content
may break (between top-level bullets, between table rows, between code
lines); this module packs the pieces and makes one draft a part.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from deckgen.errors import Problems
from deckgen.layout.context import Context
from deckgen.layout.plan import Box, Draft
from deckgen.model import PlacedSlide, markup

T = TypeVar("T")


def continues(ctx: Context, slide: Any) -> bool:
    """The slide's own ``continue``, else the deck's."""
    own = getattr(slide, "continue_", None)
    return bool(ctx.meta.continue_ if own is None else own)


# the advice of an overflow on a slide that could flow onto continuation slides
HINT = "shorten the text, or write continue: true to flow it onto continuation slides"


def marked(ctx: Context, title: str, n: int, total: int) -> str:
    """The title of part ``n`` of ``total``, with the theme's marker after it."""
    return f"{title} {ctx.theme.text.continued.format(n=n, total=total)}"


@contextmanager
def quietly(ctx: Context) -> Iterator[None]:
    """Lay out a trial without its warnings: the parts laid out for real say them."""
    problems, seen = ctx.problems, set(ctx.missing_seen)
    ctx.problems = Problems()
    try:
        yield
    finally:
        ctx.problems, ctx.missing_seen = problems, seen


def room(ctx: Context, slide: Any, body_of: Callable[[Any, Draft, Box], Box] | None,
         total: int) -> Box:
    """The body box a part of a ``total``-part split has (its title carries the marker)."""
    with quietly(ctx):
        part = slide.model_copy(update={"title": marked(ctx, slide.title, total, total)})
        from deckgen.layout.kinds.common import titled

        plan, body = titled(ctx, part)
        return body_of(part, plan, body) if body_of else body


def pack(pieces: Sequence[T], fits: Callable[[list[T]], bool]) -> list[list[T]]:
    """Pieces in order, as many to a part as fit; a piece that fits nowhere stands alone."""
    parts: list[list[T]] = []
    current: list[T] = []
    for piece in pieces:
        if current and not fits([*current, piece]):
            parts.append(current)
            current = []
        current.append(piece)
    if current:
        parts.append(current)
    return parts


def packed(ctx: Context, slide: Any, pieces: Sequence[T],
           fits: Callable[[Box, list[T]], bool],
           body_of: Callable[[Any, Draft, Box], Box] | None = None) -> tuple[list[list[T]], Box]:
    """Pieces packed into parts of the body a part has; the body depends on the number of
    parts (a marker may wrap the title), so packing is repeated until the count settles."""
    total = 2
    for _ in range(3):
        body = room(ctx, slide, body_of, total)
        parts = pack(pieces, lambda chosen, box=body: fits(box, chosen))
        if len(parts) == total or len(parts) == 1:
            break
        total = len(parts)
    return _even(pieces, parts, lambda chosen: fits(body, chosen)), body


def _even(pieces: Sequence[T], parts: list[list[T]], fits: Callable[[list[T]], bool]
          ) -> list[list[T]]:
    """The same number of parts with the pieces shared out evenly, if they still fit:
    45 lines make parts of 12, 11, 11 and 11, not 14, 14, 14 and 3."""
    if len(parts) < 2:
        return parts
    limit = -(-len(pieces) // len(parts))
    even = pack(pieces, lambda chosen: len(chosen) <= limit and fits(chosen))
    return even if len(even) == len(parts) else parts


def drafts(ctx: Context, slide: Any, count: int, build: Callable[[Any, int], Draft]
           ) -> list[Draft]:
    """One draft a part, numbered as the deck shows them; notes on the first part only."""
    first = ctx.number
    out = []
    for index in range(count):
        ctx.number = first + index
        update: dict[str, Any] = {"title": marked(ctx, slide.title, index + 1, count)}
        if index:
            update["notes"] = None
        plan = build(slide.model_copy(update=update), index)
        plan.title = markup.plain(update["title"])
        out.append(plan)
    ctx.number = first
    return out


# "…, part II", "… (2)", "… II", "… (cont.)": a title that goes on from the slide before
_PART = re.compile(r"^(?P<stem>.*?)[\s,:;\u2013\u2014-]*(?:\((?:part\s+)?(?:[IVX]+|\d+)\)|"
                   r"(?:part\s+)?\b(?:[IVX]+|\d+)|\(cont(?:inued|\.)?\)|cont(?:inued|\.))\s*$",
                   re.IGNORECASE)


def stem(title: str | None) -> str | None:
    """A title without the part it names at its end ("Outcomes, part II" -> "Outcomes")."""
    found = _PART.match(markup.plain(title or "").strip())
    return found.group("stem").strip() if found and found.group("stem").strip() else None


def siblings(slides: Sequence[PlacedSlide]) -> dict[int, list[PlacedSlide]]:
    """Consecutive bullets slides whose titles differ only in the part they name ("… I",
    "… II"): each slide's index to its whole run, so the run shares one body size."""
    out: dict[int, list[PlacedSlide]] = {}
    run: list[PlacedSlide] = []
    run_stem: str | None = None
    for placed in [*slides, None]:
        here = _bullets_stem(placed)
        if run and here is not None and here == run_stem:
            run.append(placed)
            continue
        if len(run) > 1:
            out.update({member.index: run for member in run})
        run, run_stem = ([placed] if here is not None else []), here
    return out


def _bullets_stem(placed: PlacedSlide | None) -> str | None:
    """The stem of a bullets slide's title that names a part; None for any other slide."""
    if placed is None or placed.slide.kind != "bullets":
        return None
    return stem(placed.slide.title)


def shared_size(ctx: Context, fitted: Callable[[Any, Draft, Box], float]) -> float | None:
    """The size every slide of the current slide's sibling run fits at (None: no run):
    ``fitted`` measures one slide, given its draft and body box."""
    run = ctx.siblings.get(ctx.placed.index) if ctx.placed is not None else None
    if not run:
        return None
    from deckgen.layout.kinds.common import titled

    here, number = ctx.placed, ctx.number
    sizes = []
    try:
        with quietly(ctx):
            for member in run:
                ctx.placed = member
                plan, body = titled(ctx, member.slide)
                sizes.append(fitted(member.slide, plan, body))
    finally:
        ctx.placed, ctx.number = here, number
    return min(sizes)
