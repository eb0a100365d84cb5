"""Diagram specifications (content-format section 4)."""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import Field

from deckgen.model.base import Strict
from deckgen.model.types import Text, TextList


class _Ring(Strict):
    nodes: TextList
    center: Optional[Text] = None


class Triangle(_Ring):
    """Three nodes at the corners of a triangle."""

    type: Literal["triangle"]
    nodes: Annotated[list[Text], Field(min_length=3, max_length=3)]


class Cycle(_Ring):
    """Nodes in a ring joined by arrows."""

    type: Literal["cycle"]
    nodes: Annotated[list[Text], Field(min_length=2, max_length=8)]


class Hub(_Ring):
    """A centre with up to 12 spokes."""

    type: Literal["hub"]
    nodes: Annotated[list[Text], Field(min_length=1, max_length=12)]


class Flow(Strict):
    """Boxes left to right joined by arrows."""

    type: Literal["flow"]
    nodes: Annotated[list[Text], Field(min_length=2, max_length=7)]


class Shift(Strict):
    """Rows of "from -> to" pairs."""

    type: Literal["shift"]
    pairs: Annotated[
        list[Annotated[list[Text], Field(min_length=2, max_length=2)]],
        Field(min_length=1, max_length=6),
    ]


class Cell(Strict):
    heading: Text
    bullets: list[Text] = []


class Quadrants(Strict):
    """Exactly four boxes, each with a heading and bullets."""

    type: Literal["quadrants"]
    cells: Annotated[list[Cell], Field(min_length=4, max_length=4)]


class Event(Strict):
    when: Text
    label: Text


class Timeline(Strict):
    """Events along a line."""

    type: Literal["timeline"]
    events: Annotated[list[Event], Field(min_length=1, max_length=10)]


Diagram = Annotated[
    Union[Triangle, Cycle, Hub, Flow, Shift, Quadrants, Timeline],
    Field(discriminator="type"),
]
DIAGRAM_TYPES = ("triangle", "cycle", "hub", "flow", "shift", "quadrants", "timeline")
