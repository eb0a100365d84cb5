"""Themes are data: YAML files in themes/ (or a path) merged through ``extends``.

Nothing about colour, type or spacing is decided in code; every slide kind
reads it from the :class:`Theme` built here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, Field, ValidationError

from deckgen.errors import DeckError, Location, Problems, display_path
from deckgen.loader import Plain, PosDict, parse_yaml
from deckgen.model.base import Strict
from deckgen.model.types import Number, Text

def _themes_dir() -> Path:
    """The shipped themes: $DECKGEN_THEMES, the checkout's themes/, or the installed copy."""
    import os
    import sys

    if os.environ.get("DECKGEN_THEMES"):
        return Path(os.environ["DECKGEN_THEMES"])
    checkout = Path(__file__).resolve().parent.parent / "themes"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "deckgen" / "themes"


THEMES_DIR = _themes_dir()
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _colour(value: str) -> str:
    if not _HEX.fullmatch(value):
        raise ValueError(f"'{value}' is not a colour; write it as #RRGGBB")
    return value.upper()


Colour = Annotated[Text, AfterValidator(_colour)]


class Colors(Strict):
    background: Colour
    text: Colour
    muted: Colour
    accent: Colour
    palette: Annotated[list[Colour], Field(min_length=3)]
    surface: Colour = Field(description="panels, table rows and diagram boxes")
    on_accent: Colour = Field(description="text set on the accent colour")
    title: Colour = Field(description="slide titles")
    highlight: Colour = Field(description="==highlight== marks")
    section_background: Colour
    section_text: Colour
    grid: Colour = Field(description="chart grid lines and rules")


class Fonts(Strict):
    heading: Text
    body: Text
    mono: Text
    east_asian: Text


class Sizes(Strict):
    """Type sizes in points; ``min_*`` are the floors that text may shrink to."""

    title: Number
    subtitle: Number
    body: Number
    small: Number
    min_body: Number
    statement: Number
    quote: Number
    cover_title: Number
    section: Number
    table: Number
    min_table: Number
    footer: Number
    chart: Number


class Space(Strict):
    """Geometry in points (1/72 inch) for a slide 540 points tall."""

    margin: Number
    top: Number
    title_height: Number
    gap: Number
    footer_height: Number
    inset: Number
    line_spacing: Number
    paragraph_space: Number
    indent: Number
    rule: Number = Field(description="width of accent rules and borders")
    corner: Number = Field(description="rounding of boxes, 0 to 0.5")


class Theme(Strict):
    name: Text
    description: Text = ""
    extends: Optional[Text] = None
    colors: Colors
    fonts: Fonts
    sizes: Sizes
    space: Space
    title_bold: bool = True
    logo: Optional[Path] = None
    template: Optional[Path] = None
    path: Optional[Path] = None


def available() -> dict[str, Path]:
    """Theme names found in the shipped themes folder."""
    return {p.stem: p for p in sorted(THEMES_DIR.glob("*.yaml"))}


def load_theme(ref: str, base_dir: Path, where: Location | None = None) -> Theme:
    """Load a theme by name (themes/NAME.yaml) or by path, following ``extends``."""
    problems = Problems()
    path = _find(ref, base_dir, where)
    data = _merged(path, problems, [])
    theme = _validate(data, path, problems)
    problems.raise_if_errors()
    return theme


def _find(ref: str, base_dir: Path, where: Location | None) -> Path:
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        candidate = (base_dir / ref).resolve()
        if candidate.is_file():
            return candidate
        raise DeckError(f"theme file '{ref}' not found", where)
    themes = available()
    if ref in themes:
        return themes[ref]
    import difflib

    close = difflib.get_close_matches(ref, list(themes), 1, 0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known themes: " + ", ".join(themes)
    raise DeckError(f"unknown theme '{ref}'", where, hint=hint)


def _merged(path: Path, problems: Problems, chain: list[Path]) -> PosDict:
    if path in chain:
        names = " -> ".join(p.stem for p in [*chain, path])
        raise DeckError(f"theme extends cycle: {names}", Location(display_path(path), 1, 1))
    data = parse_yaml(path, problems)
    if not isinstance(data, PosDict):
        raise DeckError("a theme file must be a mapping", Location(display_path(path), 1, 1))
    parent_ref = data.get("extends")
    for key in ("logo", "template"):
        if isinstance(data.get(key), str):
            data[key] = str((path.parent / data[key]).resolve())
    if not parent_ref:
        return data
    parent = _merged(_find(str(parent_ref), path.parent, data.where("extends")), problems,
                     [*chain, path])
    return _deep_merge(parent, data)


def _deep_merge(base: PosDict, over: PosDict) -> PosDict:
    out = PosDict(base)
    out.loc = over.loc
    out.key_locs = {**base.key_locs, **over.key_locs}
    out.value_locs = {**base.value_locs, **over.value_locs}
    for key, value in over.items():
        if isinstance(value, PosDict) and isinstance(base.get(key), PosDict):
            out[key] = _deep_merge(base[key], value)
        else:
            out[key] = value
    return out


def _validate(data: PosDict, path: Path, problems: Problems) -> Theme:
    payload: dict[str, Any] = dict(data)
    payload["path"] = str(path)
    payload["title_bold"] = _bool(payload.get("title_bold", "true"))
    try:
        theme = Theme.model_validate(payload)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            keys = [k for k in err["loc"] if isinstance(k, (str, int))]
            where = _where(data, keys)
            dotted = ".".join(str(k) for k in keys)
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                msg = f"theme is missing '{dotted}'"
            elif err["type"] == "extra_forbidden":
                msg = f"unknown theme key '{dotted}'"
            else:
                msg = f"theme key '{dotted}': {msg}"
            problems.error(msg, where)
        problems.raise_if_errors()
        raise  # unreachable: errors were raised above
    for key in ("logo", "template"):
        path_value = getattr(theme, key)
        if path_value and not path_value.is_file():
            problems.error(f"theme {key} '{path_value}' not found", _where(data, [key]))
    return theme


def _bool(value: Any) -> Any:
    if isinstance(value, Plain) and value in ("true", "false"):
        return value == "true"
    return value


def _where(data: PosDict, keys: list) -> Location:
    node: Any = data
    where = data.loc
    for key in keys:
        if isinstance(node, PosDict) and key in node:
            where = node.where(key)
            node = node[key]
        else:
            break
    return where
