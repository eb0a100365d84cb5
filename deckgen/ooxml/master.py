"""A shipped theme's own slide master and layouts, and what a placeholder inherits.

:func:`own_layouts` turns the default template's master and its eleven
Office layouts into deckgen's: one layout for each sort of slide deckgen
makes ("Title", "Section", "Bullets", "Two columns", "Quote", "Picture",
"Title only", "Blank"), named for what it is, each with the standard
placeholder types PowerPoint pairs slides with, placed where the layout
stage puts that text (:mod:`deckgen.layout.frames`) and styled from the
theme.  Office's other layouts (Comparison, Content with Caption and the two
vertical-text ones) are dropped: deckgen builds no slide on them, and a
speaker choosing one would get Office's geometry, not the deck's.

:func:`inherited` reads back what a slide placeholder's text inherits from
its layout, master and Office theme, so the serializer writes on a run only
what differs: the theme's look then lives in one place, and changing the
master's font or colours in PowerPoint restyles the whole deck.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

from deckgen.layout import frames
from deckgen.layout.context import LEVEL_SCALE
from deckgen.layout.plan import Box, emu

_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_GROUP = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
          '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
          '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')
# The layout's type attribute (what PowerPoint's "Layout" gallery and converters read).
_TYPES = {"Title": "title", "Section": "secHead", "Bullets": "tx", "Two columns": "twoColTx",
          "Quote": None, "Picture": "picTx", "Title only": "titleOnly", "Blank": "blank"}
# role -> (placeholder element, name, prompt)
_PH = {
    "title": ('type="title"', "Title", "Click to edit the title"),
    "subtitle": ('type="subTitle" idx="1"', "Subtitle", "Click to edit the subtitle"),
    "body": ('type="body" idx="1"', "Text", "Click to edit the text"),
    "body2": ('type="body" idx="2"', "Text", "Click to edit the text"),
    "picture": ('type="pic" idx="1"', "Picture", "Click the icon to add a picture"),
    "caption": ('type="body" sz="half" idx="2"', "Caption", "Click to edit the caption"),
    "date": ('type="dt" sz="half" idx="10"', "Date", ""),
    "footer": ('type="ftr" sz="quarter" idx="11"', "Footer", ""),
    "number": ('type="sldNum" sz="quarter" idx="12"', "Slide Number", ""),
}


@dataclass(frozen=True)
class Look:
    """How a placeholder's text at one level looks unless its runs say otherwise.

    ``None`` is "not stated anywhere" (or stated in a way not resolved to
    one value, such as a tinted scheme colour): a run must then state it.
    """

    size: float | None = None
    bold: bool = False
    italic: bool = False
    colour: str | None = None  # #RRGGBB
    latin: str | None = None
    east_asian: str | None = None
    complex: str | None = None
    cap: str = "none"


# --- building ---------------------------------------------------------------------------
def own_layouts(prs: Any, theme: Any, width: float, height: float) -> None:
    """Make the master's placeholders and the layouts the theme's (see the module note)."""
    boxes = frames.layouts(theme, width, height)
    master = prs.slide_masters[0]
    master._element.find(qn("p:cSld")).set("name", theme.name)  # the master view's label
    _master_placeholders(master, theme, boxes["Bullets"])
    layouts = list(master.slide_layouts)
    for layout, (name, roles) in zip(layouts, boxes.items(), strict=False):
        _replace(layout._element, parse_xml(_layout_xml(name, roles, theme)))
    for layout in layouts[len(boxes):]:
        master.slide_layouts.remove(layout)


def _replace(old: Any, new: Any) -> None:
    """Give the layout's element the new content in place: python-pptx's objects for the
    layout (its name, its placeholders) keep the element they were made with."""
    old.attrib.clear()
    old.attrib.update(new.attrib)
    for child in list(old):
        old.remove(child)
    old.extend(list(new))


def _master_placeholders(master: Any, theme: Any, roles: dict[str, Box]) -> None:
    """Place the master's own placeholders where a content slide's text stands.

    A layout placeholder that gives no position takes the master's; the
    footer, date and number there carry the footer's size and colour.
    """
    tree = master._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    wanted = {"title": "title", "body": "body", "dt": "date", "ftr": "footer",
              "sldNum": "number"}
    for sp in tree.findall(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        role = wanted.get(ph.get("type", "body")) if ph is not None else None
        if role is None:
            continue
        box = roles[role]
        xfrm = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
        xfrm.find(qn("a:off")).set("x", str(emu(box.x)))
        xfrm.find(qn("a:off")).set("y", str(emu(box.y)))
        xfrm.find(qn("a:ext")).set("cx", str(emu(box.w)))
        xfrm.find(qn("a:ext")).set("cy", str(emu(box.h)))
        body = sp.find(qn("p:txBody"))
        body_pr = body.find(qn("a:bodyPr"))
        for child in list(body_pr):  # no autofit: deckgen fits the text itself
            body_pr.remove(child)
        for name, value in _insets(theme, role).items():
            body_pr.set(name, value)
        if role in ("date", "footer", "number"):
            old = body.find(qn("a:lstStyle"))
            style = etree.fromstring(f"<a:lstStyle {_NS}>{_chrome_level(theme, role)}"
                                     "</a:lstStyle>")
            body.replace(old, style)


def _insets(theme: Any, role: str) -> dict[str, str]:
    """``a:bodyPr`` of a placeholder: the plan's insets and anchor for that text."""
    pad = str(emu(theme.space.inset)) if role in ("body", "body2", "picture") else "0"
    anchor = {"title": "b", "date": "ctr", "footer": "ctr", "number": "ctr"}.get(role, "t")
    return {"wrap": "square", "lIns": pad, "tIns": pad, "rIns": pad, "bIns": pad,
            "anchor": anchor}


def _chrome_level(theme: Any, role: str, colour: str | None = None, slot: str = "folHlink"
                  ) -> str:
    """The footer's, date's or number's look: the footer size, muted (or ``colour``)."""
    align = "r" if role == "number" else "l"
    return (f'<a:lvl1pPr algn="{align}"><a:defRPr sz="{_sz(theme.sizes.footer)}">'
            f"{_fill(theme, colour or theme.colors.muted, slot)}</a:defRPr></a:lvl1pPr>")


def _layout_xml(name: str, roles: dict[str, Box], theme: Any) -> str:
    kind = _TYPES[name]
    head = f'<p:sldLayout {_NS}' + (f' type="{kind}"' if kind else "") + ' preserve="1">'
    background = ""
    if name == "Section":  # the section colour, as the section slides are drawn
        background = (f"<p:bg><p:bgPr>{_fill(theme, theme.colors.section_background, 'tx1')}"
                      "<a:effectLst/></p:bgPr></p:bg>")
    shapes = [_placeholder(name, role, box, theme, index + 2)
              for index, (role, box) in enumerate(roles.items())]
    return (f'{head}<p:cSld name="{name}">{background}<p:spTree>{_GROUP}{"".join(shapes)}'
            "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"
            "</p:sldLayout>")


def _placeholder(layout: str, role: str, box: Box, theme: Any, shape_id: int) -> str:
    ph, label, prompt = _PH[role]
    if layout == "Title" and role == "title":
        ph = 'type="ctrTitle"'
    text = (f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{prompt}</a:t></a:r></a:p>' if prompt
            else '<a:p><a:endParaRPr lang="en-US"/></a:p>')
    if role == "number":
        text = ('<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
                '<a:rPr lang="en-US"/><a:t>&lt;#&gt;</a:t></a:fld></a:p>')
    pad = "".join(f' {k}="{v}"' for k, v in _insets(theme, role).items())
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{label} {shape_id - 1}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{emu(box.x)}" y="{emu(box.y)}"/>'
            f'<a:ext cx="{emu(box.w)}" cy="{emu(box.h)}"/></a:xfrm></p:spPr>'
            f"<p:txBody><a:bodyPr{pad}/>{_list_style(layout, role, theme)}{text}"
            "</p:txBody></p:sp>")


def _list_style(layout: str, role: str, theme: Any) -> str:
    """The placeholder's own text style where its layout's text differs from the master's."""
    sizes, colours = theme.sizes, theme.colors
    if role in ("date", "footer", "number"):  # a section's are on its dark ground
        if layout != "Section":
            return "<a:lstStyle/>"
        return (f"<a:lstStyle>{_chrome_level(theme, role, colours.section_text, 'bg1')}"
                "</a:lstStyle>")
    if role == "title" and layout == "Title":
        level = _level(theme, sizes.cover_title, colours.title, "tx2", theme.title_bold)
    elif role == "title" and layout == "Section":
        level = _level(theme, sizes.section, colours.section_text, "bg1", theme.title_bold)
    elif role == "subtitle":
        level = _level(theme, sizes.subtitle * 1.15, colours.text, "tx1", False, plain=True)
    elif role == "body" and layout == "Section":
        level = _level(theme, sizes.subtitle * 1.1, colours.section_text, "bg1", False,
                       plain=True)
    elif role == "caption":
        level = _level(theme, sizes.small * 1.15, colours.muted, "folHlink", False, plain=True,
                       face="mn")
    elif role == "body" and layout == "Quote":
        level = _level(theme, sizes.quote, colours.text, "tx1", False, plain=True, italic=True)
    else:
        return "<a:lstStyle/>"
    return f"<a:lstStyle>{level}</a:lstStyle>"


def _level(theme: Any, size: float, colour: str, slot: str, bold: bool, plain: bool = False,
           italic: bool = False, face: str = "mj") -> str:
    """An ``a:lvl1pPr`` in the heading face (``mn``: the body's): size, weight, colour;
    ``plain``: no marker."""
    marks = ' marL="0" indent="0"' if plain else ""
    flags = (' b="1"' if bold else "") + (' i="1"' if italic else "")
    faces = (f'<a:latin typeface="+{face}-lt"/><a:ea typeface="+{face}-ea"/>'
             f'<a:cs typeface="+{face}-cs"/>')
    return (f'<a:lvl1pPr{marks} algn="l">{"<a:buNone/>" if plain else ""}'
            f'<a:defRPr sz="{_sz(size)}"{flags}>{_fill(theme, colour, slot)}{faces}'
            "</a:defRPr></a:lvl1pPr>")


def _sz(size: float) -> int:
    return int(round(size * 100))


def scheme(theme: Any) -> dict[str, str]:
    """The Office theme's colour slots as the deck theme fills them."""
    colors = theme.colors
    return {"dk1": colors.text, "lt1": colors.background, "dk2": colors.title,
            "lt2": colors.surface, "hlink": colors.accent, "folHlink": colors.muted,
            **{f"accent{i + 1}": c for i, c in enumerate((colors.palette * 2)[:6])}}


_MAPPED = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}


def _fill(theme: Any, colour: str, slot: str) -> str:
    """A fill of ``colour``: the scheme slot when it holds that colour, so that changing
    the theme's colours in PowerPoint follows; the colour itself otherwise."""
    if scheme(theme).get(_MAPPED.get(slot, slot), "").upper() == colour.upper():
        return f'<a:solidFill><a:schemeClr val="{slot}"/></a:solidFill>'
    return f'<a:solidFill><a:srgbClr val="{colour[1:].upper()}"/></a:solidFill>'


# --- reading back -----------------------------------------------------------------------
_CACHE: weakref.WeakKeyDictionary[Any, dict[tuple[str, int], tuple[Look, ...]]] = (
    weakref.WeakKeyDictionary())
_TITLES = ("title", "ctrTitle")
_CHROME = ("dt", "ftr", "sldNum")


def inherited(layout_part: Any, ph_type: str, idx: int) -> tuple[Look, ...]:
    """What text in the slide placeholder (``ph_type``, ``idx``) inherits, by outline level.

    The chain PowerPoint follows: the layout's placeholder (paired by index,
    or by type for a title), the master's placeholder of that type, then the
    master's title or body text style; theme fonts (``+mj-lt``) and scheme
    colours are resolved through the Office theme.
    """
    by_ph = _CACHE.get(layout_part)
    if by_ph is None:
        by_ph = _CACHE[layout_part] = {}
    key = (ph_type, idx)
    looks = by_ph.get(key)
    if looks is None:
        looks = by_ph[key] = _resolve(layout_part, ph_type, idx)
    return looks


def _resolve(layout_part: Any, ph_type: str, idx: int) -> tuple[Look, ...]:
    master_part = layout_part.part_related_by(RT.SLIDE_MASTER)
    master = master_part._element
    theme = etree.fromstring(master_part.part_related_by(RT.THEME).blob)
    chain = []
    own = _find_ph(layout_part._element, ph_type, idx)
    if own is not None:
        chain.append(own.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}"))
    base = _find_ph(master, ph_type, None)
    if base is not None:
        chain.append(base.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}"))
    styles = master.find(qn("p:txStyles"))  # optional: a master may have none
    name = "p:titleStyle" if ph_type in _TITLES else (
        "p:otherStyle" if ph_type in _CHROME else "p:bodyStyle")
    if styles is not None:
        chain.append(styles.find(qn(name)))
    colours = _colour_map(master, theme, layout_part._element)
    faces = _faces(theme)
    return tuple(_look([c for c in chain if c is not None], level, colours, faces)
                 for level in range(1, len(LEVEL_SCALE) + 1))


def _find_ph(root: Any, ph_type: str, idx: int | None) -> Any:
    """The placeholder shape of ``root`` a slide placeholder inherits from."""
    wanted = "title" if ph_type == "ctrTitle" else ph_type
    by_type = None
    for sp in root.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is None:
            continue
        if idx and int(ph.get("idx", "0")) == idx:
            return sp
        kind = ph.get("type", "body")
        kind = "title" if kind == "ctrTitle" else kind
        if by_type is None and (kind == wanted or (
                wanted in ("body", "subTitle", "obj") and kind == "body" and idx is None)):
            by_type = sp
    return by_type


def _look(chain: list[Any], level: int, colours: dict[str, str | None],
          faces: dict[str, str]) -> Look:
    found: dict[str, Any] = {}
    for style in chain:
        p_pr = style.find(qn(f"a:lvl{level}pPr"))
        r_pr = p_pr.find(qn("a:defRPr")) if p_pr is not None else None
        if r_pr is None:
            continue
        for name in ("sz", "b", "i", "cap"):
            if r_pr.get(name) is not None:
                found.setdefault(name, r_pr.get(name))
        fill = r_pr.find(qn("a:solidFill"))
        if fill is not None and "colour" not in found:
            found["colour"] = _colour(fill, colours)
        for tag, key in (("a:latin", "latin"), ("a:ea", "ea"), ("a:cs", "cs")):
            face = r_pr.find(qn(tag))
            if face is not None and face.get("typeface") is not None:
                found.setdefault(key, faces.get(face.get("typeface"), face.get("typeface")))
    return Look(size=int(found["sz"]) / 100 if "sz" in found else None,
                bold=found.get("b") in ("1", "true"), italic=found.get("i") in ("1", "true"),
                colour=found.get("colour"), latin=found.get("latin") or None,
                east_asian=found.get("ea") or None, complex=found.get("cs") or None,
                cap=found.get("cap", "none"))


def _colour(fill: Any, colours: dict[str, str | None]) -> str | None:
    if len(fill) != 1 or len(fill[0]):  # no colour, or one with tints and shades
        return None
    colour = fill[0]
    if colour.tag == qn("a:srgbClr"):
        return "#" + colour.get("val", "").upper()
    if colour.tag == qn("a:schemeClr"):
        return colours.get(colour.get("val", ""))
    return None


def _colour_map(master: Any, theme: Any, layout: Any) -> dict[str, str | None]:
    """Scheme colour names (tx1, accent1 ...) to #RRGGBB through the master's colour map,
    or the one the layout puts in its place."""
    slots: dict[str, str | None] = {}
    found = theme.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    for slot in found if found is not None else ():
        name = etree.QName(slot).localname
        value = slot[0] if len(slot) else None
        if value is not None and value.tag == qn("a:srgbClr"):
            slots[name] = "#" + value.get("val", "").upper()
        elif value is not None and value.tag == qn("a:sysClr") and value.get("lastClr"):
            slots[name] = "#" + value.get("lastClr", "").upper()
    mapping = layout.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
    if mapping is None:
        mapping = master.find(qn("p:clrMap"))
    out = dict(slots)
    if mapping is not None:
        for name, target in mapping.attrib.items():
            out[name] = slots.get(target)
    return out


def _faces(theme: Any) -> dict[str, str]:
    """``+mj-lt`` and its kin to the Office theme's typefaces."""
    out = {}
    for kind, short in (("majorFont", "mj"), ("minorFont", "mn")):
        font = theme.find(f".//{qn('a:' + kind)}")
        if font is None:
            continue
        for tag, script in (("latin", "lt"), ("ea", "ea"), ("cs", "cs")):
            face = font.find(qn("a:" + tag))
            if face is not None:
                out[f"+{short}-{script}"] = face.get("typeface", "")
    return out
