"""Every deck mistake is reported at its YAML line, all at once, with exit status 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DECKS, problems_of, write
from deckgen.cli import main


def run_cli(*args: str, cwd: Path) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


CASES = {
    "typo_key": (
        """
        deck: {title: "T"}
        slides:
          - title: "A"
            bulets: ["x"]
        """,
        "deck.yaml:4:5: error: unknown key 'bulets' in slide 2 "
        "(hint: did you mean 'bullets'?)",
    ),
    "typo_key_known_kind": (
        """
        deck: {title: "T"}
        slides:
          - title: "A"
            bullets: ["x"]
            notse: "n"
        """,
        "deck.yaml:5:5: error: unknown key 'notse' in slide 2 (hint: did you mean 'notes'?)",
    ),
    "wrong_type": (
        """
        deck: {title: "T"}
        slides:
          - title: "A"
            bullets: "not a list"
        """,
        "deck.yaml:4:14: error: slide 2 bullets: expected a list",
    ),
    "missing_title": (
        """
        deck:
          subtitle: "no title"
        slides: []
        """,
        "deck.yaml:2:3: error: deck needs 'title'",
    ),
    "missing_slide_title": (
        """
        deck: {title: "T"}
        slides:
          - bullets: ["x"]
        """,
        "deck.yaml:3:5: error: slide 2 needs 'title'",
    ),
    "yaml_syntax": (
        """
        deck: {title: "T"}
        slides:
          - title: "A
            bullets: [x]
        """,
        "deck.yaml:5:1: error: YAML syntax: while scanning a quoted scalar found unexpected "
        "end of stream",
    ),
    "two_content_keys": (
        """
        deck: {title: "T"}
        slides:
          - title: "A"
            bullets: ["x"]
            statement: "y"
        """,
        "deck.yaml:5:5: error: slide 2 has two content keys, 'bullets' and 'statement' "
        "(hint: a slide holds one kind of content; split it or name 'kind:')",
    ),
    "unknown_theme": (
        """
        deck: {title: "T", theme: scholr}
        slides: []
        """,
        "deck.yaml:1:27: error: unknown theme 'scholr' (hint: did you mean 'scholar'?)",
    ),
    "missing_image": (
        """
        deck: {title: "T"}
        slides:
          - {title: "A", image: images/nothere.png, alt: "x"}
        """,
        "deck.yaml:3:25: error: slide 2 image 'images/nothere.png' does not exist "
        "(looked for images/nothere.png)",
    ),
    "outside_root": (
        """
        deck: {title: "T"}
        slides:
          - include: ../elsewhere.yaml
        """,
        "deck.yaml:3:14: error: include '../elsewhere.yaml' leads outside the deck's folder",
    ),
    "duplicate_key": (
        """
        deck: {title: "T"}
        slides:
          - title: "A"
            bullets: ["x"]
            title: "B"
        """,
        "deck.yaml:5:5: error: duplicate key 'title' (first at line 3) (hint: YAML would "
        "silently keep only the last one; remove one of them)",
    ),
    "empty_file": ("", "deck.yaml:1:1: error: file is empty (hint: a deck starts with 'deck:')"),
    "yaml11_number": (
        """
        deck: {title: "T"}
        slides:
          - title: "A"
            table:
              rows: [["a", 010]]
        """,
        None,  # checked below: a leading zero is text in a table, never 8
    ),
}


@pytest.mark.parametrize("name", [n for n, (_, e) in CASES.items() if e])
def test_error_is_located(name: str, tmp_path: Path) -> None:
    text, expected = CASES[name]
    (tmp_path / "elsewhere.yaml").write_text("- {title: x, bullets: [y]}\n")
    deck = write(tmp_path / "deck", text)
    got = problems_of(deck)
    assert any(line.startswith(expected) for line in got), got
    code, output = run_cli("build", "deck.yaml", cwd=deck.parent)
    assert code == 1
    assert expected.split(" (hint")[0] in output


def test_include_cycle_names_the_chain(tmp_path: Path) -> None:
    write(tmp_path, "- include: b.yaml\n", "a.yaml")
    write(tmp_path, "- include: a.yaml\n", "b.yaml")
    deck = write(tmp_path, """
        deck: {title: "T"}
        slides:
          - include: a.yaml
    """)
    got = problems_of(deck)
    assert got == ["b.yaml:1:12: error: include cycle: a.yaml -> b.yaml -> a.yaml"]


def test_all_problems_reported_together(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "T"}
        slides:
          - {title: "A", bulets: ["x"]}
          - {title: "B", bullets: ["x"], hidden: yes}
          - {title: "C", image: missing.png, alt: "x"}
          - {title: "D", table: {rows: [[1, 2], [3]]}}
    """)
    got = problems_of(deck)
    lines = sorted(int(p.split(":")[1]) for p in got)
    assert lines == [3, 4, 5, 6], got


def test_text_stays_as_written(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: NO}
        slides:
          - title: on
            bullets: [1.10, "12:30", 010, yes]
          - title: "T"
            table:
              rows: [["a", 010, 1.10]]
    """)
    from conftest import build_ok

    _, prs = build_ok(deck)
    assert prs.slides[0].shapes.title.text == "NO"
    assert prs.slides[1].shapes.title.text == "on"
    body = [s for s in prs.slides[1].shapes if s.name == "Bullets"][0]
    assert [p.text for p in body.text_frame.paragraphs] == ["1.10", "12:30", "010", "yes"]
    table = [s for s in prs.slides[2].shapes if s.has_table][0].table
    assert [c.text for c in table.rows[0].cells] == ["a", "010", "1.1"]


def test_ambiguous_number_asks_for_quotes(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "T"}
        slides:
          - title: "C"
            chart:
              type: bar
              categories: ["a"]
              series: [{name: "s", values: [12:30]}]
    """)
    got = problems_of(deck)
    assert any(":7:" in p and "'12:30' is not a plain number" in p and "quote" in p
               for p in got), got


def test_check_writes_nothing_and_strict_fails_on_warnings(tmp_path: Path) -> None:
    long = " ".join(["words that will not fit"] * 250)
    write(tmp_path, f"""
        deck: {{title: "T"}}
        slides:
          - title: "Too much"
            bullets: ["{long}"]
    """)
    code, output = run_cli("check", "deck.yaml", cwd=tmp_path)
    assert code == 0 and "overflows its box by" in output
    assert "deck.yaml:4:15: warning: slide 2 \"Too much\": bullet text overflows" in output
    assert not (tmp_path / "build").exists()
    code, _ = run_cli("check", "--strict", "deck.yaml", cwd=tmp_path)
    assert code == 1
    code, _ = run_cli("build", "--strict", "deck.yaml", cwd=tmp_path)
    assert code == 1 and not (tmp_path / "build" / "deck.pptx").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _ = run_cli("build", cwd=tmp_path)
    assert code == 2
    code, _ = run_cli("build", "nothere.yaml", cwd=tmp_path)
    assert code == 2
    code, _ = run_cli("frobnicate", cwd=tmp_path)
    assert code == 2


def test_spec_kinds_deck_has_no_problems() -> None:
    got = problems_of(DECKS / "spec" / "kinds.yaml")
    assert got == []


def test_bullets_deeper_than_three_levels(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: "T"}
        slides:
          - title: "Deep"
            bullets: ["a", ["b", ["c", ["d"]]]]
    """)
    assert problems_of(deck) == [
        "deck.yaml:4:14: error: slide 2 bullets: bullets nest at most 3 levels deep"]
