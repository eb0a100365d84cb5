"""What PowerPoint's Accessibility Checker would say of a built deck, read from the file.

Reading the file rather than the plans checks what a screen reader gets: the
title placeholders, descriptions and decorative marks the serializer wrote,
the order of the shape tree (the reading order), table header rows, and text
colours against the fill or slide colour behind them.  Text on a picture is
left to the layout stage (:mod:`deckgen.layout.readable`), which measures it.
A placeholder's run that states no colour or size has its layout's and
master's (:func:`deckgen.ooxml.master.inherited`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from deckgen.layout.readable import LARGE, LARGE_SIZE, NORMAL
from deckgen.model.colours import contrast
from deckgen.ooxml.master import Look, inherited

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
CHROME_TYPES = ("ftr", "sldNum", "dt")
CHROME_NAMES = ("Footer", "Slide Number", "Source", "Logo")
_SHAPES = (f"{P}sp", f"{P}pic", f"{P}graphicFrame", f"{P}grpSp", f"{P}cxnSp")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class Finding:
    """One thing a reader would miss on slide ``slide`` (from 1), with what to do."""

    slide: int
    shape: str
    message: str
    hint: str


def check(path: Path | str) -> list[Finding]:
    """Every accessibility finding of the deck at ``path``, slide by slide."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        slides = _slide_order(package)
        trees = [etree.fromstring(package.read(name), _PARSER) for name in slides
                 if name in names]
    layouts = _layouts(path)
    out: list[Finding] = []
    seen: dict[str, int] = {}
    for number, (name, tree) in enumerate(zip([n for n in slides if n in names], trees,
                                              strict=True), start=1):
        out.extend(_title(number, tree, seen))
        shapes = [s for s in _tree(tree) if not _off_slide(s)]
        out.extend(_alt_texts(number, shapes))
        out.extend(_tables(number, shapes))
        out.extend(_order(number, tree))
        out.extend(_contrast(number, tree, _opened(shapes), layouts.get(name)))
    return out


def _layouts(path: Path | str) -> dict[str, Any]:
    """Each slide part's layout part, by the slide's name in the package (none if the
    file does not open as a presentation: its runs are then read as they stand)."""
    from pptx import Presentation

    try:
        prs = Presentation(str(path))
        return {str(slide.part.partname).lstrip("/"): slide.part.part_related_by(
            RT.SLIDE_LAYOUT) for slide in prs.slides}
    except Exception:  # noqa: BLE001 - any file is checked as far as it can be read
        return {}


def _slide_order(package: zipfile.ZipFile) -> list[str]:
    """The slide parts in show order, from the presentation's slide list."""
    rels = etree.fromstring(package.read("ppt/_rels/presentation.xml.rels"), _PARSER)
    targets = {r.get("Id"): r.get("Target") for r in rels}
    pres = etree.fromstring(package.read("ppt/presentation.xml"), _PARSER)
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return ["ppt/" + targets[s.get(rid)].lstrip("/").removeprefix("ppt/")
            for s in pres.iter(f"{P}sldId")]


def _tree(tree: etree._Element) -> list[etree._Element]:
    """The top-level shapes of a slide, in tree (reading) order."""
    root = tree.find(f"{P}cSld/{P}spTree")
    return [s for s in root if s.tag in _SHAPES] if root is not None else []


def _opened(shapes: list[etree._Element]) -> list[etree._Element]:
    """Shapes with each group's members in its place (a diagram's own child space is the
    slide's, as the serializer writes it)."""
    out = []
    for shape in shapes:
        if shape.tag == f"{P}grpSp":
            out.extend(_opened([s for s in shape if s.tag in _SHAPES]))
        else:
            out.append(shape)
    return out


def _nv(shape: etree._Element) -> etree._Element:
    return shape.find(f"./*/{P}cNvPr")


def _name(shape: etree._Element) -> str:
    return _nv(shape).get("name", "")


def _decorative(shape: etree._Element) -> bool:
    return any(e.get("uri") == DECORATIVE for e in _nv(shape).iter(f"{A}ext"))


def _ph_type(shape: etree._Element) -> str | None:
    ph = shape.find(f"./*/{P}nvPr/{P}ph")
    return None if ph is None else ph.get("type", "body")


def _text(shape: etree._Element) -> str:
    return " ".join("".join(p.itertext()).strip() for p in shape.iter(f"{A}p")).strip()


def _off_slide(shape: etree._Element) -> bool:
    """A shape wholly above or left of the slide: kept for readers, never drawn."""
    box = _box(shape)
    return box is not None and (box[3] <= 0 or box[2] <= 0)


def _title(number: int, tree: etree._Element, seen: dict[str, int]) -> list[Finding]:
    titles = [s for s in _tree(tree) if _ph_type(s) in ("title", "ctrTitle")]
    text = " ".join(_text(titles[0]).split()) if titles else ""
    if not text:
        return [Finding(number, "", "slide has no title",
                        "give the slide a title: readers and the outline navigate by it")]
    if text in seen:
        return [Finding(number, _name(titles[0]),
                        f"slide title '{text}' repeats slide {seen[text]}'s",
                        "make each title tell its slide apart, e.g. add (2 of 3)")]
    seen[text] = number
    return []


def _alt_texts(number: int, shapes: list[etree._Element]) -> list[Finding]:
    """Pictures, charts, groups and text-less shapes need a description or the decorative mark."""
    out = []
    for shape in shapes:
        tag = etree.QName(shape).localname
        if _decorative(shape) or (_ph_type(shape) is not None and tag != "pic"):
            continue  # an empty placeholder shows nothing; a picture in one shows a picture
        table = shape.find(f".//{A}tbl") is not None
        needs = tag in ("pic", "grpSp") or (tag == "graphicFrame" and not table) or (
            tag in ("sp", "cxnSp") and not _text(shape))
        if needs and not (_nv(shape).get("descr") or "").strip():
            what = {"pic": "picture", "grpSp": "group", "graphicFrame": "chart or object"}
            out.append(Finding(number, _name(shape),
                               f"{what.get(tag, 'shape')} '{_name(shape)}' has no alt text",
                               "write alt: for it, or mark it decorative"))
    return out


def _tables(number: int, shapes: list[etree._Element]) -> list[Finding]:
    out = []
    for shape in shapes:
        props = shape.find(f".//{A}tbl/{A}tblPr")
        if props is not None and props.get("firstRow") not in ("1", "true"):
            out.append(Finding(number, _name(shape), f"table '{_name(shape)}' has no header row",
                               "give the table a header: so readers can name each column"))
    return out


def _order(number: int, tree: etree._Element) -> list[Finding]:
    """The title is read first, footer and slide number after everything else."""
    read = [s for s in _tree(tree) if not _decorative(s)]
    out = []
    if read and _ph_type(read[0]) not in ("title", "ctrTitle") and any(
            _ph_type(s) in ("title", "ctrTitle") for s in read):
        out.append(Finding(number, _name(read[0]),
                           f"reading order: '{_name(read[0])}' is read before the title", ""))
    chrome = [i for i, s in enumerate(read)
              if _ph_type(s) in CHROME_TYPES or _name(s) in CHROME_NAMES]
    body = [i for i, s in enumerate(read) if i not in chrome]
    if chrome and body and min(chrome) < max(body):
        first = read[min(chrome)]
        out.append(Finding(number, _name(first),
                           f"reading order: '{_name(first)}' is read before the slide's body",
                           ""))
    return out


def _contrast(number: int, tree: etree._Element, shapes: list[etree._Element],
              layout: Any = None) -> list[Finding]:
    """Text against what is drawn behind it: its own fill, a filled shape under it, a cell's
    fill or the slide's colour.  Text over a picture is left out (the layout measured it)."""
    ground = _solid(tree.find(f"{P}cSld/{P}bg/{P}bgPr"))
    out = []
    for index, shape in enumerate(shapes):
        behind = _solid(shape.find(f"{P}spPr")) or _under(shapes, index, ground)
        for cell in shape.iter(f"{A}tc"):
            out.extend(_faint(number, shape, cell, _solid(cell.find(f"{A}tcPr")) or behind))
        if shape.find(f".//{A}tbl") is None:
            out.extend(_faint(number, shape, shape, behind, _looks(shape, layout)))
    return out


def _looks(shape: etree._Element, layout: Any) -> tuple[Look, ...]:
    """What the text of ``shape``, a placeholder, inherits by level (nothing for a text box)."""
    ph = shape.find(f"./*/{P}nvPr/{P}ph")
    if ph is None or layout is None:
        return ()
    try:
        return inherited(layout, ph.get("type", "obj"), int(ph.get("idx", "0")))
    except (ValueError, KeyError, AttributeError):  # a hand-made file's odd master
        return ()


def _under(shapes: list[etree._Element], index: int, ground: str | None) -> str | None:
    """The colour of the nearest earlier shape that covers shape ``index``, or the slide's."""
    box = _box(shapes[index])
    if box is None:
        return ground
    for below in reversed(shapes[:index]):
        outer = _box(below)
        if outer is None or not (outer[0] <= box[0] and outer[1] <= box[1]
                                 and outer[2] >= box[2] and outer[3] >= box[3]):
            continue
        if etree.QName(below).localname == "pic":
            return None
        fill = _solid(below.find(f"{P}spPr"))
        if fill is not None:
            return fill
    return ground


def _box(shape: etree._Element) -> tuple[int, int, int, int] | None:
    off = shape.find(f"./*/{A}xfrm/{A}off")
    ext = off.getnext() if off is not None else None
    if off is None or ext is None:
        return None
    x, y = int(off.get("x")), int(off.get("y"))
    return x, y, x + int(ext.get("cx")), y + int(ext.get("cy"))


def _faint(number: int, shape: etree._Element, holder: etree._Element,
           behind: str | None, looks: tuple[Look, ...] = ()) -> list[Finding]:
    if behind is None:
        return []
    for run in holder.iter(f"{A}r"):
        props = run.find(f"{A}rPr")
        p_pr = run.getparent().find(f"{A}pPr")
        level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
        look = looks[min(level, len(looks) - 1)] if looks else Look()
        colour = _solid(props) or look.colour
        if colour is None or not "".join(run.itertext()).strip():
            continue
        own = props.get("sz") if props is not None else None
        size = int(own) / 100 if own else (look.size or 18.0)
        need = LARGE if size >= LARGE_SIZE else NORMAL
        got = contrast(colour, behind)
        if got < need:
            return [Finding(number, _name(shape),
                            f"low contrast in '{_name(shape)}': {colour} on {behind} is "
                            f"{got:.1f}:1, under {need}:1", "choose colours further apart")]
    return []


def _solid(holder: etree._Element | None) -> str | None:
    """The opaque solid colour an element's own ``a:solidFill`` gives, if any."""
    if holder is None:
        return None
    fill = holder.find(f"{A}solidFill/{A}srgbClr")
    if fill is None or fill.find(f"{A}alpha") is not None:
        return None
    return "#" + fill.get("val", "000000").upper()
