"""The package's folders are the pipeline's stages, and imports only run downward.

source -> model -> layout -> (figures | ooxml) -> app -> cli.  A module may
import its own stage and the stages before it; figures and ooxml never import
each other; nothing imports cli but the ``python -m deckgen`` entry point.
Third-party libraries stay in their stage: python-pptx and lxml in ooxml,
matplotlib in figures, click in app and cli.  There is no import cycle between
modules, counting imports inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "deckgen"
RANK = {"errors": 0, "source": 1, "model": 2, "layout": 3, "figures": 4, "ooxml": 4,
        "app": 5, "cli": 6}
PEERS_APART = {frozenset({"figures", "ooxml"})}
LIBRARIES = {"pptx": {"ooxml"}, "lxml": {"ooxml"}, "matplotlib": {"figures"},
             "click": {"app", "cli"}, "markdown_it": {"source"}}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module named by an import in ``path``, inside functions too.

    ``from a import b`` names ``a.b`` when that is a module, and ``a`` when ``b`` is
    defined in ``a`` itself.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [f"{node.module}.{a.name}" for a in node.names]
            found += [(m, node.lineno) for m in modules if _exists(m)]
            if not all(_exists(m) for m in modules):  # a name defined in the module itself
                found.append((node.module, node.lineno))
    return found


def _exists(module: str) -> bool:
    if not module.startswith("deckgen"):
        return False
    base = PACKAGE.parent.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_lives_in_a_stage() -> None:
    loose = [m for m in MODULES if _stage(m) is None and m not in (
        "deckgen", "deckgen.__main__")]
    assert not loose, f"modules outside the stage folders: {loose}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_downward(module: str) -> None:
    own = _stage(module)
    wrong = []
    for name, line in _imports(MODULES[module]):
        target = _stage(name) if name.startswith("deckgen.") else None
        if own is None or target is None:
            continue
        if RANK[target] > RANK[own] or frozenset({own, target}) in PEERS_APART:
            wrong.append(f"line {line}: {own} imports {name} ({target})")
    assert not wrong, wrong


@pytest.mark.parametrize("module", sorted(MODULES))
def test_libraries_stay_in_their_stage(module: str) -> None:
    own = _stage(module)
    wrong = [f"line {line}: {name}" for name, line in _imports(MODULES[module])
             if name.split(".")[0] in LIBRARIES and own not in LIBRARIES[name.split(".")[0]]]
    assert not wrong, wrong


def test_only_the_entry_point_imports_the_cli() -> None:
    users = [m for m, path in MODULES.items() if _stage(m) != "cli" and m != "deckgen.__main__"
             and any(_stage(name) == "cli" for name, _ in _imports(path))]
    assert not users, users


def test_no_import_cycles() -> None:
    graph = {m: {n for n, _ in _imports(p) if n in MODULES and n != m}
             for m, p in MODULES.items()}
    # A package's __init__ is imported with each of its modules; an import of a
    # package from its own submodule is the classic cycle, so it counts as an edge.
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles[:10])


def test_each_extension_point_has_one_table_per_stage_and_they_agree() -> None:
    """A slide kind, chart type or diagram type named in the model is laid out or drawn.

    Adding one is a model entry plus one module and one line in its stage's table;
    this keeps the tables from drifting apart.
    """
    from deckgen.figures.types import TYPES
    from deckgen.layout.diagrams import LAYOUTS
    from deckgen.layout.kinds import KIND_LAYOUTS
    from deckgen.model.charts import CHART_TYPES
    from deckgen.model.diagrams import DIAGRAM_TYPES
    from deckgen.model.slides import KINDS

    assert list(KIND_LAYOUTS) == list(KINDS)
    assert list(TYPES) == list(CHART_TYPES)
    assert list(LAYOUTS) == list(DIAGRAM_TYPES)


def test_what_crosses_a_stage_is_frozen() -> None:
    """Plans, chart jobs and build options cannot change after they are made.

    What the lay-out measured is exactly what the serializer draws; a watch or
    preview loop derives new options instead of editing shared ones.
    """
    import dataclasses

    from deckgen.app.pipeline import Options
    from deckgen.layout import plan
    from deckgen.layout.charts.job import ChartJob, DataSeries, Style

    crossing = [c for c in vars(plan).values() if dataclasses.is_dataclass(c)
                and c.__module__ == plan.__name__ and c is not plan.Draft]
    assert {c.__name__ for c in crossing} >= {"SlidePlan", "TextSpec", "Shape", "TableFrame"}
    for cls in [*crossing, ChartJob, DataSeries, Style, Options]:
        assert cls.__dataclass_params__.frozen, cls.__name__
