"""What this machine contributes to a build besides the deck: its cache folder and fonts.

Kept apart from the font measuring code so that a check of whether a build is
needed at all can read them without importing the lay-out stage.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cache_dir() -> Path:
    """Where deckgen keeps fonts look-ups and rendered figures."""
    base = os.environ.get("DECKGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "deckgen"
    )
    return Path(base)


def fontconfig_stamp() -> str:
    """When fontconfig's caches last changed: fc-cache rewrites them as fonts come and go."""
    folders = ["/var/cache/fontconfig", os.path.expanduser("~/.cache/fontconfig")]
    if os.environ.get("XDG_CACHE_HOME"):
        folders.append(os.path.join(os.environ["XDG_CACHE_HOME"], "fontconfig"))
    times = []
    for folder in folders:
        with contextlib.suppress(OSError):
            times.append(os.stat(folder).st_mtime_ns)
    return str(max(times, default=0))
