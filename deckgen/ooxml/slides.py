"""The serializer: slide plans become slide XML, written as text in one place.

Building a slide through python-pptx's element API costs some 10 ms: every
property it sets looks its element up by XPath and re-checks the schema
order.  :class:`SlideWriter` writes the XML directly, in the form lxml would
serialise it, so a slide costs a fraction of a millisecond.  python-pptx
still owns the package (:mod:`deckgen.ooxml.package`): parts, relationships,
pictures, and the skeleton of a new slide and notes page cloned from the
layout and notes master.  Every size, colour and font comes from the plan;
shapes carry no theme-dependent style, so the deck looks the same whatever
template it is built on.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide, CT_Slide
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.autoshape import AdjustmentCollection, AutoShapeType
from pptx.slide import NotesSlide
from pptx.util import Emu, Pt

from deckgen.errors import Problems
from deckgen.layout.context import LEVEL_SCALE
from deckgen.layout.plan import (
    READ_LAST,
    Box,
    Field,
    GroupTag,
    Line,
    NativeChart,
    Picture,
    Shape,
    SlidePlan,
    TableFrame,
    emu,
)
from deckgen.layout.textfit import NUMBER_HANG
from deckgen.model.layouts import LayoutProblem
from deckgen.model.markup import Run
from deckgen.ooxml.master import Look, inherited
from deckgen.ooxml.package import (
    MAX_SLIDE_ID,
    KindLayouts,
    LayoutSlots,
    TextNotesSlidePart,
    TextRelationships,
    TextSlidePart,
    attr,
    describe_package,
    kind_layouts,
)
from deckgen.ooxml.timing import with_timing


def write_slides(prs: Any, plans: list[SlidePlan], pictures: Mapping[str, bytes]) -> None:
    """Add one slide per plan, in order; ``pictures`` holds each chart's PNG by job key."""
    layouts = kind_layouts(prs)
    _check_layouts(layouts, plans)
    writer = SlideWriter(prs, layouts, pictures)
    for number, plan in enumerate(plans, start=1):
        writer.add(plan, number)
    describe_package(prs, [plan.title for plan in plans], sum(1 for p in plans if p.notes))


_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
# A run's text: python-pptx writes control characters as _xHHHH_ (tab and line feed
# stay), then lxml escapes the markup characters; one table does both.
_RUN_TEXT = str.maketrans({**{c: f"_x{c:04X}_" for c in [*range(0x09), *range(0x0B, 0x20)]},
                           "&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR_ENUM = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
_CONNECTOR = MSO_CONNECTOR.to_xml(MSO_CONNECTOR.STRAIGHT)
_BULLETS = ("\u2022", "\u2013", "\u2022")




def _attrs(attrs: dict[str, Any]) -> str:
    return "".join(f' {k}="{attr(v)}"' for k, v in attrs.items())


@functools.cache
def _optional(tag: str, prop: str, value: Any) -> str | None:
    """What python-pptx writes when ``prop`` is set to ``value`` (None: it leaves it out).

    Its optional attributes drop a value equal to their default and each has
    its own converter; asking a scratch element gets both right.
    """
    element = OxmlElement(tag)
    setattr(element, prop, value)
    return element.get(prop)


@functools.cache
def _spacing(kind: str, value: Any) -> str:
    """The ``a:lnSpc`` or ``a:spcBef`` element python-pptx writes for a paragraph."""
    p_pr = OxmlElement("a:pPr")
    setattr(p_pr, kind, value)
    child = p_pr[0]
    inner = child[0]
    return f"<{child.prefix}:{etree.QName(child).localname}><a:{etree.QName(inner).localname}" \
        f"{_attrs(dict(inner.attrib))}/></{child.prefix}:{etree.QName(child).localname}>"


@functools.cache
def _geometry(prst_name: str, adjustments: tuple[float, ...]) -> str:
    """The ``a:prstGeom`` of an auto shape after render has set its adjustments."""
    shape_type = AutoShapeType(getattr(MSO_SHAPE, prst_name))
    geom = parse_xml(f'<a:prstGeom {_NS} prst="{shape_type.prst}"><a:avLst/></a:prstGeom>')
    collection = AdjustmentCollection(geom)
    for i, value in enumerate(adjustments):
        if i < len(collection):
            collection[i] = value
    guides = "".join(f'<a:gd name="{attr(gd.get("name"))}" fmla="{attr(gd.get("fmla"))}"/>'
                     for gd in geom.iter(qn("a:gd")))
    av = f"<a:avLst>{guides}</a:avLst>" if guides else "<a:avLst/>"
    return f'<a:prstGeom prst="{shape_type.prst}">{av}</a:prstGeom>'


class _Body:
    """A text body as python-pptx first creates it, before render changes it."""

    def __init__(self, tag: str, body_attrs: dict[str, str], autofit: str | None,
                 first_ppr: dict[str, str] | None):
        self.tag = tag
        self.body_attrs = body_attrs
        self.autofit = autofit
        self.first_ppr = first_ppr


TEXTBOX = _Body("p:txBody", {"wrap": "none"}, "<a:spAutoFit/>", None)
AUTOSHAPE = _Body("p:txBody", {"rtlCol": "0", "anchor": "ctr"}, None, {"algn": "ctr"})
PLACEHOLDER = _Body("p:txBody", {}, None, None)
CELL = _Body("a:txBody", {}, None, None)

_SLIDENUM_ID = "{" + str(uuid.UUID(hashlib.md5(b"slidenum").hexdigest())).upper() + "}"
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
_XMLNS = re.compile(r' xmlns:\w+="[^"]*"')


# A link is drawn in its run's colour, not the Office theme's one hyperlink colour, so
# that it can read on every ground (PowerPoint 2019's hyperlink-colour extension).
_LINK_IN_RUN_COLOUR = (
    '<a:extLst><a:ext uri="{A12FA001-AC4F-418D-AE19-62706E023703}">'
    '<ahyp:hlinkClr xmlns:ahyp="http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"'
    ' val="tx"/></a:ext></a:extLst>')


def _alpha(opacity: float) -> str:
    """The rest of an ``a:srgbClr``: its opacity when the fill lets what is below show."""
    if opacity >= 1.0:
        return "/>"
    return f'><a:alpha val="{int(round(opacity * 100000))}"/></a:srgbClr>'


def _rgb(colour: str) -> str:
    """What ``fore_color.rgb = RGBColor.from_string(...)`` writes (and the errors it raises)."""
    return str(RGBColor.from_string(colour.lstrip("#").upper()))


class SlideWriter:
    """Adds slides to one presentation by writing their XML; see the note above."""

    def __init__(self, prs: Any, layouts: KindLayouts, pictures: Mapping[str, bytes]):
        self.prs = prs
        self.package = prs.part.package
        self.layouts = layouts
        self.pictures = pictures
        self.id_list = prs.slides._sldIdLst
        self.count = len(self.id_list)
        self.next_id = max([255] + [int(i) for i in self.id_list.xpath("./p:sldId/@id")]) + 1
        self.notes_head: str | None = None
        self.notes_tail = ""
        self._skeleton()

    # --- the slide as python-pptx starts it -------------------------------------------
    def _skeleton(self) -> None:
        """A new, empty slide: python-pptx's own, kept as text to fill in.

        Placeholders are written per slide (:meth:`add`), each with the
        ``p:ph`` of the layout the slide is built on.
        """
        sld = CT_Slide.new()
        self.max_id = max([0] + [int(i) for i in sld.xpath("//@id") if i.isdigit()])
        text = etree.tostring(sld, encoding="unicode")
        marker = "<p:cSld><p:spTree>"
        self.head, rest = text.split(marker, 1)
        group, self.tail = rest.split("<p:grpSpPr/></p:spTree>", 1)
        self.group = marker.replace("<p:cSld>", "") + group + "<p:grpSpPr/>"
        self.tail = "</p:spTree>" + self.tail

    # --- one slide ------------------------------------------------------------------------
    def add(self, plan: Any, number: int) -> None:
        """Add the slide for ``plan``: its part, its notes page and its entry in the slide list."""
        if self.next_id > MAX_SLIDE_ID:
            raise ValueError("no slide id left below the schema's maximum")
        self.count += 1
        partname = PackURI(f"/ppt/slides/slide{self.count}.xml")
        part = TextSlidePart(partname, CT.PML_SLIDE, self.package, None)
        part.__dict__["_rels"] = TextRelationships(partname.baseURI)
        layout = _sort(self.layouts, plan)
        part.relate_to(layout.layout.part, RT.SLIDE_LAYOUT)
        rId = self.prs.part.relate_to(part, RT.SLIDE)
        state = _State(part, self.max_id, self.pictures)
        background, under = self._background(plan.background, state)
        if plan.veil is not None and under:  # dimming: over the picture, under every text
            colour, opacity = plan.veil
            under += state.shape(Shape(box=Box(0, 0, Emu(self.prs.slide_width).pt,
                                               Emu(self.prs.slide_height).pt),
                                       geometry="RECTANGLE", fill=colour, opacity=opacity,
                                       name="Dim", decorative=True))
        drawn: list[tuple[Any, str]] = []
        title_at: int | None = None
        used: set[str] = set()
        spids: list[tuple[Any, int]] = []  # each element's shape id, for its builds
        for element in plan.elements:
            spids.append((element, state.last_id + 1))
            kind = type(element)
            role = "number" if kind is Field else element.role if kind in _ROLED else None
            if role == "title" and title_at is None:
                title_at = len(drawn)
                xml = state.title(element, layout.slots.get("title", '<p:ph type="title"/>'))
            elif role in layout.slots and layout.slots[role] not in used:
                ph = layout.slots[role]  # one shape a placeholder, though two roles name it
                used.add(ph)
                xml = (state.field(element, number, ph) if kind is Field
                       else state.picture_element(element, ph) if kind is Picture
                       else state.placeholder(element, ph))
            else:
                xml = self._draw(element, state, number)
            drawn.append((element, xml))
        xml = "".join((self.head, "<p:cSld>", background, self.group, under,
                       *_as_read(drawn, title_at, state), self.tail))
        part.keep_text(with_timing(xml, plan.builds, spids) if plan.builds else xml)
        self.id_list._add_sldId(id=self.next_id, rId=rId)
        self.next_id += 1
        if plan.notes:
            self._notes(part, plan.notes)

    def _background(self, background: Any, state: _State) -> tuple[str, str]:
        """(``p:bg`` for a colour, the picture under everything for an image)."""
        if not isinstance(background, Path):
            return (f'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="{_rgb(background)}"/>'
                    "</a:solidFill><a:effectLst/></p:bgPr></p:bg>"), ""
        from PIL import Image as PILImage

        presentation = self.prs
        width, height = presentation.slide_width, presentation.slide_height
        crop: dict[str, Any] = {}
        with PILImage.open(background) as image:
            w, h = image.size
        ratio = width / height
        if w / h > ratio:
            cut = (1 - ratio / (w / h)) / 2
            crop = {"l": cut, "r": cut}
        else:
            cut = (1 - (w / h) / ratio) / 2
            crop = {"t": cut, "b": cut}
        return "", state.picture(str(background), 0, 0, width, height, "", "Background", crop,
                                 decorative=True)

    def _draw(self, element: Any, state: _State, number: int) -> str:
        kind = type(element)
        if kind is Shape:
            return state.shape(element)
        if kind is Line:
            return state.line(element)
        if kind is Picture:
            return state.picture_element(element)
        if kind is TableFrame:
            return state.table(element)
        if kind is NativeChart:
            from deckgen.ooxml.charts import chart_frame  # only decks with native charts

            return chart_frame(state.part, element, state.next_id())
        return state.field(element, number)

    # --- notes ----------------------------------------------------------------------------
    def _notes(self, slide_part: Any, text: str) -> None:
        """``slide.notes_slide.notes_text_frame.text = text`` without re-cloning the master."""
        master = self.prs.part.notes_master_part
        # Named for its slide, so notesSlide7.xml is slide 7's notes page even when
        # earlier slides have none (readers that pair parts by name rely on it).
        partname = PackURI(f"/ppt/notesSlides/notesSlide{self.count}.xml")
        notes_part = TextNotesSlidePart(partname, CT.PML_NOTES_SLIDE, self.package, None)
        notes_part.__dict__["_rels"] = TextRelationships(partname.baseURI)
        notes_part.relate_to(master, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        if self.notes_head is None:
            self._notes_template(master)
        paras = "".join(_notes_paragraph(line) for line in text.strip("\n").split("\n"))
        notes_part.keep_text(self.notes_head + paras + self.notes_tail)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)

    def _notes_template(self, master: Any) -> None:
        """A notes page as python-pptx makes it, split where its text goes."""
        template = CT_NotesSlide.new()
        notes = NotesSlide(template, None)
        notes.clone_master_placeholders(master.notes_master)
        notes.notes_text_frame.text = _MARK
        head, tail = etree.tostring(template, encoding="unicode").split(
            f"<a:p><a:r><a:t>{_MARK}</a:t></a:r></a:p>")
        self.notes_head, self.notes_tail = head, tail


_MARK = "deckgen-notes-text"


def _notes_paragraph(line: str) -> str:
    """``CT_TextParagraph.append_text``: runs split at vertical tabs, breaks between them."""
    out = ["<a:p>"]
    for index, piece in enumerate(line.split("\v")):
        if index:
            out.append("<a:br/>")
        if piece:
            out.append(f"<a:r><a:t>{piece.translate(_RUN_TEXT)}</a:t></a:r>")
    if len(out) == 1:
        return "<a:p/>"
    out.append("</a:p>")
    return "".join(out)



def _sort(layouts: KindLayouts, plan: SlidePlan) -> LayoutSlots:
    """The layout a slide is built on: the one it names, or the one for its kind
    (:data:`deckgen.model.layouts.KIND_SORTS`)."""
    return layouts.layout_for(plan.kind, plan.layout)


def _check_layouts(layouts: KindLayouts, plans: list[SlidePlan]) -> None:
    """Every layout named must be there and hold a title: all such names are reported
    before anything is written (a template's were checked when the deck was laid out)."""
    problems = Problems()
    seen: set[tuple[str, str, Any]] = set()
    for plan in plans:
        if plan.layout is None or (plan.kind, plan.layout, plan.layout_where) in seen:
            continue
        seen.add((plan.kind, plan.layout, plan.layout_where))
        try:
            layouts.layout_for(plan.kind, plan.layout)
        except LayoutProblem as exc:
            problems.error(f"layout: {exc}", plan.layout_where or plan.where, exc.hint)
    problems.raise_if_errors()


def _as_read(drawn: list[tuple[Any, str]], title_at: int | None, state: _State) -> list[str]:
    """The shapes in the order a screen reader takes them: title, body, source and footer.

    The tree's order is both the reading order and the stacking order.  The
    title comes first (nothing a kind draws lies under it); slide furniture
    never lies under body text, so moving it last changes nothing drawn.  A
    diagram's parts become one described group where its last part stood,
    so scrims laid among them stay underneath.
    """
    if title_at is not None:
        drawn = [drawn[title_at], *drawn[:title_at], *drawn[title_at + 1:]]
    body = [item for item in drawn if not _read_last(item[0])]
    ordered = body + [item for item in drawn if _read_last(item[0])]
    last: dict[Any, int] = {}
    for index, (element, _) in enumerate(ordered):
        tag = getattr(element, "group", None)
        if tag is not None:
            last[tag] = index
    if not last:
        return [xml for _, xml in ordered]
    members: dict[Any, list[tuple[Any, str]]] = {tag: [] for tag in last}
    out = []
    for index, (element, xml) in enumerate(ordered):
        tag = getattr(element, "group", None)
        if tag is None:
            out.append(xml)
            continue
        members[tag].append((element, xml))
        if last[tag] == index:
            out.append(_group(tag, members[tag], state.next_id()))
    return out


def _read_last(element: Any) -> bool:
    return type(element) is Field or getattr(element, "role", None) in READ_LAST


def _group(tag: GroupTag, members: list[tuple[Any, str]], shape_id: int) -> str:
    """``p:grpSp`` around ``members``: its child space is the slide's, so nothing moves."""
    boxes = [_bounds(element) for element, _ in members]
    x, y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    cx = max(b[0] + b[2] for b in boxes) - x
    cy = max(b[1] + b[3] for b in boxes) - y
    place = f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
    child = f'<a:chOff x="{x}" y="{y}"/><a:chExt cx="{cx}" cy="{cy}"/>'
    return (f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{shape_id}" name="{attr(tag.name)}" '
            f'descr="{attr(tag.description)}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f"<p:grpSpPr><a:xfrm>{place}{child}</a:xfrm></p:grpSpPr>"
            + "".join(xml for _, xml in members) + "</p:grpSp>")


def _bounds(element: Any) -> tuple[int, int, int, int]:
    if type(element) is Line:
        x1, y1, x2, y2 = emu(element.x1), emu(element.y1), emu(element.x2), emu(element.y2)
        return min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
    return _place(element.box)


_ROLED = (Shape, Picture)  # elements whose role may put them in a placeholder
_PH_LOCKS = '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
_PH_TYPE = re.compile(r'type="(\w+)"')
_PH_IDX = re.compile(r'idx="(\d+)"')
# Office's mark for a shape that adds nothing a reader needs: screen readers skip it
# and the accessibility checker asks no alt text of it.
_DECORATIVE = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
               '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
               'decorative" val="1"/></a:ext></a:extLst>')


def _c_nv_pr(shape_id: int, name: str, decorative: bool, descr: str | None = None) -> str:
    """``p:cNvPr``: id, name, the description readers announce, or the decorative mark."""
    described = f' descr="{attr(descr)}"' if descr is not None else ""
    head = f'<p:cNvPr id="{shape_id}" name="{attr(name)}"{described}'
    return f"{head}>{_DECORATIVE}</p:cNvPr>" if decorative else f"{head}/>"


def _place(box: Any) -> tuple[int, int, int, int]:
    return emu(box.x), emu(box.y), emu(box.w), emu(box.h)


class _State:
    """One slide being written: its part (for picture and link relationships) and shape ids."""

    def __init__(self, part: Any, max_id: int, pictures: Mapping[str, bytes]):
        self.part = part
        self.last_id = max_id
        self.pictures = pictures

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    # --- shapes ---------------------------------------------------------------------------
    def shape(self, element: Shape) -> str:
        """A text box (no geometry) or an auto shape, as render._shape draws it."""
        shape_id = self.next_id()
        x, y, w, h = _place(element.box)
        xfrm: dict[str, Any] = {}
        if element.rotation:
            rot = _optional("a:xfrm", "rot", element.rotation)
            if rot is not None:
                xfrm["rot"] = rot
        if element.flip_h:
            xfrm["flipH"] = "1"
        xfrm_xml = (f'<a:xfrm{_attrs(xfrm)}><a:off x="{x}" y="{y}"/>'
                    f'<a:ext cx="{w}" cy="{h}"/></a:xfrm>')
        if element.geometry is None:
            body_kind, c_nv = TEXTBOX, '<p:cNvSpPr txBox="1"/>'
            geom = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        else:
            body_kind, c_nv = AUTOSHAPE, "<p:cNvSpPr/>"
            geom = _geometry(element.geometry, tuple(element.adjustments))
        fill = f'<a:solidFill><a:srgbClr val="{_rgb(element.fill)}"{_alpha(element.opacity)}' \
            "</a:solidFill>" if element.fill else "<a:noFill/>"
        if element.line:
            colour = _rgb(element.line)
            width = _optional("a:ln", "w", Pt(element.line_width or 1))
            w_attr = f' w="{width}"' if width is not None else ""
            line = f'<a:ln{w_attr}><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln>'
        else:
            line = "<a:ln><a:noFill/></a:ln>"
        body = self.body(body_kind, element.text, True)
        c_nv_pr = _c_nv_pr(shape_id, element.name, element.decorative)
        return (f"<p:sp><p:nvSpPr>{c_nv_pr}{c_nv}<p:nvPr/></p:nvSpPr>"
                f"<p:spPr>{xfrm_xml}{geom}{fill}{line}</p:spPr>{body}</p:sp>")

    def line(self, element: Line) -> str:
        shape_id = self.next_id()
        x1, y1, x2, y2 = emu(element.x1), emu(element.y1), emu(element.x2), emu(element.y2)
        flip = (' flipH="1"' if x1 > x2 else "") + (' flipV="1"' if y1 > y2 else "")
        x, y, cx, cy = min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
        width = _optional("a:ln", "w", Pt(element.width))
        w_attr = f' w="{width}"' if width is not None else ""
        arrow = '<a:tailEnd type="triangle" w="med" len="med"/>' if element.arrow else ""
        c_nv_pr = _c_nv_pr(shape_id, element.name, element.decorative)
        return (f"<p:cxnSp><p:nvCxnSpPr>{c_nv_pr}<p:cNvCxnSpPr/>"
                f"<p:nvPr/></p:nvCxnSpPr><p:spPr><a:xfrm{flip}>"
                f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
                f'<a:prstGeom prst="{_CONNECTOR}"><a:avLst/></a:prstGeom>'
                f'<a:ln{w_attr}><a:solidFill><a:srgbClr val="{_rgb(element.color)}"/>'
                f"</a:solidFill>{arrow}</a:ln></p:spPr></p:cxnSp>")

    def picture_element(self, element: Picture, ph: str | None = None) -> str:
        """A picture, in the layout's picture placeholder ``ph`` if given: its own place
        and crop are stated, so it stands as a free picture would."""
        source: Any = str(element.path) if element.path else None
        if element.chart is not None or element.data is not None:
            source = io.BytesIO(element.data if element.data is not None
                                else self.pictures[element.chart.key()])
        crop = {}
        if any(element.crop):
            crop = dict(zip("ltrb", element.crop, strict=True))
        x, y, w, h = _place(element.box)
        return self.picture(source, x, y, w, h, element.alt, element.name, crop, ph=ph)

    def picture(self, source: Any, x: int, y: int, w: int, h: int, alt: str, name: str,
                crop: dict[str, float], decorative: bool = False, ph: str | None = None) -> str:
        image_part, rId = self.part.get_or_add_image_part(source)
        shape_id = self.next_id()
        cx, cy = image_part.scale(w, h)
        src = ""
        if crop:
            attrs = {k: _optional("a:srcRect", k, v) for k, v in crop.items()}
            src = f"<a:srcRect{_attrs({k: v for k, v in attrs.items() if v is not None})}/>"
        locks, nv, line = '<a:picLocks noChangeAspect="1"/>', "<p:nvPr/>", ""
        if ph is not None:  # no outline from the layout's placeholder either
            locks = '<a:picLocks noGrp="1" noChangeAspect="1"/>'
            nv, line = f"<p:nvPr>{ph}</p:nvPr>", "<a:ln><a:noFill/></a:ln>"
        return (f"<p:pic><p:nvPicPr>{_c_nv_pr(shape_id, name, decorative, alt)}"
                f"<p:cNvPicPr>{locks}</p:cNvPicPr>{nv}</p:nvPicPr>"
                f'<p:blipFill><a:blip r:embed="{rId}"/>{src}<a:stretch><a:fillRect/></a:stretch>'
                f'</p:blipFill><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" '
                f'cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{line}'
                "</p:spPr></p:pic>")

    def title(self, element: Shape, ph: str) -> str:
        """The title placeholder (``ctrTitle`` on a title slide), the slide's name to readers.

        Its shape and outline come from the layout (a layout without a title
        placeholder gives the master's); the size, place and text are the plan's.
        """
        x, y, w, h = _place(element.box)
        return (f"<p:sp><p:nvSpPr>{_c_nv_pr(self.next_id(), element.name, False)}{_PH_LOCKS}"
                f"<p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr><a:xfrm>"
                f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm></p:spPr>'
                f"{self.body(PLACEHOLDER, element.text, True, True, self.inherits(ph))}</p:sp>")

    def inherits(self, ph: str) -> tuple[Look, ...]:
        """What the text of the placeholder ``ph`` takes from the slide's layout and master."""
        kind, idx = _PH_TYPE.search(ph), _PH_IDX.search(ph)
        return inherited(self.part.part_related_by(RT.SLIDE_LAYOUT),
                         kind.group(1) if kind else "obj", int(idx.group(1)) if idx else 0)

    def placeholder(self, element: Shape, ph: str) -> str:
        """A text box written as the layout's body, subtitle or footer placeholder.

        Its frame and paragraphs are stated on it, so it stands and flows as
        the text box would on any layout; its runs state only what differs
        from what the layout and master give the placeholder's text (see
        :func:`_run_props`).
        """
        shape_id = self.next_id()
        x, y, w, h = _place(element.box)
        return (f"<p:sp><p:nvSpPr>{_c_nv_pr(shape_id, element.name, False)}{_PH_LOCKS}"
                f"<p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr><a:xfrm>"
                f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
                '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
                "<a:ln><a:noFill/></a:ln></p:spPr>"
                f"{self.body(PLACEHOLDER, element.text, True, True, self.inherits(ph))}</p:sp>")

    def field(self, element: Field, number: int, ph: str | None = None) -> str:
        """The slide number: a ``slidenum`` field, in the layout's placeholder if it has one."""
        shape_id = self.next_id()
        x, y, w, h = _place(element.box)
        spec = element.text
        body_attrs = _frame_attrs(TEXTBOX.body_attrs, spec, ph is not None)
        r_pr = _run_props(Run(str(number)), spec, 1.0, "", self.inherits(ph)[0] if ph else None)
        nv = f"{_PH_LOCKS}<p:nvPr>{ph}</p:nvPr>" if ph else '<p:cNvSpPr txBox="1"/><p:nvPr/>'
        return (f"<p:sp><p:nvSpPr>{_c_nv_pr(shape_id, element.name, False)}{nv}"
                "</p:nvSpPr><p:spPr><a:xfrm>"
                f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
                '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
                f"<p:txBody><a:bodyPr{_attrs(body_attrs)}><a:noAutofit/></a:bodyPr><a:lstStyle/>"
                f'<a:p><a:pPr algn="{_ALIGN[spec.align]}"/><a:fld id="{_SLIDENUM_ID}" '
                f'type="slidenum">{r_pr}<a:t>{number}</a:t></a:fld></a:p></p:txBody></p:sp>')

    def table(self, element: TableFrame) -> str:
        shape_id = self.next_id()
        rows, cols = len(element.cells), len(element.col_widths)
        x, y, cx, cy = _place(element.box)
        widths = _split(cx, cols)
        heights = _split(cy, rows)
        for c, width in enumerate(element.col_widths):
            widths[c] = emu(width)
        for r, height in enumerate(element.row_heights):
            heights[r] = emu(height)
        if element.col_widths:
            cx = sum(widths)
        if element.row_heights:
            cy = sum(heights)
        first_row = ' firstRow="1"' if element.header else ""  # read as column headers
        border = "".join(f'<a:{side} w="{emu(1.5)}"><a:solidFill><a:srgbClr '
                         f'val="{attr(element.line[1:])}"/></a:solidFill></a:{side}>'
                         for side in ("lnL", "lnR", "lnT", "lnB"))
        out = [f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" '
               f'name="{attr(element.name)}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
               f'</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="{x}" '
               f'y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></p:xfrm><a:graphic><a:graphicData '
               f'uri="{_TABLE_URI}"><a:tbl><a:tblPr{first_row}><a:tableStyleId>{_TABLE_STYLE}'
               "</a:tableStyleId></a:tblPr><a:tblGrid>",
               *(f'<a:gridCol w="{w}"/>' for w in widths), "</a:tblGrid>"]
        empty = "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody><a:tcPr/></a:tc>"
        for r in range(rows):
            out.append(f'<a:tr h="{heights[r]}">')
            row = element.cells[r]
            for cell in row:
                out.append(self.cell(cell, border))
            out.extend([empty] * (cols - len(row)))
            out.append("</a:tr>")
        out.append("</a:tbl></a:graphicData></a:graphic></p:graphicFrame>")
        return "".join(out)

    def cell(self, cell: Any, border: str) -> str:
        spec = cell.text
        inset = Emu(emu(spec.inset))
        inset_v = Emu(emu(spec.inset * 0.24))  # a quarter of the sides: rows stay compact
        anchor = _optional("a:tcPr", "anchor", _ANCHOR_ENUM[spec.anchor])
        attrs = {"marL": str(inset), "marR": str(inset), "marT": str(inset_v),
                 "marB": str(inset_v)}
        if anchor is not None:
            attrs["anchor"] = anchor
        fill = f'<a:solidFill><a:srgbClr val="{_rgb(cell.fill)}"/></a:solidFill>' \
            if cell.fill else ""
        return (f"<a:tc>{self.body(CELL, spec, False)}<a:tcPr{_attrs(attrs)}>{border}{fill}"
                "</a:tcPr></a:tc>")

    # --- text -----------------------------------------------------------------------------
    def body(self, kind: _Body, spec: Any, frame: bool, placeholder: bool = False,
             base: tuple[Look, ...] | None = None) -> str:
        """A text body as render._text (``frame``) or render._paragraphs leaves it.

        A ``placeholder``'s states its insets, first paragraph's spacing and
        capitals too, which a text box leaves at the defaults but a placeholder
        would inherit from its layout; ``base`` is what its text inherits.
        """
        if spec is None:
            return _plain_body(kind)
        attrs = _frame_attrs(kind.body_attrs, spec, placeholder) if frame else kind.body_attrs
        autofit = "<a:noAutofit/>" if frame else kind.autofit
        paras = self.paragraphs(spec, kind.first_ppr, placeholder, base) if spec.paras \
            else _first_p(kind)
        if placeholder and (base is None or any(look.cap != "none" for look in base)):
            # a layout may set its titles in capitals ("Section Header")
            paras = paras.replace("<a:rPr lang=", '<a:rPr cap="none" lang=')
        styles = "<a:lstStyle/>"
        if any(para.bullet for para in spec.paras):
            inherited_sizes = tuple(look.size for look in base) if base else None
            styles = _list_style(spec.indent, spec.bullet_color or spec.color, spec.size,
                                 any(para.bullet == "number" for para in spec.paras),
                                 _bullet_face(spec), inherited_sizes)
        return f"<{kind.tag}>{_body_pr(attrs, autofit)}{styles}{paras}</{kind.tag}>"

    def paragraphs(self, spec: Any, first_ppr: dict[str, str] | None,
                   placeholder: bool = False, base: tuple[Look, ...] | None = None) -> str:
        out = []
        first = tuple(first_ppr.items()) if first_ppr else ()
        language = spec.language
        bullet_colour = spec.bullet_color or spec.color
        for index, para in enumerate(spec.paras):
            space = Pt(0) if placeholder else None
            if index:
                space = Pt(round(spec.size * para.size_scale * spec.paragraph_space
                                 * para.space_before, 1))
            p_pr = _p_pr(first if index == 0 else (), para.bullet, para.level, spec.indent,
                         bullet_colour, spec.align, spec.line_spacing, space, para.start,
                         _bullet_face(spec))
            scale = para.size_scale
            look = base[min(para.level, len(base) - 1)] if base else None
            runs = "".join([self.run(run, spec, scale, look) for run in para.runs])
            size = spec.size * scale
            end = _end_para(None if look and _same_size(look, size) else size, language)
            out.append(f"<a:p>{p_pr}{runs}{end}</a:p>")
        return "".join(out)

    def run(self, run: Run, spec: Any, scale: float, look: Look | None = None) -> str:
        link = ""
        if run.link:
            rId = self.part.relate_to(run.link, RT.HYPERLINK, is_external=True)
            link = f'<a:hlinkClick r:id="{rId}">{_LINK_IN_RUN_COLOUR}</a:hlinkClick>'
        r_pr = _run_props(run, spec, scale, link, look)
        if "\n" not in run.text:
            return f"<a:r>{r_pr}<a:t>{run.text.translate(_RUN_TEXT)}</a:t></a:r>"
        return _broken_run(run.text, r_pr, _run_props(run, spec, scale, "", look))


def _broken_run(text: str, r_pr: str, br_pr: str) -> str:
    """A run with line breaks: ``a:br`` between its lines, inside the one paragraph.

    A raw newline inside ``a:t`` is not a line break to PowerPoint or
    LibreOffice (one draws it as a space, the other breaks the line but puts
    bullet markers on it), so a bullet of code lines stays one bullet with one
    marker.  Each break carries the run's size so the empty line is as tall as
    the fitter measured it.
    """
    out = []
    for index, line in enumerate(text.split("\n")):
        if index:
            out.append(f"<a:br>{br_pr}</a:br>")
        if line:
            out.append(f"<a:r>{r_pr}<a:t>{line.translate(_RUN_TEXT)}</a:t></a:r>")
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _p_pr(first: tuple[tuple[str, str], ...], bullet: str | None, level: int, indent: float,
          bullet_colour: str, align: str, line_spacing: float, space: Any,
          start: int = 1, face: str = "") -> str:
    """``a:pPr``: the list marker and indent, the alignment, line spacing and space before.

    ``first`` holds the attributes python-pptx's new shape gave its first paragraph.
    """
    p_pr = dict(first)
    if not bullet:
        p_pr["marL"] = str(emu(level * indent))
        p_pr["indent"] = "0"
        marks = "<a:buNone/>"
    else:
        hang = indent * (NUMBER_HANG if bullet == "number" else 1.0)
        p_pr["marL"] = str(emu(hang * (level + 1)))
        p_pr["indent"] = str(-emu(hang))
        marks = _marks(bullet, level, bullet_colour, start, face)
    if level:  # the outline level: PowerPoint's outline, Tab/Shift+Tab and readers see it
        p_pr["lvl"] = str(level)
    p_pr["algn"] = _ALIGN[align]
    spacing = _spacing("line_spacing", line_spacing)
    if space is not None:
        spacing += _spacing("space_before", space)
    return f"<a:pPr{_attrs(p_pr)}>{spacing}{marks}</a:pPr>"


def _bullet_face(spec: Any) -> str:
    return spec.bullet_font or spec.font


def _marks(bullet: str, level: int, colour: str, start: int = 1, face: str = "") -> str:
    """A list paragraph's marker: PowerPoint's own numbering, or the level's bullet glyph
    in ``face`` (the theme's ``fonts.bullet``).

    ``start`` above 1 continues a list from the slide before (a continuation part).
    """
    marks = f'<a:buClr><a:srgbClr val="{attr(colour[1:])}"/></a:buClr>'
    if bullet == "number":
        at = f' startAt="{start}"' if start > 1 else ""
        return marks + f'<a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod"{at}/>'
    return marks + (f'<a:buFont typeface="{attr(face)}"/>'
                    f'<a:buChar char="{_BULLETS[min(level, 2)]}"/>')


@functools.lru_cache(maxsize=256)
def _list_style(indent: float, colour: str, size: float, numbered: bool, face: str = "",
                inherited: tuple[float | None, ...] | None = None) -> str:
    """The body's list styles: indent, marker and size of each outline level.

    Each paragraph still states its own (LibreOffice draws from them), but a
    paragraph PowerPoint's Tab or Shift+Tab moves to another level, or a new
    one typed there, takes that level's look from here.  A level whose size
    is the one the placeholder ``inherited`` leaves the size to the master.
    """
    out = ["<a:lstStyle>"]
    for level, scale in enumerate(LEVEL_SCALE):
        bullet = "number" if numbered and level == 0 else "bullet"
        hang = indent * (NUMBER_HANG if bullet == "number" else 1.0)
        own = inherited[level] if inherited and level < len(inherited) else None
        sized = own is None or abs(own - size * scale) >= 0.005
        run = f'<a:defRPr sz="{int(round(size * scale * 100))}"/>' if sized else ""
        out.append(f'<a:lvl{level + 1}pPr marL="{emu(hang * (level + 1))}" '
                   f'indent="{-emu(hang)}">{_marks(bullet, level, colour, 1, face)}'
                   f"{run}</a:lvl{level + 1}pPr>")
    out.append("</a:lstStyle>")
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def _end_para(size: float | None, language: str) -> str:
    if size is None:
        return f'<a:endParaRPr lang="{attr(language)}"/>'
    return f'<a:endParaRPr sz="{int(round(size * 100))}" lang="{attr(language)}"/>'


def _split(total: int, count: int) -> list[int]:
    """python-pptx's first sizes for a new table: equal parts, the last takes the remainder."""
    part = total // count
    return [part] * (count - 1) + [total - (count - 1) * part]


def _frame_attrs(start: dict[str, str], spec: Any, explicit: bool = False) -> dict[str, str]:
    """``a:bodyPr`` after render._frame: wrap, the four insets, the anchor.

    ``explicit`` writes insets equal to the default too: a placeholder would
    otherwise take its layout's.
    """
    attrs = dict(start)
    attrs["wrap"] = "square"
    pad = Emu(emu(spec.inset))
    for name in ("lIns", "rIns", "tIns", "bIns"):
        value = str(int(pad)) if explicit else _optional("a:bodyPr", name, pad)
        if value is None:
            attrs.pop(name, None)
        else:
            attrs[name] = value
    anchor = _optional("a:bodyPr", "anchor", _ANCHOR_ENUM[spec.anchor])
    if anchor is None:
        attrs.pop("anchor", None)
    else:
        attrs["anchor"] = anchor
    return attrs


def _first_p(kind: _Body) -> str:
    return f"<a:p><a:pPr{_attrs(kind.first_ppr)}/></a:p>" if kind.first_ppr else "<a:p/>"


def _plain_body(kind: _Body) -> str:
    return (f"<{kind.tag}>{_body_pr(kind.body_attrs, kind.autofit)}<a:lstStyle/>"
            f"{_first_p(kind)}</{kind.tag}>")


def _body_pr(attrs: dict[str, str], autofit: str | None) -> str:
    if autofit:
        return f"<a:bodyPr{_attrs(attrs)}>{autofit}</a:bodyPr>"
    return f"<a:bodyPr{_attrs(attrs)}/>"


def _run_props(run: Run, spec: Any, scale: float, link: str, look: Look | None = None) -> str:
    """render._run_props as text: size, weight, colour and the three typefaces.

    In a placeholder (``look``: what its text inherits at this level) only
    what differs is written: what the content marks (bold, italic, a link's
    or highlight's colour, code's face, strike), a size the text was fitted
    to; the rest comes from the layout and master, so restyling the master
    restyles the run.  The language is always stated.
    """
    bold = spec.bold or run.bold or run.highlight
    italic = spec.italic or run.italic
    colour = run.color or (spec.highlight if run.highlight else (
        spec.link if run.link else spec.color))
    face = run.font or (spec.mono if run.code else spec.font)
    language, alternative = spec.language, ""
    if _CJK.search(run.text):
        language, alternative = _east_asian(run.text, language)
    if look is not None:
        return _lean_r_pr(look, language, alternative, spec.size * scale, bool(bold),
                          bool(italic), colour, face, run.font or spec.east_asian, run.strike,
                          link)
    head, tail = _r_pr(language, alternative, spec.size * scale, bool(bold), bool(italic),
                       bool(run.link), colour, face, run.font or spec.east_asian, run.strike)
    return head + link + tail if link else head + tail


def _same_size(look: Look, size: float) -> bool:
    return look.size is not None and abs(look.size - size) < 0.005


@functools.lru_cache(maxsize=4096)
def _lean_r_pr(look: Look, language: str, alternative: str, size: float, bold: bool,
               italic: bool, colour: str, face: str, east_asian: str, strike: bool,
               link: str) -> str:
    """``a:rPr`` of a placeholder's run: the language, and what ``look`` does not give."""
    lang = attr(language) + (f'" altLang="{attr(alternative)}' if alternative else "")
    attrs = f'lang="{lang}"'
    if not _same_size(look, size):
        attrs += f' sz="{int(round(size * 100))}"'
    if bold != look.bold:
        attrs += f' b="{"1" if bold else "0"}"'
    if italic != look.italic:
        attrs += f' i="{"1" if italic else "0"}"'
    if link:
        attrs += ' u="sng"'
    if strike:
        attrs += ' strike="sngStrike"'
    inner = ""
    if look.colour is None or look.colour.upper() != colour.upper():
        inner += f'<a:solidFill><a:srgbClr val="{attr(colour[1:])}"/></a:solidFill>'
    if look.latin != face:
        inner += f'<a:latin typeface="{attr(face)}"/>'
    if look.east_asian != east_asian:
        inner += f'<a:ea typeface="{attr(east_asian)}"/>'
    if look.complex != face:
        inner += f'<a:cs typeface="{attr(face)}"/>'
    inner += link
    return f"<a:rPr {attrs}>{inner}</a:rPr>" if inner else f"<a:rPr {attrs}/>"


_CJK = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
                  "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_EAST_ASIAN = ("ja", "zh", "ko")


def _east_asian(text: str, language: str) -> tuple[str, str]:
    """``lang`` (and ``altLang``) of a run in Chinese, Japanese or Korean script.

    The run is in the East-Asian language its script shows (kana: Japanese,
    hangul: Korean, Han characters alone: Chinese) with the deck's language as
    the alternative, as PowerPoint tags text typed in an East-Asian input mode;
    a deck written in one of those languages keeps its own.
    """
    if language.split("-")[0].lower() in _EAST_ASIAN:
        return language, ""
    script = "ja-JP" if _KANA.search(text) else "ko-KR" if _HANGUL.search(text) else "zh-CN"
    return script, language


@functools.lru_cache(maxsize=4096)
def _r_pr(language: str, alternative: str, size: float, bold: bool, italic: bool, link: bool,
          colour: str, face: str, east_asian: str, strike: bool = False) -> tuple[str, str]:
    underline = ' u="sng"' if link else ""
    if strike:
        underline += ' strike="sngStrike"'
    face = attr(face)
    lang = attr(language) + (f'" altLang="{attr(alternative)}' if alternative else "")
    return (f'<a:rPr lang="{lang}" sz="{int(round(size * 100))}" '
            f'b="{"1" if bold else "0"}" i="{"1" if italic else "0"}"{underline}><a:solidFill>'
            f'<a:srgbClr val="{attr(colour[1:])}"/></a:solidFill><a:latin typeface="{face}"/>'
            f'<a:ea typeface="{attr(east_asian)}"/><a:cs typeface="{face}"/>', "</a:rPr>")
