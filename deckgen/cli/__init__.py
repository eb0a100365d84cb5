"""Command line: parses arguments and calls the pipeline, nothing more.

The exit statuses are defined in :mod:`deckgen.app.report`.  Nothing imports
this package but the ``deckgen`` entry point.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

import click

from deckgen import __version__
from deckgen.cli.commands import register
from deckgen.cli.options import allow_option, deck_argument, guard, strict_option, theme_option


def _terminate(signum: int, _frame: Any) -> None:
    """SIGTERM unwinds like Ctrl-C, so temporary files are removed on the way out."""
    raise KeyboardInterrupt


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="deckgen")
@click.option("--debug", is_flag=True, help="Show a traceback when deckgen itself fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Compile slide decks written in YAML into themed PowerPoint files."""
    ctx.obj = {"debug": debug}
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminate)


@main.command()
@deck_argument
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output .pptx (one deck) or folder (several decks).")
@theme_option
@strict_option
@allow_option
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Build this many decks in parallel.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
@click.option("-v", "--verbose", is_flag=True, help="Print timing and every file read.")
@click.pass_context
def build(ctx: click.Context, decks: tuple[Path, ...], output: Path | None, theme: str | None,
          strict: bool, allow_outside: tuple[Path, ...], jobs: int, quiet: bool,
          verbose: bool) -> None:
    """Build DECK.yaml (or every deck.yaml under a folder) into .pptx files."""
    from deckgen.app.batch import build_many

    guard(ctx, lambda: build_many(list(decks), output=output, theme=theme, strict=strict,
                                   allow_outside=list(allow_outside), jobs=jobs, quiet=quiet,
                                   verbose=verbose))


@main.command()
@deck_argument
@theme_option
@strict_option
@allow_option
@click.option("--a11y", is_flag=True,
              help="Also report what PowerPoint's Accessibility Checker would, per slide: "
                   "missing alt text and titles, repeated titles, low contrast, tables "
                   "without a header row, reading order.")
@click.pass_context
def check(ctx: click.Context, decks: tuple[Path, ...], theme: str | None, strict: bool,
          allow_outside: tuple[Path, ...], a11y: bool) -> None:
    """Validate and lay out decks; write nothing."""
    from deckgen.app.batch import build_many

    if a11y:
        from deckgen.app.a11y import check_decks

        guard(ctx, lambda: check_decks(list(decks), theme=theme, strict=strict,
                                       allow_outside=list(allow_outside)))
        return
    guard(ctx, lambda: build_many(list(decks), output=None, theme=theme, strict=strict,
                                   allow_outside=list(allow_outside), jobs=1, quiet=True,
                                   verbose=False, write=False))


@main.command()
@click.pass_context
def themes(ctx: click.Context) -> None:
    """List the themes found, one a line, with a description."""
    guard(ctx, _themes)


def _themes() -> int:
    """A theme file that does not load is a located error; the others are still listed."""
    from deckgen.app.report import EXIT_DECK, EXIT_OK, report_problems
    from deckgen.errors import DeckError, Problems
    from deckgen.model.themes import available
    from deckgen.source.loader import parse_yaml

    failed = Problems()
    for name, path in available().items():
        try:
            data = parse_yaml(path, Problems())
        except DeckError as exc:
            failed.extend(exc.problems)
            continue
        description = data.get("description", "") if isinstance(data, dict) else ""
        click.echo(f"{name:10}  {description or ''}")
    report_problems(failed)
    return EXIT_DECK if failed.errors else EXIT_OK


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
@click.pass_context
def schema(ctx: click.Context, output: Path | None) -> None:
    """Print the JSON Schema of the deck format, for editors."""
    guard(ctx, lambda: _schema(output))


def _schema(output: Path | None) -> int:
    from deckgen.app.report import EXIT_DECK, EXIT_OK
    from deckgen.model.schema import schema_json

    text = schema_json()
    if not output:
        click.echo(text)
        return EXIT_OK
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"deckgen: error: cannot write '{output}': {exc.strerror or exc}", err=True)
        return EXIT_DECK
    return EXIT_OK


register(main)

if __name__ == "__main__":
    sys.exit(main())
