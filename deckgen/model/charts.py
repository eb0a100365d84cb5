"""Chart specifications (content-format section 3)."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from deckgen.model.base import Strict
from deckgen.model.types import Boolean, Number, Text

CHART_TYPES = (
    "bar", "barh", "stacked-bar", "line", "area", "pie", "donut", "scatter", "heatmap",
)


class Series(Strict):
    """One named row of values, as many as there are categories."""

    name: Text = ""
    values: list[Optional[Number]]


class Chart(Strict):
    """A chart drawn with matplotlib in the deck's theme."""

    type: Literal[CHART_TYPES]  # type: ignore[valid-type]
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
