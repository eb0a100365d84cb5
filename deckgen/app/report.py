"""Exit statuses and how problems are printed: one a line, and as CI annotations.

Exit status: 0 built (warnings allowed), 1 the deck has errors (or warnings
with ``--strict``), 2 the command was used wrongly, 3 deckgen itself failed,
130 interrupted.
"""

from __future__ import annotations

import os
import re
from typing import Any

import click

from deckgen.errors import Problem

EXIT_OK, EXIT_DECK, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def report(result: Any) -> None:
    """Print every problem, one a line, sorted by place, as editors and CI annotators read them."""
    report_problems(result.problems)


def report_problems(problems: Any) -> None:
    """Print ``problems`` one a line: user text is escaped so it can never start a line."""
    for problem in sorted(problems, key=_order):
        click.echo(one_line(problem.format()), err=True)
        annotate(problem)


# Line breaks and other controls in user text (a key, a file name, a cell) would split a
# problem over lines, so a deck could print lines that look like deckgen's own
# ``file:line:col: error:`` or a CI workflow command.  They are shown as escapes.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with every line break and control character written as an escape."""
    return _CONTROLS.sub(_escape_control, text)


def _escape_control(match: re.Match) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def _order(problem: Problem) -> tuple:
    where = problem.where
    return (where.file, where.line, where.col) if where else ("", 0, 0)


def annotate(problem: Problem) -> None:
    """On GitHub Actions, also print ``::error file=...,line=...::message``."""
    if not os.environ.get("GITHUB_ACTIONS"):
        return
    level = "error" if problem.is_error else "warning"
    where = problem.where
    parts = []
    if where is not None:
        parts.append(f"file={_escape_property(where.file)}")
        if where.line:
            parts.append(f"line={where.line}")
            parts.append(f"col={where.col or 1}")
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    props = (" " + ",".join(parts)) if parts else ""
    click.echo(f"::{level}{props}::{one_line(_escape_data(message))}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
