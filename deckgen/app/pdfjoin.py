"""One PDF from pages of several PDFs, sharing what those pages share.

``deckgen preview`` keeps each drawn slide as a page of the PDF LibreOffice
wrote for it, and builds the deck's PDF from those pages.  poppler's
``pdfseparate`` and ``pdfunite`` could do that, but LibreOffice gives every
page one resource dictionary naming all the deck's fonts and pictures, so each
separated page carries all of them: the lecture's 42 pages came to 9.5 MB
(LibreOffice's own PDF of it is 0.3 MB) and took ``pdfunite`` seconds to join.
Here each source PDF's objects are copied once, only those the chosen pages
reach, renumbered, under a new page tree; streams are copied byte for byte.

Only the plain form LibreOffice writes is read: cross-reference tables (chained
by ``/Prev`` is fine), no cross-reference or object streams.  Anything else
raises :class:`PdfFormatError`, and the caller joins the pages another way.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

_REGULAR = rb"[^\s()<>\[\]{}/%]"
_TOKEN = re.compile(rb"\s+|%[^\r\n]*"  # white space and comments: skipped
                    rb"|(?P<ref>(\d+)\s+(\d+)\s+R)(?!" + _REGULAR + rb")"
                    rb"|(?P<open><<|\[)|(?P<close>>>|\])"
                    rb"|(?P<hex><[0-9A-Fa-f\s]*>)"
                    rb"|(?P<str>\()"
                    rb"|/" + _REGULAR + rb"*"
                    rb"|" + _REGULAR + rb"+")
_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_STREAM = re.compile(rb"\s*stream(\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"\s*endstream")
_ENDOBJ = re.compile(rb"\s*endobj")
_XREF_ROW = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_INHERITED = (b"/Resources", b"/MediaBox", b"/CropBox", b"/Rotate")


class PdfFormatError(Exception):
    """The PDF is not in the plain form this module reads."""


@dataclass
class _Object:
    start: int  # where the object's value starts (after ``N G obj``)
    value_end: int  # where its value ends: refs are looked for before this, never in a stream
    end: int  # where what is copied ends: after ``endstream``, or the value
    refs: list[tuple[int, int, int]]  # (start, end, object number) of each reference


@dataclass
class _Source:
    data: bytes
    offsets: dict[int, int | None]  # None: a free (deleted) object
    root: int
    info: int | None
    version: bytes
    objects: dict[int, _Object] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)
    nodes: dict[int, int | None] = field(default_factory=dict)  # tree node -> its parent

    def obj(self, number: int) -> _Object | None:
        """The object ``number``, parsed when first asked for; None when the file lacks it."""
        if number not in self.objects:
            offset = self.offsets.get(number)
            if offset is None:
                return None
            self.objects[number] = _parse_object(self.data, offset, number, self)
        return self.objects[number]


def _string_end(data: bytes, i: int) -> int:
    """The end of the literal string starting at ``data[i] == '('``: nested, escaped."""
    depth = 0
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash: the next byte is taken as it is
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise PdfFormatError("a string runs to the end of the file")


def _value(data: bytes, i: int, refs: list[tuple[int, int, int]] | None = None) -> int:
    """The end of the one value starting at ``i``; its references appended to ``refs``."""
    depth = 0
    n = len(data)
    while i < n:
        found = _TOKEN.match(data, i)
        if found is None:
            raise PdfFormatError(f"unreadable byte at {i}")
        kind = found.lastgroup
        if found.group(0)[:1].isspace() or found.group(0)[:1] == b"%":
            i = found.end()
            continue
        if kind == "str":
            i = _string_end(data, i)
        else:
            i = found.end()
            if kind == "ref" and refs is not None:
                refs.append((found.start(), i, int(found.group(2))))
            elif kind == "open":
                depth += 1
            elif kind == "close":
                depth -= 1
        if depth <= 0:
            return i
    raise PdfFormatError("a value runs to the end of the file")


def _entries(data: bytes, start: int, end: int) -> dict[bytes, tuple[int, int]]:
    """A dictionary's keys, each with the span of its value in ``data``."""
    if data[start:start + 2] != b"<<":
        raise PdfFormatError(f"no dictionary at {start}")
    entries = {}
    i = start + 2
    while True:
        key = _TOKEN.match(data, i)
        while key and (key.group(0)[:1].isspace() or key.group(0)[:1] == b"%"):
            key = _TOKEN.match(data, key.end())
        if key is None or i >= end:
            raise PdfFormatError(f"unreadable dictionary at {start}")
        if key.group(0) == b">>":
            return entries
        if not key.group(0).startswith(b"/"):
            raise PdfFormatError(f"a dictionary key is not a name at {key.start()}")
        value_start = _skip_space(data, key.end())
        i = _value(data, value_start)
        entries[key.group(0)] = (value_start, i)


def _skip_space(data: bytes, i: int) -> int:
    while True:
        found = _TOKEN.match(data, i)
        if found is None or not (found.group(0)[:1].isspace() or found.group(0)[:1] == b"%"):
            return i
        i = found.end()


def _ref(data: bytes, span: tuple[int, int]) -> int:
    found = re.fullmatch(rb"(\d+)\s+\d+\s+R", data[span[0]:span[1]])
    if found is None:
        raise PdfFormatError(f"not a reference at {span[0]}")
    return int(found.group(1))


def _parse_object(data: bytes, offset: int, number: int, source: _Source) -> _Object:
    header = _HEADER.match(data, offset)
    if header is None or int(header.group(1)) != number:
        raise PdfFormatError(f"object {number} is not where the table says")
    start = _skip_space(data, header.end())
    refs: list[tuple[int, int, int]] = []
    value_end = _value(data, start, refs)
    stream = _STREAM.match(data, value_end)
    if stream is None:
        closing = _ENDOBJ.match(data, value_end)
        if closing is None:
            raise PdfFormatError(f"object {number} has no endobj")
        return _Object(start, value_end, value_end, refs)
    body = stream.end()
    length = _entries(data, start, value_end).get(b"/Length")
    size = None
    if length is not None:
        text = data[length[0]:length[1]]
        if text.isdigit():
            size = int(text)
        else:
            held = source.obj(_ref(data, length))
            if held is not None and data[held.start:held.value_end].isdigit():
                size = int(data[held.start:held.value_end])
    closing = _ENDSTREAM.match(data, body + size) if size is not None else None
    if closing is None:  # a wrong /Length: the first endstream after the data
        at = data.find(b"endstream", body)
        closing = _ENDSTREAM.match(data, at) if at >= 0 else None
        if closing is None:
            raise PdfFormatError(f"object {number} has no endstream")
    return _Object(start, value_end, closing.end(), refs)


def _read(path: Path) -> _Source:
    """A PDF's cross-reference table (newest section first), root and page tree."""
    data = path.read_bytes()
    version = re.match(rb"%PDF-(\d\.\d)", data)
    found = data.rfind(b"startxref")
    if version is None or found < 0:
        raise PdfFormatError(f"{path.name} is not a PDF")
    at = int(re.match(rb"startxref\s+(\d+)", data[found:]).group(1))
    offsets: dict[int, int | None] = {}
    root = info = None
    seen = set()
    while at is not None and at not in seen:
        seen.add(at)
        trailer, at = _section(data, at, offsets)
        root = root if root is not None else trailer.get(b"/Root")
        info = info if info is not None else trailer.get(b"/Info")
    if root is None:
        raise PdfFormatError(f"{path.name} has no /Root")
    source = _Source(data, offsets, root, info, version.group(1))
    catalog = source.obj(root)
    if catalog is None:
        raise PdfFormatError(f"{path.name} lacks its catalog")
    pages = _entries(data, catalog.start, catalog.value_end).get(b"/Pages")
    if pages is None:
        raise PdfFormatError(f"{path.name} has no page tree")
    _walk(source, _ref(data, pages), None, set())
    return source


def _section(data: bytes, at: int, offsets: dict[int, int | None]
             ) -> tuple[dict[bytes, int], int | None]:
    """One cross-reference section into ``offsets`` (newer entries kept); its trailer."""
    if not data.startswith(b"xref", at):
        raise PdfFormatError("a cross-reference stream, not a table")
    i = at + 4
    while True:
        head = re.compile(rb"\s*(\d+)\s+(\d+)\s*[\r\n]").match(data, i)
        if head is None:
            break
        first, count = int(head.group(1)), int(head.group(2))
        i = head.end()
        for number in range(first, first + count):
            row = _XREF_ROW.match(data, _skip_space(data, i))
            if row is None:
                raise PdfFormatError("a broken cross-reference table")
            i = row.end()
            if number not in offsets and number != 0:  # a newer section decided it
                offsets[number] = int(row.group(1)) if row.group(3) == b"n" else None
    trailer = re.compile(rb"\s*trailer\s*").match(data, i)
    if trailer is None:
        raise PdfFormatError("no trailer after the cross-reference table")
    entries = _entries(data, trailer.end(), len(data))
    if b"/XRefStm" in entries:
        raise PdfFormatError("a cross-reference stream beside the table")
    known = {key: _ref(data, entries[key]) for key in (b"/Root", b"/Info") if key in entries}
    prev = entries.get(b"/Prev")
    return known, int(data[prev[0]:prev[1]]) if prev else None


def _walk(source: _Source, node: int, parent: int | None, seen: set[int]) -> None:
    """The pages under ``node`` in order, into ``source.pages``."""
    if node in seen:
        raise PdfFormatError("the page tree has a loop")
    seen.add(node)
    obj = source.obj(node)
    if obj is None:
        raise PdfFormatError(f"page tree node {node} is missing")
    data = source.data
    entries = _entries(data, obj.start, obj.value_end)
    source.nodes[node] = parent
    kids = entries.get(b"/Kids")
    kind = data[entries[b"/Type"][0]:entries[b"/Type"][1]] if b"/Type" in entries else b""
    if kids is None or kind == b"/Page":
        source.pages.append(node)
        return
    found: list[tuple[int, int, int]] = []
    _value(data, kids[0], found)
    for _, _, kid in found:
        _walk(source, kid, node, seen)


def join(pages: list[tuple[Path, int]], target: Path) -> None:
    """Write ``target`` from ``pages``: (PDF, 1-based page number) in order.

    Written to a temporary name and renamed, so ``target`` is never half a PDF.
    """
    sources: dict[Path, _Source] = {}
    for path, _ in pages:
        if path not in sources:
            sources[path] = _read(path)
    for path, number in pages:
        if not 1 <= number <= len(sources[path].pages):
            raise PdfFormatError(f"{path.name} has no page {number}")
    writer = _Writer()
    catalog, tree = writer.reserve(), writer.reserve()
    kids = _copy(sources, pages, writer, tree)
    first = sources[pages[0][0]]
    info = writer.numbers[id(first)].get(first.info) if first.info is not None else None
    writer.put(catalog, b"<</Type/Catalog/Pages %d 0 R%s>>" % (tree, _kept_entries(first)))
    writer.put(tree, b"<</Type/Pages/Count %d/Kids[%s]>>"
               % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)))
    version = max(s.version for s in sources.values())
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            writer.write(out, version, catalog, info)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _kept_entries(source: _Source) -> bytes:
    """The first PDF's language and viewer settings, which name no other object."""
    catalog = source.obj(source.root)
    assert catalog is not None
    data = source.data
    kept = []
    for key, (start, end) in _entries(data, catalog.start, catalog.value_end).items():
        found: list[tuple[int, int, int]] = []
        _value(data, start, found)
        if key in (b"/Lang", b"/ViewerPreferences") and not found:
            kept.append(key + b" " + data[start:end])
    return b"".join(kept)


def _copy(sources: dict[Path, _Source], pages: list[tuple[Path, int]], writer: _Writer,
          tree: int) -> list[int]:
    """Every object the chosen pages reach, each source's once; the new page numbers."""
    kids = []
    chosen: dict[Path, list[int]] = {}
    for path, number in pages:
        page = sources[path].pages[number - 1]
        chosen.setdefault(path, []).append(page)
        kids.append((path, page))
    for path, source in sources.items():
        numbers = writer.numbers.setdefault(id(source), {})
        # Another page, a tree node or the catalog of a source is not carried over: a
        # reference to one (a link to another slide) becomes null.
        dropped = (set(source.pages) | set(source.nodes) | {source.root}) - set(chosen[path])
        for page in dict.fromkeys(chosen[path]):
            numbers[page] = writer.reserve()
        todo: list[int] = []
        page_values = {}
        for page in dict.fromkeys(chosen[path]):
            values = _page_values(source, page)
            page_values[page] = values
            for start, _ in values.values():
                found: list[tuple[int, int, int]] = []
                _value(source.data, start, found)
                todo += [ref for _, _, ref in found]
        if source.info is not None and path == pages[0][0]:
            todo.append(source.info)
        _reach(source, todo, dropped, numbers, writer)
        for page, values in page_values.items():
            body = b"".join(key + b" " + _renumbered(source, span, numbers, dropped)
                            for key, span in values.items())
            writer.put(numbers[page], b"<</Type/Page/Parent %d 0 R%s>>" % (tree, body))
        for old, obj in source.objects.items():
            if old in numbers and old not in page_values and old not in dropped:
                writer.put(numbers[old], _renumbered(source, (obj.start, obj.value_end),
                                                     numbers, dropped, obj)
                           + source.data[obj.value_end:obj.end])
    return [writer.numbers[id(sources[path])][page] for path, page in kids]


def _page_values(source: _Source, page: int) -> dict[bytes, tuple[int, int]]:
    """A page's own entries and those it inherits from the tree, but not its parent."""
    data = source.data
    obj = source.obj(page)
    assert obj is not None
    values = {key: span for key, span in _entries(data, obj.start, obj.value_end).items()
              if key not in (b"/Parent", b"/Type")}
    node = source.nodes.get(page)
    while node is not None:
        above = source.obj(node)
        assert above is not None
        for key, span in _entries(data, above.start, above.value_end).items():
            if key in _INHERITED and key not in values:
                values[key] = span
        node = source.nodes.get(node)
    return values


def _reach(source: _Source, todo: list[int], dropped: set[int], numbers: dict[int, int],
           writer: _Writer) -> None:
    """A new number for every object reachable from ``todo``."""
    while todo:
        number = todo.pop()
        if number in numbers or number in dropped:
            continue
        obj = source.obj(number)
        numbers[number] = writer.reserve()
        if obj is None:
            writer.put(numbers[number], b"null")  # a reference to nothing is null
            continue
        todo += [ref for _, _, ref in obj.refs]


def _renumbered(source: _Source, span: tuple[int, int], numbers: dict[int, int],
                dropped: set[int], obj: _Object | None = None) -> bytes:
    """The bytes of ``span`` with each reference in it renumbered (or null)."""
    data = source.data
    if obj is None:
        refs: list[tuple[int, int, int]] = []
        _value(data, span[0], refs)
    else:
        refs = obj.refs
    parts = []
    at = span[0]
    for start, end, number in refs:
        parts.append(data[at:start])
        parts.append(b"null" if number in dropped else b"%d 0 R" % numbers[number])
        at = end
    parts.append(data[at:span[1]])
    return b"".join(parts)


class _Writer:
    """Objects by their new numbers, written with a cross-reference table."""

    def __init__(self) -> None:
        self.bodies: dict[int, bytes] = {}
        self.count = 0
        self.numbers: dict[int, dict[int, int]] = {}  # id(source) -> old number -> new

    def reserve(self) -> int:
        self.count += 1
        return self.count

    def put(self, number: int, body: bytes) -> None:
        self.bodies[number] = body

    def write(self, out, version: bytes, root: int, info: int | None) -> None:  # noqa: ANN001
        offsets = []
        at = out.write(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
        digest = hashlib.md5(usedforsecurity=False)
        for number in range(1, self.count + 1):
            body = self.bodies.get(number, b"null")
            offsets.append(at)
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
            digest.update(chunk[:256])
            at += out.write(chunk)
        rows = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        ident = digest.hexdigest().encode()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n%s" % (self.count + 1, rows))
        out.write(b"trailer\n<</Size %d/Root %d 0 R%s/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n"
                  % (self.count + 1, root, b"/Info %d 0 R" % info if info else b"",
                     ident, ident, at))
