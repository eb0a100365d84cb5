"""What each chart type accepts, declared beside its drawing code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


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
