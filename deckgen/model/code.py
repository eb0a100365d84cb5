"""What a code block may say: its language (a Pygments lexer) and the lines it highlights.

Both are checked while the deck is validated, so a misspelt language or a
highlight past the last line is a located error before anything is laid out.
"""

from __future__ import annotations

import difflib
import functools
import re

from pydantic_core import PydanticCustomError

_RANGE = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?")


@functools.lru_cache(maxsize=1)
def lexer_names() -> tuple[str, ...]:
    """Every name and alias Pygments knows a lexer by (``python``, ``py``, ``c++``)."""
    from pygments.lexers import get_all_lexers

    names: list[str] = []
    for _name, aliases, _files, _mimes in get_all_lexers():
        names.extend(a.lower() for a in aliases)
    return tuple(sorted(set(names)))


def check_language(value: str) -> str:
    """A Pygments lexer name, or an error that suggests the nearest one."""
    name = value.strip().lower()
    known = lexer_names()
    if name in known:
        return name
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else (
        "write a Pygments lexer name such as python, javascript, bash, yaml or text")
    raise PydanticCustomError("language", "unknown code language '{name}'",
                              {"name": value, "fix": hint})


def parse_lines(value: str) -> tuple[int, ...]:
    """``"2,4-6"`` -> (2, 4, 5, 6): line numbers from 1, in order, each once."""
    out: set[int] = set()
    for part in str(value).split(","):
        match = _RANGE.fullmatch(part)
        if not match:
            raise PydanticCustomError(
                "lines", "'{part}' is not a line number or range",
                {"part": part.strip(), "fix": "write line numbers and ranges such as 3 or 2,4-6"})
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first:
            raise PydanticCustomError(
                "lines", "'{part}' is not a range of lines",
                {"part": part.strip(), "fix": "lines count from 1; write the lower number first"})
        out.update(range(first, last + 1))
    return tuple(sorted(out))


def code_lines(code: str) -> list[str]:
    """The lines of a code block as drawn: tabs as four spaces, the block's final
    newline (YAML's ``|`` adds one) dropped, every other blank line kept."""
    text = code.expandtabs(4).replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n")
