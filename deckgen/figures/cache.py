"""Rendered charts on disk, named by everything that decides their pixels.

A picture is written to a temporary file and renamed into place, so two builds
drawing the same chart at once, or a build that is interrupted, never leave a
half-written PNG behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Optional

from deckgen.layout.fonts import cache_dir

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
    target = path_for(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".png", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(png)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass

