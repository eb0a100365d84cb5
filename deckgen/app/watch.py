"""``deckgen watch``: build once, then rebuild on every saved change.

The files that matter come from the build itself: the deck, its includes and
its theme are in ``Result.files``.  Images and CSV files are read during
lay-out and must sit inside the deck's root folder (or an ``--allow-outside``
root), so those folders are watched whole and changes are filtered by suffix;
the folders of files outside them (a theme in ``themes/``) are watched too.

A folder removed and made again (``git checkout``, ``git stash``) takes the
file-system watch with it: each wake-up checks that every watched folder is
still the one the watch was set on, says so when one goes, waits for it to
come back and watches it afresh.

A rebuild runs in this process, where python-pptx, the fonts' metrics and
the chart cache are already loaded, so a text edit costs only the work of the
build itself.  A failed build writes nothing (the writer only replaces the
output after a successful build), so the last good deck stays open-able.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import click

from deckgen.app.pipeline import Options, Result, build, default_output
from deckgen.errors import display_path

# What a deck may read: YAML, CSV data, pictures, theme templates.
RELEVANT_SUFFIXES = frozenset(
    {".yaml", ".yml", ".csv", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".pptx", ".potx"})
# Folders that never hold deck content but see many writes.
IGNORED_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "node_modules", ".pytest_cache",
     ".ruff_cache", ".mypy_cache", ".hypothesis", ".tox"})
READY_TIMEOUT_MS = 250  # how often the watcher wakes up with no change; also its start-up probe
STEP_MS = 30  # a burst of events (an editor's save) ends after this much quiet


@dataclass
class Watched:
    """What the current build depends on; the filter reads it on every event."""

    deck: Path
    output: Path
    roots: list[Path]
    files: set[Path] = field(default_factory=set)
    ignored: list[Path] = field(default_factory=list)

    def folders(self) -> list[Path]:
        """Roots, plus the folder of every file read from outside them."""
        found = list(self.roots)
        for path in sorted(self.files):
            if not any(_under(path, root) for root in found):
                found.append(path.parent)
        return [f for f in found if f.is_dir()]

    def relevant(self, path: Path) -> bool:
        if path in self.files:
            return True
        if path == self.output or path.name.startswith(".") or path.name.endswith("~"):
            return False  # the output, its temporary twin, editors' swap and backup files
        if path.suffix.lower() not in RELEVANT_SUFFIXES:
            return False
        if any(_under(path, folder) for folder in self.ignored):
            return False
        return not IGNORED_DIRS.intersection(path.parts)


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def watch_deck(deck: Path, options: Options, verbose: bool = False) -> int:
    """Build, then rebuild on change until Ctrl-C; always returns 0 once interrupted."""
    from deckgen.app.report import EXIT_OK

    # Ctrl-C is how a watch ends, even when started from a shell that ignores SIGINT
    # in background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    options = replace(options, output=Path(options.output) if options.output
                      else default_output(deck))
    state = watched(deck, options)
    try:
        follow(state, lambda: _rebuild(deck, options, state, verbose))
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)
    return EXIT_OK


def follow(state: Watched, rebuild: Callable[[], object]) -> None:
    """Call ``rebuild`` now and after every saved change of what it read, until interrupted.

    ``rebuild`` keeps ``state.files`` up to date (see :func:`remember`);
    ``deckgen watch`` and ``deckgen serve`` differ only in what it does.
    """
    started = time.time_ns()
    rebuild()
    _warm()
    while True:
        folders = state.folders()
        watcher = _Watcher(folders, state)
        with watcher as changes:
            if _touched_since(state, started):
                rebuild()
            click.echo(f"watching {_plural(len(state.files), 'file')} and "
                       f"{_plural(len(folders), 'folder')} (Ctrl-C to stop)", err=True)
            for _batch in changes:
                started = time.time_ns()
                rebuild()
                if state.folders() != folders:
                    break  # the deck now reads from a folder not watched yet
        if watcher.lost:
            _wait_for(watcher.lost, state)
            started = time.time_ns()
            rebuild()


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at this path (device and inode), or None when there is none."""
    try:
        info = folder.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if os.path.isdir(folder) else None


def _wait_for(lost: list[Path], state: Watched) -> None:
    """Say which folders went, then wait until they (and the deck) are there again."""
    names = ", ".join(display_path(f) for f in lost)
    one = len(lost) == 1
    click.echo(f"{names} {'was' if one else 'were'} removed or replaced; waiting for "
               f"{'it' if one else 'them'} to come back (Ctrl-C to stop)", err=True)
    while not (all(_identity(f) for f in lost) and state.deck.is_file()):
        time.sleep(READY_TIMEOUT_MS / 1000)
    time.sleep(STEP_MS / 1000)  # let a checkout finish writing what it restores
    click.echo(f"{names} {'is' if one else 'are'} back; building and watching again",
               err=True)


def watched(deck: Path, options: Options) -> Watched:
    """What to watch for ``deck``: its folder and roots, less caches and build output."""
    root = deck.resolve().parent
    roots = [root, *[Path(p).resolve() for p in options.allow_outside]]
    from deckgen.layout.fonts import cache_dir

    ignored = [cache_dir().resolve(), (Path.cwd() / "build").resolve()]
    output = Path(options.output).resolve()
    return Watched(deck=deck.resolve(), output=output, roots=roots, ignored=ignored)


def _warm() -> None:
    """Import every stage now, so the first rebuild after a save is as fast as the rest.

    The first build may have stopped early (a deck with errors) or found every
    chart in the cache; matplotlib is loaded anyway, since a changed figure is
    drawn in this process and would otherwise pay for the import on that save.
    """
    from deckgen.figures import warm

    warm()
    import deckgen.layout  # noqa: F401
    import deckgen.layout.kinds  # noqa: F401
    import deckgen.model  # noqa: F401
    import deckgen.ooxml.slides  # noqa: F401
    import deckgen.ooxml.writer  # noqa: F401
    import deckgen.source.loader  # noqa: F401


def _rebuild(deck: Path, options: Options, state: Watched, verbose: bool) -> Result:
    from deckgen.app.report import report

    start = time.perf_counter()
    result = build(deck, options)
    elapsed = (time.perf_counter() - start) * 1000
    remember(state, result)
    report(result)
    stamp = time.strftime("%H:%M:%S")
    if result.output is not None:
        click.echo(f"{stamp} wrote {display_path(result.output)} "
                   f"({_plural(result.slides, 'slide')}) in {elapsed:.0f} ms")
    else:
        count = len(result.problems.errors) or len(result.problems.warnings)
        kept = (f"; {display_path(options.output)} is left as it was"
                if Path(options.output).exists() else "; nothing written")
        click.echo(f"{stamp} {deck}: failed with {_plural(count, 'problem')}{kept}")
    if verbose:
        for path in sorted(state.files):
            click.echo(f"  reads {display_path(path)}")
    return result


def remember(state: Watched, result: Result) -> None:
    """Watch what this build read; a deck that fails to load keeps the last good list."""
    if result.files:
        state.files = {Path(p).resolve() for p in result.files} | {state.deck}
    else:
        state.files.add(state.deck)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _touched_since(state: Watched, since_ns: int) -> bool:
    """A save between the first build and the watcher's start must not be lost."""
    for path in state.files:
        try:
            if path.stat().st_mtime_ns >= since_ns:
                return True
        except OSError:
            continue
    return False


class _Watcher:
    """watchfiles' generator, entered only once its watcher is in place.

    ``watchfiles.watch`` sets up its watcher on the first ``next()``; asking it
    to yield on a short timeout lets us wait for that before checking for
    missed saves.  Empty yields (timeouts) are dropped on the way out.
    """

    def __init__(self, folders: list[Path], state: Watched):
        self.folders = folders
        self.state = state
        self._gen: Iterator[set] | None = None
        self._ids = {folder: _identity(folder) for folder in folders}
        self.lost: list[Path] = []  # folders gone or replaced since the watch was set

    def __enter__(self) -> Iterator[set]:
        from watchfiles import watch

        self._gen = watch(*self.folders, watch_filter=self._keep, step=STEP_MS,
                          rust_timeout=READY_TIMEOUT_MS, yield_on_timeout=True,
                          debounce=1000)
        first = next(self._gen)
        return self._changes(first)

    def _changes(self, first: set) -> Iterator[set]:
        """Batches of changes; ends when a watched folder is removed or replaced (checked
        at every wake-up, a quarter of a second when nothing happens)."""
        if first and not self._moved():
            yield first
        for batch in self._gen:  # type: ignore[union-attr]
            if self._moved():
                return
            if batch:
                yield batch

    def _moved(self) -> bool:
        self.lost = [f for f, known in self._ids.items() if _identity(f) != known]
        return bool(self.lost)

    def _keep(self, _change: object, path: str) -> bool:
        return self.state.relevant(Path(os.path.abspath(path)))

    def __exit__(self, *_exc: object) -> None:
        if self._gen is not None:
            self._gen.close()
