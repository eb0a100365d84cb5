"""The deck: its ``deck:`` block and its slides."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from deckgen.model.base import Strict
from deckgen.model.types import Boolean, Text


class DeckMeta(Strict):
    """The ``deck:`` block; only ``title`` is required."""

    title: Text
    subtitle: Optional[Text] = None
    author: Optional[Text] = None
    affiliation: Optional[Text] = None
    date: Optional[Text] = Field(None, description="any text, shown as written")
    event: Optional[Text] = None
    theme: Text = Field("scholar", description="a theme name from themes/, or a path")
    aspect: Literal["16:9", "4:3"] = "16:9"
    language: Text = "en-US"
    footer: Optional[Text] = Field(None, description="{title} {subtitle} {author} {date} {event}")
    slide_numbers: Boolean = True
    title_slide: Boolean = True
    charts: Optional[Literal["picture", "native"]] = Field(
        None, description="how charts are drawn unless a chart says native: picture "
        "(matplotlib) or native (editable PowerPoint charts); absent: as the theme says")
