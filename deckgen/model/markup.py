"""Inline marks: ``**bold**``, ``*italic*``, `` `code` ``, ``[label](url)``, ``==mark==``,
``~~strike~~``.

Text becomes a list of :class:`Run` so no literal ``**`` ever reaches a
slide.  An opening mark without its closing partner is kept as written, and
a backslash makes the next character literal (``\\*``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

_SAFE_URL = re.compile(r"(https?|mailto):", re.IGNORECASE)
_MARK_CHARS = re.compile(r"[*=~`\[\\]")  # where a mark or an escape could start
# Where one can start: a lone "=" or "~" never does, so the parser does not stop there.
_MARK_START = re.compile(r"[*`\[\\]|==|~~")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    highlight: bool = False
    strike: bool = False  # ~~struck out~~
    font: str | None = None  # a theme fallback font that draws this run (emoji)
    color: str | None = None  # a code token's syntax colour, from the theme


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


MAX_NESTING = 8  # marks inside marks; deeper ones are kept as written


def _parse(text: str, style: Run, depth: int = 0) -> list[Run]:
    """One pass over ``text``: each opener looks up its closer in :class:`_Closers`,
    which remembers every answer, so no stretch of text is scanned twice for the
    same mark and the parse stays linear however many openers lack a partner."""
    out: list[Run] = []
    buf: list[str] = []
    closers = _Closers(text)
    i = 0
    size = len(text)

    def flush() -> None:
        if buf:
            out.append(_styled(style, "".join(buf)))
            buf.clear()

    search = _MARK_START.search
    while i < size:
        found = search(text, i)
        if found is None:
            buf.append(text[i:])
            break
        start = found.start()
        if start > i:  # plain text up to the next place a mark may start
            buf.append(text[i:start])
            i = start
        char = text[i]
        if char == "\\":
            if i + 1 < size and not text[i + 1].isalnum():
                buf.append(text[i + 1])
                i += 2
            else:
                buf.append(char)
                i += 1
            continue
        span = _span(text, i, closers) if depth < MAX_NESTING else None
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
                      "highlight": {"highlight": True}, "strike": {"strike": True},
                      "link": {"link": target}}[mark]
            out.extend(_parse(inner, replace(style, **change), depth + 1))
        i = end
    flush()
    return out


def _styled(style: Run, text: str) -> Run:
    """``replace(style, text=text)``, quicker for unstyled text (most runs)."""
    return Run(text) if style == _PLAIN else replace(style, text=text)


_PLAIN = Run("")


# A link's label runs to its "]" without another "[" in it, and its address stops at a
# bracket too: so each stretch of text belongs to at most one candidate link.  The
# address may hold balanced parentheses, one deep, as CommonMark allows
# (https://en.wikipedia.org/wiki/Set_(mathematics)).
_LINK = re.compile(r"\[((?:\\.|[^\]\[\\])+)\]\(((?:[^()\s\[\]]|\([^()\s\[\]]*\))+)\)")


def _span(text: str, i: int, closers: _Closers) -> tuple[int, str, str, str | None] | None:
    """If a mark opens at ``i`` and closes later, return (end, inner, mark, url)."""
    char = text[i]
    if char == "*":
        if text.startswith("**", i):
            close = closers.find("**", i + 2)
            return (close + 2, text[i + 2:close], "bold", None) if close > i + 2 else None
        if i + 1 < len(text) and not text[i + 1].isspace():
            close = closers.find("*", i + 1)
            return (close + 1, text[i + 1:close], "italic", None) if close > i + 1 else None
        return None
    if char == "=":
        if text.startswith("==", i):
            close = closers.find("==", i + 2)
            return (close + 2, text[i + 2:close], "highlight", None) if close > i + 2 else None
        return None
    if char == "~":
        if text.startswith("~~", i):
            close = closers.find("~~", i + 2)
            return (close + 2, text[i + 2:close], "strike", None) if close > i + 2 else None
        return None
    if char == "`":
        close = closers.next_plain("`", i + 1)
        return (close + 1, text[i + 1:close], "code", None) if close > i + 1 else None
    match = _LINK.match(text, i)  # char == "["
    if match and _SAFE_URL.match(match.group(2)):
        return match.end(), match.group(1), "link", match.group(2)
    return None


class _Closers:
    """Where each mark closes, searched once per stretch of text.

    A search for ``mark`` from ``start`` walks the occurrences of ``mark`` until
    one is a closer (not after a backslash or a space).  Every occurrence walked
    past leads to the same answer, so it is remembered for each of them: a later
    search that lands on one of them stops there.
    """

    def __init__(self, text: str):
        self.text = text
        self.known: dict[str, dict[int, int]] = {"*": {}, "**": {}, "==": {}, "~~": {}}
        self.end = len(text) + 1
        self.unclosed: dict[str, int] = {}  # mark -> a start from which it never closes
        self.plain: dict[str, tuple[int, int]] = {}

    def find(self, mark: str, start: int) -> int:
        if start >= self.unclosed.get(mark, self.end):  # no closer from here on: known
            return -1
        text, known = self.text, self.known[mark]
        j = text.find(mark, start)
        if j in known:  # the usual case once a stretch has been walked
            return known[j]
        walked: list[int] = []
        answer = -1
        while j >= 0:
            if j in known:
                answer = known[j]
                break
            walked.append(j)
            if text[j - 1] != "\\" and not text[j - 1].isspace():
                if not (mark == "*" and text.startswith("**", j)):
                    answer = j
                    break
                j = text.find(mark, j + 2)
                continue
            j = text.find(mark, j + len(mark))
        for seen in walked:
            known[seen] = answer
        if answer < 0:  # none at or after ``start``, so none after any later start either
            self.unclosed[mark] = min(start, self.unclosed.get(mark, self.end))
        return answer

    def next_plain(self, mark: str, start: int) -> int:
        """``text.find(mark, start)``, reusing the last answer while it still holds."""
        begun, found = self.plain.get(mark, (len(self.text) + 1, -1))
        if not (begun <= start and (found < 0 or found >= start)):
            found = self.text.find(mark, start)
            begun = start
        self.plain[mark] = (begun, found)
        return found


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
