"""Build several decks in one call: folders expand to every deck.yaml under them.

One bad deck never stops the others; the exit status is the worst of all.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from deckgen.pipeline import Options, Result, build


def expand(paths: list[Path]) -> list[Path]:
    """Deck files named directly, plus every deck.yaml under a named folder."""
    decks: list[Path] = []
    for path in paths:
        if path.is_dir():
            decks.extend(sorted(path.rglob("deck.yaml")))
        else:
            decks.append(path)
    return decks


def build_many(paths: list[Path], *, output: Path | None, theme: str | None, strict: bool,
               allow_outside: list[Path], jobs: int, quiet: bool, verbose: bool,
               write: bool = True) -> int:
    from deckgen.cli import EXIT_DECK, EXIT_OK, EXIT_USAGE, report

    decks = expand(paths)
    if not decks:
        click.echo("deckgen: no deck.yaml found in the folders given", err=True)
        return EXIT_USAGE
    if output is not None and len(decks) > 1 and output.suffix.lower() == ".pptx":
        click.echo("deckgen: -o names one file but there are several decks; give a folder",
                   err=True)
        return EXIT_USAGE
    worst = EXIT_OK
    for deck, result, seconds in _results(decks, output, theme, strict, allow_outside, jobs,
                                          write):
        report(result)
        if result.problems.errors or (strict and result.problems.warnings):
            worst = EXIT_DECK
            count = len(result.problems.errors) or len(result.problems.warnings)
            status = f"failed with {count} problem{'s' if count != 1 else ''}"
        else:
            status = f"wrote {result.output}" if result.output else "ok"
        if not quiet or (write and verbose):
            extra = f" in {seconds:.2f}s" if verbose else ""
            click.echo(f"{deck}: {status} ({result.slides} slides){extra}")
    return worst


def _options(deck: Path, output: Path | None, theme: str | None, strict: bool,
             allow_outside: list[Path], write: bool, many: bool) -> Options:
    target = output
    if output is not None and many:
        from deckgen.pipeline import default_output

        target = output / default_output(deck).name
    return Options(theme=theme, strict=strict, output=target, allow_outside=allow_outside,
                   write=write)


def _one(deck: Path, options: Options) -> tuple[Path, Result, float]:
    start = time.perf_counter()
    result = build(deck, options)
    return deck, result, time.perf_counter() - start


def _results(decks: list[Path], output: Path | None, theme: str | None, strict: bool,
             allow_outside: list[Path], jobs: int, write: bool):  # noqa: ANN202
    many = len(decks) > 1
    work = [(d, _options(d, output, theme, strict, allow_outside, write, many)) for d in decks]
    if jobs <= 1 or len(decks) == 1:
        for deck, options in work:
            yield _one(deck, options)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_one, deck, options) for deck, options in work]
        for future in futures:
            yield future.result()
