"""Builds: a slide's items come on one click at a time in the slide show (``reveal:``).

A kind says what each click shows (:class:`~deckgen.layout.plan.Build`): on a
bullets slide, each top-level item with the sub-items under it; on a body
slide, each block, a bullets block item by item, a sub-heading together with
the first click of the block under it (a heading alone on the slide says
nothing yet).  The title, footer, slide number, logo and a side picture are
there from the start.  Only the slide show plays the clicks: the file itself
holds the finished slide, so a PDF, the contact sheet or a printout shows
every item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.plan import Build, Element, Target
from deckgen.layout.textfit import Para
from deckgen.model.slides import BulletsBlock, HeadingBlock


def reveals(ctx: Context, slide: Any) -> bool:
    """The slide's own ``reveal``, else the deck's."""
    own = getattr(slide, "reveal", None)
    return bool(ctx.meta.reveal if own is None else own)


def items(paras: Sequence[Para]) -> list[tuple[int, int]]:
    """Each top-level item's paragraphs, first and last: an item brings its sub-items.

    A continuation part may start inside an item (one too tall for a slide is
    split between its sub-items); those sub-items are one click of their own.
    """
    out: list[tuple[int, int]] = []
    for index, para in enumerate(paras):
        if para.level == 0 or not out:
            out.append((index, index))
        else:
            out[-1] = (out[-1][0], index)
    return out


def item_builds(tag: str, paras: Sequence[Para]) -> list[Build]:
    """One click per top-level item of the text tagged ``tag``."""
    return [Build((Target(tag, span),)) for span in items(paras)]


def tagged(elements: Sequence[Element], tag: str) -> list[Element]:
    """``elements`` marked as shown by the clicks that name ``tag``."""
    return [replace(e, build=tag) if _taggable(e) else e for e in elements]


def _taggable(element: Element) -> bool:
    return any(f.name == "build" for f in fields(element))  # type: ignore[arg-type]


def block_builds(blocks: Sequence[Any], drawn: Sequence[Sequence[Element]]
                 ) -> tuple[list[Element], list[Build]]:
    """The elements of each block, tagged, and the clicks that bring the blocks on."""
    elements: list[Element] = []
    steps: list[Build] = []
    heading: list[Target] = []  # a sub-heading waits for the block under it
    for index, (block, parts) in enumerate(zip(blocks, drawn, strict=True)):
        tag = f"block {index + 1}"
        elements.extend(tagged(parts, tag))
        text = next((e.text for e in parts if getattr(e, "text", None) is not None), None)
        if isinstance(block, BulletsBlock) and text is not None:
            clicks = [[Target(tag, span)] for span in items(text.paras)]
        else:
            clicks = [[Target(tag)]]
        if isinstance(block, HeadingBlock):
            heading.extend(clicks[0])
            continue
        clicks[0][:0] = heading
        heading = []
        steps.extend(Build(tuple(click)) for click in clicks)
    if heading:  # a sub-heading last of all is a click of its own
        steps.append(Build(tuple(heading)))
    return elements, steps
