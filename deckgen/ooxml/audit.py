"""A structural check of a .pptx package, for tests and for ``python -m deckgen.ooxml.audit``.

PowerPoint refuses, or offers to "repair", a file whose package is
inconsistent even when every XML part is valid on its own.  The checks here
are the ones a generator can get wrong: every part has a content type, every
content-type override and every relationship points at a part that exists,
every ``r:id`` used in a part is one of its relationships, shape ids are
unique on each slide, and every XML part is well formed (with no DOCTYPE).
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
