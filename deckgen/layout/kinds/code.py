"""A block of code: monospace on a panel, syntax colours from the theme, lines kept exactly.

The code is one paragraph with an ``a:br`` per line, so no bullet marker or
paragraph space ever lands between its lines and a copy from PowerPoint gives
the code back.  The size is the largest (from the theme's ``sizes.code`` down to
``sizes.min_code``) at which the longest line fits the panel's width and all
lines its height; highlighted lines get a tinted band laid at the measured
line positions, and line numbers sit in a gutter of their own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deckgen.errors import Location
from deckgen.layout import split
from deckgen.layout.context import Context
from deckgen.layout.fonts import font_file, frame_line_em, is_wide
from deckgen.layout.kinds.common import side_picture, titled
from deckgen.layout.plan import Box, Draft, Shape, TextSpec
from deckgen.layout.textfit import Para
from deckgen.model.code import code_lines, parse_lines
from deckgen.model.markup import Run
from deckgen.model.themes import CodeColors

# Pygments token families, most specific first, and the theme's code colour for each.
_ROLES = (
    ("Comment", "comment"), ("Literal.String", "string"), ("Literal.Number", "number"),
    ("Keyword", "keyword"), ("Operator.Word", "keyword"), ("Name.Builtin", "builtin"),
    ("Name.Function", "function"), ("Name.Class", "function"), ("Name.Decorator", "function"),
    ("Name.Tag", "keyword"), ("Name.Attribute", "builtin"), ("Generic.Deleted", "keyword"),
    ("Generic.Inserted", "number"), ("Generic.Heading", "function"), ("Operator", "operator"),
)


def layout(slide: Any, ctx: Context) -> Draft | list[Draft]:
    if split.continues(ctx, slide):
        parts, size = _parts(ctx, slide)
        if len(parts) > 1:
            return split.drafts(ctx, slide, len(parts),
                                lambda part, i: _draft(ctx, part, parts[i], size))
    return _draft(ctx, slide)


def _draft(ctx: Context, slide: Any, span: tuple[int, int] | None = None,
           size: float | None = None) -> Draft:
    plan, body = titled(ctx, slide)
    body, caption = _room(ctx, slide, plan, body)
    elements, bottom = code_block(ctx, slide, body, ctx.where("code"), size, span)
    plan.elements.extend(elements)
    if caption is not None:  # right under the panel, which may be shorter than the body
        gap = ctx.theme.space.gap * 0.3
        plan.elements.append(replace(caption, box=replace(caption.box, y=bottom + gap)))
    return plan


def _room(ctx: Context, slide: Any, plan: Draft, body: Box) -> tuple[Box, Shape | None]:
    """The room the code has beside its picture and above its caption."""
    body = side_picture(ctx, slide, plan, body)
    if slide.caption:
        return ctx.caption(slide.caption, body)
    return body, None


def _parts(ctx: Context, slide: Any) -> tuple[list[tuple[int, int]], float]:
    """The lines of each part (first, end) and the one size every part is set at: the
    largest at which no line wraps, as the code would have unsplit."""
    lines = code_lines(slide.code)
    runs = code_runs(ctx, lines, slide.language)
    pad, mono = ctx.theme.space.inset * 2, ctx.theme.fonts.mono
    gutter = _gutter(ctx, len(lines)) if slide.numbers else 0.0
    probe = split.room(ctx, slide, lambda part, plan, body: _room(ctx, part, plan, body)[0], 2)
    width = probe.w - gutter - 2 * pad
    size = _unwrapped_size(ctx, runs, width, ctx.theme.sizes.code)
    one = size * frame_line_em() * ctx.theme.space.line_spacing
    tall = [one * (ctx.fitter.wrap_count(Para(line), mono, mono, width, size) if line else 1)
            for line in runs]

    def fits(box: Box, chosen: list[int]) -> bool:
        return sum(tall[i] for i in chosen) + 2 * pad + 2 <= box.h + 0.5

    parts, _ = split.packed(ctx, slide, list(range(len(lines))), fits,
                            lambda part, plan, body: _room(ctx, part, plan, body)[0])
    return [(part[0], part[-1] + 1) for part in parts], size


def code_block(ctx: Context, block: Any, body: Box, where: Location | None,
               largest: float | None = None, span: tuple[int, int] | None = None
               ) -> tuple[list[Shape], float]:
    """The panel, highlight bands, line numbers and code of ``block`` (the code keys of a
    code slide or a body's code block) at the top of ``body``; returns them and the
    panel's bottom, the panel being as tall as its code needs.

    ``largest`` caps the size (a body sets its code beside text of a smaller size);
    ``span`` (first, end) shows only those lines, numbered and highlighted as in the
    whole (one part of a code slide split onto continuation slides).
    """
    lines = code_lines(block.code)
    colours = ctx.theme.code
    runs = code_runs(ctx, lines, block.language)  # coloured whole: a part may open in a string
    gutter = _gutter(ctx, len(lines)) if block.numbers else 0.0
    first, end = span or (0, len(lines))
    runs = runs[first:end]
    box = Box(body.x + gutter, body.y, body.w - gutter, body.h)
    spec = _fitted(ctx, runs, box, len(runs), where, largest)
    heights = _line_heights(ctx, runs, box, spec)
    body = Box(body.x, body.y, body.w, min(body.h, sum(heights) + 2 * spec.inset + 2))
    box = Box(box.x, box.y, box.w, body.h)
    out = [Shape(box=body, geometry="RECTANGLE", fill=colours.background, name="Code background",
                 decorative=True)]
    marked = parse_lines(block.highlight) if block.highlight else ()
    shown = tuple(n - first for n in marked if first < n <= end)
    for top, count in _bands(shown, heights):
        band = Box(body.x, box.y + spec.inset + top, body.w, count)
        out.append(Shape(box=band, geometry="RECTANGLE", fill=colours.band,
                         name="Highlighted lines", decorative=True))
    if block.numbers:
        out.append(_numbers(spec, heights, Box(body.x, body.y, gutter, body.h), colours, ctx,
                            first))
    out.append(Shape(box=box, text=spec, name="Code"))
    return out, body.bottom


def code_height(ctx: Context, block: Any, width: float, largest: float) -> tuple[float, float]:
    """(height, size) a code block takes ``width`` points wide, at ``largest`` or the size
    below it at which its lines stop wrapping (the theme's minimum at the least)."""
    lines = code_lines(block.code)
    runs = code_runs(ctx, lines, block.language)
    gutter = _gutter(ctx, len(lines)) if block.numbers else 0.0
    pad = ctx.theme.space.inset * 2
    size = _unwrapped_size(ctx, runs, width - gutter - 2 * pad, largest)
    mono = ctx.theme.fonts.mono
    one = size * frame_line_em() * ctx.theme.space.line_spacing
    count = sum(ctx.fitter.wrap_count(Para(line), mono, mono, width - gutter - 2 * pad, size)
                if line else 1 for line in runs)
    return count * one + 2 * pad + 2, size


def code_runs(ctx: Context, lines: list[str], language: str | None) -> list[tuple[Run, ...]]:
    """Each line as runs in the theme's syntax colours, spaces kept wide beside CJK."""
    return _latin_spaces(colour_lines(lines, language, ctx.theme.code), ctx.theme.fonts.mono)


def colour_lines(lines: list[str], language: str | None, colours: CodeColors
                 ) -> list[tuple[Run, ...]]:
    """Each line as runs in the theme's syntax colours (all ``colours.text`` without a language)."""
    if not language:
        return [(Run(line, code=True, color=colours.text),) if line else () for line in lines]
    from pygments.lexers import get_lexer_by_name

    lexer = get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=False)
    out: list[list[Run]] = [[]]
    for ttype, value in lexer.get_tokens("\n".join(lines)):
        colour = getattr(colours, _role(ttype))
        for index, piece in enumerate(value.split("\n")):
            if index:
                out.append([])
            if piece:
                _add(out[-1], Run(piece, code=True, color=colour))
    out.extend([] for _ in range(len(lines) - len(out)))  # a lexer may drop a last blank line
    return [tuple(line) for line in out[:len(lines)]]


def _role(ttype: Any) -> str:
    from pygments.token import string_to_tokentype

    for name, role in _ROLES:
        if ttype in string_to_tokentype(name):
            return role
    return "text"


def _add(line: list[Run], run: Run) -> None:
    """Append ``run``, merged into the last one when it has the same colour (smaller XML)."""
    if line and line[-1].color == run.color:
        line[-1] = replace(line[-1], text=line[-1].text + run.text)
    else:
        line.append(run)


def _joined(runs: list[tuple[Run, ...]], colour: str) -> Para:
    """All lines as one paragraph, a line break between each; an empty first or last
    line is kept as a space (a paragraph's edge breaks would be trimmed)."""
    out: list[Run] = []
    for index, line in enumerate(runs):
        if index:
            out.append(Run("\n", code=True, color=colour))
        edge = index in (0, len(runs) - 1)
        out.extend(line or ((Run(" ", code=True, color=colour),) if edge else ()))
    return Para(tuple(out))


def _latin_spaces(runs: list[tuple[Run, ...]], mono: str) -> list[tuple[Run, ...]]:
    """Runs without wide characters named in the monospace font for every script.

    A renderer gives spaces the script of the character before them, so the
    indentation after a line of Chinese would be drawn in the East Asian font's
    narrow spaces; naming the monospace font for that script too keeps them wide.
    """
    return [tuple(replace(run, font=mono) if not any(is_wide(c) for c in run.text) else run
                  for run in line) for line in runs]


def _fitted(ctx: Context, runs: list[tuple[Run, ...]], box: Box, count: int,
            where: Location | None, largest: float | None = None) -> TextSpec:
    """The largest size at which no line wraps and every line fits, down to the floor."""
    theme = ctx.theme
    sizes, pad = theme.sizes, theme.space.inset * 2
    width = box.w - 2 * pad
    size = _unwrapped_size(ctx, runs, width, largest or sizes.code)
    noun = f"code block of {count} line{'s' if count != 1 else ''}"
    spec = ctx.text([_joined(runs, theme.code.text)], box, role="mono", size=size,
                    floor=min(size, sizes.min_code), color=theme.code.text, what=noun,
                    inset=pad, key=where, paragraph_space=0)
    _warn_wide(ctx, runs, width, spec.size, where)
    return spec


def _unwrapped_size(ctx: Context, runs: list[tuple[Run, ...]], width: float,
                    largest: float) -> float:
    """The largest size from ``largest`` down to the theme's minimum at which no line wraps."""
    sizes, mono = ctx.theme.sizes, ctx.theme.fonts.mono
    size = min(largest, sizes.code)
    while size - 0.5 >= sizes.min_code and any(
            ctx.fitter.wrap_count(Para(line), mono, mono, width, size) > 1
            for line in runs if line):
        size -= 0.5
    return size


def _warn_wide(ctx: Context, runs: list[tuple[Run, ...]], width: float, size: float,
               where: Location | None) -> None:
    """A line wider than the panel at the smallest size wraps: its indentation is lost."""
    mono = ctx.theme.fonts.mono
    wide = [i for i, line in enumerate(runs)
            if line and ctx.fitter.wrap_count(Para(line), mono, mono, width, size) > 1]
    if not wide:
        return
    first = Location(where.file, where.line + 1 + wide[0], 1) if where and where.line else where
    more = f" and {len(wide) - 1} more" if len(wide) > 1 else ""
    ctx.problems.warning(
        f"{ctx.slide_label()}: code line {wide[0] + 1}{more} is wider than the slide at "
        f"{size:g} pt and wraps", first, "break the long line, or shorten names in it")


def _line_heights(ctx: Context, runs: list[tuple[Run, ...]], box: Box,
                  spec: TextSpec) -> list[float]:
    """The height each source line takes as drawn (a wrapped line takes several)."""
    mono = ctx.theme.fonts.mono
    one = spec.size * frame_line_em() * spec.line_spacing
    width = box.w - 2 * spec.inset
    return [one * (ctx.fitter.wrap_count(Para(line), mono, mono, width, spec.size)
                   if line else 1) for line in runs]


def _bands(lines: tuple[int, ...], heights: list[float]) -> list[tuple[float, float]]:
    """(top, height) of each run of consecutive highlighted lines, from the text's top."""
    tops = [sum(heights[:i]) for i in range(len(heights) + 1)]
    out: list[tuple[float, float]] = []
    previous = -2
    for line in lines:
        index = line - 1
        if index >= len(heights):
            break
        if index == previous + 1 and out:
            top, _ = out[-1]
            out[-1] = (top, tops[index + 1] - top)
        else:
            out.append((tops[index], heights[index]))
        previous = index
    return out


def _gutter(ctx: Context, count: int) -> float:
    """Room for the widest line number at the largest code size, with padding."""
    theme = ctx.theme
    path = font_file(theme.fonts.mono)
    digits = ctx.fitter.measure.width_em("0" * len(str(count)), path)
    return digits * theme.sizes.code + 2 * theme.space.inset * 2


def _numbers(spec: TextSpec, heights: list[float], box: Box, colours: CodeColors,
             ctx: Context, first: int = 0) -> Shape:
    """The line numbers, right-aligned, one per source line and blank beside wrapped lines;
    a continuation part counts on from ``first``."""
    one = min(heights) if heights else 1.0
    text = "\n".join(str(first + i + 1) + "\n" * (round(h / one) - 1)
                     for i, h in enumerate(heights))
    run = Run(text, code=True, color=colours.line_number, font=spec.mono)
    numbers = replace(spec, paras=[Para((run,))], color=colours.line_number, align="right")
    return Shape(box=box, text=numbers, name="Line numbers")
