"""Resolve paths named in content, confined to the deck's root folder.

Every file a deck names (includes, images, CSV data, backgrounds) goes through
:func:`resolve_inside`, so a deck from a stranger cannot read outside its own
folder, and a path whose case differs from the file on disk fails everywhere,
not only on case-sensitive CI machines.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from deckgen.errors import DeckError, Location, display_path


def resolve_inside(
    written: str,
    base_dir: Path,
    roots: list[Path],
    where: Location | None,
    what: str = "file",
) -> Path:
    """Return the real path of ``written`` (relative to ``base_dir``) or raise.

    ``roots`` are the folders the deck may read from: the deck's own folder and
    any given with ``--allow-outside``.
    """
    if not written or "\x00" in written:
        raise DeckError(f"{what} path is empty or invalid", where)
    escape = "use --allow-outside PATH to permit another folder"
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+://", written):
        raise DeckError(f"{what} '{written}' is a web address; deckgen reads only files", where,
                        hint="download it into the deck's folder and name the file")
    raw = Path(written)
    if raw.is_absolute() and not any(_within(raw, r) for r in roots):
        raise DeckError(f"{what} '{written}' is an absolute path outside the deck's folder",
                        where, hint=escape)
    candidate = raw if raw.is_absolute() else base_dir / raw
    try:
        real = Path(os.path.realpath(candidate))
        if not any(_within(real, r) for r in roots):
            why = "leads" if not _through_symlink(candidate, base_dir) else \
                "is a symlink that leads"
            raise DeckError(f"{what} '{written}' {why} outside the deck's folder", where,
                            hint=escape)
        _check_case(candidate, where, written, what)
        if not real.exists() and os.path.islink(candidate):
            _refuse_loop(candidate, written, where, what)
        if not real.exists():
            hint = "write paths with / (even on Windows)" if "\\" in written else None
            raise DeckError(f"{what} '{written}' does not exist (looked for "
                            f"{display_path(candidate)})", where, hint=hint)
        if real.is_dir():
            raise DeckError(f"{what} '{written}' is a folder, not a file", where)
        if not real.is_file():  # a FIFO would block the build, a device never end
            raise DeckError(f"{what} '{written}' is not a regular file", where)
        if real.stat().st_nlink > 1 and _within(real, roots[0]):
            # A hard link looks like any file in the folder, but its other names may be
            # anywhere on the disk: nothing shows that its content belongs to the deck.
            raise DeckError(f"{what} '{written}' is a hard link (the file has "
                            f"{real.stat().st_nlink} names)", where,
                            hint="copy the file into the deck's folder instead of linking it")
    except OSError as exc:
        raise DeckError(f"{what} '{written}' cannot be read: {exc.strerror or exc}",
                        where) from None
    reads = _READS.get()
    if reads is not None:
        reads.append(real)
    return real


# Every file a build resolves (includes, pictures, CSV, theme files), so the writer can
# refuse an output that would overwrite one of them.
_READS: ContextVar[list[Path] | None] = ContextVar("deckgen_reads", default=None)


@contextmanager
def recording_reads() -> Iterator[list[Path]]:
    """Collect the real path of every file resolved inside the ``with`` block."""
    reads: list[Path] = []
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def _refuse_loop(candidate: Path, written: str, where: Location | None, what: str) -> None:
    """A symlink that leads back to itself, rather than to nothing."""
    try:
        os.stat(candidate)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DeckError(f"{what} '{written}' is a symlink loop", where) from None


def _through_symlink(candidate: Path, base_dir: Path) -> bool:
    """True when some part of the written path is a symlink (the file or a folder)."""
    path = candidate
    while path != base_dir and path != path.parent:
        if path.is_symlink():
            return True
        path = path.parent
    return False


def _within(path: Path, root: Path) -> bool:
    root_real = Path(os.path.realpath(root))
    path_real = Path(os.path.realpath(path))
    return path_real == root_real or root_real in path_real.parents


def _check_case(path: Path, where: Location | None, written: str, what: str) -> None:
    """Refuse ``Logo.PNG`` for ``logo.png``: it would break on a case-sensitive disk."""
    parts = Path(os.path.abspath(path)).parts
    current = Path(parts[0])
    for name in parts[1:]:
        if name in ("..", "."):
            current = current / name
            continue
        try:
            entries = os.listdir(current)
        except OSError:
            return
        if name not in entries:
            match = next((e for e in entries if e.lower() == name.lower()), None)
            if match is not None:
                raise DeckError(
                    f"{what} '{written}' differs in case from the name on disk ('{match}')",
                    where,
                    hint="write the name exactly as on disk: other systems tell case apart",
                )
            return
        current = current / name
