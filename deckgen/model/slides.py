"""Slide kinds of the deck format (content-format section 2).

Each kind is one model; :data:`KINDS` maps a kind's name to it and
:data:`CONTENT_KEYS` names the key that lets a kind be inferred.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

from deckgen.model.base import Strict
from deckgen.model.charts import Chart
from deckgen.model.code import check_language, code_lines, parse_lines
from deckgen.model.diagrams import Diagram
from deckgen.model.types import Boolean, Fraction, Lines, Number, Text, text_or_list


def _bullet_shape(value: Any) -> str:
    if isinstance(value, list):
        return "sublist"
    if isinstance(value, dict):
        return "item"
    return "text"


class BulletItem(Strict):
    """The long form of a bullet: its text and the items below it."""

    text: Text
    items: list[Bullet] = []


Bullet = TypeAliasType(
    "Bullet",
    Annotated[
        Union[
            Annotated[Text, Tag("text")],
            Annotated[list["Bullet"], Tag("sublist")],
            Annotated[BulletItem, Tag("item")],
        ],
        Discriminator(_bullet_shape),
    ],
)
BulletItem.model_rebuild()


def _depth(items: list[Any]) -> int:
    deepest = 0
    for item in items:
        if isinstance(item, list):
            deepest = max(deepest, 1 + _depth(item))
        elif isinstance(item, BulletItem) and item.items:
            deepest = max(deepest, 1 + _depth(item.items))
    return deepest


def _three_levels(items: list[Any]) -> list[Any]:
    """Bullets nest three levels deep at most: deeper is unreadable on a slide."""
    if _depth(items) > 2:
        raise PydanticCustomError("depth", "bullets nest at most 3 levels deep")
    return items


def _percent(value: Any) -> Any:
    """``40%`` as 0.4; a plain number is a fraction already."""
    if not isinstance(value, str):
        return value
    written = value.strip()
    try:
        if written.endswith("%"):
            return float(written[:-1]) / 100
        float(written)  # a plain number: the number type reads it as written
        return value
    except ValueError:
        raise PydanticCustomError(
            "number", "'{written}' is not a share of the slide",
            {"written": value, "fix": "write a share such as 40% or 0.4"}) from None


def _share(value: float) -> float:
    if not 0.15 <= value <= 0.85:
        raise PydanticCustomError(
            "share", "{value} of the slide leaves too little room for the picture or the text",
            {"value": f"{value:.0%}", "fix": "give the picture between 15% and 85%"})
    return value


Share = Annotated[Number, BeforeValidator(_percent), AfterValidator(_share),
                  WithJsonSchema({"anyOf": [{"type": "number"},
                                            {"type": "string", "pattern": r"^\s*[\d.]+\s*%\s*$"}],
                                  "description": "a share such as 40% or 0.4"})]


class SidePicture(Strict):
    """A picture beside (or above, or under) a slide's text."""

    path: Text = Field(description="a PNG, JPEG, GIF or SVG file")
    alt: Text
    side: Literal["left", "right", "top", "bottom"] = "right"
    width: Optional[Share] = Field(
        None, description="the picture's share of the body: its width beside the text, "
        "its height above or under it (40% unless told)")
    fit: Literal["contain", "cover"] = "contain"


class SlideBase(Strict):
    """Keys every slide may have."""

    kind: Optional[str] = None
    title: Optional[Text] = None
    subtitle: Optional[Text] = None
    notes: Optional[Text] = None
    source: Optional[Lines] = None
    hidden: Boolean = False
    background: Optional[Text] = Field(None, description="a colour (#RRGGBB) or an image path")
    dim: Optional[Fraction] = Field(
        None, description="veil a background picture in the theme's dark scrim colour: "
        "0.0 (none) to 1.0 (opaque)")
    layout: Optional[Text] = Field(
        None, description="the template layout this slide is built on, by name (case is "
        "ignored); absent: the deck's layout, or the one deckgen chooses for the kind")


class TitleSlide(SlideBase):
    kind: Literal["title"] = "title"
    title: Text
    author: Optional[Text] = None
    event: Optional[Text] = None
    date: Optional[Text] = None
    image: Optional[SidePicture] = Field(None, description="a picture or logo beside the title")


# ``continue:`` of a bullets, table or code slide (a Python keyword, hence the alias).
Continues = Annotated[Optional[Boolean], Field(
    alias="continue", description="what does not fit at the body size flows onto "
    "continuation slides (absent: as the deck's continue says)")]


# ``reveal:`` of a bullets or body slide: its items come on one click at a time.
Reveals = Annotated[Optional[Boolean], Field(
    description="show the items one click at a time in the slide show: each top-level "
    "bullet with its sub-items, or each block of a body (absent: as the deck's reveal "
    "says)")]


class SectionSlide(SlideBase):
    kind: Literal["section"] = "section"
    section: Text


class BulletsSlide(SlideBase):
    kind: Literal["bullets"] = "bullets"
    title: Text
    bullets: Annotated[list[Bullet], Field(min_length=1), AfterValidator(_three_levels)]
    numbered: Boolean = False
    image: Optional[SidePicture] = None
    continue_: Continues = None
    reveal: Reveals = None


class Column(Strict):
    heading: Optional[Text] = None
    bullets: Annotated[list[Bullet], AfterValidator(_three_levels)] = []
    numbered: Boolean = False
    text: Optional[Text] = None
    body: list[Block] = Field([], description="blocks stacked under the heading, as on a body "
                              "slide")
    label: Optional[Text] = None


class ColumnsSlide(SlideBase):
    kind: Literal["columns"] = "columns"
    title: Text
    columns: Annotated[list[Column], Field(min_length=2, max_length=4)]
    grid: Boolean = Field(False, description="lay 4 columns out as a 2x2 grid")


class QuoteSlide(SlideBase):
    kind: Literal["quote"] = "quote"
    quote: Text
    by: Optional[Text] = None
    context: Optional[Text] = None


class StatementSlide(SlideBase):
    kind: Literal["statement"] = "statement"
    statement: Text
    caption: Optional[Text] = None


class ChartSlide(SlideBase):
    kind: Literal["chart"] = "chart"
    title: Text
    chart: Chart
    text: Optional[Annotated[list[Bullet], BeforeValidator(text_or_list),
                             AfterValidator(_three_levels)]] = Field(
        None, description="side panel beside the chart: a paragraph an item, nested lists "
        "as points under it")
    alt: Optional[Text] = None
    image: Optional[SidePicture] = None


class Table(Strict):
    header: Optional[list[Text]] = None
    rows: Optional[list[list[Union[Number, Text, None]]]] = None
    data: Optional[Text] = Field(None, description="CSV file; its first row is the header")
    heat: Boolean = False
    center: Optional[Number] = Field(None, description="heat: the value that stays neutral")
    number_format: Optional[Text] = None
    align: Optional[list[Literal["left", "right", "center"]]] = Field(
        None, description="each column's alignment, first to last (absent: numbers right, "
        "text left)")
    total: Boolean = Field(False, description="the last row is a totals row, set in bold "
                           "on a tint of the accent colour")


class TableSlide(SlideBase):
    kind: Literal["table"] = "table"
    title: Text
    table: Table
    caption: Optional[Text] = None
    continue_: Continues = None


class ImageSlide(SlideBase):
    kind: Literal["image"] = "image"
    title: Optional[Text] = Field(
        None, description="without a title the picture fills the slide; alt names the slide")
    image: Text
    alt: Text
    fit: Optional[Literal["contain", "cover"]] = Field(
        None, description="contain (the default with a title) or cover (without one)")
    caption: Optional[Text] = None


class CodeFields(Strict):
    """What a code block says, on a code slide or among a body's blocks."""

    code: Text = Field(description="the code, exactly as written (a block: code: |)")
    language: Optional[Annotated[Text, AfterValidator(check_language)]] = Field(
        None, description="a Pygments lexer name (python, bash, yaml, ...); none: no colours")
    highlight: Optional[Text] = Field(
        None, description="lines to set on a tinted band: numbers and ranges such as 2,4-6")
    numbers: Boolean = Field(False, description="number the lines")
    caption: Optional[Text] = None

    @field_validator("highlight")
    @classmethod
    def _highlight_inside(cls, value: Optional[str], info: ValidationInfo) -> Optional[str]:
        """Highlighted lines must exist: a typo past the end would silently show nothing."""
        if value is None:
            return value
        lines = parse_lines(value)
        count = len(code_lines(info.data["code"])) if "code" in info.data else None
        if count is not None and lines and lines[-1] > count:
            raise PydanticCustomError(
                "lines", "line {line} is past the end of the code ({count} lines)",
                {"line": lines[-1], "count": count,
                 "fix": "lines count from 1 at the first line of the code"})
        return value


class CodeSlide(SlideBase, CodeFields):
    kind: Literal["code"] = "code"
    title: Text
    image: Optional[SidePicture] = None
    continue_: Continues = None


class ParagraphBlock(Strict):
    text: Text = Field(description="a paragraph")


class HeadingBlock(Strict):
    heading: Text = Field(description="a sub-heading over the blocks that follow")


class BulletsBlock(Strict):
    bullets: Annotated[list[Bullet], Field(min_length=1), AfterValidator(_three_levels)]
    numbered: Boolean = False


class CodeBlock(CodeFields):
    pass


class QuoteBlock(Strict):
    quote: Text
    by: Optional[Text] = None


class ImageBlock(Strict):
    image: Text = Field(description="a PNG, JPEG, GIF or SVG file")
    alt: Text
    fit: Literal["contain", "cover"] = "contain"


class TableBlock(Strict):
    table: Table


BLOCKS: dict[str, type[Strict]] = {
    "heading": HeadingBlock, "text": ParagraphBlock, "bullets": BulletsBlock,
    "code": CodeBlock, "quote": QuoteBlock, "image": ImageBlock, "table": TableBlock,
}


def _block_kind(value: Any) -> Optional[str]:
    """A block is what its one content key says; plain text is a paragraph."""
    if isinstance(value, str):
        return "block[paragraph]"
    made = [key for key, model in BLOCKS.items() if isinstance(value, model)]
    if made:  # a block made in Python (a column's bullets joining its body)
        return f"block[{made[0]}]"
    if not isinstance(value, dict):
        return None
    present = [key for key in BLOCKS if key in value]
    if not present:  # read as a paragraph: a misspelt key gets its did-you-mean
        return "block[text]"
    return f"block[{present[0]}]" if len(present) == 1 else None


Block = Annotated[
    Union[
        Annotated[Text, Tag("block[paragraph]")],
        Annotated[HeadingBlock, Tag("block[heading]")],
        Annotated[ParagraphBlock, Tag("block[text]")],
        Annotated[BulletsBlock, Tag("block[bullets]")],
        Annotated[CodeBlock, Tag("block[code]")],
        Annotated[QuoteBlock, Tag("block[quote]")],
        Annotated[ImageBlock, Tag("block[image]")],
        Annotated[TableBlock, Tag("block[table]")],
    ],
    Discriminator(
        _block_kind, custom_error_type="block",
        custom_error_message="a block holds one of text, bullets, code, quote, image, table "
        "or heading, not two",
        custom_error_context={"fix": "split a block with two of them into two blocks, one "
                              "after the other"}),
]
Column.model_rebuild()


class BodySlide(SlideBase):
    kind: Literal["body"] = "body"
    title: Text
    body: Annotated[list[Block], Field(min_length=1)] = Field(
        description="blocks stacked top to bottom in order: text, bullets, code, quote, image, "
        "table, heading")
    image: Optional[SidePicture] = None
    reveal: Reveals = None


class DiagramSlide(SlideBase):
    kind: Literal["diagram"] = "diagram"
    title: Text
    diagram: Diagram


class ClosingSlide(SlideBase):
    kind: Literal["closing"] = "closing"
    title: Text
    image: Optional[SidePicture] = Field(
        None, description="a picture beside the text, such as a QR code")


KINDS: dict[str, type[SlideBase]] = {
    "title": TitleSlide,
    "section": SectionSlide,
    "bullets": BulletsSlide,
    "columns": ColumnsSlide,
    "quote": QuoteSlide,
    "statement": StatementSlide,
    "chart": ChartSlide,
    "table": TableSlide,
    "image": ImageSlide,
    "code": CodeSlide,
    "body": BodySlide,
    "diagram": DiagramSlide,
    "closing": ClosingSlide,
}
CONTENT_KEYS = ("bullets", "columns", "quote", "statement", "chart", "table", "image",
                "code", "body", "diagram", "section")

__all__ = ["KINDS", "CONTENT_KEYS", "Number"]
