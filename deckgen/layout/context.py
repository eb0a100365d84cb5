"""What a slide kind's lay-out reads: the theme, the slide frame, text fitting.

:class:`Context` gives the kind modules (:mod:`deckgen.layout.kinds`) the theme,
the slide frame and text fitting with located overflow warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from deckgen.errors import Location, Problems, slide_name
from deckgen.layout import frames, templates
from deckgen.layout.plan import Box, Draft, Field, Picture, Shape, TextSpec
from deckgen.layout.textfit import Fitter, Para
from deckgen.model import PlacedSlide, markup
from deckgen.model.deck import DeckMeta
from deckgen.model.markup import Run
from deckgen.model.themes import SLIDE_HEIGHT, Theme  # 540 points: 7.5 inches, both aspects
from deckgen.source.layouts import Layout as TemplateLayout

WIDTHS = {"16:9": 960.0, "4:3": 720.0}
LEVEL_SCALE = (1.0, 0.88, 0.8)


@dataclass
class Context:
    """Everything a slide kind may read while laying out one deck."""

    theme: Theme
    meta: DeckMeta
    problems: Problems
    roots: list[Path]
    width: float = 960.0
    height: float = SLIDE_HEIGHT
    fitter: Fitter = field(init=False)
    number: int = 0
    placed: PlacedSlide | None = None
    missing_seen: set[tuple[int, int, str]] = field(default_factory=set)  # warned per slide
    siblings: dict[int, list[PlacedSlide]] = field(default_factory=dict)  # see split.siblings
    layout: TemplateLayout | None = None  # the template layout this slide is built on

    def __post_init__(self) -> None:
        space = self.theme.space
        self.fitter = Fitter(self.theme.fonts.east_asian, space.line_spacing,
                             space.paragraph_space, space.indent,
                             tuple(self.theme.fonts.fallback))

    # --- geometry -------------------------------------------------------------
    @property
    def title_box(self) -> Box:
        """The title band; on a template, its layout's title placeholder (clear of the logo)."""
        own = frames.title(self.theme, self.width)
        placed = templates.title_box(self.layout)
        if placed is None:
            return own
        right = min(placed.right, own.right) if self.theme.logo is not None else placed.right
        return Box(placed.x, placed.y, max(right - placed.x, 1.0), placed.h)

    def body_box(self, has_source: bool = False) -> Box:
        """The area under the title and above the source line and footer; on a template,
        its layout's content placeholders (see :func:`deckgen.layout.templates.body_box`)."""
        own = frames.body(self.theme, self.width, self.height,
                          self.source_height() if has_source else 0)
        return templates.body_box(self.layout, own, self.theme.space.gap) or own

    def source_height(self) -> float:
        lines = len(self.placed.slide.source or []) if self.placed else 0
        return lines * self.theme.sizes.small * 1.3 + (4 if lines else 0)

    # --- text -----------------------------------------------------------------
    def paras(self, text: str | Sequence[str], **kw: Any) -> list[Para]:
        items = [text] if isinstance(text, str) else list(text)
        return [Para(markup.parse(t), **kw) for t in items]

    def family(self, role: str) -> str:
        """The theme's font family for a role: heading, mono or body."""
        fonts = self.theme.fonts
        return fonts.heading if role == "heading" else (
            fonts.mono if role == "mono" else fonts.body)

    def text(
        self,
        content: str | Sequence[str] | list[Para],
        box: Box,
        *,
        role: str = "body",
        size: float | None = None,
        floor: float | None = None,
        color: str | None = None,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
        anchor: str = "top",
        what: str = "text",
        inset: float | None = None,
        key: str | Location | None = None,
        paragraph_space: float | None = None,
        hint: str | None = None,
    ) -> TextSpec:
        """Fit ``content`` into ``box`` and return the text to draw there.

        ``key`` (the slide's key, or a location) places warnings on the YAML
        line of this text; a paragraph's own location wins for the paragraph
        that crosses the box's bottom.  ``hint`` replaces the overflow warning's advice.
        """
        theme = self.theme
        paras = content if content and isinstance(content, list) and isinstance(
            content[0], Para) else self.paras(content)  # type: ignore[arg-type]
        family = self.family(role)
        size = size or theme.sizes.body
        floor = floor if floor is not None else min(size, max(theme.sizes.min_body, size * 0.6))
        pad = theme.space.inset if inset is None else inset
        space = theme.space.paragraph_space if paragraph_space is None else paragraph_space
        fit = self.fitter.fit(paras, family, theme.fonts.mono, box.w - 2 * pad,
                              box.h - 2 * pad, size, floor, bold, space)
        if fit.overflow > 0 and space > 0:  # closer paragraphs before any line is lost
            tight = self.fitter.fit(paras, family, theme.fonts.mono, box.w - 2 * pad,
                                    box.h - 2 * pad, size, floor, bold, space * 0.5)
            if tight.overflow < fit.overflow:
                fit, space = tight, space * 0.5
        where = self.where(key) if isinstance(key, str) or key is None else key
        if fit.overflow > 0.005:
            crossing = paras[fit.first_over].where if fit.first_over >= 0 else None
            self.warn_overflow(what, fit.overflow, fit.excess_lines, crossing or where, hint)
        self.check_glyphs(paras, family, bold, where)
        paras = self.with_fallbacks(paras, family, bold)
        return TextSpec(
            paras=paras, size=fit.size, font=family, color=color or theme.colors.text,
            mono=theme.fonts.mono, east_asian=theme.fonts.east_asian,
            language=self.meta.language, highlight=theme.colors.highlight,
            link=theme.colors.accent, bold=bold, italic=italic, align=align,
            anchor=anchor, inset=pad, line_spacing=theme.space.line_spacing,
            paragraph_space=space, indent=theme.space.indent,
            bullet_color=theme.colors.accent, bullet_font=theme.fonts.bullet,
        )

    def caption(self, text: str, body: Box, align: str = "left") -> tuple[Box, Shape]:
        """Take as many lines off the bottom of ``body`` as a caption needs (a quarter at most)."""
        theme = self.theme
        size = theme.sizes.small * 1.15
        paras = self.paras(text)
        needed, _ = self.fitter.height(paras, theme.fonts.body, theme.fonts.mono, body.w, size)
        rest, strip = body.take_bottom(min(needed + 4, body.h * 0.25), theme.space.gap * 0.3)
        spec = self.text(paras, strip, size=size, floor=theme.sizes.small * 0.9,
                         color=theme.colors.muted, align=align, what="caption", inset=0,
                         key="caption")
        return rest, Shape(box=strip, text=spec, name="Caption")

    def warn_overflow(self, what: str, overflow: float, lines: int = 0,
                      where: Location | None = None, hint: str | None = None) -> None:
        """Text that cannot fit at the floor: never dropped silently, always said where."""
        many = f" ({lines} line{'s' if lines != 1 else ''} too many)" if lines else ""
        self.problems.warning(
            f"{self.slide_label()}: {what} overflows its box by "
            f"{max(1, round(overflow * 100))}%{many}",
            where or self.where(),
            hint or "shorten the text or split the slide",
        )

    def slide_label(self) -> str:
        """``slide N "Title"``: N counts slides as the deck shows them, from 1."""
        title = markup.plain(self.slide_title()).replace("\n", " ")
        hidden = self.placed is not None and self.placed.slide.hidden
        return f'{slide_name(0 if hidden else self.number)} "{title}"'

    def with_fallbacks(self, paras: list[Para], family: str, bold: bool) -> list[Para]:
        """Runs split where a theme fallback font must draw (emoji), naming that font."""
        theme, pieces_of = self.theme, self.fitter.measure.fallback_pieces
        out = []
        for para in paras:
            runs: list[Run] = []
            for run in para.runs:
                face = theme.fonts.mono if run.code else family
                pieces = pieces_of(run.text, face, bold or run.bold, run.italic)
                runs.extend([run] if pieces == ((run.text, None),) else
                             [replace(run, text=text, font=font) for text, font in pieces])
            out.append(para if len(runs) == len(para.runs) and runs == list(para.runs)
                       else replace(para, runs=tuple(runs)))
        return out

    def check_glyphs(self, paras: list[Para], family: str, bold: bool,
                     where: Location | None) -> None:
        """Warn once per slide for each character no installed font can draw."""
        theme = self.theme
        for para in paras:
            for run in para.runs:
                face = theme.fonts.mono if run.code else family
                for char in self.fitter.measure.missing(run.text, face, bold or run.bold,
                                                        run.italic):
                    seen = (self.number, self.placed.index if self.placed else -1, char)
                    if seen in self.missing_seen:
                        continue
                    self.missing_seen.add(seen)
                    self.problems.warning(
                        f"{self.slide_label()}: no installed font has a glyph for "
                        f"U+{ord(char):04X} {char!r}; it shows as an empty box",
                        para.where or where,
                        "install a font that has it, name it in the theme's fonts.fallback, "
                        "or remove the character")

    def slide_title(self) -> str:
        slide = self.placed.slide if self.placed else None
        return getattr(slide, "title", None) or getattr(slide, "section", None) or (
            getattr(slide, "image", None) and getattr(slide, "alt", None)) or (
            self.meta.title if slide is None else "")  # a full-slide picture: its alt text

    def where(self, key: str | None = None) -> Location | None:
        if self.placed is None:
            return None
        return self.placed.data.where(key) if key else self.placed.where

    # --- pieces most kinds share ----------------------------------------------
    def title(self, text: str, box: Box | None = None, color: str | None = None,
              size: float | None = None, align: str = "left", anchor: str = "bottom",
              key: str = "title") -> Shape:
        theme = self.theme
        box = box or self.title_box
        size = size or theme.sizes.title
        spec = self.text(text, box, role="heading", size=size, floor=size * 0.62,
                         color=color or theme.colors.title,
                         bold=theme.title_bold, align=align, anchor=anchor, what="title", inset=0,
                         key=key)
        return Shape(box=box, text=spec, role="title", name="Title")

    def unseen_title(self, plan: Draft, text: str, key: str) -> None:
        """A title for readers on a slide whose design shows none (quote, statement, picture).

        Screen readers and the outline navigate by slide titles, and PowerPoint's
        accessibility checker asks for one on every slide; its advice for a title
        not to be seen is to keep it but move it off the slide, which no slide show
        or export draws.  A long text is cut at a word to one short line.
        """
        s = self.theme.space
        words = markup.plain(text).split()
        short = " ".join(words[:12]) + (" \u2026" if len(words) > 12 else "")
        box = Box(s.margin, -3.5 * s.title_height, self.width - 2 * s.margin, 3 * s.title_height)
        plan.elements.append(self.title(short, box, anchor="top", key=key))
        plan.title = plan.title or short

    def rule(self, x: float, y: float, length: float, color: str | None = None) -> Shape:
        """A short accent bar: the theme's signature under titles."""
        return Shape(box=Box(x, y, length, self.theme.space.rule),
                     geometry="RECTANGLE", fill=color or self.theme.colors.accent,
                     name="Accent rule", decorative=True)

    def chrome(self, plan: Draft, footer: bool = True, dark: bool = False) -> None:
        """Source line, footer, slide number and logo: what frames every slide."""
        theme, s = self.theme, self.theme.space
        if theme.logo is not None and not dark:
            plan.elements.append(self.logo())
        colour = theme.colors.section_text if dark else theme.colors.muted
        slide = self.placed.slide if self.placed else None
        if slide is not None and slide.source:
            height = self.source_height()
            box = Box(s.margin, self.height - s.footer_height - height, self.width - 2 * s.margin,
                      height)
            spec = self.text(list(slide.source), box, size=theme.sizes.small,
                             floor=theme.sizes.small * 0.75, color=colour, what="source line",
                             inset=0, anchor="bottom", key="source",
                             paragraph_space=0)
            plan.elements.append(Shape(box=box, text=spec, name="Source", role="source"))
        if not footer:
            return
        text = self.footer_text()
        if text:
            box = frames.footer(theme, self.width, self.height)
            spec = self.text(text, box, size=theme.sizes.footer, floor=theme.sizes.footer * 0.8,
                             color=colour, anchor="middle", what="footer", inset=0)
            plan.elements.append(Shape(box=box, text=spec, name="Footer", role="footer"))
        if self.meta.slide_numbers:
            box = frames.number(theme, self.width, self.height)
            spec = self.text(str(self.number), box, size=theme.sizes.footer, color=colour,
                             align="right", anchor="middle", what="slide number", inset=0)
            plan.elements.append(Field(box=box, text=spec, number=self.number))

    def logo(self) -> Picture:
        """The theme's logo, top right, no taller than half the title band."""
        from deckgen.source.images import inspect_image

        s = self.theme.space
        width, height = inspect_image(self.theme.logo, None)
        h = s.title_height * 0.5
        w = min(h * width / height, self.width * 0.15)
        h = w * height / width
        box = Box(self.width - s.margin - w, s.top, w, h)
        if self.theme.logo.suffix.lower() == ".svg":  # drawn once, reused on every slide
            from deckgen.source.images import svg_for_box

            return Picture(box=box, alt="Logo", data=svg_for_box(self.theme.logo, w, None),
                           name="Logo", role="logo")
        return Picture(box=box, alt="Logo", path=self.theme.logo, name="Logo", role="logo")

    def footer_text(self) -> str:
        if not self.meta.footer:
            return ""
        fields = {k: getattr(self.meta, k) or "" for k in
                  ("title", "subtitle", "author", "date", "event", "affiliation")}
        out = self.meta.footer
        for key, value in fields.items():  # the footer is one line, whatever the title's breaks
            out = out.replace("{" + key + "}", " ".join(value.split("\n")))
        return out
