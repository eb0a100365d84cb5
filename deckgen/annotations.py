"""Workflow annotations for GitHub Actions, printed beside the plain lines."""

from __future__ import annotations

import os

import click

from deckgen.errors import Problem


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
    click.echo(f"::{level}{props}::{_escape_data(message)}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
