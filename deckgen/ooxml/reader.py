"""Read a .pptx into the plain slide descriptions of :mod:`deckgen.source.outline`.

``deckgen import`` converts what this returns into deck YAML.  The package is
checked like a theme's template before python-pptx opens it (zip bombs,
DOCTYPEs and entities, more parts than a deck has), and the slide count is
capped like a deck's, so a hostile file is a clear error, not a hang.  Every
shape is read for what a deck can say: titles, text with outline levels,
lists, tables, pictures, native charts' numbers, notes, links and marks; what
cannot be said (groups, drawn shapes, SmartArt, media) is named in each
slide's ``lost`` list with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError, Location
from deckgen.source.outline import (
    Block,
    Code,
    Drawing,
    OutlineChart,
    OutlinePara,
    OutlinePicture,
    OutlineSlide,
    OutlineTable,
    OutlineText,
    Source,
    Span,
)

MAX_SLIDES = 1000  # as many as a deck may hold (deckgen.model.MAX_SLIDES)
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_MONO = re.compile(r"mono|courier|consol|menlo|code|fixed|inconsolata", re.IGNORECASE)
# Shapes that repeat on every slide of a deck: read for the deck, not the slide.
_CHROME = {"Footer", "Slide Number", "Accent rule", "Accent band", "Logo", "Dim"}
_PH_ROLES = {"TITLE": "title", "CENTER_TITLE": "title", "SUBTITLE": "subtitle",
             "BODY": "body", "OBJECT": "body", "VERTICAL_BODY": "body",
             "VERTICAL_OBJECT": "body", "TABLE": "body", "CHART": "body", "PICTURE": "body"}
_PH_CHROME = {"DATE", "FOOTER", "SLIDE_NUMBER", "HEADER"}
_CHART_TYPES = {  # python-pptx chart type name -> deckgen chart type
    "COLUMN_CLUSTERED": "bar", "COLUMN_STACKED": "stacked-bar", "COLUMN_STACKED_100": "stacked-bar",
    "BAR_CLUSTERED": "barh", "BAR_STACKED": "barh", "LINE": "line", "LINE_MARKERS": "line",
    "LINE_STACKED": "line", "LINE_MARKERS_STACKED": "line", "AREA": "area",
    "AREA_STACKED": "area", "PIE": "pie", "PIE_EXPLODED": "pie", "DOUGHNUT": "donut",
    "DOUGHNUT_EXPLODED": "donut", "XY_SCATTER": "scatter",
    "XY_SCATTER_LINES": "scatter", "XY_SCATTER_LINES_NO_MARKERS": "scatter",
    "XY_SCATTER_SMOOTH": "scatter", "XY_SCATTER_SMOOTH_NO_MARKERS": "scatter",
    "THREE_D_COLUMN_CLUSTERED": "bar", "THREE_D_BAR_CLUSTERED": "barh", "THREE_D_PIE": "pie",
    "THREE_D_LINE": "line", "THREE_D_AREA": "area",
}


def read_pptx(path: Path) -> Source:
    """The slides of ``path``; a file that is not a safe, readable deck is a DeckError."""
    from deckgen.source.template import check_package

    where = Location(str(path))
    _count_slides(path, where)
    check_package(path, where, "presentation", links_ok=True)
    from pptx import Presentation

    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises many kinds on a damaged package
        raise DeckError(f"cannot read '{path.name}' as a presentation: {exc}", where) from None
    count = len(prs.slides._sldIdLst)
    if count > MAX_SLIDES:
        raise DeckError(f"'{path.name}' has {count:,} slides; a deck holds at most "
                        f"{MAX_SLIDES:,}", where, hint="split it and import each part")
    sections = _sections(prs)
    slides: list[OutlineSlide] = []
    footers: list[str] = []
    numbered = False
    date = ""  # a title slide's date placeholder
    for number, slide in enumerate(prs.slides, start=1):
        reader = _SlideReader(slide, number, prs.slide_width, prs.slide_height)
        slides.append(reader.read(sections.get(slide.slide_id)))
        footers.extend(reader.footers)
        numbered = numbered or reader.numbered
        date = date or (reader.dates[0] if number == 1 and reader.dates else "")
    props = prs.core_properties
    aspect = "4:3" if abs(prs.slide_width / prs.slide_height - 4 / 3) < 0.02 else "16:9"
    lost: list[str] = []
    if aspect == "16:9" and abs(prs.slide_width / prs.slide_height - 16 / 9) > 0.02:
        lost.append(f"slide size {prs.slide_width / 914400:.2f} x {prs.slide_height / 914400:.2f}"
                    " in: deckgen's slides are 16:9 or 4:3; imported as 16:9")
    footer = footers[0] if footers and all(f == footers[0] for f in footers) else ""
    if footers and not footer:
        lost.append("the footer differs from slide to slide; left out")
    return Source(tuple(slides), title=props.title or "", subtitle=props.subject or "",
                  author=props.author or "", date=date, aspect=aspect, footer=footer,
                  size=(int(prs.slide_width), int(prs.slide_height)),
                  slide_numbers=numbered, sections=bool(sections), lost=tuple(lost))


def _count_slides(path: Path, where: Location) -> None:
    """Too many slides is said as such, from the zip's directory alone, before any part is
    inflated (the package check would only say it has too many parts)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            count = sum(1 for name in package.namelist() if _SLIDE_PART.fullmatch(name))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return  # the package check says what is wrong with it
    if count > MAX_SLIDES:
        raise DeckError(f"'{path.name}' has {count:,} slides; a deck holds at most "
                        f"{MAX_SLIDES:,}", where, hint="split it and import each part")


_SLIDE_PART = re.compile(r"ppt/slides/slide\d+\.xml")


def _sections(prs: Any) -> dict[int, str]:
    """Slide id -> the name of the PowerPoint section it starts (p14:sectionLst)."""
    starts: dict[int, str] = {}
    for section in prs.part._element.iter(f"{_P14}section"):
        ids = [int(s.get("id", "0")) for s in section.iter(f"{_P14}sldId")]
        if ids:
            starts[ids[0]] = section.get("name", "")
    return starts


class _SlideReader:
    """One slide's shapes, sorted into title, text, tables, pictures, charts and the rest."""

    def __init__(self, slide: Any, number: int, width: int, height: int):
        self.slide = slide
        self.number = number
        self.width, self.height = width, height
        self.title: tuple[Span, ...] = ()
        self.title_centred = False
        self.subtitle: tuple[Span, ...] = ()
        self.blocks: list[Block] = []
        self.lost: list[str] = []
        self.footers: list[str] = []
        self.dates: list[str] = []  # what date placeholders say (pandoc's title slide)
        self.numbered = False
        self.drawn: list[Any] = []  # loose drawn shapes, read as one drawing
        self.loose: list[tuple[OutlineText, Any]] = []  # text boxes, which a drawing may take

    def read(self, section: str | None) -> OutlineSlide:
        for shape in self.slide.shapes:
            self.shape(shape)
        self.gather_drawing()
        self.code_body()
        layout = self.slide.slide_layout._element.get("type", "")
        columns = self.columns(layout)
        blocks = tuple(b for b in self.blocks if not any(b in c for c in columns))
        return OutlineSlide(number=self.number, title=self.title, subtitle=self.subtitle,
                            layout=layout, blocks=blocks, columns=columns, notes=self.notes(),
                            hidden=self.slide._element.get("show") in ("0", "false"),
                            section=section, background=self.background(),
                            lost=tuple(self.lost), title_centred=self.title_centred,
                            builds=self.builds())

    def builds(self) -> bool:
        """Whether something comes on by a click: an entrance effect that starts a click of
        the main sequence (deckgen's ``reveal:`` and PowerPoint's own builds)."""
        return bool(self.slide._element.xpath(
            "./p:timing//p:cTn[@presetClass='entr'][@nodeType='clickEffect']"))

    def gather_drawing(self) -> None:
        """Drawn shapes with text make a diagram: it takes the loose text boxes inside it.

        Drawn shapes without any text (panels behind columns, rules) are decoration
        and are dropped; a text box named for what it holds (deckgen's ``Bullets``,
        ``Caption``...) or a placeholder stays text.
        """
        if not any(_texts(s) and any(t.strip() for t in _texts(s)) for s in self.drawn):
            return
        x, y, w, h = _bounds(self.drawn)
        near = self.height // 10  # labels just above or beside the shapes belong to them
        inside = []
        for block, shape in self.loose:
            left, top = int(shape.left or 0), int(shape.top or 0)
            right, bottom = left + int(shape.width or 0), top + int(shape.height or 0)
            overlaps = (left < x + w + near and right > x - near and top < y + h + near
                        and bottom > y - near)
            if overlaps and not _named_text(block.name):
                inside.append(shape)
                self.blocks.remove(block)
        self.drawing(self.drawn + inside, "drawn shapes (a diagram) have no equivalent in the "
                     "format")

    def code_body(self) -> None:
        """A slide's only text, set wholly in a monospaced face, is a code block (deckgen's
        and pandoc's code slides), with deckgen's line numbers beside it if any; its lines
        keep their spaces."""
        texts = [b for b in self.blocks if isinstance(b, OutlineText)]
        gutter = next((t for t in texts if t.name == "Line numbers"), None)
        if len(texts) != len(self.blocks) or len(texts) != (2 if gutter else 1):
            return
        text = next(t for t in texts if t is not gutter)
        spans = [span for para in text.paras for span in para.spans if span.text.strip()]
        if not spans or not all(span.code for span in spans):
            return
        numbers = gutter.text.split() if gutter is not None else []
        first = int(numbers[0]) if numbers and numbers[0].isdigit() else 1
        lines = [line if line.strip() else "" for p in text.paras for line in p.text.split("\n")]
        self.blocks = [Code("", "\n".join(lines).rstrip() + "\n", gutter is not None, first)]

    # --- shapes ---------------------------------------------------------------------------
    def shape(self, shape: Any) -> None:
        name = shape.name or ""
        if name == "Highlighted lines":  # deckgen's band behind a code slide's lines
            if not any("highlighted lines" in item for item in self.lost):
                self.lost.append("the code's highlighted lines are not carried over; "
                                 "`highlight:` names them again")
            return
        if name in _CHROME:
            if name == "Footer" and shape.has_text_frame and shape.text_frame.text.strip():
                self.footers.append(shape.text_frame.text)
            self.numbered = self.numbered or name == "Slide Number"
            return
        if shape.is_placeholder:
            kind = shape.placeholder_format.type
            kind_name = getattr(kind, "name", str(kind))
            if kind_name in _PH_CHROME:
                self.numbered = self.numbered or kind_name == "SLIDE_NUMBER"
                said = shape.text_frame.text.strip() if shape.has_text_frame else ""
                if kind_name == "DATE" and said:
                    self.dates.append(said)
                elif kind_name == "FOOTER" and said:
                    self.footers.append(shape.text_frame.text)
                return
        kind = shape.shape_type
        kind_name = getattr(kind, "name", "") if kind is not None else ""
        if getattr(shape, "has_chart", False) and shape.has_chart:
            self.chart(shape)
        elif getattr(shape, "has_table", False) and shape.has_table:
            self.table(shape)
        elif kind_name == "GROUP":
            self.drawing([shape], "a group of shapes has no equivalent in the format")
        elif kind_name == "PICTURE" or (shape.is_placeholder and hasattr(shape, "image")):
            self.picture(shape)
        elif kind_name in ("MEDIA", "EMBEDDED_OLE_OBJECT", "LINKED_OLE_OBJECT", "IGNORE"):
            self.lost.append(f"'{name}': embedded media or objects are not carried over")
        elif kind_name in ("LINE",) or shape.__class__.__name__ == "Connector":
            self.drawn.append(shape)
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            self.text_shape(shape, kind_name)
        elif kind_name == "GRAPHIC_FRAME" or shape.__class__.__name__ == "GraphicFrame":
            self.lost.append(f"'{name}': SmartArt and other graphics are not carried over")
        else:
            self.drawn.append(shape)

    def text_shape(self, shape: Any, kind_name: str) -> None:
        role = "body"
        if shape.is_placeholder:
            ph = getattr(shape.placeholder_format.type, "name", "BODY")
            role = _PH_ROLES.get(ph, "body")
        paras = read_paragraphs(shape.text_frame, bulleted=shape.is_placeholder and role == "body")
        if not any(p.text.strip() for p in paras):
            if kind_name == "AUTO_SHAPE" and not shape.is_placeholder:
                self.drawn.append(shape)
            return
        if kind_name == "AUTO_SHAPE" and not shape.is_placeholder \
                and not _named_text(shape.name or ""):
            self.drawn.append(shape)  # text in a drawn shape: part of a diagram
            return
        if role == "title" and self.off_slide(shape):
            return  # a title kept for screen readers where the design shows none
        if role == "title" and not self.title:
            self.title = _joined(paras)
            self.title_centred = _centred(shape.text_frame)
            return
        if (role == "subtitle" or shape.name == "Subtitle") and not self.subtitle:
            self.subtitle = _joined(paras)
            return
        block = OutlineText(paras, role=role, name=shape.name or "", size=_size(shape),
                     centred=_centred(shape.text_frame), left=int(shape.left or 0))
        self.blocks.append(block)
        if not shape.is_placeholder:
            self.loose.append((block, shape))

    def off_slide(self, shape: Any) -> bool:
        left, top = int(shape.left or 0), int(shape.top or 0)
        return (top + int(shape.height or 0) <= 0 or left + int(shape.width or 0) <= 0
                or top >= self.height or left >= self.width)

    def table(self, shape: Any) -> None:
        table = shape.table
        rows = tuple(tuple(_cell_text(cell) for cell in row.cells) for row in table.rows)
        header = bool(table.first_row) or _bold_row(table)
        self.blocks.append(OutlineTable(rows, header=header, name=shape.name or ""))

    def picture(self, shape: Any) -> None:
        try:  # the bytes as stored; their pixels are checked before anything decodes them
            rid = shape._element.xpath(".//a:blip/@r:embed")[0]
            part = shape.part.related_part(rid)
            data, ext = part.blob, part.partname.ext.lower()
        except Exception as exc:  # a linked or missing picture
            self.lost.append(f"picture '{shape.name}' cannot be read ({exc}); left out")
            return
        alt = _alt_text(shape._element.xpath("./*[1]/p:cNvPr/@descr"))
        covers = (shape.width or 0) * (shape.height or 0) >= 0.95 * self.width * self.height
        self.blocks.append(OutlinePicture(data, ext.lower(), alt,
                                          shape.name or "",
                                          background=covers or shape.name == "Background",
                                          left=int(shape.left or 0)))

    def chart(self, shape: Any) -> None:
        chart = shape.chart
        type_name = getattr(chart.chart_type, "name", str(chart.chart_type))
        kind = _CHART_TYPES.get(type_name)
        plots = list(chart.plots)
        if kind == "scatter" and plots:
            categories, series, labels = self.xy(plots[0], shape.name or "chart")
        else:
            categories = tuple(_label(c) for c in plots[0].categories) if plots else ()
            series = [(s.name or "", tuple(None if v is None else float(v) for v in s.values))
                      for plot in plots for s in plot.series]
            labels = bool(series) and all(_labelled(plot, s) for plot in plots
                                          for s in plot.series)
            if kind == "line" and len(series) == 1 and _no_line(plots[0].series[0]):
                kind = "scatter"  # points without a line over named categories
        title = ""
        if chart.has_title and chart.chart_title.has_text_frame:
            title = chart.chart_title.text_frame.text
        alt = shape._element.xpath("./*[1]/p:cNvPr/@descr")
        x_title, y_title = _axis_titles(chart)
        members = list(plots[0].series)[:1] if kind == "scatter" and plots else [
            s for plot in plots for s in plot.series]
        highlight = _highlight(members, categories, [name for name, _ in series])
        self.blocks.append(OutlineChart(kind, categories, tuple(series), title,
                                        alt[0] if alt else "", type_name, x_title, y_title,
                                        _number_format(plots), labels, highlight))

    def xy(self, plot: Any, name: str) -> tuple[tuple[str, ...], list[Any], bool]:
        """An XY chart's first series as deckgen's scatter, and whether every point is labelled.

        Points named in their labels (deckgen's scatter of two series) keep
        their names as categories, with x and y as two series; otherwise the x
        values become numeric categories of one series, which deckgen places
        by value.
        """
        all_series = list(plot.series)
        if not all_series:
            return (), [], False
        if len(all_series) > 1:
            self.lost.append(f"'{name}': {len(all_series) - 1} more XY series left out "
                             "(a scatter holds one)")
        first = all_series[0]
        xs = _cache(first._element.find(f"{_C}xVal"))
        ys = _cache(first._element.find(f"{_C}yVal"))
        points = [i for i in range(min(len(xs), len(ys)))
                  if xs[i] is not None and ys[i] is not None]
        names = _label_texts(first._element)
        x = tuple(xs[i] for i in points)
        y = tuple(ys[i] for i in points)
        if points and all(i in names for i in points):
            return (tuple(names[i] for i in points), [("", x), (first.name or "", y)], True)
        labels = _labelled(plot, first) and not names
        return tuple(_label(v) for v in x), [(first.name or "", y)], labels

    def drawing(self, shapes: list[Any], reason: str) -> None:
        texts = tuple(t for s in shapes for t in _texts(s) if t.strip())
        self.blocks.append(Drawing(texts, reason, None, _bounds(shapes)))

    def columns(self, layout: str) -> tuple[tuple[Block, ...], ...]:
        """Two or more body placeholders side by side (two-content and comparison layouts)."""
        if layout not in ("twoObj", "twoTxTwoObj", "twoColTx", "objAndTx", "txAndObj",
                          "txAndTwoObj", "twoObjAndTx", "fourObj"):
            return ()
        bodies = [b for b in self.blocks if isinstance(b, OutlineText) and b.role == "body"]
        lefts = sorted({b.left for b in bodies})
        if len(lefts) < 2:
            return ()
        return tuple(tuple(b for b in bodies if b.left == x) for x in lefts)

    # --- slide-wide -----------------------------------------------------------------------
    def notes(self) -> str:
        if not self.slide.has_notes_slide:
            return ""
        frame = self.slide.notes_slide.notes_text_frame
        if frame is None:
            return ""
        return "\n".join(p.text for p in read_paragraphs(frame, False)).strip()

    def background(self) -> str | None:
        found = self.slide._element.xpath("./p:cSld/p:bg/p:bgPr/a:solidFill/a:srgbClr/@val")
        return f"#{found[0].upper()}" if found else None


# --- text ---------------------------------------------------------------------------------


def read_paragraphs(frame: Any, bulleted: bool) -> tuple[OutlinePara, ...]:
    """The paragraphs of a text frame with their levels, list style and styled spans.

    Levels come from each paragraph's ``lvl``; when every paragraph is at level 0
    but their left margins differ (nesting by indent alone), the distinct
    margins are ranked into levels instead.
    """
    raw = []
    for p in frame._txBody.iter(f"{_A}p"):
        ppr = p.find(f"{_A}pPr")
        level = int(ppr.get("lvl", "0")) if ppr is not None else 0
        margin = int(ppr.get("marL", "0")) if ppr is not None else 0
        numbered = ppr is not None and ppr.find(f"{_A}buAutoNum") is not None
        has_char = ppr is not None and ppr.find(f"{_A}buChar") is not None
        none = ppr is not None and ppr.find(f"{_A}buNone") is not None
        raw.append((_spans(p, frame), level, margin, numbered,
                    numbered or has_char or (bulleted and not none)))
    if raw and all(r[1] == 0 for r in raw):
        margins = sorted({r[2] for r in raw if r[4]})
        if len(margins) > 1:
            raw = [(s, margins.index(m) if b and m in margins else 0, m, n, b)
                   for s, _, m, n, b in raw]
    paras = tuple(OutlinePara(spans, level, numbered, bullet)
                  for spans, level, _, numbered, bullet in raw)
    while paras and not paras[-1].text.strip():
        paras = paras[:-1]
    return paras


def _spans(p: Any, frame: Any) -> tuple[Span, ...]:
    spans: list[Span] = []
    part = _part_of(frame)
    for child in p:
        tag = child.tag
        if tag == f"{_A}br":
            spans.append(Span("\n"))
        elif tag in (f"{_A}r", f"{_A}fld"):
            t = child.find(f"{_A}t")
            text = t.text if t is not None and t.text else ""
            if text:
                spans.append(_styled(text, child.find(f"{_A}rPr"), part))
    return tuple(_merge(spans))


def _styled(text: str, rpr: Any, part: Any) -> Span:
    if rpr is None:
        return Span(text)
    link = None
    click = rpr.find(f"{_A}hlinkClick")
    if click is not None and part is not None:
        rid = click.get(f"{_R}id")
        rel = part.rels.get(rid) if rid else None
        if rel is not None and rel.is_external:
            link = rel.target_ref
    latin = rpr.find(f"{_A}latin")
    face = latin.get("typeface", "") if latin is not None else ""
    strike = rpr.get("strike", "noStrike") not in ("noStrike", "")
    return Span(text, bold=rpr.get("b") in ("1", "true"), italic=rpr.get("i") in ("1", "true"),
                strike=strike, code=bool(_MONO.search(face)), link=link)


def _part_of(frame: Any) -> Any:
    """The part a text frame's hyperlinks are related from (its slide or notes page)."""
    parent = frame
    for _ in range(6):
        part = getattr(parent, "part", None)
        if part is not None and hasattr(part, "rels"):
            return part
        parent = getattr(parent, "_parent", None)
        if parent is None:
            return None
    return None


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and _same(merged[-1], span):
            last = merged[-1]
            merged[-1] = Span(last.text + span.text, last.bold, last.italic, last.strike,
                              last.code, last.link)
        else:
            merged.append(span)
    return merged


def _same(a: Span, b: Span) -> bool:
    return (a.bold, a.italic, a.strike, a.code, a.link) == (b.bold, b.italic, b.strike, b.code,
                                                            b.link)


def _joined(paras: tuple[OutlinePara, ...]) -> tuple[Span, ...]:
    """A title's paragraphs as one line of spans (a title is one line in a deck)."""
    spans: list[Span] = []
    for index, para in enumerate(paras):
        if index and para.spans:
            spans.append(Span(" "))
        spans.extend(s if s.text != "\n" else Span(" ") for s in para.spans)
    return tuple(_merge(spans))


def _centred(frame: Any) -> bool:
    found = frame._txBody.xpath("./a:p[1]/a:pPr/@algn")
    return bool(found) and found[0] == "ctr"


def _size(shape: Any) -> float | None:
    sizes = [int(s) for s in shape._element.xpath(".//a:rPr/@sz")]
    return max(sizes) / 100 if sizes else None


def _geometry(shape: Any) -> str:
    found = shape._element.xpath("./p:spPr/a:prstGeom/@prst")
    return found[0] if found else "rect"


def _cell_text(cell: Any) -> str:
    return "\n".join(p.text for p in read_paragraphs(cell.text_frame, False))


def _bold_row(table: Any) -> bool:
    """A first row set in bold where the row below is not: a header, whatever the flags say."""
    rows = list(table.rows)
    if len(rows) < 2:
        return False

    def bold(row: Any) -> bool:
        flags = [s.bold for c in row.cells for p in read_paragraphs(c.text_frame, False)
                 for s in p.spans if s.text.strip()]
        return bool(flags) and all(flags)

    return bold(rows[0]) and not bold(rows[1])


_FILE_NAME = re.compile(r"\S+\.(png|jpe?g|gif|svg|bmp|tiff?|emf|wmf|webp)", re.IGNORECASE)


def _alt_text(found: list[str]) -> str:
    """A picture's description, without what is no description: pandoc's ``fig:`` marker
    and a bare file name (which PowerPoint and pandoc write when there is none)."""
    text = found[0] if found else ""
    text = re.sub(r"^fig:\s*", "", text).strip()
    return "" if _FILE_NAME.fullmatch(text) else text


def _label(value: Any) -> str:
    """A category as text: 2000.0 read from a number cache is ``2000``."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _cache(ref: Any) -> list[float | None]:
    """The numbers of a ``c:xVal``/``c:yVal`` by point index; None where a point is missing."""
    if ref is None:
        return []
    found = ref.find(f".//{_C}ptCount")
    count = int(found.get("val", "0")) if found is not None else 0
    values: list[float | None] = [None] * min(count, 100_000)
    for pt in ref.iter(f"{_C}pt"):
        index, v = int(pt.get("idx", "-1")), pt.find(f"{_C}v")
        if 0 <= index < len(values) and v is not None and v.text:
            try:
                values[index] = float(v.text)
            except ValueError:
                continue
    return values


def _labelled(plot: Any, series: Any) -> bool:
    """Every value of the series is written on the chart (by the plot, the series or each
    point)."""
    shown = f"{_C}showVal"
    for holder in (series._element, plot._element):
        labels = holder.find(f"{_C}dLbls")
        if labels is None:
            continue
        every = labels.find(shown)
        if every is not None and every.get("val") in ("1", "true"):
            return True
        marked = {d.find(f"{_C}idx").get("val") for d in labels.findall(f"{_C}dLbl")
                  if d.find(f"{_C}idx") is not None and d.find(shown) is not None
                  and d.find(shown).get("val") in ("1", "true")}
        present = sum(1 for v in series.values if v is not None)
        if present and len(marked) >= present:
            return True
    return False


def _label_texts(ser: Any) -> dict[int, str]:
    """Point index -> the text a data label shows instead of its value (a point's name)."""
    out: dict[int, str] = {}
    labels = ser.find(f"{_C}dLbls")
    for label in labels.findall(f"{_C}dLbl") if labels is not None else ():
        index, rich = label.find(f"{_C}idx"), label.find(f"{_C}tx/{_C}rich")
        if index is not None and rich is not None:
            out[int(index.get("val", "0"))] = "".join(t.text or "" for t in rich.iter(f"{_A}t"))
    return out


def _highlight(members: list[Any], categories: tuple[str, ...], names: list[str]) -> str:
    """The category (or series) whose value labels alone are bold: a highlighted one."""
    bold = set()
    for i, series in enumerate(members):
        labels = series._element.find(f"{_C}dLbls")
        for label in labels.findall(f"{_C}dLbl") if labels is not None else ():
            index = label.find(f"{_C}idx")
            if index is not None and label.xpath(".//a:defRPr[@b='1'] | .//a:rPr[@b='1']"):
                bold.add((i, int(index.get("val", "0"))))
    points = {j for _, j in bold}
    rows = {i for i, _ in bold}
    if len(points) == 1 and (len(members) == 1 or len(rows) == len(members)):
        j = points.pop()
        return categories[j] if j < len(categories) else ""
    if len(rows) == 1 and len(members) > 1:
        i = rows.pop()
        return names[i] if i < len(names) and names[i] else ""
    return ""


def _no_line(series: Any) -> bool:
    return series._element.find(f"{_C}spPr/{_A}ln/{_A}noFill") is not None


def _axis_titles(chart: Any) -> tuple[str, str]:
    """The titles of the horizontal and the vertical axis, as drawn."""
    across = up = ""
    area = chart._chartSpace.find(f"{_C}chart/{_C}plotArea")
    for axis in area if area is not None else ():
        title = axis.find(f"{_C}title")
        position = axis.find(f"{_C}axPos")
        if title is None or position is None:
            continue
        text = "".join(t.text or "" for t in title.iter(f"{_A}t")).strip()
        if position.get("val") in ("b", "t"):
            across = across or text
        else:
            up = up or text
    return across, up


def _number_format(plots: list[Any]) -> str:
    """The values' number format (where a unit is written), from the first series."""
    for plot in plots:
        for series in plot.series:
            found = series._element.xpath("./c:val//c:formatCode | ./c:yVal//c:formatCode"
                                          " | ./c:dLbls/c:numFmt/@formatCode")
            for item in found:
                text = item if isinstance(item, str) else item.text
                if text and text != "General":
                    return str(text)
    return ""


_NAMED = re.compile(r"(Bullets|Quote|Attribution|Statement|Caption|Subtitle|Source|Byline|"
                    r"Side panel text|Column \d+( heading| text| label)?)$")


def _named_text(name: str) -> bool:
    """A text box deckgen named for its role in a slide kind, never part of a diagram."""
    return bool(_NAMED.match(name))


def _bounds(shapes: list[Any]) -> tuple[int, int, int, int]:
    xs = [int(s.left or 0) for s in shapes]
    ys = [int(s.top or 0) for s in shapes]
    x2 = [int((s.left or 0) + (s.width or 0)) for s in shapes]
    y2 = [int((s.top or 0) + (s.height or 0)) for s in shapes]
    return (min(xs), min(ys), max(x2) - min(xs), max(y2) - min(ys))


def _texts(shape: Any) -> list[str]:
    if shape.shape_type is not None and getattr(shape.shape_type, "name", "") == "GROUP":
        return [t for s in shape.shapes for t in _texts(s)]
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        return [shape.text_frame.text.replace("\v", " ").replace("\n", " ")]
    return []

