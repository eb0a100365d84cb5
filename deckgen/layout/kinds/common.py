"""Small helpers several slide kinds share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from deckgen.errors import Location
from deckgen.layout.context import LEVEL_SCALE, Context
from deckgen.layout.plan import Box, Draft, Picture, Shape
from deckgen.layout.textfit import Para
from deckgen.model import markup
from deckgen.model.slides import BulletItem, SidePicture


def start(ctx: Context, slide: Any, background: str | None = None) -> Draft:
    """A plan with the slide's own background, or the theme's."""
    theme = ctx.theme
    chosen: Any = background or theme.colors.background
    if slide is not None and slide.background:
        chosen = background_of(ctx, slide.background)
    title = markup.plain(ctx.slide_title())
    return Draft(kind=getattr(slide, "kind", "title"), title=title,
                     where=ctx.where() or _deck_where(ctx), background=chosen,
                     notes=markup.plain(slide.notes) if slide is not None and slide.notes else "")


def _deck_where(ctx: Context) -> Any:
    from deckgen.errors import Location

    return Location("deck")


def background_of(ctx: Context, value: str) -> Any:
    """``background:`` is a #RRGGBB colour or an image path inside the deck's folder."""
    import re

    from deckgen.errors import DeckError
    from deckgen.source.paths import resolve_inside

    if re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        return value.upper()
    if value.startswith("#"):
        raise DeckError(f"background '{value}' is not a colour; write #RRGGBB",
                        ctx.where("background"))
    from deckgen.source.images import inspect_image

    where = ctx.where("background")
    path = resolve_inside(value, _base_dir(ctx), ctx.roots, where, "background image")
    if path.suffix.lower() == ".svg":
        raise DeckError("a background image must be PNG, JPEG or GIF", where)
    inspect_image(path, where, svg=False)  # a broken or huge file: located, no crash
    return path


def _base_dir(ctx: Context) -> Any:
    from pathlib import Path

    where = ctx.where()
    return Path(where.file).resolve().parent if where else ctx.roots[0]


def titled(ctx: Context, slide: Any) -> tuple[Draft, Box]:
    """A content slide: background, title, subtitle, accent rule; returns the body box.

    A subtitle takes the lines it needs (two at most) and the body starts
    below it, so a long subtitle never squeezes the title.
    """
    plan = start(ctx, slide)
    title_box = title_room(ctx, slide.title)
    plan.elements.append(ctx.title(slide.title, title_box))
    s, theme = ctx.theme.space, ctx.theme
    rule_y = title_box.bottom + s.gap * 0.3
    subtitle = getattr(slide, "subtitle", None)
    if subtitle:
        size = theme.sizes.subtitle * 0.85
        paras = ctx.paras(subtitle)
        needed, _ = ctx.fitter.height(paras, theme.fonts.body, theme.fonts.mono, title_box.w,
                                      size)
        one_line = size * 1.25 * s.line_spacing
        sub_box = Box(title_box.x, title_box.bottom + 2, title_box.w,
                      min(max(needed, one_line), 2.2 * one_line))
        spec = ctx.text(paras, sub_box, size=size, color=theme.colors.muted, what="subtitle",
                        inset=0, anchor="top", key="subtitle")
        plan.elements.append(Shape(box=sub_box, text=spec, name="Subtitle"))
        rule_y = sub_box.bottom + s.gap * 0.3
    plan.elements.append(ctx.rule(title_box.x, rule_y, 56))  # under the title's first letter
    body = ctx.body_box(has_source=bool(slide.source))
    shift = max(0.0, rule_y + s.gap * 0.7 - body.y)
    body = Box(body.x, body.y + shift, body.w, body.h - shift)
    ctx.chrome(plan)
    return plan, body


def title_room(ctx: Context, title: str) -> Box:
    """The title's box, two lines tall when the title needs two at the theme's size.

    A long title wraps before it shrinks (the body moves down to make room),
    so the titles of a deck share one size; only a title that two lines
    cannot hold is made smaller, within those two lines.
    """
    box, theme = ctx.title_box, ctx.theme
    needed, lines = ctx.fitter.height(ctx.paras(title), ctx.family("heading"),
                                      theme.fonts.mono, box.w, theme.sizes.title,
                                      theme.title_bold)
    if lines <= 1 or needed <= box.h + 0.5:
        return box
    extra = max(0.0, 2 * needed / lines - box.h)
    lift = min(extra, theme.space.top * 0.6)  # most of the top margin first, then the body
    return Box(box.x, box.y - lift, box.w, box.h + extra)


def bullet_paras(items: Sequence[Any], numbered: bool = False, level: int = 0,
                 raw: Any = None) -> list[Para]:
    """Flatten the bullet tree into paragraphs with their levels.

    ``raw`` is the loaded list the items came from: each paragraph keeps its
    item's YAML line, so an overflow is reported at the bullet that crosses.
    """
    out: list[Para] = []
    for index, item in enumerate(items):
        source = raw[index] if isinstance(raw, list) and index < len(raw) else None
        if isinstance(item, list):
            out.extend(bullet_paras(item, numbered, min(level + 1, 2), source))
            continue
        text = item.text if isinstance(item, BulletItem) else item
        kind = "number" if numbered and level == 0 else "bullet"
        out.append(Para(markup.parse(text), level=level, bullet=kind,
                        size_scale=LEVEL_SCALE[level], space_before=1.0 if level == 0 else 0.5,
                        where=_item_where(raw, index)))
        if isinstance(item, BulletItem) and item.items:
            below = source.get("items") if isinstance(source, dict) else None
            out.extend(bullet_paras(item.items, numbered, min(level + 1, 2), below))
    return out


def _item_where(raw: Any, index: int) -> Location | None:
    """Where item ``index`` of a loaded list stands (its text, for the long form)."""
    where = getattr(raw, "where", None)
    if where is None:
        return None
    item = raw[index] if index < len(raw) else None
    inner = getattr(item, "where", None)
    return inner("text") if inner is not None and isinstance(item, dict) else where(index)


def picture(ctx: Context, written: str, where: Location | None, box: Box, fit: str, alt: str,
            name: str, top: bool = False) -> Picture:
    """The picture at ``written`` (a path in the deck's folder) contained in or covering
    ``box`` (``top``: a contained picture stands at the box's top, level with the text
    beside it); a missing, outside or broken file is an error at ``where``."""
    from deckgen.source.images import svg_for_box

    path, width, height = _picture_file(ctx, written, where)
    placed, crop = place(width, height, box, fit)
    if top:
        placed = Box(placed.x, box.y, placed.w, placed.h)
    data = svg_for_box(path, placed.w / (1 - crop[0] - crop[2]), where) if (
        path.suffix.lower() == ".svg") else None
    return Picture(box=placed, alt=alt, path=None if data else path, data=data, crop=crop,
                   name=name)


def picture_ratio(ctx: Context, written: str, where: Location | None) -> float:
    """Width over height of the picture at ``written`` (checked as :func:`picture` does)."""
    _, width, height = _picture_file(ctx, written, where)
    return width / height


def _picture_file(ctx: Context, written: str, where: Location | None) -> tuple[Any, int, int]:
    """The picture's path inside the deck's folders, and its size in pixels."""
    from pathlib import Path

    from deckgen.source.paths import resolve_inside

    path = resolve_inside(written, Path(ctx.where().file).resolve().parent, ctx.roots, where,
                          "image")
    width, height = _inspected(path, where)
    return path, width, height


# Sizes of pictures already checked, by path, byte size and modification time.
_CHECKED: dict[tuple[str, int, int], tuple[int, int]] = {}


def _inspected(path: Any, where: Location | None) -> tuple[int, int]:
    """:func:`inspect_image` once a version of a file, not once a use.

    Checking decodes the whole picture (a truncated file is found here, not in
    PowerPoint); a deck that shows one picture on many slides, and a picture
    slide that asks for the size twice, would decode it each time: on the
    1,000-slide benchmark 222 decodes of 50 files, a tenth of the build.  A
    broken file is not remembered, so each use of it gets its own located error.
    """
    from deckgen.source.images import inspect_image

    info = path.stat()
    key = (str(path), info.st_size, info.st_mtime_ns)
    size = _CHECKED.get(key)
    if size is None:
        size = inspect_image(path, where)
        if len(_CHECKED) >= 1024:  # a long watch session: forget, do not grow
            _CHECKED.clear()
        _CHECKED[key] = size
    return size


def side_picture(ctx: Context, slide: Any, plan: Draft, body: Box, across: bool = False
                 ) -> Box:
    """Set the slide's ``image:`` picture on its side of ``body``; return the room left.

    The picture takes its share (``width``, 40% unless told) of the body's width
    beside the text, or of its height above or under it, a gap from the text.
    ``across``: the slide's text is set in bands across it (a title or closing
    slide), so the picture may stand left or right only.
    """
    pic = getattr(slide, "image", None)
    if not isinstance(pic, SidePicture):
        return body
    raw = ctx.placed.data.get("image") if ctx.placed is not None else None
    if across and pic.side not in ("left", "right"):
        from deckgen.errors import DeckError

        raise DeckError(f"a {slide.kind} slide's picture stands left or right, not "
                        f"{pic.side}", raw.where("side") if hasattr(raw, "where") else None,
                        hint="write side: left or side: right")
    share, gap = pic.width or 0.4, ctx.theme.space.gap
    if pic.side in ("left", "right"):
        first, second = body.split_x(share if pic.side == "left" else 1 - share, gap)
        room, rest = (first, second) if pic.side == "left" else (second, first)
    else:
        tall = (body.h - gap) * (share if pic.side == "top" else 1 - share)
        first = Box(body.x, body.y, body.w, tall)
        second = Box(body.x, body.y + tall + gap, body.w, body.h - tall - gap)
        room, rest = (first, second) if pic.side == "top" else (second, first)
    where = raw.where("path") if hasattr(raw, "where") else ctx.where("image")
    plan.elements.append(picture(ctx, pic.path, where, room, pic.fit, pic.alt, "Side picture",
                                 top=pic.side in ("left", "right") and not across))
    return rest


def place(width: int, height: int, box: Box, fit: str) -> tuple[Box, tuple[float, ...]]:
    """Keep the image's aspect: shrink it into the box, or fill the box and crop."""
    image_ratio, box_ratio = width / height, box.w / box.h
    if fit == "cover":
        if image_ratio > box_ratio:
            cut = (1 - box_ratio / image_ratio) / 2
            return box, (cut, 0.0, cut, 0.0)
        cut = (1 - image_ratio / box_ratio) / 2
        return box, (0.0, cut, 0.0, cut)
    if image_ratio > box_ratio:
        h = box.w / image_ratio
        return Box(box.x, box.y + (box.h - h) / 2, box.w, h), (0.0, 0.0, 0.0, 0.0)
    w = box.h * image_ratio
    return Box(box.x + (box.w - w) / 2, box.y, w, box.h), (0.0, 0.0, 0.0, 0.0)
