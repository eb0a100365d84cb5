"""Where a theme's template and the deck meet: its slide shape and the layout of each slide.

The template is only known once the theme is loaded, so the deck's ``layout:``
names are checked here, each unknown or unusable name a located error with
the layouts that would do, all of them collected.  The layout each slide is
built on is chosen by :func:`deckgen.model.layouts.choose`, the rule the
package stage follows when it writes the slide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError, Location, Problems
from deckgen.layout import frames
from deckgen.layout.plan import Box
from deckgen.model import PlacedSlide, Validated
from deckgen.model.deck import DeckMeta
from deckgen.model.layouts import LayoutProblem, choose
from deckgen.model.themes import SLIDE_HEIGHT, Theme
from deckgen.source.layouts import (
    FURNITURE,
    TITLES,
    Layout,
    Placeholder,
    Template,
    read_template,
)
from deckgen.source.loader import PosDict


@dataclass(frozen=True)
class DeckLayouts:
    """What a deck's slides are built on, worked out once a build: its theme's template
    (None: deckgen's own master) and the layouts a ``layout:`` may name (the template's,
    or deckgen's own as records)."""

    template: Template | None
    names: tuple[Layout, ...]


def deck_layouts(theme: Theme, problems: Problems) -> DeckLayouts:
    """The theme's template as records, read once per file version; one that cannot be
    read is reported and the deck is laid out on deckgen's own layouts, so later
    problems are still found."""
    try:
        template = None if theme.template is None else read_template(Path(theme.template))
    except DeckError as exc:
        problems.extend(exc.problems)
        template = None
    if template is not None:
        return DeckLayouts(template, template.layouts)
    return DeckLayouts(None, own_layouts(theme))


def on_template(validated: Validated, theme: Theme, template: Template | None,
                problems: Problems, where: Location | None) -> Validated:
    """The deck with the template's slide shape when it states none of its own.

    A template's masters and layouts are drawn for its own slide size; a deck of
    another shape would stretch every layout, so a deck that says another aspect
    is warned (at ``aspect:``) and one that says none takes the template's.
    """
    if template is None:
        return validated
    shape = template.aspect
    meta = validated.meta
    if shape is None:
        problems.warning(
            f"template '{Path(theme.template).name}' is {template.width:g} x "  # type: ignore[arg-type]
            f"{template.height:g} pt, neither 16:9 nor 4:3; the deck is built {meta.aspect} "
            "and the template's layouts do not fill it", where,
            "set the template's slide size to 16:9 or 4:3 (Design > Slide Size)")
        return validated
    if "aspect" not in meta.model_fields_set:
        return replace(validated, meta=meta.model_copy(update={"aspect": shape}))
    if meta.aspect != shape:
        problems.warning(
            f"the deck is {meta.aspect} but template '{Path(theme.template).name}' "  # type: ignore[arg-type]
            f"is {shape}; its layouts are stretched to the deck's shape", where,
            f"leave out 'aspect' to build {shape}, or use a {meta.aspect} template")
    return validated


def check_deck_layout(validated: Validated, layouts: DeckLayouts, problems: Problems,
                      block: Any) -> None:
    """The deck's own ``layout:`` names, checked once at their line rather than per slide;
    ``block`` is the ``deck:`` mapping as loaded, for those lines."""
    deck = validated.meta.layout
    if deck is None or not layouts.names:
        return
    named = deck.items() if isinstance(deck, dict) else [("", deck)]
    written = block.get("layout") if isinstance(block, PosDict) else None
    for kind, name in named:
        try:
            choose(layouts.names, kind, name)
        except LayoutProblem as exc:
            where = written.where(kind) if isinstance(written, PosDict) and kind else (
                block.where("layout") if isinstance(block, PosDict) else None)
            problems.error(f"deck.layout{'.' + kind if kind else ''}: {exc}", where, exc.hint)


def named_layout(meta: DeckMeta, placed: PlacedSlide | None, kind: str,
                 deck_where: Location | None) -> tuple[str | None, Location | None]:
    """The layout a slide names, or the deck names for it, and where that is written."""
    if placed is not None and placed.slide.layout is not None:
        return placed.slide.layout, placed.data.where("layout")
    deck = meta.layout
    named = deck.get(kind) if isinstance(deck, dict) else deck
    return (named, deck_where) if named is not None else (None, None)


def slide_layout(layouts: DeckLayouts, kind: str, named: str | None,
                 where: Location | None, problems: Problems, deck: bool = False,
                 frame: tuple[float, float] = (960.0, 540.0)) -> Layout | None:
    """The template layout a slide is built on; a bad name is an error (reported once,
    for the deck's own names) and the slide is laid out on the layout chosen for its
    kind, so later problems are still found.  Its boxes are in the deck's ``frame``.

    Without a template the name is checked against deckgen's own layouts, whose
    boxes are the lay-out's own, so None is returned.
    """
    if not layouts.names:
        return None
    try:
        chosen = choose(layouts.names, kind, named)
    except LayoutProblem as exc:
        if not deck:
            problems.error(f"layout: {exc}", where, exc.hint)
        chosen = choose(layouts.names, kind)
    template = layouts.template
    return scaled(chosen, template, *frame) if template is not None else None


# deckgen's own layouts (deckgen.layout.frames.layouts): each role's placeholder type
_OWN_TYPES = {"title": "title", "subtitle": "subTitle", "body": "body", "body2": "body",
              "picture": "pic", "caption": "body", "date": "dt", "footer": "ftr",
              "number": "sldNum"}


def own_layouts(theme: Theme) -> tuple[Layout, ...]:
    """The layouts the package builds for a deck without a template, as records: what
    its slides may name."""
    return tuple(
        Layout(name, 0, "deckgen", tuple(
            Placeholder("ctrTitle" if name == "Title" and role == "title" else
                        _OWN_TYPES.get(role, "body"), 0, role, None) for role in roles))
        for name, roles in frames.layouts(theme, 960.0, SLIDE_HEIGHT).items())


def scaled(layout: Layout, template: Template, width: float, height: float) -> Layout:
    """``layout`` with its boxes in the deck's points: a template drawn at another size
    (LibreOffice's 28 x 15.75 cm) is scaled to the deck's frame, as its layouts are."""
    sx, sy = width / template.width, height / template.height
    if abs(sx - 1) < 1e-6 and abs(sy - 1) < 1e-6:
        return layout
    return replace(layout, placeholders=tuple(
        replace(p, box=None if p.box is None else
                (p.box[0] * sx, p.box[1] * sy, p.box[2] * sx, p.box[3] * sy))
        for p in layout.placeholders))


def title_box(layout: Layout | None) -> Box | None:
    """The layout's title placeholder, where the slide's title goes."""
    return placeholder_box(layout, *TITLES)


def placeholder_box(layout: Layout | None, *types: str) -> Box | None:
    """The box of the layout's first placeholder of one of ``types`` (None: it has none)."""
    found = layout.first(*types) if layout is not None else None
    return Box(*found.box) if found is not None and found.box is not None else None


def body_box(layout: Layout | None, default: Box, gap: float) -> Box | None:
    """The room of the layout's content placeholders, above deckgen's footer band.

    Every content placeholder counts (the two of "Two Content" make one room
    for the columns); a layout with none (title only) gives the room under
    its title.  Where the title sits inside that room (a picture layout's
    caption title) the larger side of it is taken.
    """
    if layout is None:
        return None
    title = title_box(layout)
    boxes = [Box(*p.box) for p in layout.placeholders
             if p.box is not None and p.type not in TITLES | FURNITURE | {"subTitle"}]
    if not boxes:
        if title is None:
            return None
        top = title.bottom + gap
        return Box(title.x, top, title.w, max(default.bottom - top, 1.0))
    x, y = min(b.x for b in boxes), min(b.y for b in boxes)
    right = max(b.right for b in boxes)
    bottom = min(max(b.bottom for b in boxes), default.bottom)
    if title is not None and title.y < bottom and title.bottom > y:
        above, below = title.y - gap - y, bottom - title.bottom - gap
        y, bottom = (y, title.y - gap) if above > below else (title.bottom + gap, bottom)
    return Box(x, y, right - x, max(bottom - y, 1.0))
