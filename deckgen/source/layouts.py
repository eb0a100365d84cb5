"""What a template offers to build on: its slide size, masters, layouts and placeholders.

Read from the zip with the standard library's parser, after
:func:`deckgen.source.template.check_package` has scanned every part (no
DOCTYPE, no bomb), so the model and lay-out stages can choose a layout for
each slide and place text in its placeholders without python-pptx.  Masters
and layouts come in the order PowerPoint lists them (``p:sldMasterIdLst``,
``p:sldLayoutIdLst``), which is also the order python-pptx gives them, so a
choice made here names the same layout the package stage writes.
"""

from __future__ import annotations

import functools
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from deckgen.errors import DeckError, Location
from deckgen.source.template import relationships

EMU_PER_PT = 12700
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FURNITURE = frozenset({"dt", "ftr", "sldNum", "hdr"})  # not content: date, footer, number
TITLES = frozenset({"title", "ctrTitle"})
ASPECTS = {"16:9": 16 / 9, "4:3": 4 / 3}  # the deck shapes the format offers


@dataclass(frozen=True)
class Placeholder:
    """One ``p:ph`` of a layout: its type (``obj`` when the file leaves it out, as the
    format says), its index, its name, and its box in points (the master's when the
    layout does not move it; None when neither places it)."""

    type: str
    idx: int
    name: str
    box: tuple[float, float, float, float] | None
    vertical: bool = False  # its text runs top to bottom (Office's vertical text layouts)


@dataclass(frozen=True)
class Layout:
    """A slide layout: its name, its master (from 0) and its placeholders in file order."""

    name: str
    master: int
    master_name: str
    placeholders: tuple[Placeholder, ...]

    # Kept once worked out (the layout is immutable): every slide's choice of layout
    # reads them for every layout of the template.
    @functools.cached_property
    def content(self) -> tuple[str, ...]:
        """The types of the placeholders a slide's content can go into, sorted."""
        return tuple(sorted(p.type for p in self.placeholders if p.type not in FURNITURE))

    @functools.cached_property
    def vertical(self) -> bool:
        """A layout for vertical text: named, never chosen for a kind."""
        return any(p.vertical for p in self.placeholders)

    def first(self, *types: str) -> Placeholder | None:
        return next((p for p in self.placeholders if p.type in types), None)


@dataclass(frozen=True)
class Template:
    """A template's slide size in points, its layouts master by master, and the colours
    (``dk1``, ``lt1``, ``accent1`` ... as ``#RRGGBB``) and fonts (``major``, ``minor``)
    of its first master's Office theme."""

    width: float
    height: float
    layouts: tuple[Layout, ...]
    colors: tuple[tuple[str, str], ...] = ()
    fonts: tuple[tuple[str, str], ...] = ()

    @property
    def aspect(self) -> str | None:
        """The deck shape the template is drawn for, ``16:9`` or ``4:3``, within 2%
        (LibreOffice's 28 x 15.75 cm is 16:9); None for any other shape."""
        ratio = self.width / self.height
        return next((name for name, value in ASPECTS.items() if abs(ratio - value) <= 0.02),
                    None)


def layout_records(names_and_phs: list[tuple[str, int, str,
                                             list[tuple[str, int, str, bool]]]]
                   ) -> tuple[Layout, ...]:
    """Layout records from (name, master, master name, [(type, idx, name, vertical)]) as
    another reader (the package stage's python-pptx) lists them; boxes are not needed there."""
    return tuple(Layout(name, master, master_name,
                        tuple(Placeholder(t, i, n, None, v) for t, i, n, v in phs))
                 for name, master, master_name, phs in names_and_phs)


def is_vertical(vert: str | None) -> bool:
    """A ``bodyPr`` ``vert`` value that turns the text from horizontal."""
    return vert not in (None, "", "horz")


def read_template(path: Path, where: Location | None = None) -> Template:
    """The template's size and layouts; a file that does not lead to them is a located error.

    Read once per version of the file: the theme's look, the deck's layout names
    and every slide's layout all ask for it during one build, and a watched
    build asks again after every edit.
    """
    try:
        stat = path.stat()
        return _read_version(path.resolve(), stat.st_mtime_ns, stat.st_size)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError,
            ElementTree.ParseError) as exc:
        raise DeckError(f"template '{path.name}' cannot be read as a presentation: {exc}",
                        where) from None


@functools.lru_cache(maxsize=8)
def _read_version(path: Path, mtime: int, size: int) -> Template:
    """One version of a template file, keyed by its time and size (failures are not kept)."""
    with zipfile.ZipFile(path) as package:
        return _read(package)


def _read(package: zipfile.ZipFile) -> Template:
    names = set(package.namelist())
    pres = _xml(package, "ppt/presentation.xml")
    size = pres.find(f"{_P}sldSz")
    width = int(size.get("cx", "9144000")) / EMU_PER_PT if size is not None else 720.0
    height = int(size.get("cy", "6858000")) / EMU_PER_PT if size is not None else 540.0
    layouts: list[Layout] = []
    look: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = ((), ())
    master_ids = pres.find(f"{_P}sldMasterIdLst")
    pres_rels = {rid: target for rid, _, target in
                 relationships(package, "ppt/presentation.xml")}
    for number, entry in enumerate(master_ids if master_ids is not None else []):
        master_part = pres_rels.get(entry.get(f"{_R}id", ""))
        if master_part is None or master_part not in names:
            continue
        master = _xml(package, master_part)
        inherited = _boxes(master)
        c_sld = master.find(f"{_P}cSld")
        master_name = (c_sld.get("name", "") if c_sld is not None else "") or \
            f"Master {number + 1}"
        related = relationships(package, master_part)
        master_rels = {rid: target for rid, _, target in related}
        if number == 0:
            look = _look(package, related, names)
        ids = master.find(f"{_P}sldLayoutIdLst")
        for layout_entry in ids if ids is not None else []:
            part = master_rels.get(layout_entry.get(f"{_R}id", ""))
            if part is not None and part in names:
                layouts.append(_layout(_xml(package, part), number, master_name, inherited))
    return Template(width, height, tuple(layouts), *look)


def _look(package: zipfile.ZipFile, rels: list[tuple[str, str, str]], names: set[str]
          ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The colour scheme and the heading and text fonts of the Office theme a master
    relates to (``rels``, its relationships)."""
    themes = [target for _, type_, target in rels if type_.endswith("/theme")]
    if not themes or themes[0] not in names:
        return (), ()
    theme = _xml(package, themes[0])
    colors = []
    scheme = theme.find(f".//{_A}clrScheme")
    for slot in scheme if scheme is not None else []:
        value = next((c.get("val") if c.tag == f"{_A}srgbClr" else c.get("lastClr")
                      for c in slot if c.tag in (f"{_A}srgbClr", f"{_A}sysClr")), None)
        if value and len(value) == 6:
            colors.append((slot.tag.rpartition("}")[2], "#" + value.upper()))
    fonts = []
    for kind in ("major", "minor"):
        latin = theme.find(f".//{_A}{kind}Font/{_A}latin")
        if latin is not None and latin.get("typeface", "").strip():
            fonts.append((kind, latin.get("typeface", "").strip()))
    return tuple(colors), tuple(fonts)


def _layout(root: ElementTree.Element, master: int, master_name: str,
            inherited: dict[str, tuple[float, float, float, float]]) -> Layout:
    c_sld = root.find(f"{_P}cSld")
    name = c_sld.get("name", "") if c_sld is not None else ""
    found = []
    for shape, ph in _placeholders(root):
        kind = ph.get("type", "obj")
        idx = int(ph.get("idx", "0"))
        nv = shape.find(f".//{_P}cNvPr")
        box = _box(shape) or inherited.get(kind) or inherited.get(
            "body" if kind not in TITLES | FURNITURE else kind) or (
            inherited.get("title") if kind == "ctrTitle" else None)
        body = shape.find(f"./{_P}txBody/{_A}bodyPr")
        found.append(Placeholder(kind, idx, nv.get("name", "") if nv is not None else "", box,
                                 is_vertical(body.get("vert") if body is not None else None)))
    return Layout(name, master, master_name, tuple(found))


def _placeholders(root: ElementTree.Element) -> list[tuple[ElementTree.Element,
                                                          ElementTree.Element]]:
    tree = root.find(f"{_P}cSld/{_P}spTree")
    out = []
    for shape in tree.iter() if tree is not None else []:
        if shape.tag in (f"{_P}sp", f"{_P}pic", f"{_P}graphicFrame"):
            ph = shape.find(f"./*/{_P}nvPr/{_P}ph")
            if ph is not None:
                out.append((shape, ph))
    return out


def _boxes(master: ElementTree.Element) -> dict[str, tuple[float, float, float, float]]:
    """The master's placeholder boxes by type: where a layout's unmoved placeholder sits."""
    out: dict[str, tuple[float, float, float, float]] = {}
    for shape, ph in _placeholders(master):
        box = _box(shape)
        if box is not None:
            out.setdefault(ph.get("type", "obj"), box)
    return out


def _box(shape: ElementTree.Element) -> tuple[float, float, float, float] | None:
    xfrm = shape.find(f"./{_P}spPr/{_A}xfrm")
    if xfrm is None:
        xfrm = shape.find(f"./{_P}xfrm")
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
    if off is None or ext is None:
        return None
    return tuple(int(v) / EMU_PER_PT for v in (off.get("x", "0"), off.get("y", "0"),
                                               ext.get("cx", "0"), ext.get("cy", "0")))  # type: ignore[return-value]


def _xml(package: zipfile.ZipFile, part: str) -> ElementTree.Element:
    return ElementTree.fromstring(package.read(part))
