"""Skip a build whose every input is as it was when it wrote the output now on disk.

Output is deterministic, so a build of the same inputs with the same options
by the same deckgen writes the same bytes again.  After each successful build
a manifest is kept in the cache (named by the output's path): the hash of
every file the build read (deck, includes, CSV, pictures, theme, template),
a fingerprint of everything else that decides the bytes (the options, the
working folder, deckgen's own code and shipped themes, the installed
packages, the fonts fontconfig knows), the output's own hash, and what the
build reported (slides, outline, warnings), so a skipped build reports the
same.  Anything that does not match, or cannot be read, means a full build.

A file changed while the build was reading it could be hashed after the
change; so no manifest is kept when any input changed shortly before or
during the build, and the next build is a full one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from deckgen.errors import Location, Problem

FORMAT = 1
SETTLE_NS = 1_000_000_000  # an input changed this close to the build's start is not trusted
_CHUNK = 1 << 20


def manifest_path(target: Path) -> Path:
    from deckgen.source.machine import cache_dir

    name = hashlib.sha256(str(Path(target).resolve()).encode()).hexdigest()[:32]
    return cache_dir() / "builds" / f"{name}.json"


def fingerprint(deck: Path, options: Any, target: Path, themes: str) -> str:
    """Everything besides the files read that decides the output's bytes and the report.

    ``themes`` is the shipped themes' folder the build used; a check takes it
    from the manifest, so it need not import the model to find it.
    """
    from deckgen import __version__
    from deckgen.source.machine import fontconfig_stamp

    parts = {
        "format": FORMAT, "version": __version__, "python": sys.version,
        "deck": str(Path(deck).resolve()), "target": str(Path(target).resolve()),
        "cwd": os.getcwd(), "theme": options.theme, "strict": options.strict,
        "allow_outside": [str(Path(p).resolve()) for p in options.allow_outside],
        "themes_env": os.environ.get("DECKGEN_THEMES", ""),
        "code": _code_digest(Path(themes)), "packages": _packages(),
        "fonts": fontconfig_stamp(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _code_digest(themes: Path) -> str:
    """deckgen's own files and the shipped themes, by content."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for root in (package, themes):
        for here, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = Path(here) / name
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                with contextlib.suppress(OSError):
                    digest.update(path.read_bytes())
    return digest.hexdigest()


def _packages() -> list[str]:
    """Installed distributions with their versions (the names of their metadata folders)."""
    names: list[str] = []
    for entry in sys.path:
        if entry.endswith("-packages") and os.path.isdir(entry):
            names.extend(sorted(n for n in os.listdir(entry) if n.endswith((".dist-info",
                                                                            ".egg-info"))))
    return names


def file_state(path: Path) -> dict[str, Any] | None:
    """A regular file's size, link count and content hash; None when it is anything else."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return {"size": info.st_size, "links": info.st_nlink, "sha256": digest.hexdigest(),
            "mtime_ns": info.st_mtime_ns}


def _same(path: Path, recorded: dict[str, Any]) -> bool:
    """The file is still what it was; a size or link-count change needs no hashing."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != recorded["size"] \
            or info.st_nlink != recorded["links"]:
        return False
    now = file_state(path)
    return now is not None and now["sha256"] == recorded["sha256"]


def check(deck: Path, options: Any, target: Path) -> dict[str, Any] | None:
    """The manifest of the build that wrote ``target``, if nothing it depends on changed."""
    try:
        saved = json.loads(manifest_path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        if saved.get("fingerprint") != fingerprint(deck, options, target, saved["themes"]):
            return None
        if not _same(Path(target), saved["output"]):
            return None
        if not all(_same(Path(name), state) for name, state in saved["inputs"].items()):
            return None
    except (KeyError, TypeError, AttributeError):
        return None
    return saved


def record(deck: Path, options: Any, target: Path, inputs: list[Path], report: dict[str, Any],
           started_ns: int) -> None:
    """Keep the manifest of a build that wrote ``target``; a read-only cache only costs time."""
    from deckgen.model.themes import THEMES_DIR

    path = manifest_path(target)
    with contextlib.suppress(OSError):
        path.unlink()  # the old one describes an output that is gone
    states = {}
    for name in sorted({str(Path(p).resolve()) for p in inputs}):
        state = file_state(Path(name))
        if state is None or state["mtime_ns"] >= started_ns - SETTLE_NS:
            return  # changed while (or just before) the build read it: trust nothing
        states[name] = state
    output = file_state(Path(target))
    if output is None:
        return
    themes = str(THEMES_DIR)
    manifest = {"fingerprint": fingerprint(deck, options, target, themes), "themes": themes,
                "inputs": states,
                "output": output, "report": report, "written_ns": time.time_ns()}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(manifest), encoding="utf-8")
        os.replace(tmp, path)


def problem_data(problem: Problem) -> dict[str, Any]:
    return asdict(problem)


def problem_from(data: dict[str, Any]) -> Problem:
    where = data.get("where")
    return Problem(data["severity"], data["message"],
                   Location(**where) if where else None, data.get("hint"))
