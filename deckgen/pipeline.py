"""The whole pipeline, top to bottom: load -> validate -> lay out -> render -> write.

The CLI, watch mode and tests all call :func:`build`; nothing else strings the
stages together.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.errors import DeckError, Problems
from deckgen.layout.elements import Picture, SlidePlan


@dataclass
class Options:
    theme: str | None = None
    strict: bool = False
    output: Path | None = None
    allow_outside: list[Path] = field(default_factory=list)
    write: bool = True


@dataclass
class Result:
    deck: Path
    output: Path | None
    problems: Problems
    slides: int = 0
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def default_output(deck: Path, cwd: Path | None = None) -> Path:
    """``content/lecture/deck.yaml`` builds ``build/lecture.pptx``.

    A deck file with another name builds ``build/STEM.pptx``.
    """
    deck = Path(deck)
    name = deck.resolve().parent.name if deck.name in ("deck.yaml", "deck.yml") else deck.stem
    return (cwd or Path.cwd()) / "build" / f"{name}.pptx"


def build(deck: Path, options: Options | None = None) -> Result:
    """Compile one deck; every problem found is in the result, none is raised."""
    options = options or Options()
    deck = Path(deck)
    result = Result(deck=deck, output=None, problems=Problems())
    try:
        _run(deck, options, result)
    except DeckError as exc:
        if exc.problems is not result.problems:
            result.problems.extend(exc.problems)
    if options.strict and result.problems.warnings and not result.problems.errors:
        result.output = None
    return result


def _run(deck: Path, options: Options, result: Result) -> None:
    from deckgen.layout import plan_deck
    from deckgen.loader import load_deck
    from deckgen.model import validate
    from deckgen.themes import load_theme

    problems = result.problems
    source = load_deck(deck, options.allow_outside)
    result.files = list(source.files)
    problems.extend(source.problems)
    validated = validate(source, problems)
    theme = None
    if validated is not None:
        ref = options.theme or validated.meta.theme
        where = None if options.theme else source.data["deck"].where("theme")
        try:
            theme = load_theme(ref, source.root, where)
        except DeckError as exc:
            problems.extend(exc.problems)
    if validated is None or theme is None:
        problems.raise_if_errors()
        return
    if theme.path:
        result.files.append(theme.path)
    roots = [source.root, *[Path(p).resolve() for p in options.allow_outside]]
    # Slides that validated are laid out even when others did not, so one run
    # reports layout problems (missing images, ragged tables) alongside.
    plans = plan_deck(validated, theme, problems, roots)
    result.slides = len(plans)
    problems.raise_if_errors()
    if options.strict and problems.warnings:
        return
    if not options.write:
        return
    target = Path(options.output) if options.output else default_output(deck)
    _write(plans, theme, validated.meta, target, result)


def _write(plans: list[SlidePlan], theme, meta, target: Path, result: Result) -> None:  # noqa: ANN001
    from deckgen import charts
    from deckgen.render import new_presentation, render
    from deckgen.writer import check_target, deterministic_bytes, write_atomic

    check_target(target, result.files)
    jobs = [e.chart for p in plans for e in p.elements if isinstance(e, Picture) and e.chart]
    if jobs:
        charts.draw_all(jobs)
    from deckgen.layout import SLIDE_HEIGHT, WIDTHS

    prs = new_presentation(theme.template, WIDTHS[meta.aspect], SLIDE_HEIGHT, theme)
    render(prs, plans)
    _properties(prs, meta)
    write_atomic(deterministic_bytes(prs), target)
    result.output = target


def _properties(prs, meta) -> None:  # noqa: ANN001
    """Document properties come from the deck, never from the clock."""
    from deckgen import __version__, markup

    props = prs.core_properties
    props.title = markup.plain(meta.title)
    props.subject = markup.plain(meta.subtitle or "")
    props.author = meta.author or ""
    props.last_modified_by = f"deckgen {__version__}"
    props.language = meta.language
    props.revision = 1
    props.keywords = ""
    props.comments = ""
    props.category = ""
    stamp = _date(meta.date)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _date(text: str | None) -> dt.datetime:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    if match:
        try:
            return dt.datetime(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    return dt.datetime(2000, 1, 1)
