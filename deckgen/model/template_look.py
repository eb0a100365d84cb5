"""A template's own fonts and colours, for the theme keys a theme leaves as the default has them.

A corporate template carries its house fonts and colours in its Office theme.
A theme that names the template but does not set a font or colour itself
(it leaves the value the shipped ``default`` theme gives) takes the
template's instead, so slides come out in the house style; a value the theme
sets is kept, whatever the template says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from deckgen.errors import DeckError, Problems
from deckgen.model.colours import readable_on
from deckgen.source.layouts import read_template
from deckgen.source.loader import PosDict, PosList, parse_yaml
from deckgen.source.template import check_template

# theme key -> the Office theme slot it comes from
FROM_TEMPLATE: dict[tuple[str, str], str] = {
    ("colors", "text"): "dk1", ("colors", "background"): "lt1", ("colors", "title"): "dk2",
    ("colors", "surface"): "lt2", ("colors", "accent"): "accent1",
    ("colors", "highlight"): "accent1", ("colors", "section_background"): "dk2",
    ("colors", "section_text"): "lt1", ("fonts", "heading"): "major", ("fonts", "body"): "minor",
}  # and colors.on_accent: whichever of Light 1 and Dark 1 reads on the accent
PALETTE = tuple(f"accent{i}" for i in range(1, 7))


def with_template_look(data: PosDict, default: Path) -> PosDict:
    """``data`` (a merged theme) with the template's fonts and colours where it leaves
    the default's; unchanged without a template or when the template cannot be read
    (the theme check reports that at its line)."""
    template = data.get("template")
    if not isinstance(template, str) or not default.is_file():
        return data
    try:
        check_template(Path(template), None)
        found = read_template(Path(template))
    except (DeckError, OSError):
        return data
    slots = {**dict(found.colors), **dict(found.fonts)}
    base = parse_yaml(default, Problems())
    if not isinstance(base, PosDict):
        return data
    for (block, key), slot in FROM_TEMPLATE.items():
        if slot in slots and _same(_get(data, block, key), _get(base, block, key)):
            _set(data, block, key, slots[slot])
    on_accent, accent = _get(data, "colors", "on_accent"), _get(data, "colors", "accent")
    if isinstance(accent, str) and _same(on_accent, _get(base, "colors", "on_accent")):
        # text on the accent (table headers, tags): the template's light or dark, which reads
        _set(data, "colors", "on_accent", readable_on(accent, slots.get("lt1", "#FFFFFF"),
                                                      slots.get("dk1", "#000000")))
    palette = [slots[s] for s in PALETTE if s in slots]
    if len(palette) >= 3 and _same(_get(data, "colors", "palette"),
                                   _get(base, "colors", "palette")):
        _set(data, "colors", "palette", palette)
    return data


def _get(data: Any, block: str, key: str) -> Any:
    inner = data.get(block) if isinstance(data, dict) else None
    return inner.get(key) if isinstance(inner, dict) else None


def _set(data: PosDict, block: str, key: str, value: Any) -> None:
    inner = data.get(block)
    if isinstance(inner, PosDict):
        inner[key] = value


def _same(value: Any, default: Any) -> bool:
    """Equal as written, ignoring case (``#ffffff`` is the default's ``#FFFFFF``)."""
    if value is None or default is None:
        return False
    if isinstance(value, (list, PosList)) and isinstance(default, (list, PosList)):
        return len(value) == len(default) and all(
            _same(a, b) for a, b in zip(value, default, strict=True))
    return str(value).strip().casefold() == str(default).strip().casefold()
