"""Write stage: the same bytes for the same input, and never a half-written file.

python-pptx stamps every zip entry with the current time; the package is
re-packed here with a fixed timestamp and fixed entry metadata.  The result
goes to a temporary file beside the target, is flushed, synced and reopened
as a check, and only then renamed over the target, so a failure at any point
leaves the previous file untouched and no temporary file behind.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_bytes(prs: Any) -> bytes:
    """Serialise a presentation with fixed zip metadata."""
    raw = io.BytesIO()
    prs.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, src.read(info.filename), compresslevel=6)
    return out.getvalue()


def check_target(target: Path, inputs: list[Path]) -> None:
    """Refuse outputs that would destroy an input or cannot be a file."""
    if target.exists() and target.is_dir():
        raise DeckError(f"output '{target}' is a folder", hint="name a .pptx file with -o")
    resolved = target.resolve()
    for path in inputs:
        if path.resolve() == resolved:
            raise DeckError(f"output '{target}' is one of the deck's own files")
    parent = target.parent
    for folder in [parent, *parent.parents]:
        if folder.exists():
            if not folder.is_dir():
                raise DeckError(f"cannot create the output folder: '{folder}' is a file")
            break


def write_atomic(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` through a synced temporary file and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _verify(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DeckError(f"cannot write '{target}': {exc.strerror or exc}") from None
        raise


def _verify(path: Path) -> None:
    with zipfile.ZipFile(path) as check:
        bad = check.testzip()
        if bad is not None:
            raise DeckError(f"the written file is damaged at '{bad}'")
        if "ppt/presentation.xml" not in check.namelist():
            raise DeckError("the written file has no presentation part")
