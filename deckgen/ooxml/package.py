"""The package of a deck: python-pptx opens the template and owns the parts.

:func:`new_presentation` gives an empty presentation of the deck's size on
its template, with the deck theme written into the file's Office theme.

python-pptx finds a free part name by walking every relationship of the whole
package (``OpcPackage.next_partname``, ``Package.next_image_partname``), looks
for an existing image by walking it again (``_ImageParts._find_by_sha1``) and
re-sorts the presentation's relationships by type for every slide added
(``_Relationships._rels_by_reltype``).  Each is linear, so a deck of n slides
costs n² of them: at a thousand slides with notes they are most of the build.
:func:`install` gives one presentation indexes that answer the same questions
in constant time, filled from the package as it is when installed and kept up
to date as parts are added, so every name and rId comes out as python-pptx
would choose it.  Nothing is patched globally.

Slide and notes parts keep their XML as text (:class:`TextSlidePart`): the
serializer in :mod:`deckgen.ooxml.slides` writes them that way.
"""

from __future__ import annotations

import collections
import functools
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, _Relationships
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.package import _ImageParts
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.util import Emu

from deckgen.layout.plan import emu
from deckgen.model.layouts import choose
from deckgen.ooxml.master import own_layouts, scheme
from deckgen.source.layouts import is_vertical, layout_records

IMAGE_PREFIX = "/ppt/media/image"
MAX_SLIDE_ID = 2147483647
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def attr(value: Any) -> str:
    """``value`` as lxml writes it inside a double-quoted attribute."""
    return str(value).translate(_ATTR_ESCAPES)


def new_presentation(template: Path | None, width_pt: float, height_pt: float,
                     theme: Any = None) -> Any:
    """An empty presentation of the right size, on the theme's template if any."""
    prs = Presentation(str(template)) if template else Presentation()
    _drop_slides(prs)
    if template:
        fit_masters(prs, emu(width_pt), emu(height_pt))
        unique_shape_ids(prs)
        _view_props(prs)
    prs.slide_width = Emu(emu(width_pt))
    prs.slide_height = Emu(emu(height_pt))
    if theme is not None and template is None:
        _office_theme(prs, theme)
        _master_styles(prs, theme)
        own_layouts(prs, theme, width_pt, height_pt)
    install(prs)  # linear part naming: the same names, without n² package walks
    return prs


def _office_theme(prs: Any, theme: Any) -> None:
    """Write the deck theme's colours and fonts into the file's own Office theme.

    The master's and layouts' text styles name these fonts and colours
    (``+mj-lt``, ``tx1``) rather than copies of them, so changing the theme's
    fonts or colours in PowerPoint restyles every slide; hyperlinks take
    their colour from it too.
    """
    part = prs.slide_masters[0].part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", theme.name)  # as PowerPoint's Design tab names it
    for name, value in scheme(theme).items():
        slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
        if slot is not None:
            for child in list(slot):
                slot.remove(child)
            etree.SubElement(slot, qn("a:srgbClr")).set("val", value[1:])
    for kind, family in (("majorFont", theme.fonts.heading), ("minorFont", theme.fonts.body)):
        font = root.find(f".//{qn('a:' + kind)}")
        if font is not None:
            font.find(qn("a:latin")).set("typeface", family)
            font.find(qn("a:ea")).set("typeface", theme.fonts.east_asian)
            font.find(qn("a:cs")).set("typeface", family)  # as the slides' runs name it
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_LEVEL_SCALE = (1.0, 0.88, 0.8)  # deckgen.layout.context.LEVEL_SCALE: sizes of list levels
_LEVEL_SPACE = (1.0, 0.5, 0.5)  # space before a paragraph of each level, in paragraph_space
_LEVEL_MARK = ("\u2022", "\u2013", "\u2022")


def _master_styles(prs: Any, theme: Any) -> None:
    """Write the theme's title and list look into the master's text styles.

    Text in a placeholder takes its size, weight, colour and face from here
    (or from its layout, :mod:`deckgen.ooxml.master`), so the runs deckgen
    writes there state only what their content marks; a slide PowerPoint
    adds, a placeholder reset, or text typed into a new body starts at the
    deck's sizes, colours, indents and markers too.
    """
    styles = prs.slide_masters[0]._element.find(qn("p:txStyles"))
    title = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title.set("algn", "l")
    _run_style(title, theme.sizes.title, "tx2", theme.title_bold)
    space = theme.space
    body = styles.find(qn("p:bodyStyle"))
    for level, scale in enumerate(_LEVEL_SCALE):
        p_pr = body.find(qn(f"a:lvl{level + 1}pPr"))
        p_pr.set("marL", str(emu(space.indent * (level + 1))))
        p_pr.set("indent", str(-emu(space.indent)))
        for old in [qn("a:spcBef"), qn("a:buClr"), qn("a:buFont"), qn("a:buChar")]:
            for child in p_pr.findall(old):
                p_pr.remove(child)
        line = etree.Element(qn("a:lnSpc"))
        etree.SubElement(line, qn("a:spcPct")).set("val", str(int(space.line_spacing * 1e5)))
        before = etree.Element(qn("a:spcBef"))
        etree.SubElement(before, qn("a:spcPct")).set(
            "val", str(int(space.paragraph_space * _LEVEL_SPACE[level] * 1e5)))
        colour = etree.Element(qn("a:buClr"))
        etree.SubElement(colour, qn("a:srgbClr")).set("val", theme.colors.accent[1:])
        font = etree.Element(qn("a:buFont"))
        font.set("typeface", theme.fonts.bullet or theme.fonts.body)
        mark = etree.Element(qn("a:buChar"))
        mark.set("char", _LEVEL_MARK[level])
        for index, child in enumerate((line, before, colour, font, mark)):
            p_pr.insert(index, child)
        _run_style(p_pr, theme.sizes.body * scale, "tx1", False)


def _run_style(p_pr: Any, size: float, colour: str, bold: bool) -> None:
    """A level's ``a:defRPr``: its size, weight and scheme colour."""
    run = p_pr.find(qn("a:defRPr"))
    run.set("sz", str(int(round(size * 100))))
    if bold:
        run.set("b", "1")
    fill = run.find(f"{qn('a:solidFill')}/{qn('a:schemeClr')}")
    if fill is not None:
        fill.set("val", colour)


def fit_masters(prs: Any, width: int, height: int) -> None:
    """Scale a template's masters and layouts to the deck's slide size.

    A template drawn at another size of the same shape (LibreOffice's 16:9 is
    28 x 15.75 cm, deckgen's 13.33 x 7.5 in) would otherwise keep its bands,
    logos and placeholders in one corner; the lay-out stage scales the
    placeholder boxes it reads by the same factors.
    """
    sx, sy = width / prs.slide_width, height / prs.slide_height
    if abs(sx - 1) < 1e-6 and abs(sy - 1) < 1e-6:
        return
    for master in prs.slide_masters:
        for element in (master._element, *(layout._element for layout in master.slide_layouts)):
            for xfrm in element.iter(qn("a:xfrm"), qn("p:xfrm")):
                off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
                if off is not None:
                    off.set("x", str(round(int(off.get("x", "0")) * sx)))
                    off.set("y", str(round(int(off.get("y", "0")) * sy)))
                if ext is not None and ext.get("cx") is not None:
                    ext.set("cx", str(round(int(ext.get("cx")) * sx)))
                    ext.set("cy", str(round(int(ext.get("cy", "0")) * sy)))


def unique_shape_ids(prs: Any) -> None:
    """Give each shape of a template's masters and layouts an id of its own.

    LibreOffice Impress saves masters whose shapes share ids (the group's and a
    placeholder's); PowerPoint repairs such a file when it opens it, so the
    repeats are renumbered past the part's largest id, the first of each kept.
    """
    for master in prs.slide_masters:
        for element in (master._element, *(layout._element for layout in master.slide_layouts)):
            shapes = list(element.iter(qn("p:cNvPr")))
            ids = [int(shape.get("id", "0")) for shape in shapes]
            seen: set[int] = set()
            top = max(ids, default=0)
            for shape, number in zip(shapes, ids, strict=True):
                if number in seen:
                    top += 1
                    shape.set("id", str(top))
                seen.add(number)


_VIEW_PROPS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<p:viewPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
               '<p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/>'
               '</p:normalViewPr><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>')


def _view_props(prs: Any) -> None:
    """The view settings part PowerPoint expects, when a template (LibreOffice's) has none."""
    if any(rel.reltype == RT.VIEW_PROPS for rel in prs.part.rels.values()):
        return
    part = Part(PackURI("/ppt/viewProps.xml"), CT.PML_VIEW_PROPS, prs.part.package,
                _VIEW_PROPS.encode("utf-8"))
    prs.part.relate_to(part, RT.VIEW_PROPS)


def _drop_slides(prs: Any) -> None:
    """A template contributes its masters and layouts, never its own slides."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def title_layout(prs: Any) -> Any:
    """The layout with a title and nothing else, so the outline shows slide titles."""
    return kind_layouts(prs).layout_for("statement").layout


@dataclass(frozen=True)
class LayoutSlots:
    """A layout and the ``p:ph`` element each role's placeholder takes on a slide built on it.

    A placeholder's index must match the layout's for PowerPoint to pair them
    (Insert > Header & Footer, Reset slide, the outline); a role the layout has
    no placeholder for is drawn as a text box.
    """

    layout: Any
    slots: dict[str, str] = field(default_factory=dict)


# A role's placeholder types, the first the layout has taken; obj is a content placeholder.
# "body2" is a second placeholder of the type "body" took (the other column of "Two
# Content", the second content of "Comparison"); "caption" is the text placeholder of a
# layout that holds a picture placeholder ("Picture with Caption").
_PH_ROLES = {"title": ("title", "ctrTitle"), "body": ("obj", "body"), "subtitle": ("subTitle",),
             "footer": ("ftr",), "number": ("sldNum",), "picture": ("pic",)}
_PH_SIZE = {"ftr": ' sz="quarter"', "sldNum": ' sz="quarter"'}


class KindLayouts:
    """The presentation's layouts, over every master, and the one each slide is built on.

    The choice is :func:`deckgen.model.layouts.choose`, made on the same records
    the lay-out stage read from the template, so both name the same layout.
    """

    def __init__(self, prs: Any):
        self.layouts: list[Any] = [layout for master in prs.slide_masters
                                   for layout in master.slide_layouts]
        self.records = layout_records([
            (layout.name, number, master.name or f"Master {number + 1}", _placeholders(layout))
            for number, master in enumerate(prs.slide_masters)
            for layout in master.slide_layouts])
        self._slots: dict[int, LayoutSlots] = {}

    def layout_for(self, kind: str, named: str | None = None) -> LayoutSlots:
        """The layout for a slide of ``kind`` (or the one it names), with its slots;
        raises :class:`~deckgen.model.layouts.LayoutProblem` for a name that will not do."""
        chosen = choose(self.records, kind, named)
        at = next(i for i, record in enumerate(self.records) if record is chosen)
        if at not in self._slots:
            self._slots[at] = _slots(self.layouts[at])
        return self._slots[at]


def kind_layouts(prs: Any) -> KindLayouts:
    """The layouts of ``prs``, to choose the one each slide is built on."""
    return KindLayouts(prs)


def _placeholders(layout: Any) -> list[tuple[str, int, str, bool]]:
    """(type, idx, name, vertical) of each placeholder, as the file says (no type: obj)."""
    out = []
    for shape in layout.placeholders:
        ph = shape._element.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
        body = shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
        if ph is not None:
            out.append((ph.get("type", "obj"), int(ph.get("idx", "0")), shape.name,
                        is_vertical(body.get("vert") if body is not None else None)))
    return out


def _slots(layout: Any) -> LayoutSlots:
    slots: dict[str, str] = {}
    placeholders = _placeholders(layout)
    for role, wanted in _PH_ROLES.items():
        found = next((p for t in wanted for p in placeholders if p[0] == t), None)
        if found is not None:
            slots[role] = _ph(found)
    body = slots.get("body")
    if body is not None:
        kind = "obj" if 'type="' not in body else "body"
        second = [p for p in placeholders if p[0] == kind][1:2]
        if second and _ph(second[0]) != body:  # LibreOffice's layouts number every one 0
            slots["body2"] = _ph(second[0])
    if "picture" in slots:
        caption = next((p for p in placeholders if p[0] == "body"), None)
        if caption is not None:
            slots["caption"] = _ph(caption)
    return LayoutSlots(layout, slots)


def _ph(placeholder: tuple[str, int, str, bool]) -> str:
    """The ``p:ph`` a slide's shape takes to fill the layout's ``placeholder``."""
    kind, idx = placeholder[0], placeholder[1]
    what = "" if kind == "obj" else f' type="{kind}"{_PH_SIZE.get(kind, "")}'
    return f'<p:ph{what}/>' if idx == 0 and kind != "obj" else f'<p:ph{what} idx="{idx}"/>'


def install(prs: Any) -> None:
    """Make part naming, picture lookup and relationship lookup linear for ``prs``."""
    package = prs.part.package
    names = _PartNames(package)
    package.next_partname = types.MethodType(_next_partname, names)
    package.next_image_partname = types.MethodType(_next_image_partname, names)
    package.__dict__["_image_parts"] = _IndexedImageParts(package, names)
    for owner in (package, *package.iter_parts()):  # the template's .rels files, as text
        if type(owner._rels) is _Relationships:
            owner._rels.__class__ = TextRelationships
    rels = prs.part._rels
    if type(rels) is TextRelationships:
        rels.__class__ = _IndexedRelationships
        rels._reindex()


class _PartNames:
    """The part names in use, per name template, filled from one walk of the package."""

    def __init__(self, package: Any):
        self.package = package
        self.by_prefix: dict[str, set[str]] = {}
        self.image_idxs: list[int] | None = None
        self.image_set: set[int] = set()
        self.image_max = 0

    def used(self, prefix: str) -> set[str]:
        found = self.by_prefix.get(prefix)
        if found is None:
            found = {str(p.partname) for p in self.package.iter_parts()
                     if p.partname.startswith(prefix)}
            self.by_prefix[prefix] = found
        return found

    def images(self) -> list[int]:
        if self.image_idxs is None:
            self.image_idxs = [p.partname.idx for p in self.package.iter_parts()
                               if p.partname.startswith(IMAGE_PREFIX)
                               and p.partname.idx is not None]
            self.image_set = set(self.image_idxs)
            self.image_max = max(self.image_idxs, default=0)
        return self.image_idxs


def _next_partname(names: _PartNames, tmpl: str) -> PackURI:
    """``OpcPackage.next_partname``: the same search, over the kept set of names."""
    prefix = tmpl[: (tmpl % 42).find("42")]
    used = names.used(prefix)
    for n in range(len(used) + 1, 0, -1):
        candidate = tmpl % n
        if candidate not in used:
            used.add(candidate)
            return PackURI(candidate)
    raise RuntimeError("ran out of part names")  # pragma: no cover - as in python-pptx


def _next_image_partname(names: _PartNames, ext: str) -> PackURI:
    """``Package.next_image_partname``: the first gap in the sorted numbers, or one past."""
    idxs = names.images()
    count = len(idxs)
    if len(names.image_set) == count and names.image_max == count:
        idx = count + 1  # the numbers are exactly 1..count: no gap, so one past
    else:
        idx = _first_gap(sorted(idxs))
    idxs.append(idx)
    names.image_set.add(idx)
    names.image_max = max(names.image_max, idx)
    return PackURI(f"/ppt/media/image{idx}.{ext}")


def _first_gap(idxs: list[int]) -> int:
    for i, image_idx in enumerate(idxs):
        if i + 1 < image_idx:
            return i + 1
    return len(idxs) + 1


class _IndexedImageParts(_ImageParts):
    """Finds an already stored picture by its SHA1 in a dictionary, not a package walk."""

    def __init__(self, package: Any, names: _PartNames):
        super().__init__(package)
        self.names = names
        self.by_sha1: dict[str, Any] = {}
        for part in _ImageParts.__iter__(self):
            sha1 = getattr(part, "sha1", None)  # SVG parts have none, as python-pptx skips them
            if sha1 is not None:
                self.by_sha1.setdefault(sha1, part)

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        image = Image.from_file(image_file)
        part = self.by_sha1.get(image.sha1)
        if part is None:
            part = ImagePart.new(self._package, image)
            self.by_sha1[image.sha1] = part
        return part


_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


@functools.lru_cache(maxsize=4096)
def _relative_ref(partname: PackURI, base_uri: str) -> str:
    """``_Relationship.target_ref``: every slide points at the same few layouts and masters."""
    return partname.relative_ref(base_uri)


class TextRelationships(_Relationships):
    """Relationships whose .rels file is written as text, as python-pptx's lxml writes it."""

    @property
    def xml(self) -> bytes:
        if not len(self):
            return super().xml
        order = sorted((int(r[3:]) if r.startswith("rId") and r[3:].isdigit() else 0, r)
                       for r in self.keys())
        out = [f'{_XML_HEAD}<Relationships xmlns="{_RELS_NS}">']
        rels = self._rels
        for _, rId in order:
            rel = rels[rId]
            # python-pptx's own fields; its lazy properties cost more than the rest here
            if rel._target_mode == RTM.EXTERNAL:
                target, mode = rel._target, ' TargetMode="External"'
            else:
                target, mode = _relative_ref(rel._target.partname, rel._base_uri), ""
            out.append(f'<Relationship Id="{attr(rId)}" Type="{attr(rel._reltype)}" '
                       f'Target="{attr(target)}"{mode}/>')
        out.append("</Relationships>")
        return "".join(out).encode("utf-8")


class _IndexedRelationships(TextRelationships):
    """A part's relationships with a by-type and by-target index kept up to date.

    Used for the presentation part, which relates to every slide.
    """

    _by_type: collections.defaultdict[str, list[Any]]
    _by_target: dict[tuple[str, bool, Any], str]

    def _reindex(self) -> None:
        self._by_type = collections.defaultdict(list)
        self._by_target = {}
        for rel in self.values():
            self._note(rel)

    def _note(self, rel: Any) -> None:
        self._by_type[rel.reltype].append(rel)
        target = rel.target_ref if rel.is_external else rel.target_part
        self._by_target.setdefault((rel.reltype, rel.is_external, target), rel.rId)

    @property
    def _rels_by_reltype(self) -> dict[str, list[Any]]:
        return self._by_type

    def _get_matching(self, reltype: str, target: Any, is_external: bool = False) -> str | None:
        return self._by_target.get((reltype, is_external, target))

    def _add_relationship(self, reltype: str, target: Any, is_external: bool = False) -> str:
        rId = super()._add_relationship(reltype, target, is_external)
        self._note(self._rels[rId])
        return rId

    def pop(self, rId: str) -> Any:
        rel = super().pop(rId)
        self._reindex()
        return rel

    def load_from_xml(self, base_uri: str, xml_rels: Any, parts: Any) -> None:
        super().load_from_xml(base_uri, xml_rels, parts)
        self._reindex()


class _SlideIds:
    """The presentation's slides, how many there are and the next slide id.

    python-pptx counts the slide list (an O(n) walk in lxml) to name each new
    slide and reads every id to choose the next one; both are kept here.
    """

    def __init__(self, slides: Any):
        self.slides = slides
        self.count = len(slides._sldIdLst)
        self.next_id = max([255] + [int(i) for i in slides._sldIdLst.xpath("./p:sldId/@id")]) + 1



class TextPart:
    """A part whose XML is kept serialised; parsed again only if its element is asked for.

    A thousand slides held as element trees take some 130 MB; as bytes, a tenth.
    """

    _text_xml: bytes | None = None

    @property
    def _element(self) -> Any:
        element = self.__dict__.get("_tree")
        if element is None and self._text_xml is not None:
            element = parse_xml(self._text_xml)
            self.__dict__["_tree"] = element
            self._text_xml = None
        return element

    @_element.setter
    def _element(self, value: Any) -> None:
        self.__dict__["_tree"] = value
        self._text_xml = None

    @property
    def blob(self) -> bytes:
        if self._text_xml is not None:
            return self._text_xml
        return etree.tostring(self._element, encoding="UTF-8", standalone=True)

    def keep_text(self, xml: str) -> None:
        """Hold ``xml`` as the bytes lxml would serialise it to.

        The text is written in lxml's form: its escapes, its namespace
        declarations on the root only, an element without content written
        short (but a run's text that python-pptx set to "" as ``<a:t></a:t>``);
        the tests compare every part with python-pptx's own.
        """
        self.__dict__["_tree"] = None
        self._text_xml = (_XML_HEAD + xml).encode("utf-8")


class TextSlidePart(TextPart, SlidePart):
    pass


class TextNotesSlidePart(TextPart, NotesSlidePart):
    pass


_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FORMATS = {(16, 9): "On-screen Show (16:9)", (4, 3): "On-screen Show (4:3)"}


def describe_package(prs: Any, titles: list[str], notes: int) -> None:
    """State what the file holds in ``docProps/app.xml``; leave out the template's thumbnail.

    python-pptx's default package says 4:3 and no slides, and carries a blank 4:3
    thumbnail that file browsers would show as the deck's preview; a thumbnail
    left out is better than a wrong one.
    """
    package = prs.part.package
    for rId, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package._rels.pop(rId)
    width, height = prs.slide_width, prs.slide_height
    ratio = next((f for (w, h), f in _FORMATS.items() if abs(width * h - height * w) < w * h),
                 "Custom")
    parts = "".join(f"<vt:lpstr>{_text(t)}</vt:lpstr>" for t in titles)
    xml = (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           f'<Properties xmlns="{_APP_NS}" xmlns:vt="{_VT_NS}">'
           f"<TotalTime>0</TotalTime><Application>deckgen</Application>"
           f"<PresentationFormat>{ratio}</PresentationFormat><Slides>{len(titles)}</Slides>"
           f"<Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides><MMClips>0</MMClips>"
           "<ScaleCrop>false</ScaleCrop><HeadingPairs>"
           '<vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Slide Titles'
           f"</vt:lpstr></vt:variant><vt:variant><vt:i4>{len(titles)}</vt:i4></vt:variant>"
           f'</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="{len(titles)}" '
           f'baseType="lpstr">{parts}</vt:vector></TitlesOfParts>'
           "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           "<HyperlinksChanged>false</HyperlinksChanged></Properties>")
    for rel in package._rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = xml.encode("utf-8")


def _text(value: str) -> str:
    """Element text as lxml writes it; characters XML cannot hold are dropped."""
    clean = "".join(c for c in value if c in "\t\n" or ord(c) >= 0x20)
    return clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
