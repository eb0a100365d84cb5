"""Errors for text pasted from Markdown: each names the line and gives a fix that works.

Every fix deckgen prints for these cases is applied to the deck exactly as
printed, and the deck must then check clean: advice that cannot work is a bug.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import problems_of

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in BAD.glob("markdown-*"))
_LINE = re.compile(r"^deck\.yaml:(\d+):\d+: error: .*\(hint: (?:write the line as|quote the "
                   r"text): (.*)\)$")


def test_the_catalogue_has_the_cases_of_the_issue() -> None:
    assert {"markdown-backtick-bullet", "markdown-bold-bullet", "markdown-colon-bullet",
            "markdown-colon-title"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_each_printed_fix_makes_the_deck_check_clean(case: str, tmp_path: Path) -> None:
    shutil.copy(BAD / case / "deck.yaml", tmp_path / "deck.yaml")
    deck = tmp_path / "deck.yaml"
    found = problems_of(deck)
    assert found, case
    for _ in range(5):  # YAML stops at its first error: fix, check again
        if not found:
            break
        lines = deck.read_text(encoding="utf-8").split("\n")
        for problem in found:
            match = _LINE.match(problem)
            assert match, f"{case}: no fix to copy in {problem!r}"
            index, fix = int(match[1]) - 1, match[2]
            lines[index] = re.match(r"\s*", lines[index])[0] + fix
        deck.write_text("\n".join(lines), encoding="utf-8")
        found = problems_of(deck)
    assert found == [], case

def test_remove_the_quotes_only_where_that_gives_a_number(tmp_path: Path) -> None:
    base = BAD / "number-quoted" / "deck.yaml"
    told = problems_of(base)
    assert told and told[0].endswith("(remove the quotes)")
    deck = tmp_path / "deck.yaml"
    deck.write_text(base.read_text().replace('"12"', "12"), encoding="utf-8")
    assert problems_of(deck) == []
    other = problems_of(BAD / "number-quoted-not-a-number" / "deck.yaml")
    assert other and "remove the quotes" not in other[0] and "'<1'" in other[0]
