"""Where each sort of slide puts its title, body and furniture, for one theme and width.

The kind modules place their text here, and the package writes the same
boxes into the slide layouts it builds for a shipped theme, so a placeholder
PowerPoint resets ("Reset slide") stays where deckgen put it.  Nothing here
is drawn; these are the numbers both stages share.
"""

from __future__ import annotations

from typing import Any

from deckgen.layout.plan import Box

NUMBER_WIDTH = 60.0  # the slide number's box, at the right of the footer band
COVER_TITLE = (0.22, 0.30)  # top and height of the cover's title, in slide heights
SECTION_TITLE = (0.26, 0.30)
COVER_SUBTITLE = 0.16  # height of the subtitle under the cover's title
SECTION_SUBTITLE = 0.2
CAPTION = 0.12  # a picture's caption strip, in body heights


def title(theme: Any, width: float) -> Box:
    """A content slide's title band, leaving the logo its corner."""
    s = theme.space
    logo_room = width * 0.15 + s.gap if theme.logo is not None else 0
    return Box(s.margin, s.top, width - 2 * s.margin - logo_room, s.title_height)


def body(theme: Any, width: float, height: float, below: float = 0.0) -> Box:
    """The area under the title and above the footer (and ``below`` more for a source line)."""
    s = theme.space
    top = s.top + s.title_height + s.gap
    bottom = height - s.footer_height - below
    return Box(s.margin, top, width - 2 * s.margin, bottom - top - s.gap * 0.5)


def display_text(theme: Any, width: float) -> tuple[float, float]:
    """Left edge and width of the text of a cover or section slide."""
    left = theme.space.margin * 1.6
    return left, width - 2 * left


def cover_title(left: float, width: float, height: float) -> Box:
    return Box(left, height * COVER_TITLE[0], width, height * COVER_TITLE[1])


def section_title(left: float, width: float, height: float) -> Box:
    return Box(left, height * SECTION_TITLE[0], width, height * SECTION_TITLE[1])


def under_title(theme: Any, box: Box, height: float) -> Box:
    """A subtitle under a cover's or section's title and its accent rule."""
    return Box(box.x, box.bottom + theme.space.gap * 1.4, box.w, height)


def footer(theme: Any, width: float, height: float) -> Box:
    s = theme.space
    return Box(s.margin, height - s.footer_height, width * 0.7 - s.margin, s.footer_height)


def number(theme: Any, width: float, height: float) -> Box:
    s = theme.space
    return Box(width - s.margin - NUMBER_WIDTH, height - s.footer_height, NUMBER_WIDTH,
               s.footer_height)


def date(theme: Any, width: float, height: float) -> Box:
    """Between the footer and the number: deckgen writes no date, a speaker may add one."""
    s = theme.space
    left = width * 0.7
    return Box(left, height - s.footer_height,
               max(width - s.margin - NUMBER_WIDTH - s.gap * 0.5 - left, 1.0), s.footer_height)


def layouts(theme: Any, width: float, height: float) -> dict[str, dict[str, Box]]:
    """The boxes of every slide layout a shipped theme's deck carries, by layout and role.

    Roles are ``title``, ``subtitle``, ``body``, ``body2`` (a second column),
    ``picture`` and ``caption``; every layout also has ``date``, ``footer`` and ``number``.
    """
    head, main = title(theme, width), body(theme, width, height)
    left, wide = display_text(theme, width)
    cover = cover_title(left, wide, height)
    section = section_title(left, wide, height)
    first, second = main.columns(2, theme.space.gap)
    picture, caption = main.take_bottom(main.h * CAPTION, theme.space.gap * 0.3)
    chrome = {"date": date(theme, width, height), "footer": footer(theme, width, height),
              "number": number(theme, width, height)}
    return {  # in PowerPoint's order: title, content, section header, ...
        "Title": {"title": cover, "subtitle": under_title(theme, cover, height * COVER_SUBTITLE),
                  **chrome},
        "Bullets": {"title": head, "body": main, **chrome},
        "Section": {"title": section,
                    "body": under_title(theme, section, height * SECTION_SUBTITLE), **chrome},
        "Two columns": {"title": head, "body": first, "body2": second, **chrome},
        "Quote": {"title": head, "body": main, **chrome},
        "Picture": {"title": head, "picture": picture, "caption": caption, **chrome},
        "Title only": {"title": head, **chrome},
        "Blank": {**chrome},
    }
