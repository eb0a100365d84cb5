"""The deck: its ``deck:`` block and its slides."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator

from deckgen.model.base import Strict
from deckgen.model.types import Boolean, Fraction, Text

KindName = Literal["title", "section", "bullets", "columns", "quote", "statement", "chart",
                   "table", "image", "code", "body", "diagram", "closing"]


def _layout_shape(value: Any) -> str:
    """A mapping names a layout per kind; anything else is read as one name."""
    return "layout[per-kind]" if isinstance(value, dict) else "layout[one]"


# One layout name for every slide, or one per kind: tagged, so a mistake in either form
# is reported once, in that form's terms.
DeckLayout = Annotated[Union[Annotated[Text, Tag("layout[one]")],
                             Annotated[dict[KindName, Text], Tag("layout[per-kind]")]],
                       Discriminator(_layout_shape)]
MAX_FOOTER = 500  # characters of a footer once its fields are filled in
FOOTER_FIELDS = ("title", "subtitle", "author", "date", "event", "affiliation")


class DeckMeta(Strict):
    """The ``deck:`` block; only ``title`` is required."""

    title: Text
    subtitle: Optional[Text] = None
    author: Optional[Text] = None
    affiliation: Optional[Text] = None
    date: Optional[Text] = Field(None, description="any text, shown as written")
    event: Optional[Text] = None
    theme: Text = Field("scholar", description="a theme name from themes/, or a path")
    aspect: Literal["16:9", "4:3"] = Field(
        "16:9", description="the slide shape; absent: the template's, if the theme has one")
    layout: Optional[DeckLayout] = Field(
        None, description="the template layout slides are built on, by name: one name for "
        "every slide, or a name per kind (title: Cover Page); a slide's own layout wins")
    language: Text = "en-US"
    footer: Optional[Text] = Field(None, description="{title} {subtitle} {author} {date} {event}")
    slide_numbers: Boolean = True

    @field_validator("footer")
    @classmethod
    def _footer_fits(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Counted as it will be shown: 14,000 ``{title}`` fields are a short line in the
        deck file but gigabytes once each is filled in, on every slide."""
        if value is None:
            return value
        filled = len(value) + sum(value.count("{" + key + "}") * len(info.data.get(key) or "")
                                  for key in FOOTER_FIELDS)
        if filled > MAX_FOOTER:
            raise ValueError(f"the footer is {filled:,} characters once its fields are filled "
                             f"in; a footer holds at most {MAX_FOOTER}")
        return value
    title_slide: Boolean = True
    notes: Optional[Text] = Field(None, description="speaker notes of the title slide made "
                                  "from this block")
    dim: Optional[Fraction] = Field(
        None, description="the dim of every background picture a slide does not set itself")
    charts: Optional[Literal["picture", "native"]] = Field(
        None, description="how charts are drawn unless a chart says native: picture "
        "(matplotlib) or native (editable PowerPoint charts); absent: as the theme says")
    continue_: Boolean = Field(
        False, alias="continue", description="bullets, table and code slides that do not "
        "fit at the body size flow onto continuation slides unless a slide says otherwise")
    reveal: Boolean = Field(
        False, description="bullets and body slides show their items one click at a time "
        "in the slide show unless a slide says otherwise")
