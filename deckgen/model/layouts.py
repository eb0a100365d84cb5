"""Which slide layout each kind of slide is built on: one table, one rule.

A template's layouts are known by their placeholders, not their names (a
corporate template may call its title slide "Cover Page"), so each sort of
layout is described by the content placeholders it holds; a layout with
deckgen's own name for the sort wins among equals.  The lay-out stage (boxes
and checks, from :mod:`deckgen.source.layouts`) and the package stage
(writing, from python-pptx) both ask :func:`choose`, so they agree.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from deckgen.source.layouts import TITLES, Layout


@dataclass(frozen=True)
class Sort:
    """A sort of layout: the names it goes by, the content placeholder types it holds
    (each tuple sorted), and the sort to fall back on in the same master when none
    has them.  A layout so named holding one of those sets wins; then the first set
    some layout holds exactly (a name breaking ties); then a layout so named that
    has a title."""

    names: tuple[str, ...]
    wants: tuple[tuple[str, ...], ...]
    fallback: str | None


SORTS: dict[str, Sort] = {
    "title": Sort(("title slide", "title", "cover"),
                  (("ctrTitle", "subTitle"), ("subTitle", "title"), ("ctrTitle",)), "plain"),
    "section": Sort(("section header", "section"), (("body", "title"),), "content"),
    "content": Sort(("title and content", "bullets"),
                    (("obj", "title"), ("body", "title")), "plain"),
    "two": Sort(("two content", "two columns"),
                (("obj", "obj", "title"), ("body", "body", "title"),
                 ("body", "body", "obj", "obj", "title")), "plain"),
    "picture": Sort(("picture with caption",), (("body", "pic", "title"),), "plain"),
    "quote": Sort(("quote",), (), "plain"),
    "plain": Sort(("title only",), (("title",),), None),
}
# The sort each kind of slide is built on; every kind needs a title placeholder.
KIND_SORTS: dict[str, str] = {
    "title": "title", "section": "section", "bullets": "content", "columns": "two",
    "quote": "quote", "statement": "plain", "chart": "plain", "table": "plain",
    "image": "picture", "code": "plain", "body": "plain", "diagram": "plain",
    "closing": "plain",
}


class LayoutProblem(ValueError):
    """A named layout that is not there or cannot hold the slide; ``hint`` says which would."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def has_title(layout: Layout) -> bool:
    return any(p.type in TITLES for p in layout.placeholders)


def choose(layouts: Sequence[Layout], kind: str, named: str | None = None) -> Layout:
    """The layout a slide of ``kind`` is built on, or the one it names.

    Without a name: the first master that has a layout of the kind's sort (or of
    a sort it falls back on) gives it, so slides stay on the first master unless
    they name a layout of another.  A name is matched ignoring case and spaces at
    either end, the first master's first (``Dark / Title Only`` names the layout of the
    master called Dark); the layout must have a title placeholder.
    """
    if named is not None:
        return _named(layouts, kind, named)
    masters = sorted({layout.master for layout in layouts})
    for master in masters:  # vertical-text layouts are for those who name them
        own = [layout for layout in layouts if layout.master == master and not layout.vertical]
        found = _of_sort(own, KIND_SORTS.get(kind, "plain"))
        if found is not None:
            return found
    titled = [layout for layout in layouts if has_title(layout)]
    return (titled or list(layouts))[0]


def _of_sort(layouts: list[Layout], sort_name: str | None) -> Layout | None:
    while sort_name is not None:
        sort = SORTS[sort_name]
        named = [layout for layout in layouts if _key(layout.name) in sort.names
                 and layout.content in sort.wants]
        if named:  # deckgen's own name for the sort, with the placeholders it holds
            return named[0]
        for wanted in sort.wants:
            found = [layout for layout in layouts if layout.content == wanted]
            named = [layout for layout in found if _key(layout.name) in sort.names]
            if named or found:
                return (named or found)[0]
        named = [layout for layout in layouts if _key(layout.name) in sort.names
                 and has_title(layout)]
        if named:
            return named[0]
        sort_name = sort.fallback
    return None


def _named(layouts: Sequence[Layout], kind: str, named: str) -> Layout:
    match = [layout for layout in layouts if _key(layout.name) == _key(named)] or _in_master(
        layouts, named)
    if not match:
        names = _names(layouts)
        close = difflib.get_close_matches(named, names, 1, 0.6)
        raise LayoutProblem(f"there is no layout named '{named}'",
                            f"did you mean '{close[0]}'?" if close else
                            "the layouts are " + ", ".join(f"'{n}'" for n in names))
    usable = [layout for layout in match if has_title(layout)]
    if not usable:
        good = _names([layout for layout in layouts if has_title(layout)])
        raise LayoutProblem(
            f"layout '{match[0].name}' has no title placeholder, which "
            f"{f'a {kind} slide' if kind else 'every slide'} needs "
            "(every slide's title goes in one, for the outline and screen readers)",
            "layouts that have one: " + ", ".join(f"'{n}'" for n in good))
    return usable[0]


def _in_master(layouts: Sequence[Layout], named: str) -> list[Layout]:
    """``MASTER / LAYOUT``: a layout of one master, where two masters share its name."""
    master, slash, name = named.rpartition("/")
    if not slash:
        return []
    return [layout for layout in layouts if _key(layout.master_name) == _key(master)
            and _key(layout.name) == _key(name)]


def _names(layouts: Sequence[Layout]) -> list[str]:
    return list(dict.fromkeys(layout.name for layout in layouts))


def _key(name: str) -> str:
    return name.strip().casefold()


def kinds_on(layouts: Sequence[Layout]) -> dict[int, list[str]]:
    """For each layout (by position), the kinds built on it when a slide names none."""
    out: dict[int, list[str]] = {}
    for kind in KIND_SORTS:
        chosen = choose(layouts, kind)
        at = next(i for i, layout in enumerate(layouts) if layout is chosen)
        out.setdefault(at, []).append(kind)
    return out
