"""Text that reads on whatever is behind it: slide colour, card, or photograph.

Every slide kind picks its colours from the theme for the theme's own
background.  A slide may change what is behind its text (``background:`` a
dark colour or a photo), so after a kind has laid a slide out this pass
looks under every piece of text, measures its ground — the fill of the shape
it sits on, the slide's colour, or the luminance of the picture region under
its box — and keeps the colours that reach WCAG contrast (4.5:1, or 3:1 for
text of 24 pt and more).  Where they do not, it takes the theme's ``on_dark``
or ``on_light`` text set, whichever reads; on a picture too busy for either it
dims the picture (several texts) or lays a scrim under the one text, in the
theme's scrim colour at the least opacity that makes it read, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from deckgen.layout.context import Context
from deckgen.layout.plan import Box, Draft, Field, Shape, TableFrame, TextSpec
from deckgen.model.colours import contrast, luminance, readable_on
from deckgen.model.themes import TextSet

# WCAG 2 (1.4.3): the least contrast for text, and for large text; "large" is the
# issue's 24 pt whatever the weight.  Rules of legibility, not design choices.
NORMAL, LARGE, LARGE_SIZE = 4.5, 3.0, 24.0
WORST = 95  # percentile of a picture region taken as its lightest (or darkest) ground
STEP = 0.05  # opacity steps when a scrim or a dimmed picture must get darker
PICTURE_MARGIN = 1.1  # a picture is judged from a small copy; the full one varies more
MIDDLE = 0.18  # the luminance on which black and white text read equally well
RULE = "Accent rule"  # the name Context.rule gives the bar under titles


@dataclass(frozen=True)
class Ground:
    """What is behind a text: a flat colour, or the picture's pixels under its box."""

    colour: str | None = None
    pixels: Any = None  # numpy array (n, 3) of RGB in 0..255


def make_readable(draft: Draft, ctx: Context) -> list[str]:
    """Recolour (or veil) what would not read in ``draft``; return what was done, for ``-v``."""
    cover = _cover(draft, ctx)
    notes: list[str] = []
    dim = _dim(ctx)
    if cover is not None and dim:
        cover = _veil_slide(draft, ctx, cover, dim)
    if cover is not None:
        blocked = [e for e in _texts_on_picture(draft) if not _set_for(ctx, e, cover, draft)]
        if len(blocked) > 1:
            cover, opacity = _auto_dim(draft, ctx, cover)
            how = "dimmed" if draft.veil and draft.veil[0] == ctx.theme.colors.scrim_dark \
                else "lightened"
            notes.append(f"{_label(ctx, draft)}: {how} the background picture by "
                         f"{round(opacity * 100)}% so its text reads (dim: sets it)")
        elif blocked:
            notes.append(_scrim(draft, ctx, cover, blocked[0]))
    draft.elements[:] = [_recoloured(ctx, element, draft, index, cover)
                         for index, element in enumerate(draft.elements)]
    return notes


def _label(ctx: Context, draft: Draft) -> str:
    """``slide N "Title"``, or ``slide N (statement)`` for a slide without a title."""
    return ctx.slide_label() if draft.title else f"slide {ctx.number} ({draft.kind})"


# --- what is behind a text -------------------------------------------------------------

def _cover(draft: Draft, ctx: Context) -> Any:
    if not isinstance(draft.background, Path):
        return None
    from deckgen.source.images import slide_cover

    return slide_cover(draft.background, ctx.width / ctx.height)


def _dim(ctx: Context) -> float:
    slide = ctx.placed.slide if ctx.placed else None
    own = getattr(slide, "dim", None)
    return own if own is not None else (ctx.meta.dim or 0.0)


def _region(cover: Any, box: Box, ctx: Context) -> Any:
    """The picture's pixels under ``box`` (at least one), as an (n, 3) array."""
    rows, cols = cover.shape[:2]
    sx, sy = cols / ctx.width, rows / ctx.height
    x0, x1 = int(max(box.x, 0) * sx), int(min(box.right, ctx.width) * sx + 0.999)
    y0, y1 = int(max(box.y, 0) * sy), int(min(box.bottom, ctx.height) * sy + 0.999)
    patch = cover[min(y0, rows - 1):max(y1, y0 + 1), min(x0, cols - 1):max(x1, x0 + 1)]
    return patch.reshape(-1, 3)


def _under(draft: Draft, index: int, box: Box) -> str | None:
    """The fill of the topmost opaque shape drawn before ``index`` under the centre of ``box``."""
    for element in reversed(draft.elements[:index]):
        if isinstance(element, Shape) and element.fill and element.geometry \
                and element.opacity >= 1.0 and _contains(element.box, box):
            return element.fill
    return None


def _contains(outer: Box, inner: Box) -> bool:
    return outer.x <= inner.cx <= outer.right and outer.y <= inner.cy <= outer.bottom


def _ground(draft: Draft, index: int, box: Box, own_fill: str | None, cover: Any,
            ctx: Context) -> Ground:
    if own_fill:
        return Ground(colour=own_fill)
    below = _under(draft, index, box)
    if below:
        return Ground(colour=below)
    if cover is not None:
        pixels = _region(cover, box, ctx)
        for element in draft.elements[:index]:  # scrims laid over the picture, in order
            if isinstance(element, Shape) and element.fill and element.opacity < 1.0 \
                    and _contains(element.box, box):
                pixels = _blend(pixels, element.fill, element.opacity)
        return Ground(pixels=pixels)
    return Ground(colour=str(draft.background))


# --- contrast against a ground ----------------------------------------------------------

def _luminances(pixels: Any) -> Any:
    import numpy as np

    s = pixels / 255.0
    linear = np.where(s <= 0.03928, s / 12.92, ((s + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


# A deck asks about the same few theme colours on the same few fills thousands of times.
_contrast = lru_cache(maxsize=1024)(contrast)


def _reads(colour: str, ground: Ground, need: float) -> bool:
    """Whether ``colour`` reaches ``need`` on the ground, on a picture against the part of
    the region nearest to it in lightness (a mid-tone text on a mottled photo never does)."""
    if ground.colour is not None:
        return _contrast(colour, ground.colour) >= need
    import numpy as np

    text = luminance(colour)
    low, high = np.percentile(_luminances(ground.pixels), [100 - WORST, WORST])
    if low <= text <= high:
        return False
    nearest = high if text > high else low
    lighter, darker = max(text, nearest), min(text, nearest)
    return (lighter + 0.05) / (darker + 0.05) >= need * PICTURE_MARGIN


def _need(spec: TextSpec) -> float:
    smallest = spec.size * min((p.size_scale for p in spec.paras), default=1.0)
    return LARGE if smallest >= LARGE_SIZE else NORMAL


def _colours(spec: TextSpec) -> dict[str, str]:
    """The colours a text actually shows: its own, and its links', highlights', bullets'."""
    used = {"main": spec.color}
    runs = [run for para in spec.paras for run in para.runs]
    if any(run.link for run in runs):
        used["link"] = spec.link
    if any(run.highlight for run in runs):
        used["highlight"] = spec.highlight
    if spec.bullet_color and any(para.bullet for para in spec.paras):
        used["bullet"] = spec.bullet_color
    return used


def _role(ctx: Context, colour: str) -> str:
    c = ctx.theme.colors
    if colour in (c.muted,):
        return "muted"
    if colour in (c.accent, c.highlight):
        return "accent"
    return "text"


def _from_set(ctx: Context, spec: TextSpec, chosen: TextSet) -> dict[str, str]:
    role = _role(ctx, spec.color)
    return {"main": getattr(chosen, role), "link": chosen.link, "highlight": chosen.accent,
            "bullet": chosen.accent}


def _sets(ctx: Context, ground: Ground) -> list[TextSet]:
    """The theme's two text sets, the one likelier to read first."""
    c = ctx.theme.colors
    dark_ground = _lightness(ground) < MIDDLE
    return [c.on_dark, c.on_light] if dark_ground else [c.on_light, c.on_dark]


def _lightness(ground: Ground) -> float:
    if ground.colour is not None:
        return luminance(ground.colour)
    import numpy as np

    return float(np.median(_luminances(ground.pixels)))


def _fixed(ctx: Context, spec: TextSpec, ground: Ground) -> dict[str, str] | None:
    """Colours for ``spec`` that read on ``ground``: its own, a set's, or None."""
    need = _need(spec)
    used = _colours(spec)
    if all(_reads(colour, ground, need) for colour in used.values()):
        return used
    for chosen in _sets(ctx, ground):
        offer = _from_set(ctx, spec, chosen)
        if all(_reads(offer[key], ground, need) for key in used):
            return {key: offer[key] for key in used}
    if ground.colour is not None:  # a flat colour between the sets: the best of each pair
        dark, light = ctx.theme.colors.on_dark, ctx.theme.colors.on_light
        one, two = _from_set(ctx, spec, dark), _from_set(ctx, spec, light)
        return {key: readable_on(ground.colour, one[key], two[key]) for key in used}
    return None


# --- the elements ---------------------------------------------------------------------------

def _texts_on_picture(draft: Draft) -> list[int]:
    """Indexes of the texts that sit straight on the background picture."""
    out = []
    for index, element in enumerate(draft.elements):
        if isinstance(element, (Shape, Field)) and element.text is not None \
                and not getattr(element, "fill", None) \
                and _under(draft, index, element.box) is None:
            out.append(index)
    return out


def _set_for(ctx: Context, index: int, cover: Any, draft: Draft) -> bool:
    element = draft.elements[index]
    ground = Ground(pixels=_region(cover, element.box, ctx))
    return _fixed(ctx, element.text, ground) is not None


def _recoloured(ctx: Context, element: Any, draft: Draft, index: int, cover: Any) -> Any:
    if isinstance(element, TableFrame):
        return _table(ctx, element, draft, index, cover)
    if isinstance(element, Shape) and element.name == RULE and element.fill:
        return _rule(ctx, element, draft, index, cover)
    if not isinstance(element, (Shape, Field)) or element.text is None:
        return element
    fill = element.fill if isinstance(element, Shape) and element.opacity >= 1.0 else None
    ground = _ground(draft, index, element.box, fill, cover, ctx)
    colours = _fixed(ctx, element.text, ground)
    if colours is None:  # cannot happen after a scrim or dimming; keep what the kind chose
        return element
    text = _apply(element.text, colours)
    return element if text is element.text else replace(element, text=text)


def _rule(ctx: Context, rule: Shape, draft: Draft, index: int, cover: Any) -> Shape:
    """An accent rule that shows against its ground (WCAG's 3:1 for what is not text).

    It is drawn in the colour its kind chose for the theme's own ground; on a
    light photograph a section's white rule would vanish while its title, made
    to read, turns dark; the rule then takes the accent or text colour of the
    set that reads there.
    """
    ground = _ground(draft, index, rule.box, None, cover, ctx)
    if _reads(rule.fill, ground, LARGE):
        return rule
    for chosen in _sets(ctx, ground):
        for colour in (chosen.accent, chosen.text):
            if _reads(colour, ground, LARGE):
                return replace(rule, fill=colour)
    return rule


def _table(ctx: Context, frame: TableFrame, draft: Draft, index: int, cover: Any) -> TableFrame:
    behind = _ground(draft, index, frame.box, None, cover, ctx)
    rows = []
    changed = False
    for row in frame.cells:
        out = []
        for cell in row:
            ground = Ground(colour=cell.fill) if cell.fill else behind
            colours = _fixed(ctx, cell.text, ground)
            text = cell.text if colours is None else _apply(cell.text, colours)
            out.append(cell if text is cell.text else replace(cell, text=text))
            changed = changed or text is not cell.text
        rows.append(out)
    # Most texts already read: their elements are kept, not copied field by field.
    return replace(frame, cells=rows) if changed else frame


def _apply(spec: TextSpec, colours: dict[str, str]) -> TextSpec:
    changes = {"color": colours["main"]}
    if "link" in colours:
        changes["link"] = colours["link"]
    if "highlight" in colours:
        changes["highlight"] = colours["highlight"]
    if "bullet" in colours:
        changes["bullet_color"] = colours["bullet"]
    if all(getattr(spec, key) == value for key, value in changes.items()):
        return spec
    return replace(spec, **changes)


# --- veils -------------------------------------------------------------------------------

def _blend(cover: Any, colour: str, opacity: float) -> Any:
    import numpy as np

    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)
    return cover * (1 - opacity) + rgb * opacity


def _veil_shape(ctx: Context, box: Box, colour: str, opacity: float, name: str,
                rounded: bool) -> Shape:
    corner = (ctx.theme.space.corner * 0.5,) if rounded else ()
    return Shape(box=box, geometry="ROUNDED_RECTANGLE" if rounded else "RECTANGLE",
                 fill=colour, opacity=round(opacity, 2), adjustments=corner, name=name,
                 decorative=True)


def _veil_slide(draft: Draft, ctx: Context, cover: Any, opacity: float,
                colour: str | None = None) -> Any:
    """Veil the whole picture (dark, or light to wash it out), over it and under every text."""
    colour = colour or ctx.theme.colors.scrim_dark
    previous = draft.veil[1] if draft.veil else 0.0
    total = 1 - (1 - previous) * (1 - opacity)  # a second veil over the first
    draft.veil = (colour, round(total, 2))
    return _blend(cover, colour, opacity)


def _auto_dim(draft: Draft, ctx: Context, cover: Any) -> tuple[Any, float]:
    """Veil the whole picture just enough that every text on it reads in a theme set:
    dark over a dark picture, light over a light one, whichever needs less."""
    c = ctx.theme.colors
    light = _lightness(Ground(pixels=cover.reshape(-1, 3))) >= MIDDLE
    best: tuple[float, str] | None = None
    for colour in ([c.scrim_light, c.scrim_dark] if light else [c.scrim_dark, c.scrim_light]):
        for opacity in _opacities(ctx):
            veiled = _blend(cover, colour, opacity)
            if all(_set_for(ctx, i, veiled, draft) for i in _texts_on_picture(draft)):
                if best is None or opacity < best[0]:
                    best = (opacity, colour)
                break
    opacity, colour = best or (1.0, c.scrim_dark)
    return _veil_slide(draft, ctx, cover, opacity, colour), opacity


def _opacities(ctx: Context) -> list[float]:
    """From the theme's least opacity up to opaque, in steps."""
    start = ctx.theme.scrim_opacity
    count = int((1.0 - start) / STEP + 1e-9)
    return [round(start + i * STEP, 4) for i in range(count + 1)] + [1.0]


def _scrim(draft: Draft, ctx: Context, cover: Any, index: int) -> str:
    """A veil under one text, light or dark as suits the picture, as faint as will read."""
    element = draft.elements[index]
    pad = ctx.theme.space.inset * 2
    box = Box(max(element.box.x - pad, 0), max(element.box.y - pad, 0),
              min(element.box.w + 2 * pad, ctx.width), min(element.box.h + 2 * pad,
                                                             ctx.height))
    region = _region(cover, element.box, ctx)
    c = ctx.theme.colors
    dark_first = _lightness(Ground(pixels=region)) < 0.4
    order = [c.scrim_dark, c.scrim_light] if dark_first else [c.scrim_light, c.scrim_dark]
    for colour in order:
        for opacity in _opacities(ctx):
            ground = Ground(pixels=_blend(region, colour, opacity))
            if _fixed(ctx, element.text, ground) is not None:
                scrim = _veil_shape(ctx, box, colour, opacity, f"Scrim under {element.name}",
                                    True)  # it comes on with its text's first click
                draft.elements.insert(index, replace(scrim, build=getattr(element, "build", None)))
                return (f"{_label(ctx, draft)}: laid a scrim ({round(opacity * 100)}%) under "
                        f"the {element.name.lower()} so it reads on the picture")
    return f"{_label(ctx, draft)}: the {element.name.lower()} could not be made to read"
