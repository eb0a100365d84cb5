"""A structural check of a .pptx package, for tests and for ``python -m deckgen.ooxml.audit``.

PowerPoint refuses, or offers to "repair", a file whose package is
inconsistent even when every XML part is valid on its own.  The checks here
are the ones a generator can get wrong: every part has a content type, every
content-type override and every relationship points at a part that exists,
every ``r:id`` used in a part is one of its relationships, shape ids are
unique on each slide, every XML part is well formed (with no DOCTYPE), every
shape has a positive size and no table has more columns than the schema allows.
"""

from __future__ import annotations

import posixpath
import sys
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
MAX_EXTENT = 2**31 - 1  # EMU: a shape's size is a 32-bit number to PowerPoint
MAX_GRID_COLUMNS = 1000  # a:tblGrid holds at most this many a:gridCol (the schema's maxOccurs)
# Shapes that must cover an area; a connector (p:cxnSp) may be flat in one direction.
AREA_SHAPES = frozenset(f"{{{P_NS}}}{tag}" for tag in ("sp", "pic", "graphicFrame"))
SHAPE_PARTS = ("ppt/slides/", "ppt/slideLayouts/", "ppt/slideMasters/", "ppt/notesSlides/",
               "ppt/notesMasters/")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False)


def audit(path: Path | str) -> list[str]:
    """Every structural problem of the package at ``path``; an empty list means sound."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = {n: package.read(n) for n in package.namelist() if not n.endswith("/")}
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"not a zip package: {exc}"]
    problems: list[str] = []
    trees = _parse_all(parts, problems)
    if "[Content_Types].xml" not in trees:
        return [*problems, "no [Content_Types].xml"]
    problems += _content_types(parts, trees["[Content_Types].xml"])
    problems += _relationships(parts, trees)
    problems += _shape_ids(trees)
    problems += _extents(trees)
    problems += _grids(trees)
    return problems


def _parse_all(parts: dict[str, bytes], problems: list[str]) -> dict[str, etree._Element]:
    trees = {}
    for name, data in parts.items():
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            tree = etree.fromstring(data, _PARSER).getroottree()
        except etree.XMLSyntaxError as exc:
            problems.append(f"{name}: XML is not well formed: {exc}")
            continue
        if tree.docinfo.doctype:
            problems.append(f"{name}: declares a DOCTYPE")
        trees[name] = tree.getroot()
    return trees


def _content_types(parts: dict[str, bytes], types: etree._Element) -> list[str]:
    problems = []
    defaults = {d.get("Extension", "").lower() for d in types.iter(f"{CT}Default")}
    overrides = [o.get("PartName", "") for o in types.iter(f"{CT}Override")]
    for name, count in Counter(overrides).items():
        if count > 1:
            problems.append(f"[Content_Types].xml: {name} is listed {count} times")
    listed = {o.lstrip("/") for o in overrides}
    for name in overrides:
        if name.lstrip("/") not in parts:
            problems.append(f"[Content_Types].xml: override for missing part {name}")
    for name in parts:
        if name == "[Content_Types].xml" or name in listed:
            continue
        base = posixpath.basename(name)
        extension = base.rsplit(".", 1)[1].lower() if "." in base else ""  # ".rels" too
        if extension not in defaults:
            problems.append(f"{name}: has no content type")
    return problems


def _rels_source(rels_name: str) -> str:
    """``ppt/slides/_rels/slide1.xml.rels`` describes ``ppt/slides/slide1.xml``."""
    folder, file = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), file[: -len(".rels")])


def _relationships(parts: dict[str, bytes], trees: dict[str, etree._Element]) -> list[str]:
    problems = []
    ids_of: dict[str, set[str]] = {}
    for name, root in trees.items():
        if not name.endswith(".rels"):
            continue
        source = _rels_source(name)
        if source and source not in parts:
            problems.append(f"{name}: describes missing part {source}")
        base = posixpath.dirname(source)
        ids = [rel.get("Id", "") for rel in root.iter(f"{RELS}Relationship")]
        for rid, count in Counter(ids).items():
            if count > 1:
                problems.append(f"{name}: relationship id {rid} is used {count} times")
        ids_of[source] = set(ids)
        for rel in root.iter(f"{RELS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            if resolved not in parts:
                problems.append(f"{name}: {rel.get('Id')} points at missing part {resolved}")
    for name, root in trees.items():
        if name.endswith(".rels"):
            continue
        known = ids_of.get(name, set())
        for element in root.iter():
            for attr, value in element.attrib.items():
                if attr.startswith(f"{{{R_NS}}}") and value and value not in known:
                    problems.append(f"{name}: r:{attr.split('}')[1]}=\"{value}\" is not "
                                    "one of its relationships")
    return problems


def _shape_ids(trees: dict[str, etree._Element]) -> list[str]:
    problems = []
    for name, root in trees.items():
        if not (name.startswith(SHAPE_PARTS) and name.endswith(".xml")):
            continue
        ids = [e.get("id") for e in root.iter(f"{{{P_NS}}}cNvPr")]
        for shape_id, count in Counter(ids).items():
            if count > 1:
                problems.append(f"{name}: shape id {shape_id} is used {count} times")
    return problems


def _extents(trees: dict[str, etree._Element]) -> list[str]:
    """Sizes below zero break the schema (PowerPoint offers a repair); a shape of zero
    width or height is a box the lay-out squeezed to nothing, which no one can read."""
    problems = []
    for name, root in trees.items():
        if not (name.startswith(SHAPE_PARTS) and name.endswith(".xml")):
            continue
        for ext in root.iter(f"{{{A_NS}}}ext", f"{{{P_NS}}}ext"):
            if ext.get("cx") is None:
                continue  # an extension-list entry (<a:ext uri=...>), not a size
            shape = _owner(ext)
            label = _shape_name(shape)
            for attr in ("cx", "cy"):
                value = int(ext.get(attr, "0"))
                if value < 0:
                    problems.append(f"{name}: {label} has a negative size ({attr}={value})")
                elif value > MAX_EXTENT:
                    problems.append(f"{name}: {label} is larger than a file may say "
                                    f"({attr}={value})")
                elif value == 0 and shape is not None and shape.tag in AREA_SHAPES:
                    side = "width" if attr == "cx" else "height"
                    problems.append(f"{name}: {label} has no {side} ({attr}=0)")
    return problems


def _owner(element: etree._Element) -> etree._Element | None:
    """The shape (sp, pic, graphicFrame, cxnSp, grpSp) an a:ext belongs to."""
    node = element.getparent()
    while node is not None and node.tag.rsplit("}", 1)[-1] not in (
            "sp", "pic", "graphicFrame", "cxnSp", "grpSp"):
        node = node.getparent()
    return node


def _shape_name(shape: etree._Element | None) -> str:
    if shape is None:
        return "a drawing"
    found = next(shape.iter(f"{{{P_NS}}}cNvPr"), None)
    return f"shape '{found.get('name')}'" if found is not None else "a shape"


def _grids(trees: dict[str, etree._Element]) -> list[str]:
    problems = []
    for name, root in trees.items():
        for grid in root.iter(f"{{{A_NS}}}tblGrid"):
            columns = grid.findall(f"{{{A_NS}}}gridCol")
            if len(columns) > MAX_GRID_COLUMNS:
                problems.append(f"{name}: a table has {len(columns)} columns; the schema allows "
                                f"{MAX_GRID_COLUMNS}")
            narrow = [c.get("w") for c in columns if int(c.get("w", "0")) <= 0]
            if narrow:
                problems.append(f"{name}: a table has {len(narrow)} column(s) of no width")
    return problems


def main(argv: list[str]) -> int:
    worst = 0
    for arg in argv:
        found = audit(arg)
        for problem in found:
            print(f"{arg}: {problem}")
        worst = max(worst, 1 if found else 0)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
