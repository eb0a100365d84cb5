"""One problem type with a source location, used by every stage.

Stages never stop at the first problem: they add to a :class:`Problems`
collector and the pipeline raises :class:`DeckError` once a stage is done, so
an editor sees every mistake of a deck in one run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One error or warning, printable as ``file:line:col: error: message``."""

    severity: str  # "error" or "warning"
    message: str
    where: Location | None = None
    hint: str | None = None

    def format(self) -> str:
        head = f"{self.where}: " if self.where else "deckgen: "
        text = f"{head}{self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Problems:
    """Collects problems across a whole run; stages append, the CLI prints."""

    items: list[Problem] = field(default_factory=list)

    def error(self, message: str, where: Location | None = None, hint: str | None = None) -> None:
        self.items.append(Problem("error", message, where, hint))

    def warning(self, message: str, where: Location | None = None, hint: str | None = None) -> None:
        self.items.append(Problem("warning", message, where, hint))

    def extend(self, other: Problems | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_errors(self) -> None:
        """End the current stage: later stages cannot work on a broken input."""
        if self.errors:
            raise DeckError(self)


class DeckError(Exception):
    """Raised when a deck cannot be built; carries every problem found so far."""

    def __init__(
        self,
        problems: Problems | Problem | str,
        where: Location | None = None,
        hint: str | None = None,
    ):
        if isinstance(problems, str):
            problems = Problem("error", problems, where, hint)
        if isinstance(problems, Problem):
            problems = Problems([problems])
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def slide_name(number: int) -> str:
    """How every message names a slide: ``slide N``, N counting the slides as the deck shows
    them from 1 (the title slide is slide 1, each part of a split slide counts); a hidden
    slide, which the deck does not show, is ``hidden slide``."""
    return f"slide {number}" if number > 0 else "hidden slide"


def display_path(path: Path | str) -> str:
    """Show paths relative to the working folder when possible, as editors expect."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # not below it, or a symlink loop
        return str(p)
