"""``deckgen check --a11y``: what PowerPoint's Accessibility Checker would report, per slide.

The deck is built into a temporary file and read back
(:mod:`deckgen.ooxml.accessibility`), so the report is about what a screen
reader gets; each finding is placed on its slide's line in the YAML.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import click

from deckgen.app.pipeline import Options, Result, build
from deckgen.errors import Problems


def check_decks(paths: list[Path], *, theme: str | None, strict: bool,
                allow_outside: list[Path]) -> int:
    """Check every deck; return the worst exit status (findings fail only with --strict)."""
    from deckgen.app.batch import expand
    from deckgen.app.report import EXIT_DECK, EXIT_OK, EXIT_USAGE, report_problems

    decks = expand(paths)
    if not decks:
        click.echo("deckgen: no deck.yaml found in the folders given", err=True)
        return EXIT_USAGE
    worst = EXIT_OK
    for deck in decks:
        result, findings = audit_deck(deck, Options(theme=theme,
                                                    allow_outside=tuple(allow_outside)))
        report_problems(result.problems)
        report_problems(findings)
        if result.problems.errors:
            click.echo(f"{deck}: failed with {len(result.problems.errors)} problem(s)")
            worst = max(worst, EXIT_DECK)
            continue
        count = len(findings)
        click.echo(f"{deck}: {count or 'no'} accessibility finding{'' if count == 1 else 's'} "
                   f"({result.slides} slides)")
        if strict and (count or result.problems.warnings):
            worst = max(worst, EXIT_DECK)
    return worst


def audit_deck(deck: Path, options: Options) -> tuple[Result, Problems]:
    """Build ``deck`` aside and read it back: the build's result and the findings, located."""
    from deckgen.app import uptodate
    from deckgen.ooxml.accessibility import check

    findings = Problems()
    with tempfile.TemporaryDirectory(prefix="deckgen-a11y-") as folder:
        target = Path(folder) / "deck.pptx"
        result = build(deck, Options(theme=options.theme, output=target,
                                     allow_outside=options.allow_outside))
        with contextlib.suppress(OSError):  # the output is gone: so is what described it
            uptodate.manifest_path(target).unlink()
        if result.output is None:
            return result, findings
        for finding in check(target):
            info = result.outline[finding.slide - 1]
            title = " ".join(info.title.split()) or "untitled"
            findings.warning(f'accessibility: slide {finding.slide} "{title}": '
                             f"{finding.message}", info.where, finding.hint or None)
    return result, findings
