"""Where a theme's template and the deck meet: its slide shape and the layout of each slide.

The template is only known once the theme is loaded, so the deck's ``layout:``
names are checked here, each unknown or unusable name a located error with
the layouts that would do, all of them collected.  The layout each slide is
built on is chosen by :func:`deckgen.model.layouts.choose`, the rule the
package stage follows when it writes the slide.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

from deckgen.errors import DeckError, Location, Problems
from deckgen.model import PlacedSlide, Validated
from deckgen.model.deck import DeckMeta
from deckgen.model.layouts import LayoutProblem, choose
from deckgen.model.themes import Theme
from deckgen.source.layouts import Layout, Template, read_template

ASPECTS = {"16:9": 16 / 9, "4:3": 4 / 3}


def template_of(theme: Theme) -> Template | None:
    """The theme's template as records, read once per file version."""
    if theme.template is None:
        return None
    path = Path(theme.template)
    stat = path.stat()
    return _read(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _read(path: Path, mtime: int, size: int) -> Template:
    return read_template(path)


def on_template(validated: Validated, theme: Theme, problems: Problems,
                where: Location | None) -> Validated:
    """The deck with the template's slide shape when it states none of its own.

    A template's masters and layouts are drawn for its own slide size; a deck of
    another shape would stretch every layout, so a deck that says another aspect
    is warned (at ``aspect:``) and one that says none takes the template's.
    """
    try:
        template = template_of(theme)
    except (DeckError, OSError) as exc:
        problems.extend(exc.problems if isinstance(exc, DeckError) else [])
        return validated
    if template is None:
        return validated
    ratio = template.width / template.height
    shape = min(ASPECTS, key=lambda a: abs(ASPECTS[a] - ratio))
    meta = validated.meta
    if abs(ASPECTS[shape] - ratio) > 0.02:
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


def check_deck_layout(validated: Validated, theme: Theme, problems: Problems,
                      where: Location | None) -> None:
    """The deck's own ``layout:`` names, checked once at their line rather than per slide."""
    deck = validated.meta.layout
    try:
        template = template_of(theme)
    except (DeckError, OSError):
        return
    if deck is None or template is None or not template.layouts:
        return
    named = deck.items() if isinstance(deck, dict) else [("", deck)]
    for kind, name in named:
        try:
            choose(template.layouts, kind, name)
        except LayoutProblem as exc:
            problems.error(f"deck layout: {exc}", where, exc.hint)


def named_layout(meta: DeckMeta, placed: PlacedSlide | None, kind: str,
                 deck_where: Location | None) -> tuple[str | None, Location | None]:
    """The layout a slide names, or the deck names for it, and where that is written."""
    if placed is not None and placed.slide.layout is not None:
        return placed.slide.layout, placed.data.where("layout")
    deck = meta.layout
    named = deck.get(kind) if isinstance(deck, dict) else deck
    return (named, deck_where) if named is not None else (None, None)


def slide_layout(template: Template | None, kind: str, named: str | None,
                 where: Location | None, problems: Problems, deck: bool = False
                 ) -> Layout | None:
    """The template layout a slide is built on; a bad name is an error (reported once,
    for the deck's own names) and the slide is laid out on the layout chosen for its
    kind, so later problems are still found."""
    if template is None or not template.layouts:
        return None
    try:
        return choose(template.layouts, kind, named)
    except LayoutProblem as exc:
        if not deck:
            problems.error(f"layout: {exc}", where, exc.hint)
        return choose(template.layouts, kind)
