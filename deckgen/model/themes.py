"""Themes are data: YAML files in themes/ (or a path) merged through ``extends``.

Nothing about colour, type or spacing is decided in code; every slide kind
reads it from the :class:`Theme` built here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, Field, ValidationError, field_validator

from deckgen.errors import DeckError, Location, Problems, display_path
from deckgen.model.base import Strict
from deckgen.model.template_look import with_template_look
from deckgen.model.types import Boolean, Number, Text
from deckgen.source.loader import Plain, PosDict, parse_yaml
from deckgen.source.paths import resolve_inside


def _themes_dir() -> Path:
    """The shipped themes: $DECKGEN_THEMES, the checkout's themes/, or the installed copy."""
    import os
    import sys

    if os.environ.get("DECKGEN_THEMES"):
        return Path(os.environ["DECKGEN_THEMES"])
    checkout = Path(__file__).resolve().parents[2] / "themes"
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


def _within(low: float, high: float) -> AfterValidator:
    """A number a slide can use: out-of-range sizes make unreadable or endless layouts."""

    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(f"{value:g} is out of range; expected {low:g} to {high:g}")
        return value

    return AfterValidator(check)


def _font_name(value: str) -> str:
    if not value.strip():
        raise ValueError("a font name cannot be empty")
    return value


Size = Annotated[Number, _within(4, 300)]
Length = Annotated[Number, _within(0, 200)]
FontName = Annotated[Text, AfterValidator(_font_name)]


class TextSet(Strict):
    """Text colours for one kind of ground, used where the theme's own colours would not read."""

    text: Colour = Field(description="body text, titles and headings")
    muted: Colour = Field(description="captions, sources, attributions, footer, slide numbers")
    accent: Colour = Field(description="statements, quote marks, bullets and highlights")
    link: Colour = Field(description="links")


class Colors(Strict):
    background: Colour
    text: Colour
    muted: Colour
    accent: Colour
    palette: Annotated[list[Colour], Field(min_length=3, max_length=24)]
    surface: Colour = Field(description="panels, table rows and diagram boxes")
    on_accent: Colour = Field(description="text set on the accent colour")
    title: Colour = Field(description="slide titles")
    highlight: Colour = Field(description="==highlight== marks")
    section_background: Colour
    section_text: Colour
    grid: Colour = Field(description="chart grid lines and rules")
    on_dark: TextSet = Field(description="text set on dark grounds: dark colours and photos")
    on_light: TextSet = Field(description="text set on light grounds: light colours and photos")
    scrim_dark: Colour = Field(description="the veil laid under light text on a busy picture")
    scrim_light: Colour = Field(description="the veil laid under dark text on a busy picture")


class CodeColors(Strict):
    """A code block's panel and its syntax colours: each token colour must read on
    ``background`` and on ``band`` (a test checks 4.5:1)."""

    background: Colour = Field(description="the panel behind a code block")
    text: Colour = Field(description="code that is no token below: names, punctuation")
    band: Colour = Field(description="the tint under highlighted lines")
    line_number: Colour = Field(description="line numbers")
    keyword: Colour = Field(description="keywords: def, if, return")
    builtin: Colour = Field(description="built-in names and types")
    function: Colour = Field(description="names of functions, classes and decorators")
    string: Colour = Field(description="strings")
    number: Colour = Field(description="numbers")
    comment: Colour = Field(description="comments")
    operator: Colour = Field(description="operators")


class Fonts(Strict):
    heading: FontName
    body: FontName
    mono: FontName
    east_asian: FontName
    bullet: Optional[FontName] = Field(
        None, description="the face of list markers (the bullet glyphs); the body font when "
        "not given")
    fallback: list[FontName] = Field(
        default_factory=list,
        description="fonts tried, in order, for characters the theme's fonts lack (emoji)")


class Sizes(Strict):
    """Type sizes in points; ``min_*`` are the floors that text may shrink to."""

    title: Size
    subtitle: Size
    body: Size
    small: Size
    min_body: Size
    statement: Size
    quote: Size
    cover_title: Size
    section: Size
    table: Size
    min_table: Size
    footer: Size
    chart: Size
    code: Size
    min_code: Size


class Space(Strict):
    """Geometry in points (1/72 inch) for a slide 540 points tall."""

    margin: Length
    top: Length
    title_height: Annotated[Number, _within(10, 300)]
    gap: Length
    footer_height: Length
    inset: Length
    line_spacing: Annotated[Number, _within(0.5, 3)]
    paragraph_space: Annotated[Number, _within(0, 3)]
    indent: Length
    rule: Annotated[Number, _within(0, 20)] = Field(
        description="width of accent rules and borders")
    corner: Annotated[Number, _within(0, 0.5)] = Field(description="rounding of boxes, 0 to 0.5")


class Words(Strict):
    """Words deckgen adds to slides, in the theme's language and manner."""

    continued: Text = Field(
        "({n}/{total})", description="after the title of each part of a slide split onto "
        "continuation slides: {n} is the part, {total} the number of parts")

    @field_validator("continued")
    @classmethod
    def _fields_known(cls, value: str) -> str:
        """Only {n} and {total}: any other field would fail on the first split slide."""
        try:
            value.format(n=1, total=2)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"text.continued '{value}' may name only {{n}} and {{total}}: "
                             f"{exc}") from None
        return value


class Theme(Strict):
    name: Text
    description: Text = ""
    extends: Optional[Text] = None
    colors: Colors
    fonts: Fonts
    sizes: Sizes
    space: Space
    code: CodeColors
    text: Words = Field(default_factory=Words, description="words deckgen adds to slides")
    title_bold: Boolean = True
    scrim_opacity: Annotated[Number, _within(0.1, 0.95)] = Field(
        0.6, description="the least opacity of a scrim or a picture's automatic dimming")
    charts: Literal["picture", "native"] = Field(
        "picture", description="how a deck's charts are drawn unless it says: picture or native")
    logo: Optional[Path] = None
    template: Optional[Path] = None
    path: Optional[Path] = None


MAX_EXTENDS = 16  # themes extending themes; each step is followed recursively
SLIDE_HEIGHT = 540.0  # points, both aspects: what space.* must leave room in


def available() -> dict[str, Path]:
    """Theme names found in the shipped themes folder."""
    return {p.stem: p for p in sorted(THEMES_DIR.glob("*.yaml"))}


def load_theme(ref: str, base_dir: Path, where: Location | None = None,
               roots: list[Path] | None = None) -> Theme:
    """Load a theme by name (themes/NAME.yaml) or by path, following ``extends``.

    ``roots`` confine a theme named by a deck (its file, what it extends, its
    logo and template) to the deck's folders, as every other content path is.
    Without ``roots`` (a theme given on the command line) the theme's files
    must stay in its own folder.
    """
    problems = Problems()
    path = _find(ref, base_dir, where, roots)
    allowed = [*(roots or [path.parent]), THEMES_DIR]
    data = _merged(path, problems, [], allowed)
    data = with_template_look(data, THEMES_DIR / "default.yaml")  # the house fonts, colours
    theme = _validate(data, path, problems)
    problems.raise_if_errors()
    return theme


def _find(ref: str, base_dir: Path, where: Location | None,
          roots: list[Path] | None = None) -> Path:
    if _is_path(ref):
        if roots is not None:
            return resolve_inside(ref, base_dir, roots, where, "theme file")
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


def _merged(path: Path, problems: Problems, chain: list[tuple[Path, Location]],
            allowed: list[Path]) -> PosDict:
    data = parse_yaml(path, problems)
    if not isinstance(data, PosDict):
        raise DeckError("a theme file must be a mapping", Location(display_path(path), 1, 1))
    for key in ("logo", "template"):
        if isinstance(data.get(key), str):
            data[key] = str(resolve_inside(data[key], path.parent, allowed, data.where(key),
                                           f"theme {key}"))
    parent_ref = data.get("extends")
    if not parent_ref:
        return data
    where = data.where("extends")
    if not isinstance(parent_ref, str):
        raise DeckError("theme key 'extends' names one theme (a name or a file)", where)
    parent_path = _find(str(parent_ref), path.parent, where,
                        allowed if _is_path(str(parent_ref)) else None)
    seen = [p for p, _ in chain] + [path]
    if len(chain) >= MAX_EXTENDS:
        raise DeckError(f"themes extend each other more than {MAX_EXTENDS} deep", where,
                        hint="extend a complete theme such as 'default' directly")
    if parent_path in seen:
        names = " -> ".join(display_path(p) for p in [*seen[seen.index(parent_path):],
                                                      parent_path])
        raise DeckError(f"theme extends cycle: {names}", where)
    parent = _merged(parent_path, problems, [*chain, (path, where)], allowed)
    return _deep_merge(parent, data)


def _is_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


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
        missing: dict[str, list[str]] = {}
        for err in exc.errors(include_url=False):
            keys = [k for k in err["loc"] if isinstance(k, (str, int))]
            where = _where(data, keys)
            dotted = ".".join(str(k) for k in keys)
            msg = err["msg"].removeprefix("Value error, ")
            hint = None
            if err["type"] == "missing":
                missing.setdefault(".".join(str(k) for k in keys[:-1]), []).append(str(keys[-1]))
                continue
            if err["type"] == "extra_forbidden":
                msg = f"unknown theme key '{dotted}'"
                hint = _did_you_mean(keys)
            elif err["type"] == "too_short" and keys[-1:] == ["palette"]:
                msg = f"theme key '{dotted}' needs at least 3 colours"
            else:
                msg = f"theme key '{dotted}': {_plain_msg(msg)}"
            problems.error(msg, where, hint)
        _report_missing(missing, data, problems)
        problems.raise_if_errors()
        raise  # unreachable: errors were raised above
    _check_files(theme, data, problems)
    _check_room(theme, data, problems)
    return theme


def _check_files(theme: Theme, data: PosDict, problems: Problems) -> None:
    """The logo must be an image and the template a safe .pptx, checked here so a
    broken file is an error at its theme line rather than a failure mid-render."""
    from deckgen.source.images import inspect_image
    from deckgen.source.template import check_template

    for key, check in (("logo", inspect_image), ("template", check_template)):
        path_value = getattr(theme, key)
        if path_value is None:
            continue
        try:
            check(path_value, _where(data, [key]))
        except DeckError as exc:
            problems.extend(exc.problems)


# What a content slide spends above and below its body, as layout.Context.body_box does.
_CHROME = (("top", 1.0), ("title_height", 1.0), ("gap", 1.5), ("footer_height", 1.0))


def _check_room(theme: Theme, data: PosDict, problems: Problems) -> None:
    """A theme whose margins, title and footer leave a content slide's body less than one
    line of body text at its floor is an error at the largest of those keys: every slide
    would overflow, and boxes of no or negative height break the file."""
    space = theme.space
    spent = {key: getattr(space, key) * times for key, times in _CHROME}
    line = theme.sizes.min_body * space.line_spacing
    if SLIDE_HEIGHT - sum(spent.values()) >= line:
        return
    biggest = max(spent, key=lambda k: spent[k])
    problems.error(
        f"theme leaves no room for a slide's body: space.top ({space.top:g}), "
        f"space.title_height ({space.title_height:g}), space.gap ({space.gap:g}, 1.5 times) "
        f"and space.footer_height ({space.footer_height:g}) take {sum(spent.values()):g} of "
        f"the slide's {SLIDE_HEIGHT:g} points, less than one line of body text "
        f"(sizes.min_body times space.line_spacing: {line:g})",
        _where(data, ["space", biggest]),
        hint="make these keys smaller, or sizes.min_body or space.line_spacing")


def _report_missing(missing: dict[str, list[str]], data: PosDict, problems: Problems) -> None:
    """One line per block, not one per key: a theme without ``extends`` lacks dozens."""
    hint = None if "extends" in data else "start from a complete theme with 'extends: default'"
    for parent, keys in missing.items():
        names = ", ".join(f"'{k}'" for k in keys)
        where = _where(data, parent.split(".")) if parent else data.loc
        block = f"theme block '{parent}'" if parent else "theme"
        problems.error(f"{block} is missing {names}", where, hint)


def _plain_msg(msg: str) -> str:
    msg = re.sub(r"Input should be a valid dictionary or instance of \w+", "expected a mapping",
                 msg)
    return msg.replace("Input should be a valid string", "expected text").replace(
        "Input should be a valid list", "expected a list").replace("Input should be", "expected")


def _did_you_mean(keys: list) -> str | None:
    """Suggest the key meant, from the fields of the model at that level."""
    import difflib

    model: Any = Theme
    for key in keys[:-1]:
        field = model.model_fields.get(key) if isinstance(key, str) else None
        model = field.annotation if field is not None else None
        if not (isinstance(model, type) and issubclass(model, Strict)):
            return None
    close = difflib.get_close_matches(str(keys[-1]), list(model.model_fields), 1, 0.6)
    return f"did you mean '{close[0]}'?" if close else None


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
