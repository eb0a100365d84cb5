"""``deckgen new PATH``: a starter deck folder that builds as created.

The starter files live in ``deckgen/starter/`` as ordinary deck files, so
they are read, edited and tested like any deck.  Two markers are filled in:
``@TITLE@`` (from the folder's name) and ``@SCHEMA@``, the path from each
file to the JSON Schema on its ``# yaml-language-server`` line, so an editor
completes and checks keys from the first save.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STARTER = Path(__file__).resolve().parents[1] / "starter"
SCHEMA_IN_REPO = Path("schema") / "deck.schema.json"
SCHEMA_BESIDE = "deck.schema.json"


class ScaffoldError(Exception):
    """The starter cannot be written; nothing was."""


@dataclass(frozen=True)
class Planned:
    target: Path
    text: str


def starter_files() -> list[Path]:
    return sorted(p for p in STARTER.rglob("*") if p.is_file() and not p.name.startswith("."))


def title_of(folder: Path) -> str:
    """``talks/my-first_talk`` -> ``My First Talk``."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "My Deck"


def find_schema(folder: Path) -> Path | None:
    """The project's committed schema, looked for from the new folder upwards."""
    for parent in [folder.resolve(), *folder.resolve().parents]:
        candidate = parent / SCHEMA_IN_REPO
        if candidate.is_file():
            return candidate
    return None


def plan(folder: Path) -> list[Planned]:
    """Every file to write and its text; raise if any already exists."""
    from deckgen.model.schema import schema_json

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"'{folder}' is a file; name a new folder")
    schema = find_schema(folder)
    planned: list[Planned] = []
    if schema is None:
        planned.append(Planned(folder / SCHEMA_BESIDE, schema_json()))
        schema = (folder / SCHEMA_BESIDE).resolve()
    title = title_of(folder)
    for source in starter_files():
        relative = source.relative_to(STARTER)
        target = folder / relative
        here = target.resolve().parent
        text = source.read_text(encoding="utf-8")
        text = text.replace("@SCHEMA@", _relative(schema, here)).replace("@TITLE@", title)
        planned.append(Planned(target, text))
    existing = [p.target for p in planned if p.target.exists() or p.target.is_symlink()]
    if existing:
        names = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise ScaffoldError(f"will not overwrite existing files: {names}")
    return planned


def _relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path, start)).as_posix()


def create(folder: Path) -> list[Path]:
    """Write the starter; all files are checked for clashes before the first is written."""
    planned = plan(folder)
    for item in planned:
        item.target.parent.mkdir(parents=True, exist_ok=True)
        with open(item.target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(item.text)
    return [p.target for p in planned]
