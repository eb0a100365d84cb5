"""The editor's commands: ``watch``, ``preview``, ``serve``, ``new``, ``import`` and
``template inspect``.

They are added to the group in :mod:`deckgen.cli` by :func:`register`, which
the CLI calls at import time; so this module imports only click at the top
(``deckgen --help`` must stay fast) and each command loads its work lazily.
"""

from __future__ import annotations

from pathlib import Path

import click

from deckgen.cli.options import allow_option, guard, strict_option, theme_option


def register(main: click.Group) -> None:
    """Add the commands to ``main``, sharing the CLI's options and exit handling."""
    deck = click.argument("deck", type=click.Path(exists=True, dir_okay=False, path_type=Path))

    @main.command()
    @deck
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="Output .pptx (default build/NAME.pptx).")
    @theme_option
    @strict_option
    @allow_option
    @click.option("-v", "--verbose", is_flag=True, help="List the files read after each build.")
    @click.pass_context
    def watch(ctx: click.Context, deck: Path, output: Path | None, theme: str | None,
              strict: bool, allow_outside: tuple[Path, ...], verbose: bool) -> None:
        """Build DECK.yaml, then rebuild on every saved change (Ctrl-C stops)."""
        from deckgen.app.pipeline import Options
        from deckgen.app.watch import watch_deck

        options = Options(theme=theme, strict=strict, output=output,
                          allow_outside=tuple(allow_outside))
        guard(ctx, lambda: watch_deck(deck, options, verbose))

    @main.command()
    @deck
    @click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                  help="Folder for the .pptx, PDF and PNGs (default build/preview/NAME/).")
    @theme_option
    @allow_option
    @click.option("--timeout", type=click.FloatRange(1), default=300, show_default=True,
                  help="Seconds LibreOffice may take.")
    @click.option("-r", "--resolution", type=click.IntRange(20, 600), default=96,
                  show_default=True, help="Pixels per inch of the slide PNGs.")
    @click.pass_context
    def preview(ctx: click.Context, deck: Path, out_dir: Path | None, theme: str | None,
                allow_outside: tuple[Path, ...], timeout: float, resolution: int) -> None:
        """Build DECK.yaml and render it to PDF, one PNG a slide and a contact sheet."""
        from deckgen.app.pipeline import Options
        from deckgen.app.preview import preview_deck

        options = Options(theme=theme, allow_outside=tuple(allow_outside))
        guard(ctx, lambda: preview_deck(deck, options, out_dir, timeout, resolution))

    @main.command()
    @deck
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="Output .pptx (default build/NAME.pptx).")
    @theme_option
    @strict_option
    @allow_option
    @click.option("--port", type=click.IntRange(0, 65535), default=8047, show_default=True,
                  help="Port to listen on (0 picks a free one).")
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Address to listen on; anything but loopback is warned about.")
    @click.option("--open", "open_page", is_flag=True, help="Open the page in a browser.")
    @click.option("--editor", default="vscode://file/{path}:{line}:{col}", show_default=True,
                  help="Link of each slide's file:line ('' for none).")
    @click.option("--timeout", type=click.FloatRange(1), default=120, show_default=True,
                  help="Seconds LibreOffice may take before it is restarted.")
    @click.pass_context
    def serve(ctx: click.Context, deck: Path, output: Path | None, theme: str | None,
              strict: bool, allow_outside: tuple[Path, ...], port: int, host: str,
              open_page: bool, editor: str, timeout: float) -> None:
        """Build DECK.yaml and show its slides on a page that follows every save."""
        from deckgen.app.pipeline import Options
        from deckgen.app.serve import serve_deck

        options = Options(theme=theme, strict=strict, output=output,
                          allow_outside=tuple(allow_outside))
        guard(ctx, lambda: serve_deck(deck, options, host, port, open_page, editor, timeout))

    @main.command()
    @click.argument("path", type=click.Path(path_type=Path))
    @click.pass_context
    def new(ctx: click.Context, path: Path) -> None:
        """Write a starter deck folder at PATH that builds as created."""
        guard(ctx, lambda: _new(path))

    @main.command("import")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("-o", "--output", "folder", required=True,
                  type=click.Path(path_type=Path), help="The deck folder to write.")
    @click.option("--force", is_flag=True,
                  help="Write into an existing folder, replacing the files it names.")
    @click.option("--no-render", "no_render", is_flag=True,
                  help="Do not render groups and drawn shapes through LibreOffice.")
    @click.pass_context
    def import_(ctx: click.Context, source: Path, folder: Path, force: bool,
                no_render: bool) -> None:
        """Turn SOURCE (.pptx or Markdown) into a deck folder of YAML, pictures and CSV."""
        guard(ctx, lambda: _import(source, folder, force, not no_render))

    @main.group()
    def template() -> None:
        """Look at a .pptx template a theme builds on."""

    @template.command("inspect")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.pass_context
    def inspect(ctx: click.Context, file: Path) -> None:
        """List every layout of FILE.pptx, its placeholders and the kinds built on it."""
        guard(ctx, lambda: _inspect(file))


def _inspect(file: Path) -> int:
    from deckgen.app.report import EXIT_DECK, EXIT_OK, report_problems
    from deckgen.app.templates import inspect_template
    from deckgen.errors import DeckError

    try:
        lines = inspect_template(file)
    except DeckError as exc:
        report_problems(exc.problems)
        return EXIT_DECK
    for line in lines:
        click.echo(line)
    return EXIT_OK


def _new(path: Path) -> int:
    from deckgen.app.report import EXIT_DECK, EXIT_OK
    from deckgen.app.scaffold import ScaffoldError, create

    try:
        written = create(path)
    except ScaffoldError as exc:
        click.echo(f"deckgen: error: {exc}", err=True)
        return EXIT_DECK
    for item in written:
        click.echo(f"wrote {item}")
    deck = path / "deck.yaml"
    click.echo(f"next: deckgen watch {deck}   (and deckgen preview {deck} to look at it)")
    return EXIT_OK


def _import(source: Path, folder: Path, force: bool, render: bool) -> int:
    from deckgen.app.importer import ImportError_, import_deck
    from deckgen.app.report import EXIT_DECK, EXIT_OK, report_problems
    from deckgen.errors import DeckError

    try:
        plan, problems, written = import_deck(source, folder, force, render)
    except ImportError_ as exc:
        click.echo(f"deckgen: error: {exc}", err=True)
        return EXIT_DECK
    except DeckError as exc:
        report_problems(exc.problems)
        click.echo("deckgen: nothing was written", err=True)
        return EXIT_DECK
    click.echo(f"wrote {folder / 'deck.yaml'} ({plan.slides} slides, {len(written)} files)")
    lines = plan.report.lines()
    if lines:
        click.echo("not carried over:")
        for line in lines:
            click.echo(f"  {line}")
    if problems.items:
        report_problems(problems)
        click.echo(f"deckgen: {folder / 'deck.yaml'} does not check clean with --strict; "
                   "fix the lines above", err=True)
        return EXIT_DECK
    return EXIT_OK
