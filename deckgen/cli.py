"""Command line: parses arguments and calls the pipeline, nothing more.

Exit status: 0 built (warnings allowed), 1 the deck has errors (or warnings
with ``--strict``), 2 the command was used wrongly, 3 deckgen itself failed.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from deckgen import __version__

EXIT_OK, EXIT_DECK, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


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


def _guard(ctx: click.Context, work: Callable[[], int]) -> None:
    """Run a command; turn interrupts and bugs into exit codes without tracebacks."""
    try:
        code = work()
    except KeyboardInterrupt:
        click.echo("deckgen: interrupted; nothing was written", err=True)
        code = 130
    except Exception as exc:  # a bug in deckgen, not in the deck
        if ctx.obj.get("debug"):
            traceback.print_exc()
        click.echo(f"deckgen: internal error: {type(exc).__name__}: {exc} "
                   "(run with --debug for details and please report it)", err=True)
        code = EXIT_BUG
    ctx.exit(code)


def report(result: Any, quiet: bool = False) -> None:
    """Print every problem, one a line, as editors and CI annotators read them."""
    from deckgen.annotations import annotate

    for problem in sorted(result.problems, key=_order):
        click.echo(problem.format(), err=True)
        annotate(problem)


def _order(problem: Any) -> tuple:
    where = problem.where
    return (where.file, where.line, where.col) if where else ("", 0, 0)


def _status(result: Any, strict: bool) -> int:
    if result.problems.errors or (strict and result.problems.warnings):
        return EXIT_DECK
    return EXIT_OK


deck_argument = click.argument(
    "decks", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
allow_option = click.option(
    "--allow-outside", "allow_outside", multiple=True, type=click.Path(path_type=Path),
    help="Also allow content files under this folder (repeatable).")
theme_option = click.option("--theme", help="Theme name or file, overriding the deck's.")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


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
    from deckgen.batch import build_many

    _guard(ctx, lambda: build_many(list(decks), output=output, theme=theme, strict=strict,
                                   allow_outside=list(allow_outside), jobs=jobs, quiet=quiet,
                                   verbose=verbose))


@main.command()
@deck_argument
@theme_option
@strict_option
@allow_option
@click.pass_context
def check(ctx: click.Context, decks: tuple[Path, ...], theme: str | None, strict: bool,
          allow_outside: tuple[Path, ...]) -> None:
    """Validate and lay out decks; write nothing."""
    from deckgen.batch import build_many

    _guard(ctx, lambda: build_many(list(decks), output=None, theme=theme, strict=strict,
                                   allow_outside=list(allow_outside), jobs=1, quiet=True,
                                   verbose=False, write=False))


@main.command()
def themes() -> None:
    """List the themes found, one a line, with a description."""
    import yaml

    from deckgen.themes import available

    for name, path in available().items():
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        click.echo(f"{name:10}  {data.get('description', '')}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the deck format, for editors."""
    from deckgen.schema import schema_json

    text = schema_json()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text)


if os.environ.get("DECKGEN_NO_EXTRA_COMMANDS") is None:
    try:
        from deckgen.commands import register

        register(main)
    except ImportError:
        pass

if __name__ == "__main__":
    sys.exit(main())
