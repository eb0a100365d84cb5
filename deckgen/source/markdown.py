"""Read a Markdown deck (Marp, Slidev, reveal.js/HedgeDoc, pandoc) into slide descriptions.

The conventions each tool uses are recognised line by line, outside code
fences, before the Markdown itself is parsed with markdown-it-py:

* slides are separated by ``---`` lines (Marp, Slidev, reveal.js); without
  them, by headings at pandoc's slide level (the highest level followed
  directly by content), with higher headings as section slides;
* front matter (``---`` YAML at the top) gives the title, author and date;
  Slidev's per-slide front matter gives a ``layout``;
* speaker notes are HTML comments (Marp, Slidev), ``Note:`` to the end of the
  slide (reveal.js), or a ``::: notes`` div (pandoc); Marp's directive
  comments (``<!-- paginate: true -->``) are not notes;
* pandoc's ``:::: columns`` / ``::: column`` divs and Slidev's ``::right::``
  set content side by side.

Raw HTML, Vue components and CSS have no equivalent in a deck: they are named
in the slide's ``lost`` list and kept in its notes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from deckgen.errors import DeckError, Location
from deckgen.source.outline import (
    Code,
    OutlinePara,
    OutlinePicture,
    OutlineSlide,
    OutlineTable,
    OutlineText,
    Source,
    Span,
    merged,
)

MAX_BYTES = 8 * 1024 * 1024  # as a deck file
MAX_SLIDES = 1000
MAX_PICTURE_BYTES = 50 * 1024 * 1024
_SEPARATOR = re.compile(r"^---\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_DIV = re.compile(r"^\s{0,3}(:{3,})\s*(?:\{\s*\.?([\w-]+)[^}]*\}|\.?([\w-]+))?\s*$")
_NOTE_LINE = re.compile(r"^\s*(Note|Notes):\s*", re.IGNORECASE)
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DIRECTIVE = re.compile(
    r"^\s*_?(theme|paginate|header|footer|class|backgroundColor|backgroundImage|"
    r"backgroundPosition|backgroundRepeat|backgroundSize|color|size|headingDivider|marp|"
    r"style|math|title|description|author|image|url|transition|lang|fit)\s*:", re.IGNORECASE)
_CLICKS = re.compile(r"^\s*</?v-clicks\b[^>]*>\s*$")
_FRONT_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
_SLOT = re.compile(r"^::(right|left|default|[\w-]+)::\s*$")
_LAYOUTS = {"section": "secHead", "cover": "title", "intro": "title", "center": "",
            "two-cols": "twoObj", "two-cols-header": "twoObj", "quote": "quote",
            "statement": "statement", "fact": "statement", "end": "closing"}


def read_markdown(path: Path) -> Source:
    """The slides of a Markdown deck; an unreadable or oversized file is a DeckError."""
    where = Location(str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DeckError(f"'{path.name}' is {size / 1048576:.0f} MiB; a Markdown deck may be "
                        f"at most {MAX_BYTES // 1048576} MiB", where)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeckError(f"'{path.name}' is not UTF-8 text (byte {exc.start})", where) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    front, body = _front_matter(text)
    return _Reader(path, front, where).read(body)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    lines = text.split("\n")
    if not lines or not _SEPARATOR.match(lines[0]):
        return {}, text
    for end in range(1, min(len(lines), 500)):
        if _SEPARATOR.match(lines[end]) or lines[end].strip() == "...":
            block = "\n".join(lines[1:end])
            data = _small_yaml(block)
            if data is not None:
                return data, "\n".join(lines[end + 1:])
            break
    return {}, text


def _small_yaml(block: str) -> dict[str, Any] | None:
    """Front matter as a mapping, read with the safe loader; anything else is not front matter."""
    import yaml

    if len(block) > 64 * 1024 or not all(_FRONT_KEY.match(x) or not x.strip() or x[:1] in " -#"
                                         for x in block.split("\n")):
        return None
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _text(value: Any) -> str:
    """A front-matter value as text: lists (pandoc's authors) joined."""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if isinstance(v, (str, int, float, dict)))
    if isinstance(value, dict):
        return str(value.get("name", "")) if "name" in value else ""
    return "" if value is None else str(value).strip()


class _Reader:
    def __init__(self, path: Path, front: dict[str, Any], where: Location):
        from markdown_it import MarkdownIt

        self.path = path
        self.front = front
        self.where = where
        self.md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        self.marp = bool(front.get("marp"))
        self.slides: list[OutlineSlide] = []

    def read(self, body: str) -> Source:
        chunks = _split(body)
        pandoc = len(chunks) == 1 and not self.marp
        parts: list[tuple[str, dict[str, Any]]] = []
        pending: dict[str, Any] = {}
        for chunk in chunks:
            meta = _small_yaml(chunk.strip("\n")) if chunk.strip() else None
            if meta is not None and not pandoc and chunk.strip() and not chunk.lstrip().startswith(
                    "#"):
                pending = meta  # Slidev: a slide's own front matter, between two separators
                continue
            parts.append((chunk, pending))
            pending = {}
        if pandoc:
            parts = [(c, {}) for c in _pandoc_slides(body)]
        sections = pandoc and any(c.startswith("\x00section") for c, _ in parts)
        for chunk, meta in parts:
            if not chunk.strip() and not meta:
                continue
            if len(self.slides) >= MAX_SLIDES:
                raise DeckError(f"'{self.path.name}' has more than {MAX_SLIDES:,} slides; a deck "
                                f"holds at most {MAX_SLIDES:,}", self.where,
                                hint="split it and import each part")
            self.slides.append(self.slide(chunk, meta, len(self.slides) + 1))
        front = self.front
        lost = []
        for key in ("theme", "class", "style", "css", "transition", "highlighter"):
            if key in front:
                lost.append(f"front matter '{key}' has no equivalent; the deck's theme is used")
        return Source(tuple(self.slides), title=_text(front.get("title")),
                      subtitle=_text(front.get("subtitle") or front.get("info")),
                      author=_text(front.get("author")), date=_text(front.get("date")),
                      slide_numbers=bool(front.get("paginate", False)),
                      footer=_text(front.get("footer")), sections=sections, lost=tuple(lost),
                      title_slide=bool(_text(front.get("title"))))

    # --- one slide ------------------------------------------------------------------------
    def slide(self, chunk: str, meta: dict[str, Any], number: int) -> OutlineSlide:
        lost: list[str] = []
        notes: list[str] = []
        section = None
        if chunk.startswith("\x00section"):
            section = chunk.split("\n", 1)[0][len("\x00section "):]
            chunk = chunk.split("\n", 1)[1] if "\n" in chunk else ""
        incremental = _incremental(chunk)
        chunk, columns = self.divs(chunk, notes, lost)
        chunk = self.comments(chunk, notes, lost)
        chunk = _reveal_notes(chunk, notes)
        layout = _LAYOUTS.get(str(meta.get("layout", "")), "")
        if meta.get("layout") and str(meta.get("layout")) not in _LAYOUTS:
            lost.append(f"Slidev layout '{meta['layout']}' has no equivalent")
        if section is not None and not chunk.strip():
            layout = "secHead"
        state = _State(self, lost, notes)
        slots = _slots(chunk)
        if len(slots) > 1:
            columns = [state.blocks(self.md.parse(s)) for s in slots[1:]]
            chunk = slots[0]
            layout = layout or "twoObj"
        blocks = state.blocks(self.md.parse(chunk))
        column_blocks = tuple(tuple(c) if isinstance(c, list) else
                              tuple(state.blocks(self.md.parse(c))) for c in columns)
        if section is not None and not state.title:
            state.title = (Span(section),)
        return OutlineSlide(number=number, title=state.title, layout=layout or ("secHead" if section
                     is not None and not blocks else ""), blocks=tuple(blocks),
                     columns=column_blocks, notes="\n\n".join(n for n in notes if n.strip()),
                     section=section, lost=tuple(lost), hidden=bool(meta.get("hide")
                                                                    or meta.get("hidden")),
                     builds=incremental or state.builds)

    def divs(self, chunk: str, notes: list[str], lost: list[str]) -> tuple[str, list[str]]:
        """pandoc's fenced divs: notes go to the notes, columns are cut out, others unwrapped."""
        out: list[str] = []
        columns: list[str] = []
        stack: list[tuple[str, int, list[str]]] = []
        fence = None
        for line in chunk.split("\n"):
            target = stack[-1][2] if stack else out
            fenced = _FENCE.match(line)
            if fence is not None:
                target.append(line)
                if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                    fence = None
                continue
            if fenced:
                fence = fenced.group(1)
                target.append(line)
                continue
            div = _DIV.match(line)
            if div and (div.group(2) or div.group(3)):
                stack.append(((div.group(2) or div.group(3)).lower(), len(div.group(1)), []))
                continue
            if div and stack:
                name, _, lines = stack.pop()
                text = "\n".join(lines)
                parent = stack[-1][2] if stack else out
                if name == "notes":
                    notes.append(text.strip())
                elif name == "column":
                    columns.append(text)
                elif name == "columns":
                    pass  # its columns were collected as they closed
                else:
                    parent.extend(lines)
                continue
            target.append(line)
        for name, _, lines in stack:  # never closed: kept as text
            lost.append(f"a '::: {name}' div is never closed; its text is kept")
            out.extend(lines)
        return "\n".join(out), columns

    def comments(self, chunk: str, notes: list[str], lost: list[str]) -> str:
        def take(match: re.Match) -> str:
            body = match.group(1).strip()
            if body and all(_DIRECTIVE.match(x) for x in body.split("\n") if x.strip()):
                lost.append(f"directive '{body.splitlines()[0][:40]}' has no equivalent")
            elif body:
                notes.append(body)
            return ""

        return _outside_fences(chunk, lambda part: _COMMENT.sub(take, part))

    # --- pictures -------------------------------------------------------------------------
    def picture(self, src: str, alt: str, lost: list[str],
                notes: list[str]) -> OutlinePicture | None:
        from deckgen.source.paths import resolve_inside

        background = alt.lower().startswith("bg")
        if background:
            alt = re.sub(r"^bg\b\s*((contain|cover|fit|left|right|\d+%|blur[:\w.]*|"
                         r"sepia[:\w.]*|opacity[:\w.]*)\s*)*", "", alt, flags=re.IGNORECASE)
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", src):
            lost.append(f"picture '{src}' is on the web; deckgen fetches nothing, so it is "
                        "named in the notes")
            notes.append(f"Picture: {alt} {src}".strip())
            return None
        base = self.path.resolve().parent
        try:
            real = resolve_inside(src.split("#")[0].split("?")[0], base, [base], self.where,
                                  "picture")
        except DeckError as exc:
            lost.append(exc.problems.items[0].message + "; left out")
            return None
        if real.stat().st_size > MAX_PICTURE_BYTES:
            lost.append(f"picture '{src}' is larger than 50 MiB; left out")
            return None
        ext = real.suffix.lower().lstrip(".")
        return OutlinePicture(real.read_bytes(), ext, alt, name=Path(src).stem,
                              background=background)


class _State:
    """The blocks of one slide, built from markdown-it's token stream."""

    def __init__(self, reader: _Reader, lost: list[str], notes: list[str]):
        self.reader = reader
        self.lost = lost
        self.notes = notes
        self.title: tuple[Span, ...] = ()
        self.builds = False  # something comes on by clicks (Marp's * lists, <v-clicks>)

    def blocks(self, tokens: list[Any]) -> list[Any]:
        out: list[Any] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                spans = self.inline(tokens[i + 1])
                if not self.title and not any(isinstance(b, OutlineText) for b in out):
                    self.title = spans
                else:
                    out.append(OutlineText((OutlinePara(tuple(_bold(spans))),), role="heading"))
                i += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                pictures = self.pictures(inline)
                if pictures is not None:
                    out.extend(pictures)
                else:
                    out.append(OutlineText((OutlinePara(self.inline(inline)),)))
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                end = _close(tokens, i)
                # Marp's fragmented lists: "*" bullets and "1)" numbers come on one by one
                self.builds = self.builds or (self.reader.marp and token.markup in ("*", ")"))
                out.append(OutlineText(tuple(self.items(tokens[i:end + 1], 0))))
                i = end + 1
                continue
            if kind == "blockquote_open":
                end = _close(tokens, i)
                inner = [b for b in self.blocks(tokens[i + 1:end]) if isinstance(b, OutlineText)]
                paras = tuple(p for b in inner for p in b.paras)
                out.append(OutlineText(_split_attribution(paras), role="quote"))
                i = end + 1
                continue
            if kind in ("fence", "code_block"):
                out.append(Code(token.info.strip().split(" ")[0] if token.info else "",
                                token.content))
            elif kind == "table_open":
                end = _close(tokens, i)
                out.append(self.table(tokens[i:end + 1]))
                i = end + 1
                continue
            elif kind == "html_block":
                self.raw(token.content)
            i += 1
        return out

    def raw(self, content: str) -> None:
        if _CLICKS.match(content):  # Slidev's <v-clicks> around a list: its clicks
            self.builds = True
            return
        tag = re.match(r"\s*<\s*([\w-]+)", content)
        name = tag.group(1) if tag else "HTML"
        what = ("CSS" if name.lower() == "style" else
                f"the component <{name}>" if name[:1].isupper() or "-" in name
                else f"raw HTML <{name}>")
        self.lost.append(f"{what} has no equivalent; kept in the notes")
        self.notes.append(content.strip())

    def items(self, tokens: list[Any], level: int) -> list[OutlinePara]:
        """A list's items as paragraphs at their nesting level."""
        paras: list[OutlinePara] = []
        numbered = tokens[0].type == "ordered_list_open"
        i = 1
        while i < len(tokens) - 1:
            token = tokens[i]
            if token.type in ("bullet_list_open", "ordered_list_open"):
                end = _close(tokens, i)
                paras.extend(self.items(tokens[i:end + 1], level + 1))
                i = end + 1
                continue
            if token.type == "inline":
                paras.append(OutlinePara(self.inline(token), level=level, numbered=numbered,
                                  bulleted=True))
            elif token.type in ("fence", "code_block"):
                self.lost.append("a code block inside a list item is kept in the notes")
                self.notes.append(token.content.rstrip())
            i += 1
        return paras

    def table(self, tokens: list[Any]) -> OutlineTable:
        rows: list[tuple[str, ...]] = []
        row: list[str] = []
        for token in tokens:
            if token.type == "tr_open":
                row = []
            elif token.type == "inline":
                row.append("".join(s.text for s in self.inline(token)))
            elif token.type == "tr_close":
                rows.append(tuple(row))
        return OutlineTable(tuple(rows), header=True)

    def pictures(self, inline: Any) -> list[Any] | None:
        """A paragraph of pictures only (and spaces) becomes those pictures."""
        children = inline.children or []
        if not children or not all(c.type == "image" or (c.type in ("text", "softbreak")
                                                         and not c.content.strip())
                                   for c in children):
            return None
        found = []
        for child in children:
            if child.type == "image":
                alt = "".join(c.content for c in (child.children or []))
                picture = self.reader.picture(child.attrGet("src") or "", alt, self.lost,
                                              self.notes)
                if picture is not None:
                    found.append(picture)
        return found

    def inline(self, token: Any) -> tuple[Span, ...]:
        spans: list[Span] = []
        style = {"bold": 0, "italic": 0, "strike": 0}
        links: list[str | None] = []
        for child in token.children or []:
            kind = child.type
            link = links[-1] if links else None
            if kind == "text":
                spans.append(_span(child.content, style, link))
            elif kind == "softbreak":
                spans.append(_span(" ", style, link))
            elif kind == "hardbreak":
                spans.append(Span("\n"))
            elif kind == "code_inline":
                spans.append(Span(child.content, code=True, link=link,
                                  bold=bool(style["bold"]), italic=bool(style["italic"])))
            elif kind in ("strong_open", "em_open", "s_open"):
                style[{"strong_open": "bold", "em_open": "italic", "s_open": "strike"}[kind]] += 1
            elif kind in ("strong_close", "em_close", "s_close"):
                key = {"strong_close": "bold", "em_close": "italic", "s_close": "strike"}[kind]
                style[key] = max(0, style[key] - 1)
            elif kind == "link_open":
                links.append(child.attrGet("href"))
            elif kind == "link_close" and links:
                links.pop()
            elif kind == "image":
                alt = "".join(c.content for c in (child.children or []))
                spans.append(_span(alt, style, link))
                self.lost.append(f"picture '{child.attrGet('src')}' inside text is kept as its "
                                 "alt text")
            elif kind == "html_inline" and not re.match(
                    r"</?(br|span|b|i|em|strong|u|sub|sup)\b", child.content, re.I):
                self.lost.append(f"inline HTML {child.content[:30]} is left out")
        return merged(spans)


def _span(text: str, style: dict[str, int], link: str | None) -> Span:
    return Span(text, bold=bool(style["bold"]), italic=bool(style["italic"]),
                strike=bool(style["strike"]), link=link)


def _bold(spans: tuple[Span, ...]) -> list[Span]:
    return [Span(s.text, True, s.italic, s.strike, s.code, s.link) for s in spans]


def _close(tokens: list[Any], start: int) -> int:
    """The index of the token closing the one at ``start``."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _split_attribution(paras: tuple[OutlinePara, ...]) -> tuple[OutlinePara, ...]:
    """``> quote<br>> — Name`` written in one paragraph: the attribution as its own."""
    out: list[OutlinePara] = []
    for para in paras:
        text = para.text
        found = re.search(r"\s+(?=[\u2014\u2013]|--\s)", text)
        if found and len(para.spans) == 1:
            by = "\u2014 " + text[found.end():].lstrip("\u2014\u2013- ")
            out.extend([OutlinePara((Span(text[:found.start()]),)), OutlinePara((Span(by),))])
        else:
            out.append(para)
    return tuple(out)


def _incremental(chunk: str) -> bool:
    """Whether a slide holds pandoc's ``::: incremental`` div (its lists come on by clicks)."""
    found: list[bool] = []

    def look(part: str) -> str:
        found.extend(m.group(2) == "incremental" or m.group(3) == "incremental"
                     for m in map(_DIV.match, part.split("\n")) if m)
        return part

    _outside_fences(chunk, look)
    return any(found)


def _outside_fences(text: str, change: Any) -> str:
    """Apply ``change`` to the parts of ``text`` outside code fences."""
    out: list[str] = []
    buffer: list[str] = []
    fence = None
    for line in text.split("\n"):
        fenced = _FENCE.match(line)
        if fence is None and fenced:
            out.append(change("\n".join(buffer)))
            buffer = []
            fence = fenced.group(1)
            out.append(line)
        elif fence is not None:
            out.append(line)
            if fenced and fenced.group(1)[0] == fence[0]:
                fence = None
        else:
            buffer.append(line)
    out.append(change("\n".join(buffer)))
    return "\n".join(x for x in out)


def _split(body: str) -> list[str]:
    """The text between ``---`` separator lines that are outside code fences."""
    chunks: list[list[str]] = [[]]
    fence = None
    for line in body.split("\n"):
        fenced = _FENCE.match(line)
        if fence is None and fenced:
            fence = fenced.group(1)
        elif fence is not None and fenced and fenced.group(1)[0] == fence[0]:
            fence = None
        elif fence is None and _SEPARATOR.match(line):
            chunks.append([])
            continue
        chunks[-1].append(line)
    return ["\n".join(c) for c in chunks]


def _slots(chunk: str) -> list[str]:
    """Slidev's ``::right::`` slot: the text before it and each slot's text."""
    parts: list[list[str]] = [[]]
    for line in chunk.split("\n"):
        if _SLOT.match(line):
            parts.append([])
        else:
            parts[-1].append(line)
    return ["\n".join(p) for p in parts]


def _reveal_notes(chunk: str, notes: list[str]) -> str:
    """reveal.js: a ``Note:`` line starts the notes, which run to the end of the slide."""
    lines = chunk.split("\n")
    fence = None
    for index, line in enumerate(lines):
        fenced = _FENCE.match(line)
        if fenced:
            fence = None if fence else fenced.group(1)
        if fence is None and _NOTE_LINE.match(line):
            notes.append("\n".join([_NOTE_LINE.sub("", line), *lines[index + 1:]]).strip())
            return "\n".join(lines[:index])
    return chunk


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _pandoc_slides(body: str) -> list[str]:
    """pandoc's slide level: the highest heading level followed directly by content.

    Headings above it become section slides (marked for the reader), each
    heading at it starts a slide.
    """
    lines = body.split("\n")
    headings: list[tuple[int, int]] = []  # (line index, level)
    fence = None
    for index, line in enumerate(lines):
        fenced = _FENCE.match(line)
        if fenced:
            fence = None if fence else fenced.group(1)
            continue
        found = _HEADING.match(line) if fence is None else None
        if found:
            headings.append((index, len(found.group(1))))
    level = 6
    for position, (index, depth) in enumerate(headings):
        stop = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        if any(x.strip() for x in lines[index + 1:stop]):
            level = min(level, depth)
    if not headings:
        return [body]
    slides: list[str] = []
    start = 0
    current: list[str] = []
    for index, depth in headings:
        if depth > level:
            continue
        current = lines[start:index]
        if any(x.strip() for x in current):
            slides.append("\n".join(current))
        start = index
        if depth < level:
            title = _HEADING.match(lines[index]).group(2)  # type: ignore[union-attr]
            slides.append(f"\x00section {title}\n" + lines[index])
            start = index + 1
    rest = lines[start:]
    if any(x.strip() for x in rest):
        slides.append("\n".join(rest))
    return slides
