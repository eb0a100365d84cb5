"""Inline marks: ``**bold**``, ``*italic*``, `` `code` ``, ``[label](url)``, ``==mark==``.

Text becomes a list of :class:`Run` so no literal ``**`` ever reaches a
slide.  An opening mark without its closing partner is kept as written, and
a backslash makes the next character literal (``\\*``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

_SAFE_URL = re.compile(r"(https?|mailto):", re.IGNORECASE)
_MARK_CHARS = re.compile(r"[*=`\[\\]")  # where a mark or an escape could start


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    highlight: bool = False


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Run, ...]:
    """Split marked-up text into runs with their styles."""
    if not _MARK_CHARS.search(text):  # most text has no marks: one plain run
        return (Run(text),) if text else ()
    runs = _parse(text, Run(""))
    return tuple(_merge(runs))


def plain(text: str) -> str:
    """The text a reader sees, marks removed (for notes, alt text, titles)."""
    return "".join(r.text for r in parse(text))


def _parse(text: str, style: Run) -> list[Run]:
    out: list[Run] = []
    buf: list[str] = []
    i = 0

    def flush() -> None:
        if buf:
            out.append(replace(style, text="".join(buf)))
            buf.clear()

    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and not text[i + 1].isalnum():
            buf.append(text[i + 1])
            i += 2
            continue
        span = _span(text, i)
        if span is None:
            buf.append(char)
            i += 1
            continue
        end, inner, mark, target = span
        flush()
        if mark == "code":
            out.append(replace(style, text=inner, code=True))
        else:
            change = {"bold": {"bold": True}, "italic": {"italic": True},
                      "highlight": {"highlight": True}, "link": {"link": target}}[mark]
            out.extend(_parse(inner, replace(style, **change)))
        i = end
    flush()
    return out


def _span(text: str, i: int) -> tuple[int, str, str, str | None] | None:
    """If a mark opens at ``i`` and closes later, return (end, inner, mark, url)."""
    rest = text[i:]
    if rest.startswith("**"):
        close = _find_close(text, "**", i + 2)
        return (close + 2, text[i + 2:close], "bold", None) if close > i + 2 else None
    if rest.startswith("=="):
        close = _find_close(text, "==", i + 2)
        return (close + 2, text[i + 2:close], "highlight", None) if close > i + 2 else None
    if rest.startswith("*") and len(rest) > 1 and not rest[1].isspace():
        close = _find_close(text, "*", i + 1)
        return (close + 1, text[i + 1:close], "italic", None) if close > i + 1 else None
    if rest.startswith("`"):
        close = text.find("`", i + 1)
        return (close + 1, text[i + 1:close], "code", None) if close > i + 1 else None
    if rest.startswith("["):
        match = re.match(r"\[((?:\\.|[^\]\\])+)\]\(([^)\s]+)\)", rest)
        if match and _SAFE_URL.match(match.group(2)):
            return i + match.end(), match.group(1), "link", match.group(2)
    return None


def _find_close(text: str, mark: str, start: int) -> int:
    j = start
    while True:
        j = text.find(mark, j)
        if j < 0:
            return -1
        if text[j - 1] != "\\" and not text[j - 1].isspace():
            if mark == "*" and text.startswith("**", j):
                j += 2
                continue
            return j
        j += len(mark)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and replace(merged[-1], text="") == replace(run, text=""):
            merged[-1] = replace(run, text=merged[-1].text + run.text)
        else:
            merged.append(run)
    return merged
