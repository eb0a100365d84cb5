"""The JSON Schema editors use: valid, committed, and agreeing with deckgen itself."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, write
from deckgen.app.pipeline import Options, build
from deckgen.cli import main
from deckgen.model.schema import schema, schema_json

COMMITTED = ROOT / "schema" / "deck.schema.json"
SPEC_EXAMPLES = ROOT / "tests" / "decks" / "spec" / "examples"  # the contract's examples, verbatim
SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    generated = schema()
    jsonschema.Draft202012Validator.check_schema(generated)
    return jsonschema.Draft202012Validator(generated)


def problems(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    """Every complaint, down to the innermost alternative, as 'path: message'."""
    found = []

    def leaves(error: jsonschema.ValidationError) -> None:
        if not error.context:
            found.append(f"{list(error.absolute_path)}: {error.message[:120]}")
        for sub in error.context or []:
            leaves(sub)

    for error in validator.iter_errors(data):
        leaves(error)
    return found


def test_committed_schema_is_the_model_s(validator) -> None:
    assert COMMITTED.is_file(), "run: deckgen schema -o schema/deck.schema.json"
    assert COMMITTED.read_text(encoding="utf-8") == schema_json(), (
        "schema/deck.schema.json is out of date: run deckgen schema -o schema/deck.schema.json")
    printed = CliRunner().invoke(main, ["schema"])
    assert printed.exit_code == 0
    assert json.loads(printed.output) == json.loads(schema_json())


def test_every_content_file_names_the_schema_and_passes_it(validator) -> None:
    files = sorted((ROOT / "content").rglob("*.y*ml"))
    assert len(files) >= 2
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.fullmatch(first)
        assert match, f"{path}: first line must be '# yaml-language-server: $schema=...'"
        assert (path.parent / match[1]).resolve() == COMMITTED, f"{path}: wrong schema path"
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        assert not problems(validator, data), (path, problems(validator, data)[:5])


def spec_examples() -> list[tuple[str, Any]]:
    """The YAML examples of the content-format contract, each as a deck document."""
    found = []
    for number in range(1, 6):
        block = (SPEC_EXAMPLES / f"example-{number}.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "colors" in data:
            continue  # a theme, not a deck
        if isinstance(data, dict) and set(data) == {"chart"}:
            data = [{"title": "Chart", **data}]
        found.append((f"example {number}", data))
    return found


def test_spec_examples_pass(validator) -> None:
    examples = spec_examples()
    assert len(examples) == 4, [name for name, _ in examples]
    for name, data in examples:
        assert not problems(validator, data), (name, problems(validator, data)[:5])


# Documents deckgen accepts: the schema must accept them too.
ACCEPTED = [
    "deck: {title: 2014, subtitle: yes}",
    "deck: {title: T}\nslides:\n  - {title: 1979, bullets: [12, true, 'x']}",
    "deck: {title: T}\nslides:\n  - {title: T, bullets: [a], source: one line}",
    "deck: {title: T}\nslides:\n  - {title: T, bullets: [a], source: [one, two]}",
    "deck: {title: T}\nslides:\n  - {kind: closing, title: Bye}",
    "deck: {title: T}\nslides:\n  - {title: T, chart: {type: bar, categories: [a, b],"
    " series: [{name: s, values: [1, null]}]}}",
    "deck: {title: T}\nslides:\n  - {title: T, diagram: {type: quadrants, cells: ["
    "{heading: a, bullets: one}, {heading: b}, {heading: c}, {heading: d}]}}",
]
# Typos and mistakes deckgen refuses: the schema must refuse them too.
REJECTED = [
    "deck: {title: T, them: scholar}",
    "deck: {title: T}\nslide:\n  - {section: S}",
    "deck: {title: T}\nslides:\n  - {title: A, bulets: [x]}",
    "deck: {title: T}\nslides:\n  - {title: A, bullets: [x], note: n}",
    "deck: {title: T}\nslides:\n  - {title: A}",
    "deck: {title: T}\nslides:\n  - {title: A, chart: {type: bar, catgories: [a],"
    " series: [{name: s, values: [1]}]}}",
    "deck: {title: T}\nslides:\n  - {title: A, chart: {type: pies, categories: [a],"
    " series: [{name: s, values: [1]}]}}",
    "deck: {title: T}\nslides:\n  - {title: A, diagram: {type: hub, nodez: [a]}}",
    "deck: {title: T, aspect: '5:4'}",
    "deck: {title: T}\nslides:\n  - {title: A, image: x.png, alt: x, fit: stretch}",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_schema_accepts_what_deckgen_accepts(validator, tmp_path: Path, text: str) -> None:
    deck = write(tmp_path, text + "\n")
    result = build(deck, Options(write=False))
    assert result.ok, [p.format() for p in result.problems]
    assert not problems(validator, yaml.safe_load(text))


@pytest.mark.parametrize("text", REJECTED)
def test_schema_rejects_what_deckgen_rejects(validator, tmp_path: Path, text: str) -> None:
    deck = write(tmp_path, text + "\n")
    result = build(deck, Options(write=False))
    assert not result.ok
    assert problems(validator, yaml.safe_load(text)), text


def test_included_files_are_lists_or_slides_mappings(validator) -> None:
    as_list = yaml.safe_load("- {section: S}\n- {title: T, statement: '42'}")
    as_mapping = {"slides": as_list}
    assert not problems(validator, as_list)
    assert not problems(validator, as_mapping)
    assert problems(validator, {"slides": as_list, "extra": 1})
    assert problems(validator, [{"include": "a.yaml", "title": "x"}])


def test_schema_describes_fields_for_editors() -> None:
    """Completion in an editor shows these; a schema without them helps little."""
    defs = schema()["$defs"]
    assert "title" in defs["DeckMeta"]["required"]
    assert {"image", "alt"} <= set(defs["ImageSlide"]["required"])  # no title: full-slide
    assert set(defs["ClosingSlide"]["required"]) >= {"kind", "title"}
    chart_types = json.dumps(defs["Chart"]["properties"]["type"])
    for name in ("bar", "stacked-bar", "heatmap"):
        assert name in chart_types
    assert defs["DeckMeta"]["properties"]["theme"].get("description")
