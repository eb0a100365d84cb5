"""Rendered charts on disk, named by everything that decides their pixels.

A picture is written to a temporary file and renamed into place, so two builds
drawing the same chart at once, or a build that is interrupted, never leave a
half-written PNG behind.

Beside the pictures, the keys of each deck's last charts are kept (in
``chart-lists/``, which survives emptying ``charts/``).  Before the lay-out
has made a deck's jobs, they tell whether its charts are likely to be drawn,
so a drawer can start importing matplotlib early (:mod:`deckgen.figures.drawer`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Optional

from deckgen.source.machine import cache_dir

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def folder() -> Path:
    return cache_dir() / "charts"


def path_for(key: str) -> Path:
    return folder() / key[:2] / f"{key}.png"


def get(key: str) -> Optional[bytes]:
    """The cached picture, or None when it is missing or damaged."""
    try:
        data = path_for(key).read_bytes()
    except OSError:
        return None
    return data if data.startswith(PNG_SIGNATURE) and data.endswith(b"IEND\xaeB`\x82") else None


def put(key: str, png: bytes) -> None:
    """Store a picture atomically; a read-only cache only costs time, never a build."""
    _write(path_for(key), png)


def likely_missing(deck: Path, theme: Optional[str]) -> bool:
    """Whether a build of ``deck`` (with ``--theme theme``) will probably draw a chart.

    True when the deck was never built here, or a picture its last build used is
    gone.  Only a guess, made before the lay-out: a chart edited since is found
    missing after it, and drawn then.
    """
    try:
        keys = json.loads(_list_path(deck, theme).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    if not isinstance(keys, list):
        return True
    return not all(isinstance(k, str) and path_for(k).is_file() for k in keys)


def remember(deck: Path, theme: Optional[str], keys: list[str]) -> None:
    """Keep the keys of the pictures ``deck`` uses, for :func:`likely_missing`."""
    path = _list_path(deck, theme)
    data = json.dumps(sorted(set(keys))).encode()
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return
    _write(path, data)


def _list_path(deck: Path, theme: Optional[str]) -> Path:
    name = hashlib.sha256(f"{Path(deck).resolve()}\0{theme or ''}".encode()).hexdigest()
    return cache_dir() / "chart-lists" / f"{name[:32]}.json"


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically; a read-only cache only costs time."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass
