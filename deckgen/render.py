"""Render stage: turn slide plans into python-pptx shapes.

Only this module talks to python-pptx.  Every size, colour and font comes from
the plan; shapes get no theme-dependent style (``p:style`` is removed) so the
deck looks the same whatever template it is built on.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from deckgen import pptxfast
from deckgen.layout.elements import (
    Box,
    Field,
    Line,
    Picture,
    Shape,
    SlidePlan,
    Table,
    TextSpec,
    emu,
)
from deckgen.markup import Run
from deckgen.textfit import NUMBER_HANG, Para

ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
BULLETS = ("\u2022", "\u2013", "\u2022")
NUMBERS = "arabicPeriod"



def new_presentation(template: Path | None, width_pt: float, height_pt: float,
                     theme: Any = None) -> Any:
    """An empty presentation of the right size, on the theme's template if any."""
    prs = Presentation(str(template)) if template else Presentation()
    _drop_slides(prs)
    prs.slide_width = Emu(emu(width_pt))
    prs.slide_height = Emu(emu(height_pt))
    if theme is not None and template is None:
        _office_theme(prs, theme)
    pptxfast.install(prs)  # linear part naming: the same names, without n² package walks
    return prs


def _office_theme(prs: Any, theme: Any) -> None:
    """Write the deck theme's colours and fonts into the file's own Office theme.

    Hyperlinks take their colour from it, and text a speaker adds later in
    PowerPoint starts in the deck's fonts and palette rather than Office's.
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_masters[0].part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    colors = theme.colors
    scheme = {
        "dk1": colors.text, "lt1": colors.background, "dk2": colors.title,
        "lt2": colors.surface, "hlink": colors.accent, "folHlink": colors.muted,
        **{f"accent{i + 1}": c for i, c in enumerate((colors.palette * 2)[:6])},
    }
    for name, value in scheme.items():
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
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_slides(prs: Any) -> None:
    """A template contributes its masters and layouts, never its own slides."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def _layout(prs: Any) -> Any:
    """The layout with a title and nothing else, so the outline shows slide titles."""
    for layout in prs.slide_layouts:
        if layout.name.lower() == "title only":
            return layout
    for layout in prs.slide_layouts:
        if any(ph.placeholder_format.type == 1 for ph in layout.placeholders):
            return layout
    return prs.slide_layouts[len(prs.slide_layouts) - 1]


def render(prs: Any, plans: list[SlidePlan], fast: bool = True) -> None:
    """Add one slide per plan, in order.

    ``fast`` writes the slides pptxfast knows as XML text, which gives the same
    bytes as the python-pptx calls below in a tenth of the time.
    """
    layout = _layout(prs)
    writer = pptxfast.SlideWriter(prs, layout) if fast else None
    for number, plan in enumerate(plans, start=1):
        if writer is not None and writer.supports(plan):
            writer.add(plan, number)
            continue
        slide = prs.slides.add_slide(layout)
        _background(slide, plan)
        title_ph = slide.shapes.title
        used_title = False
        for element in plan.elements:
            if isinstance(element, Shape) and element.role == "title" and title_ph is not None \
                    and not used_title:
                _fill_placeholder(title_ph, element)
                used_title = True
            else:
                _draw(slide, element, number)
        if title_ph is not None and not used_title:
            title_ph._element.getparent().remove(title_ph._element)
        if plan.notes:
            slide.notes_slide.notes_text_frame.text = plan.notes


def _background(slide: Any, plan: SlidePlan) -> None:
    if isinstance(plan.background, Path):
        width, height = slide.part.package.presentation_part.presentation.slide_width, \
            slide.part.package.presentation_part.presentation.slide_height
        pic = slide.shapes.add_picture(str(plan.background), 0, 0, width, height)
        _describe(pic, "", "Background")
        tree = slide.shapes._spTree
        tree.remove(pic._element)
        tree.insert(2, pic._element)  # behind everything, after the group properties
        _cover_crop(pic, plan.background, width / height)
        return
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(plan.background)


def _cover_crop(pic: Any, path: Path, ratio: float) -> None:
    from PIL import Image

    with Image.open(path) as image:
        w, h = image.size
    if w / h > ratio:
        cut = (1 - ratio / (w / h)) / 2
        pic.crop_left = pic.crop_right = cut
    else:
        cut = (1 - (w / h) / ratio) / 2
        pic.crop_top = pic.crop_bottom = cut


def _draw(slide: Any, element: Any, number: int) -> None:
    if isinstance(element, Shape):
        _shape(slide, element)
    elif isinstance(element, Line):
        _line(slide, element)
    elif isinstance(element, Picture):
        _picture(slide, element)
    elif isinstance(element, Table):
        _table(slide, element)
    elif isinstance(element, Field):
        _field(slide, element, number)


def _place(box: Box) -> tuple[int, int, int, int]:
    return emu(box.x), emu(box.y), emu(box.w), emu(box.h)


def _fill_placeholder(ph: Any, element: Shape) -> None:
    ph.left, ph.top, ph.width, ph.height = _place(element.box)
    ph.name = element.name
    _text(ph.text_frame, element.text)


def _shape(slide: Any, element: Shape) -> None:
    if element.geometry is None:
        shape = slide.shapes.add_textbox(*_place(element.box))
    else:
        shape = slide.shapes.add_shape(getattr(MSO_SHAPE, element.geometry),
                                       *_place(element.box))
        _plain_style(shape)
        for i, value in enumerate(element.adjustments):
            if i < len(shape.adjustments):
                shape.adjustments[i] = value
    shape.name = element.name
    if element.rotation:
        shape.rotation = element.rotation
    if element.flip_h:
        shape._element.spPr.get_or_add_xfrm().set("flipH", "1")
    _fill_line(shape, element.fill, element.line, element.line_width)
    if element.text is not None:
        _text(shape.text_frame, element.text)


def _plain_style(shape: Any) -> None:
    """Drop the template's style reference (shadows, theme colours)."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _fill_line(shape: Any, fill: str | None, line: str | None, width: float) -> None:
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
    else:
        shape.fill.background()
    if line:
        shape.line.color.rgb = _rgb(line)
        shape.line.width = Pt(width or 1)
    else:
        shape.line.fill.background()


def _line(slide: Any, element: Line) -> None:
    conn = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(element.x1), emu(element.y1),
                                      emu(element.x2), emu(element.y2))
    _plain_style(conn)
    conn.name = element.name
    conn.line.color.rgb = _rgb(element.color)
    conn.line.width = Pt(element.width)
    if element.arrow:
        ln = conn.line._get_or_add_ln()
        tail = etree.SubElement(ln, qn("a:tailEnd"))
        tail.set("type", "triangle")
        tail.set("w", "med")
        tail.set("len", "med")


def _picture(slide: Any, element: Picture) -> None:
    source: Any = str(element.path) if element.path else None
    if element.chart is not None or element.data is not None:
        import io

        source = io.BytesIO(element.data if element.data is not None else element.chart.png)
    pic = slide.shapes.add_picture(source, *_place(element.box))
    left, top, right, bottom = element.crop
    if any(element.crop):
        pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom = left, top, right, bottom
    _describe(pic, element.alt, element.name)


def _describe(shape: Any, alt: str, name: str) -> None:
    shape.name = name
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", alt)


def _table(slide: Any, element: Table) -> None:
    rows, cols = len(element.cells), len(element.col_widths)
    frame = slide.shapes.add_table(rows, cols, *_place(element.box))
    frame.name = element.name
    table = frame.table
    table.first_row = False
    table.horz_banding = False
    for c, width in enumerate(element.col_widths):
        table.columns[c].width = Emu(emu(width))
    for r, height in enumerate(element.row_heights):
        table.rows[r].height = Emu(emu(height))
    for r, row in enumerate(element.cells):
        for c, cell_el in enumerate(row):
            cell = table.cell(r, c)
            if cell_el.fill:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(cell_el.fill)
            inset = Emu(emu(cell_el.text.inset))
            cell.margin_left = cell.margin_right = inset
            cell.margin_top = cell.margin_bottom = Emu(emu(cell_el.text.inset * 0.4))
            cell.vertical_anchor = ANCHOR[cell_el.text.anchor]
            _paragraphs(cell.text_frame, cell_el.text)
            _borders(cell, element.line)


def _borders(cell: Any, colour: str) -> None:
    """Thin rules in the slide's background colour instead of the style's white."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        line = etree.Element(qn(side), w=str(emu(1.5)))
        fill = etree.SubElement(line, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", colour[1:])
        tc_pr.insert(["a:lnL", "a:lnR", "a:lnT", "a:lnB"].index(side), line)


def _field(slide: Any, element: Field, number: int) -> None:
    box = slide.shapes.add_textbox(*_place(element.box))
    box.name = element.name
    tf = box.text_frame
    _frame(tf, element.text)
    p = tf.paragraphs[0]
    p.alignment = ALIGN[element.text.align]
    fld = etree.SubElement(p._p, qn("a:fld"))
    fld.set("id", "{" + str(uuid.UUID(hashlib.md5(b"slidenum").hexdigest())).upper() + "}")
    fld.set("type", "slidenum")
    r_pr = etree.SubElement(fld, qn("a:rPr"))
    _run_props(r_pr, Run(str(number)), element.text, 1.0)
    t = etree.SubElement(fld, qn("a:t"))
    t.text = str(number)


def _frame(tf: Any, spec: TextSpec) -> None:
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    pad = Emu(emu(spec.inset))
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = pad
    tf.vertical_anchor = ANCHOR[spec.anchor]


def _text(tf: Any, spec: TextSpec) -> None:
    _frame(tf, spec)
    _paragraphs(tf, spec)


def _paragraphs(tf: Any, spec: TextSpec) -> None:
    for index, para in enumerate(spec.paras):
        p = tf.paragraphs[0] if index == 0 else tf.add_paragraph()
        if index == 0:
            for r in list(p.runs):
                p._p.remove(r._r)
        _bullet(p, para, spec)
        p.alignment = ALIGN[spec.align]
        p.line_spacing = spec.line_spacing
        if index:
            p.space_before = Pt(round(spec.size * para.size_scale * spec.paragraph_space
                                      * para.space_before, 1))
        scale = para.size_scale
        for run in para.runs:
            r = p.add_run()
            r.text = run.text
            _run_props(r._r.get_or_add_rPr(), run, spec, scale)
            if run.link:
                r.hyperlink.address = run.link
        end = p._p.get_or_add_endParaRPr()
        end.set("sz", str(int(round(spec.size * scale * 100))))
        end.set("lang", spec.language)


def _bullet(p: Any, para: Para, spec: TextSpec) -> None:
    p_pr = p._p.get_or_add_pPr()
    if not para.bullet:
        margin = para.level * spec.indent
        p_pr.set("marL", str(emu(margin)))
        p_pr.set("indent", "0")
        etree.SubElement(p_pr, qn("a:buNone"))
        return
    hang = spec.indent * (NUMBER_HANG if para.bullet == "number" else 1.0)
    p_pr.set("marL", str(emu(hang * (para.level + 1))))
    p_pr.set("indent", str(-emu(hang)))
    clr = etree.SubElement(p_pr, qn("a:buClr"))
    etree.SubElement(clr, qn("a:srgbClr")).set("val", (spec.bullet_color or spec.color)[1:])
    if para.bullet == "number":
        etree.SubElement(p_pr, qn("a:buFont")).set("typeface", "+mj-lt")
        etree.SubElement(p_pr, qn("a:buAutoNum")).set("type", NUMBERS)
    else:
        etree.SubElement(p_pr, qn("a:buFont")).set("typeface", "Arial")
        etree.SubElement(p_pr, qn("a:buChar")).set("char", BULLETS[min(para.level, 2)])


def _run_props(r_pr: Any, run: Run, spec: TextSpec, scale: float) -> None:
    """Size, weight, colour and the three typefaces (Latin, East Asian, complex)."""
    r_pr.set("lang", spec.language)
    r_pr.set("sz", str(int(round(spec.size * scale * 100))))
    r_pr.set("b", "1" if (spec.bold or run.bold or run.highlight) else "0")
    r_pr.set("i", "1" if (spec.italic or run.italic) else "0")
    if run.link:
        r_pr.set("u", "sng")
    colour = spec.highlight if run.highlight else (spec.link if run.link else spec.color)
    fill = etree.SubElement(r_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", colour[1:])
    face = spec.mono if run.code else spec.font
    etree.SubElement(r_pr, qn("a:latin")).set("typeface", face)
    etree.SubElement(r_pr, qn("a:ea")).set("typeface", spec.east_asian)
    etree.SubElement(r_pr, qn("a:cs")).set("typeface", face)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())
