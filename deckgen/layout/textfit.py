"""Fit text into a box: wrap with real font metrics, shrink to a floor, report overflow.

Sizes are in points.  The fitter wraps every paragraph greedily at each
candidate size (largest first, half-point steps) and keeps the first size at
which the block's height fits the box.  Below the theme's floor it stops
shrinking and reports by how much the text overflows.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, replace

from deckgen.errors import Location
from deckgen.layout.fonts import Measurer, font_file, frame_line_em, is_wide
from deckgen.model.markup import Run

NUMBER_HANG = 1.5  # a number needs more room than a bullet glyph
# LibreOffice breaks a line a little before the sum of the words' advances reaches
# the margin (a word 1.2 pt short of it went to the next line): keep a tenth of an em.
WRAP_SLACK_EM = 0.1
_BREAK = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Para:
    """One paragraph of runs; ``level`` indents it, ``size_scale`` sizes it."""

    runs: tuple[Run, ...]
    level: int = 0
    bullet: str | None = None  # None, "bullet" or "number"
    start: int = 1  # a numbered paragraph: the number its run of numbers starts at
    size_scale: float = 1.0
    space_before: float = 1.0  # multiples of the theme's paragraph space
    where: Location | None = field(default=None, compare=False)  # its YAML line, for warnings

    def __post_init__(self) -> None:
        object.__setattr__(self, "runs", _trim_breaks(self.runs))


@dataclass(frozen=True)
class Fit:
    size: float
    lines: int
    overflow: float  # 0.0 when it fits; 0.18 for 18% too tall
    height: float
    excess_lines: int = 0  # lines that do not fit, at the size reached
    first_over: int = -1  # index of the first paragraph that crosses the box's bottom


class Fitter:
    """Measures paragraphs for one theme."""

    def __init__(self, east_asian: str, line_spacing: float, paragraph_space: float,
                 indent: float, fallbacks: tuple[str, ...] = ()):
        self.measure = Measurer(east_asian, fallbacks)
        self._pieces_in_em: dict[tuple, tuple[tuple[float | None, float, float], ...]] = {}
        self._fits: dict[tuple, Fit] = {}
        self.line_spacing = line_spacing
        self.paragraph_space = paragraph_space
        self.indent = indent

    def fit(self, paras: list[Para], family: str, mono: str, width: float, height: float,
            size: float, floor: float, bold: bool = False,
            paragraph_space: float | None = None) -> Fit:
        """Largest size in [floor, size] at which ``paras`` fits width x height.

        ``paragraph_space`` overrides the theme's space between paragraphs, so the
        text is measured with the spacing it will be drawn with.

        Each answer is kept for the build: the same text in the same box (the
        footer on every slide, a table's cells at each size tried) is fitted once.
        A fit depends only on these arguments (a paragraph's location is not part
        of its key), and a :class:`Fit` is immutable, so it can be shared.
        """
        key = (tuple(paras), family, mono, width, height, size, floor, bold, paragraph_space)
        found = self._fits.get(key)
        if found is None:
            found = self._fits[key] = self._fit(paras, family, mono, width, height, size, floor,
                                                bold, paragraph_space)
        return found

    def _fit(self, paras: list[Para], family: str, mono: str, width: float, height: float,
             size: float, floor: float, bold: bool, paragraph_space: float | None) -> Fit:
        floor = min(floor, size)
        current = size
        while True:
            needed, lines = self.height(paras, family, mono, width, current, bold,
                                        paragraph_space)
            if needed <= height + 0.5:
                return Fit(current, lines, 0.0, needed)
            if current - 0.5 < floor:
                return self._overflowing(paras, family, mono, width, height, current, bold,
                                         paragraph_space)
            current -= 0.5

    def _overflowing(self, paras: list[Para], family: str, mono: str, width: float,
                     height: float, size: float, bold: bool,
                     paragraph_space: float | None) -> Fit:
        """The fit at the floor: by how much, by how many lines, from which paragraph."""
        bottoms = self.bottoms(paras, family, mono, width, size, bold, paragraph_space)
        needed, lines = bottoms[-1] if bottoms else (0.0, 0)
        line = size * frame_line_em() * self.line_spacing
        excess = max(1, math.ceil((needed - height) / max(line, 0.1) - 0.05))
        first = next((i for i, (bottom, _) in enumerate(bottoms) if bottom > height + 0.5), -1)
        return Fit(size, lines, needed / max(height, 1.0) - 1.0, needed, excess, first)

    def height(self, paras: list[Para], family: str, mono: str, width: float, size: float,
               bold: bool = False, paragraph_space: float | None = None) -> tuple[float, int]:
        """The height ``paras`` take at ``size`` and their number of lines."""
        bottoms = self.bottoms(paras, family, mono, width, size, bold, paragraph_space)
        return bottoms[-1] if bottoms else (0.0, 0)

    def bottoms(self, paras: list[Para], family: str, mono: str, width: float, size: float,
                bold: bool = False,
                paragraph_space: float | None = None) -> list[tuple[float, int]]:
        """Where each paragraph ends (height so far, lines so far), every hard line counted."""
        space = self.paragraph_space if paragraph_space is None else paragraph_space
        out: list[tuple[float, int]] = []
        total, count = 0.0, 0
        for index, para in enumerate(paras):
            psize = size * para.size_scale
            lines = self.wrap_count(para, family, mono, width - self.text_indent(para),
                                    psize, bold)
            total += lines * psize * frame_line_em() * self.line_spacing
            if index:
                total += psize * space * para.space_before
            count += lines
            out.append((total, count))
        return out

    def text_indent(self, para: Para) -> float:
        """Where a paragraph's text starts: level indents plus the bullet's hang."""
        if not para.bullet:
            return para.level * self.indent
        hang = self.indent * (NUMBER_HANG if para.bullet == "number" else 1.0)
        return hang * (para.level + 1)

    def wrap_count(self, para: Para, family: str, mono: str, width: float, size: float,
                   bold: bool = False) -> int:
        """How many lines ``para`` takes at ``size`` in a column ``width`` points wide."""
        if width <= size:
            return 10_000
        width -= size * WRAP_SLACK_EM
        lines, used = 1, 0.0
        for em, tail_em, stripped_em in self._measured(para, family, mono, bold):
            if em is None:  # an explicit line break
                lines, used = lines + 1, 0.0
                continue
            w = em * size
            if used and used + w - tail_em * size > width:
                lines, used = lines + 1, 0.0
                w = stripped_em * size
            while w > width:  # a word longer than the line breaks anywhere
                lines += 1
                w -= width
            used += w
        return lines

    def _measured(self, para: Para, family: str, mono: str, bold: bool
                  ) -> tuple[tuple[float | None, float, float], ...]:
        """Each break piece of ``para`` in ems: (width, trailing space, width without
        leading space), or None for a line break.

        Measured once per paragraph: :meth:`fit` wraps the same paragraph at
        every size it tries, and only the scale changes.
        """
        key = (para.runs, family, mono, bold)
        found = self._pieces_in_em.get(key)
        if found is not None:
            return found
        width_em = self.measure.width_em
        out: list[tuple[float | None, float, float]] = []
        for run in para.runs:
            path = font_file(mono if run.code else family, bold or run.bold, run.italic)
            for piece in _pieces(run.text):
                if piece == "\n":
                    out.append((None, 0.0, 0.0))
                    continue
                em = width_em(piece, path)
                stripped = piece.rstrip()
                tail = 0.0 if stripped == piece else width_em(piece[len(stripped):], path)
                lead = piece.lstrip()
                out.append((em, tail, em if lead == piece else width_em(lead, path)))
        found = self._pieces_in_em[key] = tuple(out)
        return found


def _trim_breaks(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Runs without line breaks at their very start or end.

    A YAML block scalar (``|``) ends with a newline that nobody means as an
    empty last line; inner breaks are kept, drawn as ``a:br`` and measured.
    """
    if not runs or not (runs[0].text.startswith("\n") or runs[-1].text.endswith("\n")):
        return runs
    out = list(runs)
    while out and not out[-1].text.rstrip("\n"):
        out.pop()
    while out and not out[0].text.lstrip("\n"):
        out.pop(0)
    if out:
        out[0] = replace(out[0], text=out[0].text.lstrip("\n"))
        out[-1] = replace(out[-1], text=out[-1].text.rstrip("\n"))
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def _pieces(text: str) -> tuple[str, ...]:
    """Break points: spaces, explicit newlines, and between East Asian characters.

    Cached: the fitter wraps the same text at every size it tries.
    """
    out: list[str] = []
    narrow = text.isascii()  # no ASCII character is drawn wide
    for index, segment in enumerate(text.split("\n")):
        if index:  # every break counts, also one that starts a run or is a run of its own
            out.append("\n")
        for word in _BREAK.findall(segment):
            if not narrow and any(is_wide(c) for c in word):
                out.extend(word)
            else:
                out.append(word)
    return tuple(out)
