"""Chart specifications, and the table of chart types with what data each accepts.

Adding a chart type is one line in :data:`CHART_TYPES` here (its name and
rules, checked during lay-out) and one module in :mod:`deckgen.figures.types`
(its drawing) with one line in that package's table; a test keeps the two
tables in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from pydantic import Field

from deckgen.model.base import Strict
from deckgen.model.types import Boolean, Number, Text

MAX_WEDGES = 24  # more cannot be told apart; a bar chart shows them


@dataclass(frozen=True)
class Rules:
    """Checks the lay-out stage applies before anything is drawn."""

    noun: str  # "bar chart": used in alt text
    min_series: int = 1
    max_series: Optional[int] = None
    gaps: bool = True  # null values allowed (drawn as a gap)
    negative: bool = True
    series_hint: str = ""  # said when the number of series is wrong
    max_categories: Optional[int] = None  # past this the chart cannot be read
    native: bool = True  # PowerPoint has this kind of chart (``native: true`` may ask for it)


CHART_TYPES: dict[str, Rules] = {
    "bar": Rules(noun="bar chart", series_hint="one or more series"),
    "barh": Rules(noun="horizontal bar chart", series_hint="one or more series"),
    "stacked-bar": Rules(noun="stacked bar chart", series_hint="one or more series"),
    "line": Rules(noun="line chart", series_hint="one or more series"),
    "area": Rules(noun="area chart", series_hint="one or more series"),
    "pie": Rules(noun="pie chart", max_series=1, gaps=False, negative=False,
                 series_hint="exactly one series", max_categories=MAX_WEDGES),
    "donut": Rules(noun="donut chart", max_series=1, gaps=False, negative=False,
                   series_hint="exactly one series", max_categories=MAX_WEDGES),
    "scatter": Rules(noun="scatter chart", max_series=2,
                     series_hint="one series (values against the categories) or two (x and y)"),
    "heatmap": Rules(noun="heatmap", native=False),
}
NATIVE_TYPES = tuple(name for name, rules in CHART_TYPES.items() if rules.native)


class Series(Strict):
    """One named row of values, as many as there are categories."""

    name: Text = ""
    values: list[Optional[Number]]


class Chart(Strict):
    """A chart in the deck's theme: a matplotlib picture, or a native PowerPoint chart."""

    type: Literal[tuple(CHART_TYPES)]  # type: ignore[valid-type]
    categories: Optional[list[Text]] = None
    series: Optional[list[Series]] = Field(None, description="one value per category each")
    data: Optional[Text] = Field(None, description="CSV file: first column categories")
    rows: Optional[list[Text]] = Field(None, description="heatmap row labels")
    columns: Optional[list[Text]] = Field(None, description="heatmap column labels")
    values: Optional[list[list[Optional[Number]]]] = Field(None, description="heatmap cells")
    center: Optional[Number] = Field(None, description="heatmap: the neutral value")
    unit: Text = Field("", description="appended to value labels and the value axis")
    labels: Boolean = Field(False, description="value labels on bars, points and wedges")
    highlight: Optional[Text] = Field(
        None, description="a category or series (heatmap: a row or column) in the accent colour")
    x_label: Optional[Text] = None
    y_label: Optional[Text] = None
    alt: Optional[Text] = Field(None, description="description of the picture; generated "
                                "from the data when absent")
    native: Optional[Boolean] = Field(
        None, description="true: an editable PowerPoint chart with its data in a workbook; "
        "false: a picture; absent: as deck.charts says")
