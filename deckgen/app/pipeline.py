"""The whole pipeline, top to bottom: load -> validate -> lay out -> render -> write.

The CLI, watch mode and tests all call :func:`build`; nothing else strings the
stages together.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen.errors import DeckError, Location, Problems
from deckgen.source.paths import recording_reads

if TYPE_CHECKING:  # the lay-out stage costs a third of a second to import: not for a skip
    from deckgen.figures import DeckCharts
    from deckgen.layout.plan import SlidePlan


@dataclass(frozen=True)
class Options:
    """How to build; frozen, so a watch or preview loop derives its own with ``replace``."""

    theme: str | None = None
    strict: bool = False
    output: Path | None = None
    allow_outside: tuple[Path, ...] = ()
    write: bool = True


@dataclass(frozen=True)
class SlideInfo:
    """What a preview shows beside a slide's picture: where it is written, its notes."""

    title: str
    where: Location
    notes: str


@dataclass
class Result:
    deck: Path
    output: Path | None
    problems: Problems
    slides: int = 0
    files: list[Path] = field(default_factory=list)
    outline: list[SlideInfo] = field(default_factory=list)  # one a slide, in order
    notes: list[str] = field(default_factory=list)  # colours changed so text reads, for -v
    fresh: bool = False  # the output was up to date: nothing was built

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
    target = Path(options.output) if options.output else default_output(deck)
    if options.write and (fresh := _up_to_date(deck, options, target)) is not None:
        return fresh
    started = time.time_ns()
    result = Result(deck=deck, output=None, problems=Problems())
    # Nearly everything a build makes lives until it ends, so the cycle collector
    # would only re-scan a growing heap (a third of a 5,000-slide build).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with recording_reads() as reads:
            _run(deck, options, result, reads)
            result.files = _in_order([*result.files, *reads])  # pictures and CSV too
            if result.output is not None and not result.problems.errors:
                _remember(deck, options, result, reads, started)
    except DeckError as exc:
        if exc.problems is not result.problems:
            result.problems.extend(exc.problems)
    finally:
        if collecting:
            gc.enable()
    if options.strict and result.problems.warnings and not result.problems.errors:
        result.output = None
    return result


def _in_order(paths: list[Path]) -> list[Path]:
    """Each file once, where it was first read: ``-v`` lists what a build depended on."""
    seen: dict[Path, None] = {}
    for path in paths:
        seen.setdefault(Path(path).resolve(), None)
    return list(seen)


def _up_to_date(deck: Path, options: Options, target: Path) -> Result | None:
    """The last build's result when nothing it depends on changed since it wrote ``target``."""
    from deckgen.app import uptodate

    saved = uptodate.check(deck, options, target)
    if saved is None:
        return None
    report = saved["report"]
    problems = Problems([uptodate.problem_from(p) for p in report["problems"]])
    outline = [SlideInfo(s["title"], Location(**s["where"]), s["notes"])
               for s in report["outline"]]
    return Result(deck=deck, output=target, problems=problems, slides=report["slides"],
                  files=[Path(f) for f in report["files"]], outline=outline,
                  notes=list(report["notes"]), fresh=True)


def _remember(deck: Path, options: Options, result: Result, reads: list[Path],
              started: int) -> None:
    """Keep what a skipped build needs to be checked and to report the same."""
    from deckgen.app import uptodate

    assert result.output is not None
    report: dict[str, Any] = {
        "problems": [uptodate.problem_data(p) for p in result.problems],
        "slides": result.slides, "files": [str(f) for f in result.files],
        "outline": [{"title": s.title, "where": vars(s.where), "notes": s.notes}
                    for s in result.outline],
        "notes": result.notes}
    uptodate.record(deck, options, result.output, [deck, *result.files, *reads], report,
                    started)


def _run(deck: Path, options: Options, result: Result, reads: list[Path]) -> None:
    from deckgen.source.loader import load_deck

    source = load_deck(deck, options.allow_outside)
    result.files = list(source.files)
    result.problems.extend(source.problems)
    # Before the model and lay-out stages are imported: a drawer started now imports
    # matplotlib on another core while this process loads them and lays the deck out.
    charts = _charts(deck, options, source)
    try:
        _compile(deck, options, result, reads, source, charts)
    finally:
        if charts is not None:
            charts.close()


def _charts(deck: Path, options: Options, source: Any) -> DeckCharts | None:
    """The charts of a deck that is written and has chart slides (none are drawn yet)."""
    slides = source.data.get("slides") if isinstance(source.data, dict) else None
    if not options.write or not isinstance(slides, list):
        return None
    if not any(isinstance(s, dict) and "chart" in s for s in slides):
        return None
    from deckgen.figures import DeckCharts

    return DeckCharts(deck, options.theme)


def _compile(deck: Path, options: Options, result: Result, reads: list[Path], source: Any,
             charts: DeckCharts | None) -> None:
    from deckgen.app.parallel import plan_deck_parallel
    from deckgen.layout.templates import check_deck_layout, deck_layouts, on_template
    from deckgen.model import validate
    from deckgen.model.themes import load_theme

    problems = result.problems
    validated = validate(source, problems)
    theme = None
    roots = [source.root, *[Path(p).resolve() for p in options.allow_outside]]
    if validated is not None:
        ref = options.theme or validated.meta.theme
        where = None if options.theme else source.data["deck"].where("theme")
        try:  # a deck's own theme file stays inside the deck's folders, like any content
            theme = load_theme(ref, source.root, where, None if options.theme else roots)
        except DeckError as exc:
            problems.extend(exc.problems)
    if validated is None or theme is None:
        problems.raise_if_errors()
        return
    if theme.path:
        result.files.append(theme.path)
    if theme.template:
        result.files.append(theme.template)
    # Slides that validated are laid out even when others did not, so one run
    # reports layout problems (missing images, ragged tables) alongside.
    deck_block = source.data["deck"]
    layouts = deck_layouts(theme, problems)
    validated = on_template(validated, theme, layouts.template, problems,
                            deck_block.where("aspect"))
    check_deck_layout(validated, layouts, problems, deck_block)
    plans = plan_deck_parallel(validated, theme, problems, roots, result.notes,
                               deck_block.where("layout"), layouts)
    result.slides = len(plans)
    result.outline = [SlideInfo(p.title, p.where, p.notes) for p in plans]
    problems.raise_if_errors()
    if options.strict and problems.warnings:
        return
    if not options.write:
        return
    target = Path(options.output) if options.output else default_output(deck)
    _write(plans, theme, validated.meta, target, result, reads, charts)


def _write(plans: list[SlidePlan], theme, meta, target: Path, result: Result,  # noqa: ANN001
           reads: list[Path], charts: DeckCharts | None) -> None:
    from deckgen.layout import SLIDE_HEIGHT, WIDTHS
    from deckgen.layout.plan import Picture
    from deckgen.ooxml.writer import check_target, deterministic_bytes, write_atomic

    check_target(target, [*result.files, *reads])  # CSV and pictures too
    jobs = [e.chart for p in plans for e in p.elements if isinstance(e, Picture) and e.chart]
    if charts is not None:  # the missing ones are drawn while python-pptx is imported below
        charts.hand_over(jobs)
    from deckgen.ooxml.package import new_presentation
    from deckgen.ooxml.slides import write_slides

    prs = new_presentation(theme.template, WIDTHS[meta.aspect], SLIDE_HEIGHT, theme)
    pictures: dict[str, bytes] = {}
    if charts is not None:
        pictures = charts.pictures()
    elif jobs:
        from deckgen.figures import draw_all

        pictures = draw_all(jobs).pictures
    write_slides(prs, plans, pictures)
    _properties(prs, meta)
    write_atomic(deterministic_bytes(prs), target)
    result.output = target


def _properties(prs, meta) -> None:  # noqa: ANN001
    """Document properties come from the deck, never from the clock."""
    from deckgen import __version__
    from deckgen.model import markup

    props = prs.core_properties
    props.title = _property(markup.plain(meta.title))
    props.subject = _property(markup.plain(meta.subtitle or ""))
    props.author = _property(meta.author or "")
    props.last_modified_by = f"deckgen {__version__}"
    props.language = _property(meta.language)
    props.revision = 1
    props.keywords = ""
    props.comments = ""
    props.category = ""
    stamp = _date(meta.date)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _property(text: str) -> str:
    """python-pptx refuses properties over 255 characters or holding control characters."""
    from deckgen.source.loader import BAD_CHARS

    text = BAD_CHARS.sub("", text)
    return text if len(text) <= 255 else text[:254] + "…"


def _date(text: str | None) -> dt.datetime:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    if match:
        try:
            return dt.datetime(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    return dt.datetime(2000, 1, 1)
