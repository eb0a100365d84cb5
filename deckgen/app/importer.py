"""``deckgen import``: a .pptx or Markdown deck becomes a deck folder.

The readers (:mod:`deckgen.ooxml.reader`, :mod:`deckgen.source.markdown`)
describe each source slide with the types of :mod:`deckgen.source.outline`;
this module chooses a slide kind for each (from the source's layout, the names
deckgen gives its own boxes, and the content), turns styled text back into
inline marks, writes pictures to ``images/``, chart numbers to ``data/*.csv``
and sections to ``sections/``, and emits YAML a person can edit.  Whatever has
no place in the format is listed per slide with the reason, and kept in the
slide's notes where it is text.

Nothing is written until every file is planned and checked: an existing
folder is refused unless ``force``, no file is written through a symlink or
outside the folder, and the written deck is checked like ``deckgen check
--strict``.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from deckgen.app import yamlout
from deckgen.errors import DeckError, Location, Problems
from deckgen.source.outline import (
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
    plain,
)

MAX_DEPTH = 2  # bullets nest three levels (0, 1, 2)
STATEMENT_CHARS = 90  # one short sentence, set large
_QUOTES = "\u201c\u201e\u00ab\u2018\"'\u300c"
_DASHES = ("\u2014", "\u2013", "-", "~")
_SAFE_URL = re.compile(r"(https?|mailto):", re.IGNORECASE)
_IMAGE_TYPES = {"png": "png", "jpeg": "jpg", "jpg": "jpg", "gif": "gif", "svg": "svg"}


class ImportError_(Exception):
    """The import cannot go ahead; nothing was written."""


@dataclass
class Report:
    """What the import could not carry over, slide by slide, for the summary."""

    deck: list[str] = field(default_factory=list)
    slides: dict[int, list[str]] = field(default_factory=dict)

    def add(self, number: int, text: str) -> None:
        self.slides.setdefault(number, []).append(text)

    def lines(self) -> list[str]:
        out = [f"deck: {t}" for t in self.deck]
        for number in sorted(self.slides):
            out.extend(f"slide {number}: {t}" for t in self.slides[number])
        return out


@dataclass
class Plan:
    """Every file of the new folder (path relative to it -> bytes) and the report."""

    files: dict[str, bytes]
    report: Report
    slides: int


# --- inline marks -------------------------------------------------------------------------


def escape(text: str) -> str:
    """``text`` written so deckgen's inline-mark parser gives it back unchanged."""
    out = []
    for i, char in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if char == "\\" and nxt and not nxt.isalnum():
            out.append("\\\\")
        elif char == "*" and text.count("*") > 1 or char == "`" and text.count("`") > 1 \
                or char == "=" and "==" in text or char == "~" and "~~" in text \
                or char == "[" and "](" in text:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def marks(spans: tuple[Span, ...], report: Report | None = None, number: int = 0,
          uniform: bool = True) -> str:
    """Spans as deck text with ``**bold**``, ``*italic*``, ``~~strike~~``, `` `code` ``
    and links.

    A style every span shares (a title set in bold, a quote in italics) is the
    box's look, not a mark, and is left to the theme.
    """
    spans = tuple(s for s in spans if s.text)
    if not spans:
        return ""
    visible = [s for s in spans if s.text.strip()]
    all_bold = uniform and bool(visible) and all(s.bold for s in visible)
    all_italic = uniform and bool(visible) and all(s.italic for s in visible)
    out: list[str] = []
    lost: set[str] = set()
    for span in spans:
        out.append(_mark(span, not all_bold and span.bold, not all_italic and span.italic, lost))
    text = _tidy("".join(out))
    from deckgen.model.markup import plain as seen

    if seen(text) != "".join(s.text for s in spans):  # a mark that would not read back
        text = escape("".join(s.text for s in spans))
        lost.add("inline marks that would not read back were dropped")
    if report is not None:
        for item in sorted(lost):
            report.add(number, item)
    return text


def _mark(span: Span, bold: bool, italic: bool, lost: set[str]) -> str:
    core = span.text.strip()
    if not core:
        return escape(span.text)
    lead = span.text[:len(span.text) - len(span.text.lstrip())]
    trail = span.text[len(span.text.rstrip()):]
    if span.code and "`" not in core and "\n" not in core:
        body = f"`{core}`"
    else:
        body = escape(core)
    if span.strike:
        body = f"~~{body}~~"
    if italic and bold:
        lost.add("bold italic text is kept bold")
        italic = False
    if italic:
        body = f"*{body}*"
    if bold:
        body = f"**{body}**"
    if span.link:
        if _SAFE_URL.match(span.link) and not re.search(r"[\s()\[\]]", span.link):
            body = f"[{body}]({span.link})"
        else:
            lost.add(f"link '{span.link}' is not a web or mail address; the text is kept")
    return escape(lead) + body + escape(trail)


def _tidy(text: str) -> str:
    """``**a****b**`` (two bold spans side by side) reads as one: ``**ab**``."""
    return text.replace("****", "").replace("`` ", "` ")


# --- choosing slide kinds -----------------------------------------------------------------


class _Converter:
    """Turns each source slide into one deck slide (a mapping), filling files as it goes."""

    def __init__(self, source: Source, report: Report, drawings: dict[tuple[int, int], bytes]):
        self.source = source
        self.report = report
        self.files: dict[str, bytes] = {}
        self.drawings = drawings
        self.digests: dict[bytes, str] = {}
        self.verdicts: dict[int, tuple[OutlinePicture, tuple[bytes | None, str, str]]] = {}

    # --- files ----------------------------------------------------------------------------
    def image(self, picture: OutlinePicture, number: int, stem: str) -> str | None:
        """Write a picture to images/ (once per content); its path, or None if refused."""
        data, ext, problem = self.checked(picture)
        if data is None:
            self.report.add(number, f"picture '{picture.name or stem}' {problem}; left out")
            return None
        if problem:
            self.report.add(number, problem)
        import hashlib

        digest = hashlib.sha256(data).digest()
        if digest in self.digests:
            return self.digests[digest]
        name = f"images/{stem}.{ext}"
        counter = 2
        while name in self.files:
            name = f"images/{stem}-{counter}.{ext}"
            counter += 1
        self.files[name] = data
        self.digests[digest] = name
        return name

    def checked(self, picture: OutlinePicture) -> tuple[bytes | None, str, str]:
        """The picture as it would be written (or None and why not), checked once."""
        from deckgen.app.imagecheck import normalise

        key = id(picture)
        if key not in self.verdicts:
            self.verdicts[key] = (picture, normalise(picture.data, picture.ext))
        return self.verdicts[key][1]

    def csv(self, chart: OutlineChart, number: int) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        names = [n or f"Series {i + 1}" for i, (n, _) in enumerate(chart.series)]
        writer.writerow(["category", *names])
        for index, category in enumerate(chart.categories):
            row = [category]
            for _, values in chart.series:
                value = values[index] if index < len(values) else None
                row.append("" if value is None else yamlout.scalar(float(value)))
            writer.writerow(row)
        name = f"data/slide-{number:02d}.csv"
        self.files[name] = buffer.getvalue().encode("utf-8")
        return name

    # --- one slide ------------------------------------------------------------------------
    def slide(self, s: OutlineSlide) -> dict[str, Any]:
        n = s.number
        for item in s.lost:
            self.report.add(n, item)
        blocks = list(s.blocks)
        out: dict[str, Any] = {}
        title = marks(s.title, self.report, n)
        extra_notes: list[str] = []
        sources = [b for b in blocks if isinstance(b, OutlineText) and b.name == "Source"]
        blocks = [b for b in blocks if b not in sources and not (
            isinstance(b, OutlineText) and b.name == "Quote mark")]
        backgrounds = [b for b in blocks if isinstance(b, OutlinePicture) and b.background]
        blocks = [b for b in blocks if b not in backgrounds]
        full = self.full_slide(s, title, backgrounds, blocks)
        if full is not None:
            backgrounds = []
        body = full or self.choose(s, title, blocks, extra_notes)
        if "kind" in body:
            out["kind"] = body.pop("kind")
        if "title" in body or title:
            out["title"] = body.pop("title", title)
        subtitle = marks(s.subtitle, self.report, n)
        if subtitle and "subtitle" not in body:
            out["subtitle"] = subtitle
        out.update(body)
        if s.builds and ("bullets" in out or "body" in out):  # the kinds that can reveal
            out["reveal"] = True
        elif s.builds:
            self.report.add(n, "its content comes on by clicks, which only bullets and body "
                               "slides do (reveal:); it is all there from the start")
        if sources:
            lines = [marks(p.spans, self.report, n) for b in sources for p in b.paras]
            out["source"] = lines[0] if len(lines) == 1 else lines
        if backgrounds:
            path = self.image(backgrounds[0], n, f"slide-{n:02d}-background")
            if path and not path.endswith(".svg"):
                out["background"] = path
        elif s.background and s.background != self.common_background:
            kind = out.get("kind")
            if kind not in ("section", "closing", "title") and "section" not in out:
                out["background"] = s.background
        notes = "\n\n".join(x for x in [escape(s.notes)] + extra_notes if x)
        if notes:
            out["notes"] = notes
        if s.hidden:
            out["hidden"] = True
        return out

    common_background: str | None = None

    def choose(self, s: OutlineSlide, title: str, blocks: list[Any],
               notes: list[str]) -> dict[str, Any]:
        n = s.number
        codes = [b for b in blocks if isinstance(b, Code)]
        if len(codes) == 1 and len(blocks) == 1 and _has_code_kind():
            return self.code_slide(s, title, codes[0])
        for code in codes:
            self.report.add(n, f"a {code.language or 'code'} code block has no slide kind yet; "
                               "kept in the notes")
            label = f"{code.language} code" if code.language else "Code"
            notes.append(escape(f"{label}:\n{code.text.rstrip()}"))
            lines = code.text.rstrip().count("\n") + 1
            blocks[blocks.index(code)] = OutlineText((OutlinePara((Span(
                f"{label} ({lines} line{'s' if lines > 1 else ''}) in the speaker notes",
                italic=True),)),))
        for drawing in [b for b in blocks if isinstance(b, Drawing)]:
            blocks[blocks.index(drawing)] = self.drawing_picture(s, drawing)
        for picture in [b for b in blocks if isinstance(b, OutlinePicture)]:
            if self.checked(picture)[0] is None:  # refused: it has no say in the slide's kind
                self.image(picture, n, picture.name or f"slide-{n:02d}")
                blocks.remove(picture)
        named = {b.name: b for b in blocks if isinstance(b, OutlineText)}
        texts = [b for b in blocks if isinstance(b, OutlineText)]
        if s.layout in ("secHead", "closing") and len(blocks) == len(texts) and not s.columns:
            lines = [marks(p.spans, self.report, n) for t in texts for p in t.paras]
            out_: dict[str, Any] = ({"section": title or self.stand_in(s), "title": None}
                                    if s.layout == "secHead" else
                                    {"kind": "closing", "title": title or self.stand_in(s)})
            if lines and not s.subtitle:
                out_["subtitle"] = " ".join(lines)
            return out_
        if "Quote" in named:
            return self.quote(s, named["Quote"], named.get("Attribution"), title)
        if "Statement" in named:
            out: dict[str, Any] = {"statement": self.flat(named["Statement"], n)}
            if "Caption" in named:
                out["caption"] = self.flat(named["Caption"], n)
            return out
        if s.columns or any(re.match(r"Column \d+", b.name) for b in texts):
            columns = self.columns(s, blocks)
            if columns:
                return columns
        charts = [b for b in blocks if isinstance(b, OutlineChart)]
        tables = [b for b in blocks if isinstance(b, OutlineTable)]
        pictures = [b for b in blocks if isinstance(b, OutlinePicture)]
        others = [b for b in texts if b.name not in ("Caption", "Side panel text")]
        caption = [b for b in texts if b.name in ("Caption", "Side panel text")]
        main: Any = (charts or tables or pictures or [None])[0]
        if main is not None:
            rest = [b for b in charts + tables + pictures if b is not main]
            for extra in rest:
                self.keep_aside(extra, n, notes)
            return self.with_main(s, title, main, others, caption, notes)
        if not texts:
            return self.bare(s, title)
        return self.text_slide(s, title, texts, notes)

    def code_slide(self, s: OutlineSlide, title: str, code: Code) -> dict[str, Any]:
        """A slide of one code block, when the format has a ``code`` kind."""
        out: dict[str, Any] = {"kind": "code", "title": title or self.stand_in(s),
                               "code": code.text.rstrip("\n") + "\n"}
        if code.numbers:
            out["numbers"] = True
            if code.first != 1:
                self.report.add(s.number, f"the lines were numbered from {code.first}; "
                                          "numbered from 1 here")
        if code.parts > 1:
            out["continue"] = True  # one listing again, split as the source split it
        if code.language and _known_language(code.language):
            out["language"] = code.language
        elif code.language:
            self.report.add(s.number, f"code language '{code.language}' is not known; "
                                      "shown without colours")
        else:
            self.report.add(s.number, "the code's language is not recorded in the source; "
                                      "shown without colours until `language:` names it")
        return out

    def keep_aside(self, block: Any, n: int, notes: list[str]) -> None:
        """A second chart, table or picture: a slide holds one; kept as files and notes."""
        if isinstance(block, OutlinePicture):
            path = self.image(block, n, f"slide-{n:02d}")
            self.report.add(n, f"a second picture ({path or 'not written'}) does not fit the "
                               "slide's kind; named in the notes")
            notes.append(escape(f"Picture: {path or block.name} {block.alt}".strip()))
        elif isinstance(block, OutlineTable):
            self.report.add(n, "a second table does not fit the slide's kind; kept in the notes")
            notes.append(escape("\n".join(" | ".join(r) for r in block.rows)))
        else:
            path = self.csv(block, n * 100 + len(self.files))
            self.report.add(n, f"a second chart does not fit the slide; its data is in {path}")

    def quote(self, s: OutlineSlide, quote: OutlineText, by: OutlineText | None,
              title: str) -> dict[str, Any]:
        n = s.number
        out: dict[str, Any] = {"kind": "quote", "quote": self.flat(quote, n)}
        if by is not None:
            lines = [marks(p.spans, self.report, n) for p in by.paras]
            first = lines[0].lstrip("".join(_DASHES)).strip() if lines else ""
            if first:
                out["by"] = first
            if len(lines) > 1:
                out["context"] = " ".join(lines[1:])
        return out

    def flat(self, text: OutlineText, n: int) -> str:
        """A box's paragraphs as one text; paragraphs become line breaks."""
        return "\n".join(marks(p.spans, self.report, n) for p in text.paras)

    def bullets(self, paras: tuple[OutlinePara, ...], n: int) -> tuple[list[Any], bool]:
        """Paragraphs as nested bullet lists (levels clamped to three) and whether numbered."""
        root: list[Any] = []
        stack: list[list[Any]] = [root]
        clamped = False
        numbered = bool(paras) and all(p.numbered for p in paras if p.level == 0)
        previous = -1
        for para in paras:
            text = marks(para.spans, self.report, n)
            if not text.strip():
                continue
            level = min(para.level, MAX_DEPTH)
            clamped = clamped or para.level > MAX_DEPTH
            level = min(level, previous + 1)  # a level may only go one deeper at a time
            while len(stack) - 1 > level:
                stack.pop()
            while len(stack) - 1 < level:
                holder = stack[-1]
                if not holder or not isinstance(holder[-1], list):
                    if not holder:  # a sub-point with no point above it
                        holder.append("\u2026")
                    holder.append([])
                stack.append(holder[-1])
            stack[-1].append(text)
            previous = level
        if any(p.numbered and p.level > 0 for p in paras):
            self.report.add(n, "numbered sub-points are bulleted (only the first level is "
                               "numbered)")
        if clamped:
            self.report.add(n, "bullets nested deeper than three levels were lifted to the third")
        return root, numbered

    def text_slide(self, s: OutlineSlide, title: str, texts: list[OutlineText],
                   notes: list[str]) -> dict[str, Any]:
        n = s.number
        paras = tuple(p for t in texts for p in t.paras if p.text.strip())
        quoted = self.quote_like(paras, texts)
        if quoted:
            return self.quote(s, quoted[0], quoted[1], title)
        if len(paras) == 1 and not paras[0].bulleted and len(paras[0].text) <= STATEMENT_CHARS \
                and (not title or (texts[0].size or 0) >= 28):
            return {"statement": marks(paras[0].spans, self.report, n)}
        items, numbered = self.bullets(paras, n)
        if not items:
            return self.bare(s, title)
        out: dict[str, Any] = {}
        if not title:
            out["title"] = self.stand_in(s)
        out["bullets"] = items
        if numbered:
            out["numbered"] = True
        return out

    def quote_like(self, paras: tuple[OutlinePara, ...], texts: list[OutlineText]
                   ) -> tuple[OutlineText, OutlineText | None]:
        """A quotation: a Markdown block quote, or a paragraph in quotation marks with a
        ``— Name`` line under it."""
        quotes = [t for t in texts if t.role == "quote"]
        if quotes and len(texts) <= 2:
            by = next((t for t in texts if t is not quotes[0]), None)
            if by is None and len(quotes[0].paras) > 1 and \
                    quotes[0].paras[-1].text.lstrip().startswith(_DASHES):
                return (OutlineText(quotes[0].paras[:-1]), OutlineText(quotes[0].paras[-1:]))
            if by is None or by.text.lstrip().startswith(_DASHES):
                return (quotes[0], by)
        if len(paras) == 2 and paras[0].text.lstrip()[:1] in _QUOTES \
                and paras[1].text.lstrip().startswith(_DASHES) and not paras[0].bulleted:
            return (OutlineText((_unquoted(paras[0]),)), OutlineText(paras[1:]))
        # a block quote as pandoc writes it: plain paragraphs, the last "— Name"
        if 2 <= len(paras) <= 4 and not any(p.bulleted for p in paras) \
                and paras[-1].text.lstrip()[:1] in "\u2014\u2013" \
                and len(paras[-1].text) <= STATEMENT_CHARS:
            return (OutlineText(paras[:-1]), OutlineText(paras[-1:]))
        return ()  # type: ignore[return-value]

    def columns(self, s: OutlineSlide, blocks: list[Any]) -> dict[str, Any] | None:
        n = s.number
        groups: dict[int, dict[str, Any]] = {}
        if s.columns:
            for index, column in enumerate(s.columns[:4]):
                texts = [b for b in column if isinstance(b, OutlineText)]
                col: dict[str, Any] = {}
                if len(texts) > 1 and len(texts[0].paras) == 1:
                    col["heading"] = self.flat(texts[0], n)
                    texts = texts[1:]
                paras = [p for t in texts for p in t.paras if p.text.strip()]
                if "heading" not in col and len(paras) > 1 and _heading_like(paras[0]) \
                        and all(p.bulleted for p in paras[1:]):
                    col["heading"] = marks(paras.pop(0).spans, self.report, n)
                self.column_text(col, OutlineText(tuple(paras)), n)
                groups[index] = col
            if len(s.columns) > 4:
                self.report.add(n, "more than four columns: the rest are left out")
        else:
            for b in blocks:
                found = re.match(r"Column (\d+)( heading| text| label)?$", getattr(b, "name", ""))
                if not found or not isinstance(b, OutlineText):
                    continue
                col = groups.setdefault(int(found.group(1)), {})
                part = (found.group(2) or "").strip()
                if part in ("heading", "label"):
                    col[part] = self.flat(b, n)
                else:
                    self.column_text(col, b, n)
        columns = [groups[k] for k in sorted(groups) if groups[k]]
        if len(columns) < 2:
            return None
        ordered = [{k: c[k] for k in ("heading", "text", "bullets", "label") if k in c}
                   for c in columns[:4]]
        return {"columns": ordered}

    def column_text(self, col: dict[str, Any], text: OutlineText, n: int) -> None:
        """A column's body: unbulleted paragraphs before the first bullet are its ``text``."""
        paras = [p for p in text.paras if p.text.strip()]
        lead = []
        while paras and not paras[0].bulleted:
            lead.append(paras.pop(0))
        if lead and paras:
            col["text"] = "\n".join(marks(p.spans, self.report, n) for p in lead)
        else:
            paras = lead + paras
        items, _ = self.bullets(tuple(paras), n)
        if items:
            col["bullets"] = items

    def with_main(self, s: OutlineSlide, title: str, main: Any, others: list[OutlineText],
                  caption: list[OutlineText], notes: list[str]) -> dict[str, Any]:
        n = s.number
        out: dict[str, Any] = {}
        if not title:
            out["title"] = self.stand_in(s)
        side = [marks(p.spans, self.report, n) for t in caption + others for p in t.paras
                if p.text.strip()]
        if isinstance(main, OutlineChart):
            out["chart"] = self.chart(main, n)
            if side:
                out["text"] = side if len(side) > 1 else side[0]
            return out
        if isinstance(main, OutlineTable):
            out["table"] = self.table(main, n)
        else:
            path = self.image(main, n, f"slide-{n:02d}")
            if path is None:
                return self.text_or_bare(s, title, others + caption, notes)
            alt = main.alt.strip()
            if not alt and len(side) == 1:  # a figure's caption says what it shows
                alt = plain_text(side[0])
                self.report.add(n, "picture without alt text; its caption is now its alt text")
            elif not alt:
                alt = plain(s.title) or "a picture"
                self.report.add(n, f"picture without alt text; its alt is now '{alt}'")
            out.update({"image": path, "alt": escape(alt)})
        if side:
            out["caption"] = " ".join(side)
            if len(side) > 1:
                self.report.add(n, f"{len(side)} paragraphs beside the "
                                   f"{'table' if 'table' in out else 'picture'} became one "
                                   "caption under it")
        return out

    def text_or_bare(self, s: OutlineSlide, title: str, texts: list[OutlineText],
                     notes: list[str]) -> dict[str, Any]:
        return self.text_slide(s, title, texts, notes) if texts else self.bare(s, title)

    def chart(self, chart: OutlineChart, n: int) -> dict[str, Any]:
        """A native chart as a native ``chart:`` whose numbers are in ``data/``."""
        kind = chart.kind
        if kind is None:
            self.report.add(n, f"chart type {chart.source_type} has no equivalent; drawn as bars")
            kind = "bar"
        elif chart.source_type in _APPROXIMATE:
            self.report.add(n, f"a {_APPROXIMATE[chart.source_type]} chart is drawn as {kind}")
        if kind in ("pie", "donut") and (len(chart.series) != 1 or any(
                v is None or v < 0 for v in chart.series[0][1])):
            self.report.add(n, f"a {kind} needs one series without gaps or negative values; "
                               "drawn as bars")
            kind = "bar"
        pairs = kind == "scatter" and len(chart.series) == 2
        if pairs and not chart.series[0][0]:  # x's name is what titles the x axis
            chart = replace(chart, series=((chart.x_title or "x", chart.series[0][1]),
                                           *chart.series[1:]))
        out: dict[str, Any] = {"type": kind, "data": self.csv(chart, n), "native": True}
        unit = unit_of(chart.number_format)
        if unit:
            out["unit"] = unit
        out.update(_axis_labels(chart, kind, unit))
        if chart.labels:
            out["labels"] = True
        if chart.highlight and (chart.highlight in chart.categories or any(
                chart.highlight == name for name, _ in chart.series)):
            out["highlight"] = escape(chart.highlight)
        if chart.alt.strip():
            out["alt"] = escape(chart.alt.strip())
        if chart.title.strip():
            self.report.add(n, f"the chart's own title '{chart.title.strip()}' is left out "
                               "(the slide title names it)")
        return out

    def table(self, table: OutlineTable, n: int) -> dict[str, Any]:
        rows = [list(r) for r in table.rows]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        cells = [[self.cell(c) for c in r] for r in rows]
        out: dict[str, Any] = {}
        if table.header and len(cells) > 1:
            out["header"] = ["" if c is None else c for c in cells[0]]  # a header is text
            cells = cells[1:]
        elif table.header:
            self.report.add(n, "a table of one row: kept as its only row, not a header")
        out["rows"] = cells
        return out

    @staticmethod
    def cell(text: str) -> Any:
        return escape(text) if text.strip() else None

    def full_slide(self, s: OutlineSlide, title: str, backgrounds: list[Any],
                   blocks: list[Any]) -> dict[str, Any] | None:
        """An untitled picture over the whole slide, with its alt text and perhaps a
        caption: an image slide without a title, not a background behind nothing."""
        captions = [b for b in blocks if isinstance(b, OutlineText) and b.name == "Caption"]
        if title or len(backgrounds) != 1 or len(blocks) != len(captions) \
                or not backgrounds[0].alt.strip() or backgrounds[0].name == "Background":
            return None
        path = self.image(backgrounds[0], s.number, f"slide-{s.number:02d}")
        if path is None:
            return None
        out: dict[str, Any] = {"image": path, "alt": escape(backgrounds[0].alt.strip())}
        if captions:
            out["caption"] = self.flat(captions[0], s.number)
        return out

    def bare(self, s: OutlineSlide, title: str) -> dict[str, Any]:
        """A slide of a title (and subtitle) only: a section, a closing or a title slide."""
        if not title:
            self.report.add(s.number, "an empty slide: kept as a section slide named for it")
            return {"section": self.stand_in(s)}
        if s.layout == "title" or any(getattr(b, "name", "") == "Accent band"
                                      for b in s.blocks):
            return {"kind": "title", "title": title}
        if s.title_centred and s.layout != "secHead":  # a centred title alone: a closing
            return {"kind": "closing", "title": title}
        return {"section": title, "title": None}

    def stand_in(self, s: OutlineSlide) -> str:
        self.report.add(s.number, f"no title: named 'Slide {s.number}'")
        return f"Slide {s.number}"

    def drawing_picture(self, s: OutlineSlide, drawing: Drawing) -> Any:
        """A drawing as a picture of itself (rendered) with its text as alt text."""
        index = s.blocks.index(drawing) if drawing in s.blocks else 0
        png = self.drawings.get((s.number, index))
        alt = "; ".join(drawing.texts)
        if png is None:
            self.report.add(s.number, f"{drawing.reason}; no rendering could be made "
                                      "(LibreOffice is needed), so its text became bullets")
            return OutlineText(tuple(OutlinePara((Span(t),), bulleted=True) for t in drawing.texts))
        self.report.add(s.number, f"{drawing.reason}: imported as a picture rendered by "
                                  "LibreOffice, its text kept as the alt text")
        return OutlinePicture(png, "png", alt or "a drawing", name="drawing")


_CLOSING = {"\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb",
            "\u2018": "\u2019", '"': '"', "'": "'", "\u300c": "\u300d"}


def _unquoted(para: OutlinePara) -> OutlinePara:
    """A quotation without the marks around it: the quote slide draws its own."""
    spans = [s for s in para.spans if s.text.strip()]
    if not spans:
        return para
    first, last = spans[0], spans[-1]
    opening = first.text.lstrip()[:1]
    closing = last.text.rstrip()[-1:]
    if closing not in _CLOSING.get(opening, "") or (first is last and len(first.text.strip()) < 3):
        return para
    out = []
    for span in para.spans:
        text = span.text
        if span is first:
            text = text.lstrip()[1:]
        if span is last:
            text = text.rstrip()[:-1]
        out.append(replace(span, text=text))
    return replace(para, spans=tuple(out))


def _heading_like(para: OutlinePara) -> bool:
    """A short unbulleted line that ends without a full stop heads what follows it."""
    text = para.text.strip()
    return not para.bulleted and len(text) <= 40 and "\n" not in text and text[-1:] not in ".:;,"


def _has_code_kind() -> bool:
    from deckgen.model.slides import KINDS

    return "code" in KINDS


def _known_language(name: str) -> bool:
    try:
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound
    except ImportError:
        return False
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True


_APPROXIMATE = {"COLUMN_STACKED_100": "100% stacked column", "BAR_STACKED": "stacked bar",
                "BAR_STACKED_100": "100% stacked bar", "LINE_STACKED": "stacked line",
                "LINE_MARKERS_STACKED": "stacked line", "AREA_STACKED": "stacked area",
                "PIE_EXPLODED": "exploded pie", "DOUGHNUT_EXPLODED": "exploded doughnut",
                "THREE_D_COLUMN_CLUSTERED": "3-D column", "THREE_D_BAR_CLUSTERED": "3-D bar",
                "THREE_D_PIE": "3-D pie", "THREE_D_LINE": "3-D line",
                "THREE_D_AREA": "3-D area"}
_NUMBER = re.compile(r"[#0?][#0?,.]*")
_SHOWN_AS_IS = set("$-+/():!^&'~{}<>= \u00a0\u2212") | set("\u20ac\u00a3\u00a5\u20b9")


def unit_of(code: str) -> str:
    """The unit a number format writes beside its values: ``#,##0.0"%"`` -> ``%``.

    Only text the format shows as is counts; a bare ``%`` (which scales by a
    hundred), exponents and dates give no unit.
    """
    from deckgen.layout.charts.fmt import with_unit

    first = _sections(code)[0] if code else ""
    number = _NUMBER.search(first)
    if number is None:
        return ""
    before, after = _literal_text(first[:number.start()]), _literal_text(first[number.end():])
    if before is None or after is None:
        return ""
    for candidate in (before, after, after[1:], before.rstrip()):
        if candidate.strip() and with_unit("\0", candidate) == f"{before}\0{after}":
            return candidate
    return (before + after).strip()


def _sections(code: str) -> list[str]:
    """A format code's ``;``-separated sections (a ``;`` inside quotes does not count)."""
    parts, current, quoted = [], [], False
    for char in code:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*parts, "".join(current)]


def _literal_text(part: str) -> str | None:
    """What a piece of a format code shows as written, or None if it formats anything."""
    out, index = [], 0
    part = re.sub(r"\[[^\]]*\]", "", part)  # colours and locales
    while index < len(part):
        char = part[index]
        if char == '"':
            end = part.find('"', index + 1)
            if end < 0:
                return None
            out.append(part[index + 1:end])
            index = end + 1
            continue
        if char == "\\" and index + 1 < len(part):
            out.append(part[index + 1])
            index += 2
            continue
        if char == "\u2212" and not out and index == 0:  # the minus of a negative section
            index += 1
            continue
        if char not in _SHOWN_AS_IS:
            return None
        out.append(char)
        index += 1
    return "".join(out)


def _axis_labels(chart: OutlineChart, kind: str, unit: str) -> dict[str, str]:
    """``x_label``/``y_label`` from the axis titles, leaving out what deckgen would write
    anyway (a scatter's series names, a long unit in the value axis's title)."""
    from deckgen.layout.charts.fmt import unit_on_ticks

    horizontal = kind == "barh"
    titles = {"x_label": chart.x_title.strip(), "y_label": chart.y_title.strip()}
    value_key = "x_label" if horizontal else "y_label"
    value = titles[value_key]
    if unit and not unit_on_ticks(unit) and kind not in ("pie", "donut"):
        if value == unit:
            value = ""
        elif value.endswith(f" ({unit})"):
            value = value[:-len(unit) - 3]
    titles[value_key] = value
    names = [name for name, _ in chart.series]
    if kind == "scatter":  # deckgen titles a scatter's axes with its series' names
        defaults = ({"x_label": names[0], "y_label": names[1]} if len(names) == 2
                    else {"x_label": "", "y_label": names[0] if names else ""})
        titles = {k: v for k, v in titles.items() if v != defaults[k]}
    return {k: escape(v) for k, v in titles.items() if v}


# --- the whole deck -----------------------------------------------------------------------


def plan_import(source: Source, schema_line: str,
                drawings: dict[tuple[int, int], bytes] | None = None) -> Plan:
    """Every file of the deck folder, as bytes, and what could not be carried over."""
    report = Report(deck=list(source.lost))
    conv = _Converter(source, report, drawings or {})
    slides = list(source.slides)
    if not slides:
        raise DeckError("the source has no slides")
    colours = [s.background for s in slides if s.background]
    conv.common_background = max(set(colours), key=colours.count) if colours else None
    meta: dict[str, Any] = {}
    first = slides[0]
    if _is_cover(first):
        meta = _cover_meta(first, conv, report)
        slides = slides[1:]
        for item in first.lost:
            report.add(first.number, item)
        if first.notes.strip():
            report.add(first.number, "the title slide's notes have no place in the deck block; "
                                     "left out")
    title = meta.get("title") or escape(source.title.strip()) or "Imported deck"
    deck: dict[str, Any] = {"title": title}
    for key in ("subtitle", "author", "affiliation", "event", "date"):
        given = getattr(source, key, "") if key in ("subtitle", "author", "date") else ""
        value = meta.get(key) or escape((given or "").strip())
        if value:
            deck[key] = value
    if source.aspect != "16:9":
        deck["aspect"] = source.aspect
    if source.footer:
        deck["footer"] = source.footer.replace("{", "(").replace("}", ")")
    if not source.slide_numbers:
        deck["slide_numbers"] = False
    if not meta and not source.title_slide:
        deck["title_slide"] = False
    slides = rejoined(slides)
    converted = [(s, conv.slide(s)) for s in slides]
    for s, out in converted:
        if out.get("title", "") is None:
            out.pop("title")
        _scrub(out, report, s.number)
    _scrub(deck, report, 0)
    files = {name: _scrubbed_csv(data) if name.endswith(".csv") else data
             for name, data in conv.files.items()}
    items = _sectioned(converted, source, files, schema_line)
    body: dict[str, Any] = {"deck": deck, "slides": items}
    files["deck.yaml"] = yamlout.dump(body, schema_line.format(depth="")).encode("utf-8")
    return Plan(files, report, len(source.slides))


_PART_OF = re.compile(r"^(?P<stem>.+) \((?P<n>\d+)/(?P<total>\d+)\)$")


def rejoined(slides: list[OutlineSlide]) -> list[OutlineSlide]:
    """A listing split over continuation slides ("Schema (1/3)", "Schema (2/3)", ...) as
    the one code slide it was written as; other slides as they are."""
    out: list[OutlineSlide] = []
    index = 0
    while index < len(slides):
        run = _code_parts(slides, index)
        if len(run) < 2:
            out.append(slides[index])
            index += 1
            continue
        codes = [s.blocks[0] for s in run]
        lines: list[str] = []
        for code in codes:
            if code.numbers:  # blank lines lost at a break come back from the numbering
                lines += [""] * max(0, code.first - 1 - len(lines))
            lines += code.text.rstrip("\n").split("\n")
        stem = _PART_OF.match(plain(run[0].title)).group("stem")  # type: ignore[union-attr]
        joined = replace(codes[0], text="\n".join(lines) + "\n", first=1, parts=len(run))
        out.append(replace(run[0], title=(Span(stem),), blocks=(joined,),
                           notes="\n\n".join(s.notes for s in run if s.notes.strip()),
                           lost=tuple(dict.fromkeys(item for s in run for item in s.lost))))
        index += len(run)
    return out


def _code_parts(slides: list[OutlineSlide], index: int) -> list[OutlineSlide]:
    """The slides from ``index`` that are parts 1, 2, ... n of one titled code listing."""
    found = _PART_OF.match(plain(slides[index].title))
    if found is None or found.group("n") != "1":
        return []
    total = int(found.group("total"))
    run = slides[index:index + total]
    for n, slide in enumerate(run, start=1):
        part = _PART_OF.match(plain(slide.title))
        if part is None or (part.group("stem"), int(part.group("n")), int(part.group("total"))) \
                != (found.group("stem"), n, total) or len(slide.blocks) != 1 \
                or not isinstance(slide.blocks[0], Code) or slide.section is not None:
            return []
    return run if len(run) == total else []


def _scrub(node: dict[str, Any], report: Report, number: int) -> None:
    """Take out of every text the characters no slide can hold (controls, lone surrogates),
    as the loader would, and say so once for the slide."""
    from deckgen.source.loader import BAD_CHARS, describe_chars

    found: list[str] = []

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            found.extend(BAD_CHARS.findall(value))
            return BAD_CHARS.sub("", value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    node.update(clean(node))
    if found:
        what = f"removed {describe_chars(found)} that a slide cannot hold"
        if number:
            report.add(number, what)
        else:
            report.deck.append(what)


def _scrubbed_csv(data: bytes) -> bytes:
    from deckgen.source.loader import BAD_CHARS

    return BAD_CHARS.sub("", data.decode("utf-8")).encode("utf-8")


def _is_cover(s: OutlineSlide) -> bool:
    """A title slide: PowerPoint's title layout, deckgen's cover, or a title with a few lines."""
    names = {getattr(b, "name", "") for b in s.blocks}
    if "Byline" in names or "Accent band" in names:
        return True
    if not s.title or s.columns:
        return False
    if any(not isinstance(b, OutlineText) for b in s.blocks):
        return False
    lines = [p for b in s.blocks for p in b.paras if p.text.strip()]
    if s.layout == "title" or s.layout == "ctrTitle":
        return len(lines) <= 4
    return s.number == 1 and len(lines) <= 3 and all(len(p.text) < 80 and not p.bulleted
                                                     for p in lines) and s.layout != "secHead"


def _cover_meta(s: OutlineSlide, conv: _Converter, report: Report) -> dict[str, Any]:
    n = s.number
    meta: dict[str, Any] = {"title": marks(s.title, report, n)}
    # pandoc sets the author under the subtitle, after a blank line, in the same box
    parts = [line for line in _broken(s.subtitle) if plain(line).strip()]
    subtitle = marks(parts[0], report, n) if parts else ""
    lines = [marks(line, report, n) for line in parts[1:]]
    lines += [marks(p.spans, report, n) for b in s.blocks if isinstance(b, OutlineText)
              for p in b.paras if p.text.strip() and b.name != "Subtitle"]
    subs = [marks(p.spans, report, n) for b in s.blocks if isinstance(b, OutlineText)
            and b.name == "Subtitle" for p in b.paras]
    if not subtitle and subs:
        subtitle = " ".join(subs)
    if not subtitle and lines and not any(b.name == "Byline" for b in s.blocks):
        subtitle = lines.pop(0)
    if subtitle:
        meta["subtitle"] = subtitle
    order = {1: ["author"], 2: ["author", "date"], 3: ["author", "affiliation", "date"],
             4: ["author", "affiliation", "event", "date"]}
    if len(lines) > 4:
        report.add(n, "more than four lines under the title: the rest are left out")
    for key, value in zip(order.get(min(len(lines), 4), []), lines, strict=False):
        meta[key] = value
    return meta


def _broken(spans: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """Spans cut into lines at their line breaks."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        for index, piece in enumerate(span.text.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(Span(piece, span.bold, span.italic, span.strike, span.code,
                                      span.link))
    return [tuple(line) for line in lines]


def _sectioned(converted: list[tuple[OutlineSlide, dict[str, Any]]], source: Source,
               files: dict[str, bytes], schema_line: str) -> list[Any]:
    """The slides, or includes of ``sections/NN-name.yaml`` when the source has sections.

    A source's own sections (PowerPoint's, Markdown's top headings) divide it;
    without them, section slides do.
    """
    starts = [i for i, (s, _) in enumerate(converted) if s.section is not None]
    if not source.sections:
        starts = [i for i, (_, out) in enumerate(converted) if "section" in out]
    if not starts:
        return [out for _, out in converted]
    items: list[Any] = [out for _, out in converted[:starts[0]]]
    bounds = [*starts, len(converted)]
    for number, (begin, end) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
        s, out = converted[begin]
        name = s.section or out.get("section") or out.get("title") or f"part {number}"
        stem = f"{number:02d}-{_slug(plain_text(str(name)))}"
        path = f"sections/{stem}.yaml"
        files[path] = yamlout.dump([_from_sections(o) for _, o in converted[begin:end]],
                                   schema_line.format(depth="../")).encode("utf-8")
        items.append({"include": path})
    return items


def _from_sections(node: Any) -> Any:
    """Paths are relative to the file naming them: one folder up from sections/."""
    if isinstance(node, dict):
        return {k: ("../" + v if k in ("image", "background", "data") and isinstance(v, str)
                    and v.startswith(("images/", "data/")) else _from_sections(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_from_sections(v) for v in node]
    return node


def plain_text(text: str) -> str:
    from deckgen.model.markup import plain as seen

    return seen(text)


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:40].strip("-") or "section"


# --- writing ------------------------------------------------------------------------------


def check_target(folder: Path, force: bool) -> None:
    """An existing folder (with anything in it) is refused unless ``force``; never a file."""
    if folder.is_symlink():
        raise ImportError_(f"'{folder}' is a symbolic link; name a real folder")
    if folder.exists() and not folder.is_dir():
        raise ImportError_(f"'{folder}' is a file; name a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ImportError_(f"'{folder}' already exists and is not empty; nothing was written "
                           "(--force writes into it, replacing the files it names)")


def write_plan(folder: Path, plan: Plan, force: bool) -> list[Path]:
    """Write every planned file inside ``folder``, never through a symlink."""
    root = folder.resolve()
    targets = []
    for relative in plan.files:
        target = (folder / relative)
        parts = Path(relative).parts
        if Path(relative).is_absolute() or ".." in parts:
            raise ImportError_(f"refusing to write '{relative}' outside '{folder}'")
        here = folder
        for part in parts:
            here = here / part
            if here.is_symlink():
                raise ImportError_(f"'{here}' is a symbolic link; nothing was written through it")
        if not str(target.resolve(strict=False)).startswith(str(root)):
            raise ImportError_(f"refusing to write '{relative}' outside '{folder}'")
        if target.exists() and not force:
            raise ImportError_(f"will not overwrite '{target}'")
        targets.append(target)
    folder.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    for target, data in zip(targets, plan.files.values(), strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(target, flags, 0o644)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    return targets


def schema_line(folder: Path, files: dict[str, bytes]) -> str:
    """The editor's schema line, with ``{depth}`` for files in sections/.

    As ``deckgen new`` does, it names the project's committed schema when the
    folder is inside the project, and otherwise a copy written beside the deck.
    """
    from deckgen.app.scaffold import SCHEMA_BESIDE, find_schema

    schema = find_schema(folder)
    if schema is None:
        from deckgen.model.schema import schema_json

        files[SCHEMA_BESIDE] = schema_json().encode("utf-8")
        return "# yaml-language-server: $schema={depth}" + SCHEMA_BESIDE
    relative = Path(os.path.relpath(schema, folder.resolve())).as_posix()
    return "# yaml-language-server: $schema={depth}" + relative


def import_deck(source_path: Path, folder: Path, force: bool = False,
                render: bool = True) -> tuple[Plan, Problems, list[Path]]:
    """Read, convert, write and check; raises DeckError or ImportError_ before writing."""
    check_target(folder, force)
    source, pngs = read_source(source_path, render)
    extra: dict[str, bytes] = {}
    plan = plan_import(source, schema_line(folder, extra), pngs)
    plan.files.update(extra)
    written = write_plan(folder, plan, force)
    from deckgen.app.pipeline import Options, build

    result = build(folder / "deck.yaml", Options(strict=True, write=False))
    return plan, result.problems, written


def read_source(path: Path, render: bool) -> tuple[Source, dict[tuple[int, int], bytes]]:
    """The source's slides, and renderings of its drawings (a .pptx's, through LibreOffice)."""
    if not path.is_file():
        raise DeckError(f"'{path}' is not a file", Location(str(path)))
    suffix = path.suffix.lower()
    if suffix == ".pptx":
        from deckgen.ooxml.reader import read_pptx

        source = _titled(read_pptx(path), path)
        pngs = render_drawings(path, source) if render else {}
        return source, pngs
    if suffix in (".md", ".markdown", ".mdown", ".mkd", ".txt"):
        from deckgen.source.markdown import read_markdown

        return _titled(read_markdown(path), path), {}
    raise DeckError(f"'{path.name}' is neither a .pptx nor a Markdown (.md) file",
                    Location(str(path)), hint="save a PowerPoint deck as .pptx first")


def _titled(source: Source, path: Path) -> Source:
    """A source that names no title is named after its file: ``q3-review.pptx`` -> Q3 Review."""
    if source.title.strip():
        return source
    from deckgen.app.scaffold import title_of

    return replace(source, title=title_of(path.with_suffix("")))


def render_drawings(pptx: Path, source: Source) -> dict[tuple[int, int], bytes]:
    """Each drawing cropped from its slide as LibreOffice renders it; {} without LibreOffice."""
    wanted = {s.number: [(i, b.box) for i, b in enumerate(s.blocks) if isinstance(b, Drawing)]
              for s in source.slides}
    wanted = {k: v for k, v in wanted.items() if v}
    if not wanted:
        return {}
    from deckgen.app.preview import PreviewError, convert_to_pdf, find_tools, to_pngs

    tools = find_tools()
    if tools is None:
        return {}
    import tempfile

    from PIL import Image

    out: dict[tuple[int, int], bytes] = {}
    with tempfile.TemporaryDirectory(prefix="deckgen-import-") as tmp:
        try:
            safe = _without_huge_pictures(pptx, Path(tmp) / "source.pptx")
            pdf = convert_to_pdf(tools[0], safe, Path(tmp), 300)
            pages = to_pngs(tools[1], pdf, Path(tmp), 110, 300)
        except (PreviewError, OSError):  # LibreOffice failed: drawings become text
            return {}
        for number, boxes in wanted.items():
            if number - 1 >= len(pages):
                continue
            with Image.open(pages[number - 1]) as page:
                page.load()
                for index, box in boxes:
                    crop = _crop(page, box, source.size)
                    if crop is not None:
                        out[(number, index)] = crop
    return out


def _without_huge_pictures(pptx: Path, copy: Path) -> Path:
    """A copy of the package for LibreOffice in which every picture deckgen would refuse
    (a header claiming a billion pixels, a decompression bomb) is a blank pixel: a
    drawing is rendered in seconds, not after LibreOffice has inflated the bomb."""
    import zipfile

    blank = _BLANK_PNG
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            suffix = item.filename.rsplit(".", 1)[-1].lower()
            if item.filename.startswith("ppt/media/") and suffix in _PIXEL_TYPES \
                    and _too_big(data):
                data = blank
            out.writestr(item, data)
    return copy


def _too_big(data: bytes) -> bool:
    """The picture's header claims more pixels than a deck may hold (or cannot be read)."""
    import warnings

    from PIL import Image

    from deckgen.source.images import MAX_PIXELS

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size[0] * image.size[1] > MAX_PIXELS
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return True


_PIXEL_TYPES = {"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"}
_BLANK_PNG = bytes.fromhex(  # one white pixel
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d7"
    "63f8ffff3f0005fe02fedccc59e70000000049454e44ae426082")


def _crop(page: Any, box: tuple[int, int, int, int], size: tuple[int, int]) -> bytes | None:
    x, y, w, h = box
    slide_w, slide_h = size
    sx, sy = page.width / slide_w, page.height / slide_h
    pad = 0.01 * slide_w
    left, top = max(0, int((x - pad) * sx)), max(0, int((y - pad) * sy))
    right = min(page.width, int((x + w + pad) * sx))
    bottom = min(page.height, int((y + h + pad) * sy))
    if right - left < 8 or bottom - top < 8:
        return None
    buffer = io.BytesIO()
    page.crop((left, top, right, bottom)).convert("RGB").save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
