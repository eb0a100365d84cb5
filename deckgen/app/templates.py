"""``deckgen template inspect``: what a template offers and what deckgen builds on it.

Every layout, master by master, with its placeholders (type, index, name and
box in points) and the slide kinds built on it when a slide names no layout:
what a deck's ``layout:`` can name, and why a slide lands where it does.
"""

from __future__ import annotations

from pathlib import Path

from deckgen.errors import DeckError
from deckgen.model.layouts import kinds_on
from deckgen.source.layouts import Placeholder, Template, read_template
from deckgen.source.template import check_template


def inspect_template(path: Path) -> list[str]:
    """The lines ``template inspect`` prints; a file that is no safe template raises."""
    check_template(path, None)
    template = read_template(path)
    return describe(path.name, template)


def describe(name: str, template: Template) -> list[str]:
    shape = template.aspect or "neither 16:9 nor 4:3"
    lines = [f"{name}: {template.width:g} x {template.height:g} pt ({shape}), "
             f"{len({x.master for x in template.layouts})} master(s), "
             f"{len(template.layouts)} layouts"]
    kinds = kinds_on(template.layouts) if template.layouts else {}
    master = -1
    for at, layout in enumerate(template.layouts):
        if layout.master != master:
            master = layout.master
            lines.append(f"master {master + 1}: {layout.master_name}")
        built = kinds.get(at)
        lines.append(f'  layout "{layout.name}"' +
                     (f"  <- {', '.join(built)}" if built else ""))
        lines.extend(f"    {_placeholder(p)}" for p in layout.placeholders)
        if not layout.placeholders:
            lines.append("    (no placeholders)")
    return lines


def _placeholder(p: Placeholder) -> str:
    where = "at the master's place" if p.box is None else \
        "at {:g},{:g} size {:g}x{:g} pt".format(*(round(v, 1) for v in p.box))
    return f"{p.type:<8} idx {p.idx:<3} {where}  {p.name!r}"


__all__ = ["DeckError", "describe", "inspect_template"]
