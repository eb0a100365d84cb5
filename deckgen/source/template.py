"""Check a theme's ``template:`` .pptx before python-pptx opens it.

python-pptx reads every part of a package into memory and parses its XML.  A
zip whose members claim gigabytes when inflated (a zip bomb) or XML that
declares a DOCTYPE (entity expansion, external entities) would reach it
unchecked, and a file that is not a presentation at all would surface as a
python-pptx exception.  Here the zip directory is read first, sizes are
summed from it, each XML part is scanned while inflating with a cap, and the
path from presentation to master to layout is followed, so every failure is a
located error.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from deckgen.errors import DeckError, Location

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 50 * 1024 * 1024  # inflated size of one member
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # inflated size of all members
MAX_MEMBERS = 5_000
MAX_RATIO = 200  # inflated / compressed, beyond what real XML reaches
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_template(path: Path, where: Location | None) -> None:
    """Raise a located error unless ``path`` is a safe, openable .pptx package."""
    check_package(path, where, "template")


def check_package(path: Path, where: Location | None, what: str,
                  links_ok: bool = False) -> None:
    """As :func:`check_template`, for any presentation read as ``what``.

    ``links_ok`` lets relationships point outside the package: a deck being
    imported may hold hyperlinks, which are only read, never fetched.
    """
    name = f"{what} '{path.name}'"
    if path.suffix.lower() != ".pptx":
        raise DeckError(f"{name} is not a .pptx file", where,
                        hint="save the template from PowerPoint as .pptx")
    stat = path.stat()
    version = (path.resolve(), stat.st_mtime_ns, stat.st_size, links_ok)
    if version in _SAFE:  # this version of the file passed already
        return
    if stat.st_size > MAX_FILE_BYTES:
        raise DeckError(f"{name} is {stat.st_size / 1048576:.0f} MiB; the limit is "
                        f"{MAX_FILE_BYTES // 1048576} MiB", where)
    try:
        with zipfile.ZipFile(path) as package:
            _check_members(package, name, where, links_ok)
            _open(package, name, where)
    except zipfile.BadZipFile as exc:
        raise DeckError(f"{name} is not a PowerPoint file (not a zip package: "
                        f"{exc})", where) from None
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise DeckError(f"{name} is damaged: {exc}", where) from None
    if len(_SAFE) >= 32:
        _SAFE.clear()
    _SAFE.add(version)


# Versions (path, mtime, size, links allowed) that passed: a build checks its theme's
# template while loading the theme and again for its look; a watched build, every edit.
# Only passes are kept, so a failure is reported again, at every place it is written.
_SAFE: set[tuple[Path, int, int, bool]] = set()


def _check_members(package: zipfile.ZipFile, name: str, where: Location | None,
                   links_ok: bool = False) -> None:
    members = package.infolist()
    if len(members) > MAX_MEMBERS:
        raise DeckError(f"{name} has {len(members):,} parts; the limit is "
                        f"{MAX_MEMBERS:,}", where)
    names = {m.filename for m in members}
    for required in ("[Content_Types].xml", "ppt/presentation.xml"):
        if required not in names:
            raise DeckError(f"{name} is not a presentation (no {required})", where)
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES:
        raise DeckError(f"{name} inflates to {total / 1048576:.0f} MiB; the limit "
                        f"is {MAX_TOTAL_BYTES // 1048576} MiB", where,
                        hint="a 'zip bomb' is refused")
    types = package.getinfo("[Content_Types].xml")
    _check_member(package, types, name, where, True, links_ok)
    is_xml = _xml_parts(_read_capped(package, types))
    for member in members:
        if member is not types:
            _check_member(package, member, name, where, is_xml(member.filename), links_ok)


def _xml_parts(types: bytes) -> Callable[[str], bool]:
    """Which parts are read as XML: by ``[Content_Types].xml``, not by their names, so a
    part called "layout.dat" declared as XML is scanned, and a binary part that merely
    holds XML-like bytes (a Mac printer-settings plist) is not mistaken for one."""
    text = _decoded(types)
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for tag in re.findall(r"<(?:\w+:)?(?:Default|Override)\b[^>]*>", text):
        attrs = dict(re.findall(r'(\w+)\s*=\s*["\']([^"\']*)["\']', tag))
        kind = attrs.get("ContentType", "").lower()
        if "Extension" in attrs:
            defaults[attrs["Extension"].lower()] = kind
        elif "PartName" in attrs:
            overrides[attrs["PartName"].lstrip("/").lower()] = kind

    def is_xml(part: str) -> bool:
        lowered = part.lower()
        kind = overrides.get(lowered, defaults.get(lowered.rpartition(".")[2], ""))
        return lowered.endswith((".xml", ".rels")) or kind.endswith(("+xml", "/xml"))

    return is_xml


def _decoded(data: bytes) -> str:
    """XML text in UTF-8 or UTF-16, with or without a byte order mark."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    if data[:1] == b"\x00" or data[1:2] == b"\x00":
        return data.decode("utf-16-be" if data[:1] == b"\x00" else "utf-16-le", "replace")
    return data.decode("utf-8", "replace")


def _check_member(package: zipfile.ZipFile, member: zipfile.ZipInfo, name: str,
                  where: Location | None, xml: bool, links_ok: bool = False) -> None:
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > MAX_MEMBER_BYTES or (member.file_size > 1_000_000
                                               and ratio > MAX_RATIO):
        raise DeckError(f"{name}: part '{member.filename}' inflates to "
                        f"{member.file_size / 1048576:.0f} MiB", where,
                        hint="a 'zip bomb' is refused")
    if not xml:
        return
    data = _read_capped(package, member)
    if any(pattern.search(data) for pattern in _DOCTYPES):
        raise DeckError(f"{name}: part '{member.filename}' declares a DOCTYPE or "
                        "an entity, which a presentation never needs", where,
                        hint="entities can expand without bound or read other files")
    # Relationships are found by name (_rels/*.rels), so only those parts can link out.
    if not links_ok and member.filename.lower().endswith(".rels") and any(
            pattern.search(data) for pattern in _EXTERNALS):
        raise DeckError(f"{name}: part '{member.filename}' links to a file outside "
                        "the template (TargetMode=\"External\")", where,
                        hint="PowerPoint would fetch it when the deck is opened; remove the "
                        "linked picture or hyperlink from the template")


def _read_capped(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """Inflate at most MAX_MEMBER_BYTES + 1, whatever the directory claims."""
    with package.open(member) as handle:
        data = handle.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise OSError(f"part '{member.filename}' is larger than its directory entry says")
    return data


def _utf16(pattern: bytes, order: str) -> re.Pattern[bytes]:
    """``pattern`` as its UTF-16 bytes (any case), found with or without a BOM.

    The scan searches the bytes as they are, so a part encoded as UTF-16 (with or
    without a BOM: XML parsers guess from the first characters) is caught without
    decoding every part twice.
    """
    nul = b"\x00"
    parts = []
    for char in pattern.decode("ascii"):
        if char == " ":
            unit = b"(?:[ \t\r\n]\x00)*" if order == "le" else b"(?:\x00[ \t\r\n])*"
        else:
            both = re.escape(char.lower().encode()) + re.escape(char.upper().encode())
            unit = b"[" + both + b"]" + nul if order == "le" else nul + b"[" + both + b"]"
        parts.append(unit)
    return re.compile(b"".join(parts))


_DOCTYPES = [_DOCTYPE, *(_utf16(b"<! doctype", o) for o in ("le", "be")),
             *(_utf16(b"<! entity", o) for o in ("le", "be"))]
_EXTERNALS = [re.compile(rb"TargetMode\s*=\s*[\"']\s*External", re.IGNORECASE),
              *(_utf16(b'targetmode = ' + quote + b' external', o)
                for o in ("le", "be") for quote in (b'"', b"'"))]


def _open(package: zipfile.ZipFile, name: str, where: Location | None) -> None:
    """The package must lead from the presentation to a master with a layout to put slides on.

    Read with the standard library's parser: every part was scanned for DOCTYPEs
    above, and python-pptx itself is only used by the ooxml stage.
    """
    try:
        masters = _targets(package, "ppt/presentation.xml", "/slideMaster")
        layouts = [t for m in masters for t in _targets(package, m, "/slideLayout")]
    except ElementTree.ParseError as exc:
        raise DeckError(f"{name} cannot be opened as a presentation: {exc}",
                        where) from None
    if not masters:
        raise DeckError(f"{name} has no slide master", where)
    if not layouts:
        raise DeckError(f"{name} has no slide layouts", where)


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def relationships(package: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """``part``'s relationships inside the package as (id, type, target part name); a
    target may be relative to the part's folder or absolute (``/ppt/...``)."""
    folder, _, base = part.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels"
    if rels not in package.NameToInfo:
        return []
    found = []
    for rel in ElementTree.fromstring(_read_capped(package, package.getinfo(rels))).iter(_RELS):
        if rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            found.append((rel.get("Id", ""), rel.get("Type", ""), target))
    return found


def _targets(package: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """Parts that ``part`` relates to with a relationship type ending in ``kind``."""
    return [target for _, type_, target in relationships(package, part)
            if type_.endswith(kind) and target in package.NameToInfo]
