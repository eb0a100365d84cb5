"""Diagram specifications (content-format section 4).

Counts are checked by validators of our own rather than pydantic's
``min_length``/``max_length`` so that the message names the diagram and its
limit ("a hub takes at most 12 spokes, got 13") instead of speaking of lists;
the JSON Schema still carries the same bounds for editors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from deckgen.model.base import Strict
from deckgen.model.types import Text, text_or_list


def _label(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "a label cannot be empty")
    return value


Label = Annotated[Text, AfterValidator(_label)]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def counted(item: Any, what: str, noun: str, low: int, high: int) -> Any:
    """A list of ``item`` holding ``low`` to ``high`` entries, with a message in words.

    ``what`` names the holder ("a hub"), ``noun`` the entries ("spoke").
    """

    def check(values: list[Any]) -> list[Any]:
        got = len(values)
        if low == high and got != low:
            message = f"{what} takes exactly {_plural(low, noun)}, got {got}"
        elif got < low:
            message = f"{what} needs at least {_plural(low, noun)}, got {got}"
        elif got > high:
            message = f"{what} takes at most {_plural(high, noun)}, got {got}"
        else:
            return values
        raise PydanticCustomError("count", message)

    return Annotated[list[item], AfterValidator(check),
                     Field(json_schema_extra={"minItems": low, "maxItems": high})]


class Triangle(Strict):
    """Three nodes at the corners of a triangle, an optional label in the middle."""

    type: Literal["triangle"]
    nodes: counted(Label, "a triangle", "node", 3, 3)  # type: ignore[valid-type]
    center: Optional[Label] = None


class Cycle(Strict):
    """Nodes in a ring joined by arrows, an optional label in the middle."""

    type: Literal["cycle"]
    nodes: counted(Label, "a cycle", "node", 3, 8)  # type: ignore[valid-type]
    center: Optional[Label] = None


class Hub(Strict):
    """A centre with up to 12 spokes."""

    type: Literal["hub"]
    nodes: counted(Label, "a hub", "spoke", 1, 12)  # type: ignore[valid-type]
    center: Optional[Label] = None


class Flow(Strict):
    """Boxes left to right joined by arrows (two rows when there are many)."""

    type: Literal["flow"]
    nodes: counted(Label, "a flow", "box", 2, 10)  # type: ignore[valid-type]


Pair = counted(Label, "a shift pair [from, to]", "item", 2, 2)
"""``[from, to]``."""


class Shift(Strict):
    """Rows of "from -> to" pairs."""

    type: Literal["shift"]
    pairs: counted(Pair, "a shift", "pair", 1, 6)  # type: ignore[valid-type]


class Cell(Strict):
    heading: Label
    bullets: Annotated[list[Label], BeforeValidator(text_or_list)] = []


class Quadrants(Strict):
    """Exactly four boxes, each with a heading and bullets."""

    type: Literal["quadrants"]
    cells: counted(Cell, "a quadrants diagram", "cell", 4, 4)  # type: ignore[valid-type]


class Event(Strict):
    when: Label
    label: Label


class Timeline(Strict):
    """Events along a line, in the order written."""

    type: Literal["timeline"]
    events: counted(Event, "a timeline", "event", 2, 10)  # type: ignore[valid-type]


Diagram = Annotated[
    Union[Triangle, Cycle, Hub, Flow, Shift, Quadrants, Timeline],
    Field(discriminator="type"),
]
DIAGRAM_TYPES = ("triangle", "cycle", "hub", "flow", "shift", "quadrants", "timeline")
