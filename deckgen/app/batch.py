"""Build several decks in one call: folders expand to every deck.yaml under them.

One bad deck never stops the others, not even one that crashes deckgen or kills
the process building it (out of memory, a CPU limit): each deck's outcome is
reported on its own and the exit status is the worst of all.
Lines are printed in the order the decks were named, whatever order parallel
workers finish in, so CI logs of two runs can be compared.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from deckgen.app.parallel import QUIET_THREAD, WRITING
from deckgen.app.pipeline import Options, Result, build, default_output
from deckgen.errors import display_path

if TYPE_CHECKING:
    from concurrent.futures import Future

DECK_NAMES = ("deck.yaml", "deck.yml")
SKIPPED_DIRS = frozenset({"build", "node_modules", "venv", "__pycache__"})
BAR_DELAY = 0.5  # seconds; a build quicker than this never shows a bar


@dataclass
class Outcome:
    """One deck's result, or the internal error that stopped it."""

    deck: Path
    result: Result | None
    seconds: float
    crash: str | None = None
    trace: str | None = None
    died: int | None = None  # the process building it died: -signal, or its exit status


def expand(paths: list[Path]) -> list[Path]:
    """Deck files named directly, plus every deck.yaml under a named folder, once each."""
    decks: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        found = _decks_under(path) if path.is_dir() else [path]
        for deck in found:
            key = deck.resolve()
            if key not in seen:
                seen.add(key)
                decks.append(deck)
    return decks


def _decks_under(folder: Path) -> list[Path]:
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        found.extend(Path(here) / name for name in DECK_NAMES if name in files)
    return sorted(found)


def build_many(paths: list[Path], *, output: Path | None, theme: str | None, strict: bool,
               allow_outside: list[Path], jobs: int, quiet: bool, verbose: bool,
               write: bool = True) -> int:
    """Build (or with ``write=False`` check) every deck; return the worst exit status."""
    from deckgen.app.report import EXIT_USAGE

    decks = expand(paths)
    if not decks:
        click.echo("deckgen: no deck.yaml found in the folders given", err=True)
        return EXIT_USAGE
    # -o names a folder when it is one, or does not end in .pptx, or several decks share it.
    as_folder = output is not None and (len(decks) > 1 or output.is_dir()
                                        or output.suffix.lower() != ".pptx")
    if as_folder and output.suffix.lower() == ".pptx" and not output.is_dir():
        click.echo("deckgen: -o names one file but there are several decks; give a folder",
                   err=True)
        return EXIT_USAGE
    work = [(d, _options(d, output, as_folder, theme, strict, allow_outside, write))
            for d in decks]
    if write and (clash := _clash(work)):
        click.echo(f"deckgen: {clash}", err=True)
        return EXIT_USAGE
    show_bar = not quiet and sys.stderr.isatty()
    with Progress(len(decks), show_bar) as progress:
        worst = 0
        for outcome in _outcomes(work, jobs, progress):
            with progress.paused():
                worst = max(worst, _print(outcome, strict, quiet, verbose))
    return worst


def _options(deck: Path, output: Path | None, as_folder: bool, theme: str | None,
             strict: bool, allow_outside: list[Path], write: bool) -> Options:
    target = output / default_output(deck).name if output is not None and as_folder else output
    return Options(theme=theme, strict=strict, output=target, allow_outside=tuple(allow_outside),
                   write=write)


def _clash(work: list[tuple[Path, Options]]) -> str | None:
    """Two decks writing one file would leave only the last; refuse before building."""
    owners: dict[Path, Path] = {}
    for deck, options in work:
        target = (options.output or default_output(deck)).resolve()
        if target in owners:
            return (f"{owners[target]} and {deck} would both write {options.output or target}; "
                    "build them separately with -o")
        owners[target] = deck
    return None


def _print(outcome: Outcome, strict: bool, quiet: bool, verbose: bool) -> int:
    """Report one deck; return its exit status."""
    from deckgen.app.report import EXIT_BUG, EXIT_DECK, EXIT_OK, report

    if outcome.died is not None:
        click.echo(f"{outcome.deck}: failed: {death(outcome.died)}", err=True)
        return died_status(outcome.died)
    if outcome.crash is not None:
        ctx = click.get_current_context(silent=True)
        if ctx is not None and (ctx.obj or {}).get("debug") and outcome.trace:
            click.echo(outcome.trace, err=True, nl=False)
        click.echo(f"{outcome.deck}: internal error: {outcome.crash} "
                   "(run with --debug for details and please report it)", err=True)
        return EXIT_BUG
    result = outcome.result
    assert result is not None
    report(result)
    failed = bool(result.problems.errors or (strict and result.problems.warnings))
    if failed:
        count = len(result.problems.errors) or len(result.problems.warnings)
        status = f"failed with {_plural(count, 'problem')}"
    else:
        done = f"wrote {display_path(result.output)}" if result.output else "ok"
        if result.fresh:
            done = f"{display_path(result.output)} is up to date"
        status = f"{done} ({_plural(result.slides, 'slide')})"
    if not quiet or verbose:
        extra = f" in {outcome.seconds:.2f} s" if verbose else ""
        click.echo(f"{outcome.deck}: {status}{extra}")
    if verbose:
        for note in result.notes:
            click.echo(f"  {note}")
        for path in result.files:
            click.echo(f"  read {display_path(path)}")
    return EXIT_DECK if failed else EXIT_OK


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _one(deck: Path, options: Options) -> Outcome:
    """Build one deck; never raises, so a crash is one deck's outcome, not the batch's."""
    start = time.perf_counter()
    try:
        result = build(deck, options)
    except Exception as exc:  # a bug in deckgen: report it against this deck, go on
        return Outcome(deck, None, time.perf_counter() - start,
                       crash=f"{type(exc).__name__}: {exc}", trace=traceback.format_exc())
    return Outcome(deck, result, time.perf_counter() - start)


def _quiet_worker(parent: int) -> None:
    """Ctrl-C is the parent's to handle; a worker finishes its deck and is shut down.
    A worker whose parent is killed goes with it rather than wait for work forever."""
    from deckgen.figures.lifeline import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


# Signals that end a build from outside, and what usually sends them.
_KILLERS = {signal.SIGKILL: "the kernel sends it when memory runs out",
            signal.SIGXCPU: "a CPU time limit was reached",
            signal.SIGSEGV: "a crash in a library"}


def death(code: int) -> str:
    """What to say of a deck whose process died with exit ``code`` (-N for signal N)."""
    if code >= 0:
        return f"the process building it exited with status {code} before it was done"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    why = _KILLERS.get(-code)
    return f"the process building it was killed by {name}" + (f" ({why})" if why else "")


def died_status(code: int) -> int:
    """The status a shell gives a command killed by signal N: 128 + N."""
    return 128 - code if code < 0 else max(code, 1)


def _isolated(work: list[tuple[Path, Options]], jobs: int) -> Iterator[Outcome]:
    """Build each deck in a process of its own, ``jobs`` at a time, in order.

    After a pool worker dies, every deck of the pool fails with the same
    BrokenProcessPool and nothing says which one killed it; built alone, a deck
    that kills its process again is the one reported, and the others are built.
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    running: list[tuple[Path, Any, Any, float]] = []
    queue = list(work)
    while queue or running:
        while queue and len(running) < max(jobs, 1):
            deck, options = queue.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_alone, args=(send, deck, options, os.getpid()))
            process.start()
            send.close()
            running.append((deck, process, receive, time.perf_counter()))
        deck, process, receive, start = running.pop(0)
        try:
            outcome = receive.recv()
        except (EOFError, OSError):
            outcome = None
        process.join()
        receive.close()
        if outcome is None:
            outcome = Outcome(deck, None, time.perf_counter() - start,
                              died=process.exitcode if process.exitcode is not None else 1)
        yield outcome


def _after_break(work: list[tuple[Path, Options]], futures: list[Future],
                 jobs: int) -> Iterator[Outcome]:
    """Decks the broken pool finished keep their outcome; the others are built again,
    each in a process of its own."""
    lost = [_lost(future) for future in futures]
    again = _isolated([w for w, gone in zip(work, lost, strict=True) if gone], jobs)
    for (deck, _opts), future, gone in zip(work, futures, lost, strict=True):
        if gone:
            yield next(again)
        elif (exc := future.exception()) is not None:
            yield Outcome(deck, None, 0.0, crash=f"{type(exc).__name__}: {exc}")
        else:
            yield future.result()


def _lost(future: Future) -> bool:
    """True for a deck the broken pool never finished (cancelled, or broken with it)."""
    from concurrent.futures.process import BrokenProcessPool

    return future.cancelled() or isinstance(future.exception(), BrokenProcessPool)


def _alone(send: Any, deck: Path, options: Options, parent: int) -> None:
    """A process of its own: build one deck, send its outcome back."""
    _quiet_worker(parent)
    send.send(_one(deck, options))
    send.close()


def _outcomes(work: list[tuple[Path, Options]], jobs: int,
              progress: Progress) -> Iterator[Outcome]:
    if jobs <= 1 or len(work) == 1:
        for deck, options in work:
            progress.start(deck)
            outcome = _one(deck, options)
            progress.finished()
            yield outcome
        return
    # Imported here: a single deck (an up-to-date one takes a tenth of a second) needs no pool.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: the progress thread may hold a lock at the moment of a fork.
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(work)), initializer=_quiet_worker,
                               initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context("spawn"))
    try:
        futures: list[Future] = []
        for deck, options in work:
            future = pool.submit(_one, deck, options)
            future.add_done_callback(lambda _f: progress.finished())
            futures.append(future)
        progress.start(None)
        for index, ((deck, _opts), future) in enumerate(zip(work, futures, strict=True)):
            try:
                yield future.result()
            except BrokenProcessPool:  # a worker died: this deck's or another's
                pool.shutdown(wait=True, cancel_futures=True)
                yield from _after_break(work[index:], futures[index:], jobs)
                return
            except Exception as exc:  # the deck could not be sent to a worker or back
                yield Outcome(deck, None, 0.0, crash=f"{type(exc).__name__}: {exc}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Progress:
    """A one-line bar on stderr, drawn only on a terminal and only for slow builds.

    A background thread redraws it a few times a second, so a single long
    deck still shows that something is happening; ``paused()`` clears it while
    a result is printed, so lines never mix with the bar.
    """

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled
        self.done = 0
        self.current: Path | None = None
        self.begun = time.monotonic()
        self._lock = WRITING  # also held while a large deck's lay-out forks
        self._stop = threading.Event()
        self._drawn = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True, name=QUIET_THREAD)
            self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            self._clear()

    def start(self, deck: Path | None) -> None:
        with self._lock:
            self.current = deck

    def finished(self) -> None:
        with self._lock:
            self.done += 1

    def paused(self) -> _Paused:
        return _Paused(self)

    def _run(self) -> None:
        # Look before the first wait, so a zero delay draws at once however fast the build.
        while True:
            if time.monotonic() - self.begun >= BAR_DELAY:
                with self._lock:
                    self._draw()
            if self._stop.wait(0.1):
                return

    def _draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns
        elapsed = time.monotonic() - self.begun
        count = f" {self.done}/{self.total} decks {elapsed:4.1f} s "
        name = f" {self.current}" if self.current is not None else ""
        bar_width = max(10, min(30, width - len(count) - 4))
        filled = round(bar_width * self.done / self.total)
        line = f"[{'#' * filled}{'-' * (bar_width - filled)}]{count}{name}"
        sys.stderr.write("\r" + line[: width - 1].ljust(width - 1))
        sys.stderr.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn:
            width = shutil.get_terminal_size((80, 24)).columns
            sys.stderr.write("\r" + " " * (width - 1) + "\r")
            sys.stderr.flush()
            self._drawn = False


class _Paused:
    def __init__(self, progress: Progress):
        self.progress = progress

    def __enter__(self) -> None:
        self.progress._lock.acquire()
        self.progress._clear()

    def __exit__(self, *_exc: object) -> None:
        self.progress._lock.release()
