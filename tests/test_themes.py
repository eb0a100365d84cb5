"""Themes are data: complete, readable and visibly different."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write
from deckgen.errors import DeckError
from deckgen.model.colours import contrast
from deckgen.model.themes import available, load_theme

THEMES = sorted(available())


def test_at_least_three_designed_themes_plus_the_lecture_one() -> None:
    assert {"scholar", "keynote", "contrast", "lecture"} <= set(THEMES)
    looks = {(load_theme(n, Path(".")).colors.background, load_theme(n, Path(".")).colors.accent)
             for n in THEMES}
    assert len(looks) == len(THEMES)  # no two themes look alike


@pytest.mark.parametrize("name", THEMES)
def test_theme_colours_are_readable(name: str) -> None:
    c = load_theme(name, Path(".")).colors
    assert contrast(c.text, c.background) >= 7, "body text"
    assert contrast(c.title, c.background) >= 4.5, "titles"
    assert contrast(c.muted, c.background) >= 4.5, "sources and captions"
    assert contrast(c.muted, c.surface) >= 4.5, "text on panels"
    assert contrast(c.text, c.surface) >= 7, "text on panels"
    assert contrast(c.on_accent, c.accent) >= 4.5, "labels on the accent colour"
    assert contrast(c.section_text, c.section_background) >= 4.5, "section slides"
    assert contrast(c.accent, c.background) >= 3, "accent figures (large text)"
    assert contrast(c.highlight, c.background) >= 4.5, "highlighted words"
    if name == "contrast":
        for colour in (c.title, c.muted, c.accent, *c.palette):
            assert contrast(colour, c.background) >= 7, colour


def test_extends_cycle_and_bad_keys_are_located(tmp_path: Path) -> None:
    write(tmp_path, "name: a\nextends: b.yaml\n", "a.yaml")
    write(tmp_path, "name: b\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(DeckError) as caught:
        load_theme("a.yaml", tmp_path)
    assert "theme extends cycle" in caught.value.problems.items[0].message
    write(tmp_path, """
        name: c
        extends: default
        colors:
          accent: "red"
          acent: "#FF0000"
    """, "c.yaml")
    with pytest.raises(DeckError) as caught:
        load_theme("c.yaml", tmp_path)
    got = sorted((p.where.line, p.message) for p in caught.value.problems)
    assert got == [
        (4, "theme key 'colors.accent': 'red' is not a colour; write it as #RRGGBB"),
        (5, "unknown theme key 'colors.acent'"),
    ]
    write(tmp_path, "name: d\ncolors: {text: '#000000'}\n", "d.yaml")
    with pytest.raises(DeckError) as caught:
        load_theme("d.yaml", tmp_path)
    assert any("theme is missing 'fonts'" in p.message for p in caught.value.problems)
