"""Write stage: the same bytes for the same input, and never a half-written file.

python-pptx stamps every zip entry with the current time; the package is
re-packed here with a fixed timestamp and fixed entry metadata.  The result
goes to a temporary file beside the target, is flushed, synced and reopened
as a check, and only then renamed over the target, so a failure at any point
leaves the previous file untouched and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6
KEPT_STREAM_MIN = 32 * 1024  # smaller parts compress faster than a cache file is read


def deterministic_bytes(prs: Any) -> bytes:
    """Serialise a presentation with fixed zip metadata.

    python-pptx's own writer decides what goes in and in which order; only the
    zip entries are made here, so the package is compressed once, not saved
    and then re-packed.
    """
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        writer = PackageWriter(out, package._rels, tuple(package.iter_parts()))
        entries = _FixedEntries(dst)
        writer._write_content_types_stream(entries)
        writer._write_pkg_rels(entries)
        writer._write_parts(entries)
    return out.getvalue()


class _FixedEntries:
    """Stands in for python-pptx's zip writer: the same members, with fixed metadata."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive

    def write(self, pack_uri: Any, blob: bytes) -> None:
        fixed = zipfile.ZipInfo(pack_uri.membername, date_time=FIXED_TIME)
        fixed.compress_type = zipfile.ZIP_DEFLATED
        fixed.create_system = 0
        fixed.external_attr = 0
        ready = _kept_stream(blob)
        if ready is None:
            self.archive.writestr(fixed, blob, compresslevel=COMPRESS_LEVEL)
            return
        # ZipFile.writestr, with the deflate stream already made: the entry's compressor
        # hands it over, and zipfile still counts the sizes and the checksum.
        fixed._compresslevel = COMPRESS_LEVEL
        fixed.file_size = len(blob)
        with self.archive.open(fixed, mode="w") as dest:
            if hasattr(dest, "_compressor"):
                dest._compressor = _Ready(ready)
            dest.write(blob)


class _Ready:
    """Stands in for zlib's compressor with a stream computed before."""

    def __init__(self, stream: bytes):
        self.stream = stream

    def compress(self, _blob: bytes) -> bytes:
        stream, self.stream = self.stream, b""
        return stream

    def flush(self) -> bytes:
        return b""


def _kept_stream(blob: bytes) -> bytes | None:
    """The zip stream of a large part (a picture), kept in the cache from an earlier build.

    Pictures are already compressed, so deflating them again costs most of the
    writing time and gains nothing; but the same input must give the same
    bytes, so the stream is the one zlib made, kept and checked, not skipped.
    """
    if len(blob) < KEPT_STREAM_MIN:
        return None
    from deckgen.layout.fonts import cache_dir

    key = hashlib.sha1(blob).hexdigest()
    path = cache_dir() / "deflated" / key[:2] / f"{key}-{COMPRESS_LEVEL}.z"
    try:
        stream = path.read_bytes()
        if zlib.decompressobj(-15).decompress(stream) == blob:
            return stream
    except (OSError, zlib.error):
        pass
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    stream = compressor.compress(blob) + compressor.flush()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(stream)
        os.rename(tmp, path)  # atomic on POSIX; elsewhere the next build compresses again
    except OSError:  # a read-only cache only costs time
        with contextlib.suppress(OSError):
            tmp.unlink()
    return stream


def check_target(target: Path, inputs: list[Path]) -> None:
    """Refuse outputs that would destroy an input or cannot be a file."""
    if target.exists() and target.is_dir():
        raise DeckError(f"output '{target}' is a folder", hint="name a .pptx file with -o")
    if target.suffix.lower() != ".pptx":
        # Also keeps a slip of -o from replacing an image, a CSV or a YAML file.
        raise DeckError(f"output '{target}' does not end in .pptx",
                        hint="PowerPoint only opens the file by that name")
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


MAX_NAME_BYTES = 255  # a file name on ext4, XFS, APFS, NTFS (in UTF-16 units there)


def temp_prefix(target: Path) -> str:
    """``.NAME.PID.``: beside the target, named after it and the process writing it.

    Shortened when needed so the whole temporary name (with mkstemp's eight random
    characters and ``.tmp``) stays within the file-system limit even for a target
    whose own name uses it all.
    """
    tail = f".{os.getpid()}."
    room = MAX_NAME_BYTES - len(tail) - 1 - 8 - len(".tmp")
    name = target.name.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f".{name}{tail}"


def sweep_stale(target: Path) -> None:
    """Remove temporary files that killed builds (SIGKILL, power loss) left for ``target``.

    Only files whose writing process is gone are removed, so a build of the same
    output running at this moment keeps its own.
    """
    head = temp_prefix(target).rsplit(".", 2)[0] + "."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        match = _TEMP_TAIL.fullmatch(name[len(head):]) if name.startswith(head) else None
        if match and not _alive(int(match[1])):
            with contextlib.suppress(OSError):
                (target.parent / name).unlink()


_TEMP_TAIL = re.compile(r"(\d+)\.[a-z0-9_]{8}\.tmp")  # PID, mkstemp's characters


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def write_atomic(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` through a synced temporary file and a rename."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale(target)
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        raise DeckError(f"cannot write '{target}': {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _verify(tmp, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DeckError(f"cannot write '{target}': {exc.strerror or exc}") from None
        raise


def _verify(path: Path, data: bytes) -> None:
    """The file on disk holds exactly the bytes made, and they open as a presentation.

    Comparing the bytes read back finds a damaged write as surely as
    decompressing every entry would (the entries' checksums were computed from
    the same bytes), in a fraction of the time.
    """
    if path.read_bytes() != data:
        raise DeckError(f"the written file '{path.name}' is damaged: it differs from what was made")
    with zipfile.ZipFile(path) as check:
        if "ppt/presentation.xml" not in check.namelist():
            raise DeckError("the written file has no presentation part")
