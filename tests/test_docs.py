"""The user documentation builds and agrees with the deck format.

Only the ``deckgen`` command (next to ``sys.executable``) and the committed
``schema/deck.schema.json`` are used, never deckgen's modules, so these tests
see what a user sees.

Conventions for the examples in ``docs/*.md``
---------------------------------------------
Every fenced ````` ```yaml ````` block is an example that must build: it is
built with ``deckgen build EXAMPLE -o OUT.pptx --strict``, which must exit 0
and write a ``.pptx`` that python-pptx opens with at least one slide.  What the
block is decides how it is built:

* **a whole deck**: a mapping with a top-level ``deck:`` key; built as written.
* **a theme**: a mapping with a top-level ``extends:`` or ``colors:`` key, or
  any block right after a ``<!-- theme -->`` line; built with a small deck
  whose ``deck.theme`` names the theme file.
* **an included file**: a mapping whose only key is ``slides:``; built with a
  small deck whose one slide item includes it.
* **slides**: a list of slides, built through an include from a minimal deck
  (``deck: {title: Example}``); or a single slide mapping, set under that
  minimal deck's ``slides:`` with its text unchanged.

A line ``<!-- file: PATH -->`` right before a fence (of any language, e.g.
``csv``) writes that block to PATH in the document's example folder before any
example of the document is built, so its examples may name the file (an
include, a ``data:`` CSV file, a theme).  A marked YAML block is also built as
above.  Unmarked blocks are written as ``example-LINE.yaml``.  Fences of other
languages without a marker (``sh``, ``csv``, plain) are not built.

The example folder also holds these files, which examples may name:

* ``images/photo.png`` (320x200), ``images/logo.png``, ``images/paper.png``:
  small PNG pictures;
* ``images/figure.svg``: a small SVG picture;
* ``corporate.pptx``: a blank presentation, for a theme's ``template:``.

Conventions for ``docs/format.md``
----------------------------------
* A key table is a Markdown table whose header's first cell is ``key``; each
  row's first cell is one backticked key name (``| `title` | ... |``).  The
  names in all key tables together must be exactly the property names found
  anywhere in ``schema/deck.schema.json``.
* A theme key table has ``theme key`` as the header's first cell and dotted
  names (``colors.accent``); together they must be exactly the keys of
  ``themes/default.yaml`` plus ``extends``, ``logo`` and ``template``.
* Every value of an ``enum`` or ``const`` in the schema (slide kinds, chart and
  diagram types, ``fit``, ``aspect``) is named in backticks; chart and diagram
  types are rows of a table whose header's first cell is ``type``; every slide
  kind has a ``### `kind` `` heading.
* Every command has a ``### `deckgen COMMAND` `` heading and every option its
  ``--help`` shows is named in backticks.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pptx import Presentation

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FORMAT = DOCS / "format.md"
SCHEMA = ROOT / "schema" / "deck.schema.json"
DEFAULT_THEME = ROOT / "themes" / "default.yaml"
THEME_ONLY_KEYS = {"extends", "logo", "template"}  # optional, so not in default.yaml
COMMANDS = ("build", "check", "watch", "preview", "serve", "new", "import", "themes", "schema",
            "template")

FENCE = re.compile(r"^```(\S*)\s*$")
FILE_MARK = re.compile(r"^<!--\s*file:\s*(\S+)\s*-->$")
THEME_MARK = re.compile(r"^<!--\s*theme\s*-->$")
ROW = re.compile(r"^\|\s*([^|]*?)\s*\|")
BACKTICKED = re.compile(r"^`([^`]+)`$")


def deckgen() -> str:
    exe = Path(sys.executable).parent / ("deckgen.exe" if os.name == "nt" else "deckgen")
    assert exe.exists(), f"no deckgen command next to {sys.executable}"
    return str(exe)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([deckgen(), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


# --- collecting the examples ------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int  # the fence's line, 1-based
    lang: str
    text: str
    file: str | None  # from <!-- file: PATH -->
    theme: bool  # after <!-- theme -->

    @property
    def id(self) -> str:
        return f"{self.doc.name}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    found: list[Block] = []
    lines = doc.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        before = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), None)
        assert end is not None, f"{doc.name}:{i + 1}: fence never closed"
        mark = FILE_MARK.match(before)
        found.append(Block(doc, i + 1, match.group(1).lower(),
                           "\n".join(lines[i + 1:end]) + "\n",
                           mark.group(1) if mark else None, bool(THEME_MARK.match(before))))
        i = end + 1
    return found


DOC_FILES = sorted(DOCS.glob("*.md"))
EXAMPLES = [b for doc in DOC_FILES for b in blocks(doc) if b.lang in ("yaml", "yml")]


def classify(block: Block) -> str:
    data = yaml.safe_load(block.text)
    if isinstance(data, list):
        return "slides"
    assert isinstance(data, dict), f"{block.id}: a YAML example must be a mapping or a list"
    if "deck" in data:
        return "deck"
    if block.theme or "extends" in data or "colors" in data:
        return "theme"
    if set(data) == {"slides"}:
        return "included"
    return "slide"


def make_fixtures(folder: Path) -> None:
    images = folder / "images"
    images.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 200), (37, 99, 235)).save(images / "photo.png")
    Image.new("RGB", (120, 60), (185, 28, 28)).save(images / "logo.png")
    Image.new("RGB", (64, 36), (250, 245, 230)).save(images / "paper.png")
    (images / "figure.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect width="200" height="100" fill="#2563EB"/></svg>\n', encoding="utf-8")
    Presentation().save(str(folder / "corporate.pptx"))


@pytest.fixture(scope="module")
def example_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """One folder per document: the fixtures and every block marked with a file name."""
    folders = {}
    for doc in DOC_FILES:
        folder = tmp_path_factory.mktemp(f"docs-{doc.stem}")
        make_fixtures(folder)
        for block in blocks(doc):
            if block.file:
                target = folder / block.file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.text, encoding="utf-8")
        folders[doc] = folder
    return folders


def deck_for(block: Block, folder: Path) -> Path:
    """The deck file that builds ``block``, written into ``folder``."""
    kind = classify(block)
    own = folder / (block.file or f"example-{block.line}.yaml")
    if not block.file:
        own.write_text(block.text, encoding="utf-8")
    if kind == "deck":
        return own
    name = own.relative_to(folder).as_posix()
    wrapper = folder / f"wrap-{block.line}.yaml"
    if kind == "theme":
        deck = {"deck": {"title": "Theme example", "theme": name},
                "slides": [{"title": "A slide", "bullets": ["One point", "**Another**"]},
                           {"section": "A section"}]}
    elif kind in ("included", "slides"):
        deck = {"deck": {"title": "Example"}, "slides": [{"include": name}]}
    else:  # one slide: indented under a list item, so its text stays exactly as written
        lines = block.text.splitlines()
        body = "\n".join(["  - " + lines[0], *(("    " + x).rstrip() for x in lines[1:])])
        wrapper.write_text(f"deck:\n  title: Example\nslides:\n{body}\n", encoding="utf-8")
        return wrapper
    wrapper.write_text(yaml.safe_dump(deck, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    return wrapper


def test_examples_are_collected() -> None:
    assert FORMAT in DOC_FILES
    kinds = {classify(b) for b in EXAMPLES}
    assert len(EXAMPLES) >= 20, [b.id for b in EXAMPLES]
    assert {"deck", "theme", "slides", "included"} <= kinds, kinds


@pytest.mark.parametrize("block", EXAMPLES, ids=lambda b: b.id)
def test_example_builds(block: Block, example_dirs: dict[Path, Path], tmp_path: Path) -> None:
    folder = example_dirs[block.doc]
    deck = deck_for(block, folder)
    out = tmp_path / "x.pptx"
    done = run("build", str(deck), "-o", str(out), "--strict", cwd=folder)
    assert done.returncode == 0, (
        f"{block.id} ({classify(block)}) did not build:\n{done.stdout}{done.stderr}")
    assert out.is_file(), f"{block.id}: no .pptx written"
    assert len(Presentation(str(out)).slides) >= 1, f"{block.id}: the .pptx has no slides"


# --- the reference agrees with the schema ------------------------------------------------


def tables(doc: Path) -> list[tuple[str, list[tuple[int, str]]]]:
    """Each table as (its header's first cell, [(line, first cell)] of its body rows)."""
    found: list[tuple[str, list[tuple[int, str]]]] = []
    in_fence = False
    header: str | None = None
    for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            in_fence = not in_fence
        match = ROW.match(line) if not in_fence else None
        if not match:
            header = None
            continue
        first = match.group(1)
        if header is None:
            header = first
            found.append((first, []))
        elif not set(first) <= set("-: "):
            found[-1][1].append((number, first))
    return found


def named_in(doc: Path, heading: str) -> dict[str, int]:
    """Backticked first cells of every table whose header starts with ``heading``."""
    names: dict[str, int] = {}
    for head, rows in tables(doc):
        if head != heading:
            continue
        for number, cell in rows:
            match = BACKTICKED.match(cell)
            assert match, f"{doc.name}:{number}: a '{heading}' row must start with `name`"
            names.setdefault(match.group(1), number)
    return names


def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def walk(node: object):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def schema_keys(data: dict) -> set[str]:
    return {key for node in walk(data) if isinstance(node.get("properties"), dict)
            for key in node["properties"]}


def test_documented_keys_are_the_schema_s() -> None:
    in_schema = schema_keys(schema())
    documented = named_in(FORMAT, "key")
    assert len(in_schema) > 40
    missing = sorted(in_schema - set(documented))
    unknown = sorted(f"{k} (line {documented[k]})" for k in set(documented) - in_schema)
    assert not missing and not unknown, (
        f"in the schema but not documented in docs/format.md: {missing}; "
        f"documented but not in the schema: {unknown}")


def flatten(data: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in data.items():
        if isinstance(value, dict):
            keys |= flatten(value, f"{prefix}{key}.")
        else:
            keys.add(prefix + key)
    return keys


def test_documented_theme_keys_are_the_themes() -> None:
    default = flatten(yaml.safe_load(DEFAULT_THEME.read_text(encoding="utf-8")))
    shipped = set().union(*(flatten(yaml.safe_load(p.read_text(encoding="utf-8")))
                            for p in DEFAULT_THEME.parent.glob("*.yaml")))
    expected = default | THEME_ONLY_KEYS
    documented = named_in(FORMAT, "theme key")
    missing = sorted((expected | shipped) - set(documented))
    unknown = sorted(f"{k} (line {documented[k]})" for k in set(documented) - expected)
    assert not missing and not unknown, (
        f"theme keys not documented: {missing}; documented but not theme keys: {unknown}")


def test_committed_schema_is_what_deckgen_prints() -> None:
    done = run("schema")
    assert done.returncode == 0, done.stderr
    committed = SCHEMA.read_text(encoding="utf-8")
    assert json.loads(done.stdout) == json.loads(committed), (
        "schema/deck.schema.json is stale: run deckgen schema -o schema/deck.schema.json")
    assert done.stdout.rstrip("\n") == committed.rstrip("\n")


def enum_values(data: dict) -> set[str]:
    values: set[str] = set()
    for node in walk(data):
        if isinstance(node.get("enum"), list):
            values |= {v for v in node["enum"] if isinstance(v, str)}
        if isinstance(node.get("const"), str):
            values.add(node["const"])
    return values


def chart_types(data: dict) -> set[str]:
    return {v for d in data["$defs"].values()
            for v in d.get("properties", {}).get("type", {}).get("enum", [])}


def diagram_types(data: dict) -> set[str]:
    consts = {d.get("properties", {}).get("type", {}).get("const")
              for d in data["$defs"].values()}
    return consts - {None}


def slide_kinds(data: dict) -> set[str]:
    consts = {d.get("properties", {}).get("kind", {}).get("const")
              for d in data["$defs"].values()}
    return consts - {None}


def test_every_type_and_kind_is_documented() -> None:
    data = schema()
    text = FORMAT.read_text(encoding="utf-8")
    charts, diagrams, kinds = chart_types(data), diagram_types(data), slide_kinds(data)
    assert len(charts) >= 9 and len(diagrams) >= 7 and len(kinds) >= 11
    typed = named_in(FORMAT, "type")
    assert charts <= set(typed), f"chart types without a row: {sorted(charts - set(typed))}"
    assert diagrams <= set(typed), (
        f"diagram types without a row: {sorted(diagrams - set(typed))}")
    headings = set(re.findall(r"^### `([^`]+)`\s*$", text, re.MULTILINE))
    assert kinds <= headings, f"slide kinds without a heading: {sorted(kinds - headings)}"
    unnamed = sorted(v for v in enum_values(data)
                     if f"`{v}`" not in text and f'`"{v}"`' not in text)
    assert not unnamed, f"schema values never named in docs/format.md: {unnamed}"


def help_options(*command: str) -> set[str]:
    done = run(*command, "--help")
    assert done.returncode == 0, done.stderr
    options = done.stdout.split("Options:", 1)[1].split("Commands:", 1)[0]
    return set(re.findall(r"^\s+(?:-\w, )?(--[a-z][\w-]*)", options, re.MULTILINE))


def test_every_command_and_option_is_documented() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    listed = run("--help").stdout.split("Commands:", 1)[1]
    commands = set(re.findall(r"^\s+([a-z][\w-]*)\s", listed, re.MULTILINE))
    assert commands == set(COMMANDS), f"deckgen's commands changed: {sorted(commands)}"
    missing = [c for c in COMMANDS if f"### `deckgen {c}`" not in text]
    assert not missing, f"commands without a section: {missing}"
    undocumented = sorted(f"{' '.join(cmd) or 'deckgen'} {opt}"
                          for cmd in [(), *((c,) for c in COMMANDS)]
                          for opt in help_options(*cmd) if f"`{opt}" not in text)
    assert not undocumented, f"options not documented: {undocumented}"


def test_exit_statuses_are_documented() -> None:
    statuses = {cell for head, rows in tables(FORMAT) if head == "exit status"
                for _, cell in rows}
    assert statuses == {"0", "1", "2", "3", "130"}, statuses
