"""Load stage: positions, safe scalars, includes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write
from deckgen.errors import DeckError, Problems
from deckgen.source.loader import Plain, PosDict, PosList, load_deck, parse_yaml


def test_positions_of_keys_values_and_items(tmp_path: Path) -> None:
    path = write(tmp_path, """
        deck:
          title: "T"
        slides:
          - title: A
            bullets: [x, "y"]
    """)
    data = parse_yaml(path, Problems())
    assert isinstance(data, PosDict)
    assert (data["deck"].where("title").line, data["deck"].where("title").col) == (2, 10)
    slide = data["slides"][0]
    assert slide.where_key("bullets").line == 5
    bullets = slide["bullets"]
    assert isinstance(bullets, PosList)
    assert (bullets.where(1).line, bullets.where(1).col) == (5, 18)


def test_plain_and_quoted_scalars_are_kept_as_text(tmp_path: Path) -> None:
    path = write(tmp_path, """
        a: NO
        b: 010
        c: "010"
        d: 12:30
        e: ~
        f:
        g: 'null'
    """)
    data = parse_yaml(path, Problems())
    assert data["a"] == "NO" and isinstance(data["a"], Plain)
    assert data["b"] == "010" and isinstance(data["b"], Plain)
    assert data["c"] == "010" and not isinstance(data["c"], Plain)
    assert data["d"] == "12:30"
    assert data["e"] is None and data["f"] is None
    assert data["g"] == "null"


@pytest.mark.parametrize("text,message", [
    ("a: !!python/object:os.system x\n", "the tag tag:yaml.org,2002:python/object:os.system"),
    ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)"),
    ("a: [1, 2\n", "YAML syntax"),
    ("---\na: 1\n---\nb: 2\n", "YAML syntax"),
    ("a:\n\t- b\n", "YAML syntax"),
    ("a: &x [1]\nb: {<<: *x}\n", "merge keys"),
])
def test_refused_yaml(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        parse_yaml(path, Problems())
    problem = caught.value.problems.items[0]
    assert message in problem.message
    assert problem.where.line >= 1


def test_deep_nesting_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        parse_yaml(path, Problems())
    problem = caught.value.problems.items[0]
    assert "nesting deeper than" in problem.message and problem.where.line == 1


def test_bom_is_accepted_and_bad_bytes_name_their_offset(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert parse_yaml(path, Problems()) == {"a": "1"}
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"a: caf\xe9\n")
    with pytest.raises(DeckError) as caught:
        parse_yaml(bad, Problems())
    assert "byte 0xe9 at offset 6" in caught.value.problems.items[0].message


def test_nested_includes_keep_order_and_their_own_file(tmp_path: Path) -> None:
    write(tmp_path, "- {title: B, bullets: [b]}\n- include: deeper/c.yaml\n", "parts/b.yaml")
    write(tmp_path, "slides:\n  - {title: C, bullets: [c]}\n", "parts/deeper/c.yaml")
    deck = write(tmp_path, """
        deck: {title: T}
        slides:
          - {title: A, bullets: [a]}
          - include: parts/b.yaml
          - {title: D, bullets: [d]}
    """)
    source = load_deck(deck)
    titles = [s["title"] for s in source.data["slides"]]
    assert titles == ["A", "B", "C", "D"]
    assert source.data["slides"][2].loc.file.endswith("parts/deeper/c.yaml")
    assert len(source.files) == 3


def test_include_of_non_yaml_and_symlink_out_of_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("- {title: X, bullets: [x]}\n")
    root = tmp_path / "deck"
    root.mkdir()
    (root / "link.yaml").symlink_to(outside)
    (root / "notes.txt").write_text("hello")
    deck = write(root, "deck: {title: T}\nslides:\n  - include: link.yaml\n")
    with pytest.raises(DeckError) as caught:
        load_deck(deck)
    assert "symlink that leads outside" in caught.value.problems.items[0].message
    deck = write(root, "deck: {title: T}\nslides:\n  - include: notes.txt\n")
    with pytest.raises(DeckError) as caught:
        load_deck(deck)
    assert "is not a YAML file" in caught.value.problems.items[0].message


def test_allow_outside_opens_another_root(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    write(shared, "- {title: S, bullets: [s]}\n", "s.yaml")
    deck = write(tmp_path / "deck", "deck: {title: T}\nslides:\n  - include: ../shared/s.yaml\n")
    source = load_deck(deck, allow_outside=[shared])
    assert source.data["slides"][0]["title"] == "S"


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "ctl.yaml"
    path.write_text('a: "bell\\x07 here"\nb: raw\x0bvt\n', encoding="utf-8")
    problems = Problems()
    data = parse_yaml(path, problems)
    assert data == {"a": "bell here", "b": "rawvt"}
    assert [w.where.line for w in problems.warnings] == [2, 1]
