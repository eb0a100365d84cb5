"""What the commands share: their common options and the guard around their work."""

from __future__ import annotations

import gc
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from deckgen.app.report import EXIT_BUG, EXIT_INTERRUPTED


def guard(ctx: click.Context, work: Callable[[], int]) -> None:
    """Run a command; turn interrupts and bugs into exit codes without tracebacks."""
    try:
        code = work()
    except KeyboardInterrupt:
        click.echo("deckgen: interrupted; nothing was written", err=True)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = _reader_gone()
    except Exception as exc:  # a bug in deckgen, not in the deck
        if ctx.obj.get("debug"):
            traceback.print_exc()
        click.echo(f"deckgen: internal error: {type(exc).__name__}: {exc} "
                   "(run with --debug for details and please report it)", err=True)
        code = EXIT_BUG
    # The work is done and the process ends: what it built is left for the exit to
    # free, without the interpreter's last full scan for cycles over all of it
    # (0.15 s after a 1,000-slide build).
    gc.freeze()
    ctx.exit(code)


def _reader_gone() -> int:
    """The exit status of a command whose output's reader stopped reading (``| head``).

    Not a bug: the command ends quietly, as one killed by SIGPIPE would, and
    stdout is pointed at the null device so the interpreter's own flush at exit
    does not fail again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + signal.SIGPIPE


deck_argument = click.argument(
    "decks", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
allow_option = click.option(
    "--allow-outside", "allow_outside", multiple=True, type=click.Path(path_type=Path),
    help="Also allow content files under this folder (repeatable).")
theme_option = click.option("--theme", help="Theme name or file, overriding the deck's.")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
