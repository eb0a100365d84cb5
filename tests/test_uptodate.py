"""A rebuild with nothing changed is skipped; a change to anything it depends on is not.

Each test builds a deck with every kind of input (include, CSV, picture, a theme
file with a template), ages its files past the settling time, builds again, and
then changes one thing: that build must be a full one, writing what a build of
the changed input writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, write
from deckgen.app import uptodate
from deckgen.app.pipeline import Options, build

SPEC = ROOT / "tests" / "decks"
POINTS = ", ".join(f'"Point {n} that goes on and on and on and on and on and on and on"'
                   for n in range(30))
DECK = f"""\
    deck: {{title: Fresh, theme: t.yaml}}
    slides:
      - include: part.yaml
      - title: Growth
        chart: {{type: line, data: data.csv}}
      - title: Picture
        image: roadmap.png
        alt: The roadmap
      - title: Too much
        bullets: [{POINTS}]
    """
PART = "- title: Opening\n  bullets: [first, second]\n"
CSV = "year,share\n2008,1.5\n2012,1.9\n"
THEME = "name: t\nextends: default\ntemplate: corporate.pptx\n"


def _age(folder: Path) -> None:
    """Files saved a minute ago: settled, as an author's are when they build again."""
    old = time.time() - 60
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    folder = tmp_path / "talk"
    write(folder, DECK)
    write(folder, PART, "part.yaml")
    write(folder, CSV, "data.csv")
    write(folder, THEME, "t.yaml")
    shutil.copy(SPEC / "spec-theme" / "corporate.pptx", folder / "corporate.pptx")
    shutil.copy(SPEC / "spec" / "images" / "roadmap.png", folder / "roadmap.png")
    _age(folder)
    return folder / "deck.yaml"


def _build(deck: Path, **kw) -> tuple[bool, bytes, list[str]]:  # noqa: ANN003
    out = deck.parent.parent / "out.pptx"
    result = build(deck, Options(output=out, **kw))
    assert result.ok, [p.format() for p in result.problems]
    return result.fresh, out.read_bytes(), [p.format() for p in result.problems]


def test_nothing_changed_is_skipped_with_the_same_report(deck: Path) -> None:
    fresh, first, warned = _build(deck)
    assert not fresh and warned and all(": warning: " in w for w in warned)
    fresh, again, warned_again = _build(deck)
    assert fresh and again == first and warned_again == warned


@pytest.mark.parametrize("name,change", [
    ("deck.yaml", lambda t: t.replace("title: Growth", "title: Growth, again")),
    ("part.yaml", lambda t: t.replace("second", "third")),
    ("data.csv", lambda t: t.replace("1.9", "2.9")),
    ("t.yaml", lambda t: t + "colors: {accent: '#AA3300'}\n"),
])
def test_a_changed_text_input_is_rebuilt(deck: Path, name: str, change) -> None:  # noqa: ANN001
    _, first, _ = _build(deck)
    path = deck.parent / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    fresh, changed, _ = _build(deck)
    assert not fresh and changed != first


def test_a_changed_picture_or_template_is_rebuilt(deck: Path) -> None:
    from PIL import Image

    _, first, _ = _build(deck)
    with Image.open(deck.parent / "roadmap.png") as image:  # same size, other pixels
        image.convert("RGB").rotate(180).save(deck.parent / "roadmap.png")
    fresh, changed, _ = _build(deck)
    assert not fresh and changed != first
    _age(deck.parent)
    _build(deck)  # the picture saved just before the last build: that one kept no manifest
    assert _build(deck)[0]
    template = deck.parent / "corporate.pptx"
    template.write_bytes(template.read_bytes())  # same bytes, a new save: still up to date
    _age(deck.parent)
    assert _build(deck)[0]
    with open(template, "ab") as handle:  # a changed template is read again
        handle.write(b"\0")
    assert not _build(deck)[0]


def test_same_content_saved_again_is_still_up_to_date(deck: Path) -> None:
    _build(deck)
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text, encoding="utf-8")
    _age(deck.parent)
    assert _build(deck)[0]


def test_other_options_rebuild(deck: Path) -> None:
    _, first, _ = _build(deck)
    fresh, other, _ = _build(deck, theme="contrast")
    assert not fresh and other != first
    fresh, back, _ = _build(deck)
    assert not fresh and back == first  # the manifest now describes the --theme build
    assert _build(deck)[0]
    assert not _build(deck, strict=False, allow_outside=(deck.parent,))[0]


def test_a_deleted_or_modified_output_is_rebuilt(deck: Path) -> None:
    _, first, _ = _build(deck)
    out = deck.parent.parent / "out.pptx"
    out.unlink()
    fresh, again, _ = _build(deck)
    assert not fresh and again == first
    middle = len(first) // 2
    out.write_bytes(first[:middle] + bytes([first[middle] ^ 1]) + first[middle + 1:])
    fresh, again, _ = _build(deck)
    assert not fresh and again == first


def test_an_input_saved_during_the_build_keeps_no_manifest(deck: Path) -> None:
    """A file saved just before (or while) a build may have been read before the save."""
    (deck.parent / "part.yaml").write_text(PART, encoding="utf-8")  # mtime: now
    _build(deck)
    assert not _build(deck)[0]
    assert not uptodate.manifest_path(deck.parent.parent / "out.pptx").exists()


def test_a_picture_replaced_by_a_link_is_rebuilt(deck: Path) -> None:
    _build(deck)
    picture = deck.parent / "roadmap.png"
    keep = deck.parent.parent / "roadmap.png"
    picture.rename(keep)
    picture.symlink_to(keep)  # outside the deck's folder: the full build refuses it
    result = build(deck, Options(output=deck.parent.parent / "out.pptx"))
    assert not result.fresh and not result.ok


def test_command_line_says_up_to_date(deck: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "deckgen", "build", "deck.yaml", "-o", "../out.pptx"]
    first = subprocess.run(command, cwd=deck.parent, env=env, capture_output=True, text=True,
                           timeout=120)
    assert first.returncode == 0, first.stderr
    assert "wrote ../out.pptx" in first.stdout
    again = subprocess.run(command, cwd=deck.parent, env=env, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0, again.stderr
    assert "../out.pptx is up to date (5 slides)" in again.stdout
    assert again.stderr == first.stderr and ": warning: " in again.stderr
