"""Property-based tests: any deck the format allows builds, and no input crashes deckgen.

Random valid decks are drawn from the model's own vocabulary (every slide
kind, nested bullets, tables, charts, diagrams, any Unicode text) and must
build, reopen and pass the structural audit.  Random mutations of valid deck
files (cut, doubled or swapped lines, stray characters, replaced values) must
either build or fail with located errors and status 1, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from test_bad import _audit_every_output  # noqa: F401  (an autouse fixture)

from deckgen.cli import main
from deckgen.errors import Location
from deckgen.ooxml.audit import audit
from deckgen.source.loader import BAD_CHARS

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# Any character but surrogates (a YAML file cannot hold one raw) and NUL-like controls
# are drawn; control characters are removed with a warning, so builds still succeed.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda t: BAD_CHARS.sub("", t).strip() != "")
WORDS = st.text(st.sampled_from("abc xyz ÄÖ 两张皮 שלום مرحبا 🎉 **b** *i* `c` ==h=="),
                min_size=1, max_size=30).filter(lambda t: t.strip() != "")
LABEL = st.one_of(TEXT, WORDS)
NUMBER = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def bullets(depth: int = 0) -> st.SearchStrategy:
    item = LABEL if depth >= 2 else st.one_of(
        LABEL,
        st.builds(lambda t, items: {"text": t, "items": items}, LABEL,
                  st.lists(LABEL, min_size=1, max_size=2)),
    )
    return st.lists(item, min_size=1, max_size=4)


def _table() -> st.SearchStrategy:
    def make(width: int, cells: list, header: bool, heat: bool) -> dict:
        rows = [cells[i:i + width] for i in range(0, len(cells) - len(cells) % width, width)]
        table: dict = {"rows": rows or [cells[:width]], "heat": heat}
        if header:
            table["header"] = [f"h{i}" for i in range(width)]
        return table

    cell = st.one_of(LABEL, NUMBER)
    return st.integers(1, 4).flatmap(lambda w: st.builds(
        make, st.just(w), st.lists(cell, min_size=w, max_size=w * 4), st.booleans(),
        st.booleans()))


def _chart() -> st.SearchStrategy:
    def make(kind: str, cats: list, values: list) -> dict:
        return {"type": kind, "categories": cats,
                "series": [{"name": "s", "values": values[:len(cats)]}]}

    return st.integers(2, 5).flatmap(lambda n: st.builds(
        make, st.sampled_from(["bar", "barh", "line", "pie"]),
        st.lists(WORDS, min_size=n, max_size=n, unique=True),
        st.lists(st.floats(0.5, 1000), min_size=n, max_size=n)))


def _diagram() -> st.SearchStrategy:
    return st.one_of(
        st.builds(lambda n: {"type": "triangle", "nodes": n},
                  st.lists(WORDS, min_size=3, max_size=3)),
        st.builds(lambda n: {"type": "flow", "nodes": n}, st.lists(WORDS, min_size=2, max_size=5)),
        st.builds(lambda c, n: {"type": "hub", "center": c, "nodes": n}, WORDS,
                  st.lists(WORDS, min_size=2, max_size=8)),
    )


def slides() -> st.SearchStrategy:
    common = {"notes": st.none() | LABEL, "source": st.none() | LABEL}

    def slide(**kw: st.SearchStrategy) -> st.SearchStrategy:
        return st.fixed_dictionaries(kw, optional=common).map(
            lambda d: {k: v for k, v in d.items() if v is not None})

    return st.one_of(
        slide(title=LABEL, bullets=bullets(), numbered=st.booleans()),
        slide(section=LABEL, subtitle=LABEL),
        slide(title=LABEL, columns=st.lists(
            st.fixed_dictionaries({"heading": LABEL, "bullets": bullets(1)}), min_size=2,
            max_size=4)),
        slide(quote=LABEL, by=LABEL),
        slide(title=LABEL, statement=LABEL, caption=LABEL),
        slide(title=LABEL, table=_table()),
        slide(title=LABEL, chart=_chart()),
        slide(title=LABEL, diagram=_diagram()),
        slide(kind=st.just("closing"), title=LABEL),
    )


DECKS = st.fixed_dictionaries({
    "deck": st.fixed_dictionaries(
        {"title": LABEL},
        optional={"subtitle": LABEL, "author": LABEL, "date": LABEL,
                  "theme": st.sampled_from(["default", "scholar", "keynote", "contrast",
                                            "lecture"]),
                  "aspect": st.sampled_from(["16:9", "4:3"]), "footer": LABEL,
                  "slide_numbers": st.booleans()}),
    "slides": st.lists(slides(), min_size=1, max_size=4),
})


def as_yaml(deck: dict) -> str:
    """JSON is YAML: every string quoted, every number plain, nothing left to guess."""
    return json.dumps(deck, ensure_ascii=False, indent=1)


def run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["build", "deck.yaml", "-o", "out.pptx"])
    return result.exit_code, result.stderr


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line or ": warning: " in line]


def is_located(line: str) -> bool:
    head = line.split(": error: ")[0]
    parts = head.rsplit(":", 2)
    return len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit()


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@SETTINGS
@given(deck=DECKS)
def test_random_valid_decks_build_and_reopen(deck: dict, folder: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "deck.yaml").write_text(as_yaml(deck), encoding="utf-8")
    code, stderr = run(folder, monkeypatch)
    assert code == 0, stderr
    assert "Traceback" not in stderr and ": error: " not in stderr
    out = folder / "out.pptx"
    prs = Presentation(str(out))
    visible = len(deck["slides"]) + 1  # the title slide
    assert len(prs.slides) == visible
    assert audit(out) == []
    xml = _all_xml(out)
    assert "_x00" not in xml, "a control character was written as _xHHHH_"


def _all_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


VALID = """\
deck:
  title: "Fuzz"
  theme: default
  footer: "{title}"
slides:
  - title: "Bullets"
    bullets: ["one", ["two", "three"], {text: "four", items: ["five"]}]
    numbered: true
    notes: "notes"
  - section: "Part"
    subtitle: "sub"
  - title: "Table"
    table:
      header: ["a", "b"]
      rows: [["x", 1.5], ["y", 2]]
      number_format: "{:.1f}"
      heat: true
  - title: "Chart"
    chart: {type: bar, categories: [a, b], series: [{name: s, values: [1, 2]}]}
  - title: "Diagram"
    diagram: {type: flow, nodes: [a, b, c]}
  - quote: "Q"
    by: "someone"
  - kind: closing
    title: "End"
"""
JUNK = ["", ":", "- ", "  ", "\t", "[", "]", "{", "}", "\"", "'", "&a", "*a", "!!str", "#",
        "\x07", "\ufeff", "10:30", "NO", "~", "null", "-1e999", "%", "@", "|", ">", "?", ","]


@st.composite
def mutations(draw: st.DrawFn) -> str:
    lines = VALID.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["cut", "double", "swap", "insert", "replace", "value"]))
        line = lines[index]
        if op == "cut":
            start = draw(st.integers(0, len(line)))
            lines[index] = line[:start] + line[draw(st.integers(start, len(line))):]
        elif op == "double":
            lines.insert(index, line)
        elif op == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], line
        elif op == "insert":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(JUNK)) + line[at:]
        elif op == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.sampled_from(JUNK + ['[]', '{}', '3', 'true']))}"
        else:
            lines[index] = draw(st.sampled_from(JUNK))
    return "\n".join(lines) + "\n"


@SETTINGS
@given(text=mutations())
def test_mutated_decks_build_or_fail_located(text: str, folder: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    (folder / "out.pptx").unlink(missing_ok=True)
    code, stderr = run(folder, monkeypatch)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    errors = [line for line in problem_lines(stderr) if ": error: " in line]
    if code == 0:
        assert not errors
        assert audit(folder / "out.pptx") == []
    else:
        assert code == 1, stderr
        assert errors, stderr
        assert all(is_located(line) for line in errors), errors
        assert not (folder / "out.pptx").exists()


def test_location_format_is_what_is_checked() -> None:
    """The located-line check above accepts exactly the file:line:col form."""
    assert is_located(f"{Location('deck.yaml', 3, 5)}: error: x")
    assert not is_located("deckgen: error: x")
    assert not is_located("deck.yaml: error: x")


# --- the inline-mark parser is linear -----------------------------------------------------
# Marks without partners once made the parser rescan to the end from every opener (39 KB
# took 15 s).  The openers that close (a megabyte of italics or code spans) make hundreds
# of thousands of runs, the slowest case.
OPENERS = ("*a ", "[a", "==a ", "[a](x", "**a ", "`a")
LINEAR = 6.0  # 4x the text in at most 6x the time; a quadratic parser takes 16x
BOUND = 30.0  # seconds of CPU for a megabyte: a quadratic parser takes hours


def _parse_time(text: str) -> float:
    """The best of three CPU times to parse ``text``: the least disturbed by other work."""
    import time

    from deckgen.model import markup

    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        runs = markup._parse(text, markup.Run(""))
        best = min(best, time.process_time() - start)
    assert sum(len(r.text) for r in runs) <= len(text)
    return best


@pytest.mark.parametrize("opener", OPENERS)
def test_a_megabyte_of_openers_parses_in_linear_time(opener: str) -> None:
    """A behaviour bound, not a benchmark: four times the text takes about four times as
    long, whatever else the machine is doing, since both are timed in the same run."""
    quarter = _parse_time(opener * (250_000 // len(opener)))
    whole = _parse_time(opener * (1_000_000 // len(opener)))
    assert whole < BOUND, f"{whole:.2f} s"
    assert whole < LINEAR * max(quarter, 0.01), f"{quarter:.2f} s, then {whole:.2f} s"


@SETTINGS
@given(text=st.text(st.sampled_from("*=`[]()\\ ah:/"), max_size=200))
def test_any_marks_parse_to_text_without_raising(text: str) -> None:
    from deckgen.model import markup

    runs = markup.parse(text)
    assert all(run.text for run in runs)
    assert len(markup.plain(text)) <= len(text)
