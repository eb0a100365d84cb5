"""Benchmark inputs: one synthetic deck written three ways.

:func:`synthetic` makes N slides that cycle through every slide kind (section,
bullets, columns, quote, statement, table, image, chart, diagram), each with
speaker notes.  The same slides are then written as deckgen YAML
(:func:`write_yaml`), as Markdown for pandoc (:func:`write_markdown`) and as
JSON for the plain python-pptx baseline (:func:`write_json`), so the three
tools build the same content.  Everything is made from a fixed seed: the same
N always gives the same files.
"""

from __future__ import annotations

import csv
import json
import random
import zlib
from pathlib import Path
from typing import Any

_PROSE = """
research development innovation policy science technology system national global
growth investment talent education university industry market model strategy reform
capacity network partner program funding patent output quality impact region sector
agency council ministry plan priority initiative cooperation exchange student scholar
center laboratory project review measure indicator trend share rate level change rise
decline gap leading emerging domestic foreign international bilateral regional local
public private basic applied strategic critical major rapid steady strong weak new
open shared joint direct indirect formal informal long short medium early late recent
data evidence result finding report survey study analysis method approach framework
goal target budget cost return value benefit risk barrier driver factor pressure
demand supply access transfer diffusion adoption standard rule law regulation
"""
WORDS = _PROSE.split()

CHART_TYPES = ("bar", "line", "pie", "barh", "stacked-bar", "area", "donut", "scatter")
DIAGRAMS = ("triangle", "cycle", "hub", "flow", "shift", "quadrants", "timeline")
KINDS = ("section", "bullets", "columns", "quote", "statement", "table", "image", "chart",
         "diagram")


class _Text:
    """Deterministic filler text from a small vocabulary, as real decks reuse words."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def words(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        text = " ".join(self.rng.choice(WORDS) for _ in range(count))
        return text[0].upper() + text[1:]

    def marked(self, low: int, high: int) -> str:
        """A sentence with one bold word now and then, as decks have."""
        words = self.words(low, high).split()
        if len(words) > 3 and self.rng.random() < 0.3:
            i = self.rng.randrange(1, len(words))
            words[i] = f"**{words[i]}**"
        return " ".join(words)

    def number(self, low: float, high: float) -> float:
        return round(self.rng.uniform(low, high), 1)


def chart_spec(index: int) -> dict[str, Any]:
    """One of eight distinct charts (a deck reuses few chart shapes; pandoc gets 8 PNGs)."""
    kind = CHART_TYPES[index % len(CHART_TYPES)]
    text = _Text(1000 + index)
    categories = [str(2005 + i) for i in range(6)] if kind in ("line", "area") else \
        ["USA", "Korea", "Europe", "Japan", "China"]
    count = 2 if kind in ("stacked-bar", "line", "area") else 1
    series = [{"name": text.words(1, 2), "values": [text.number(1, 30) for _ in categories]}
              for _ in range(count)]
    if kind == "scatter":
        categories = [str(v) for v in (1, 2, 3, 5, 8, 13)]
        series = [{"name": "Output", "values": [text.number(1, 30) for _ in categories]}]
    spec: dict[str, Any] = {"type": kind, "categories": categories, "series": series}
    if kind in ("bar", "barh"):
        spec.update(labels=True, unit="%", highlight="China")
    return spec


def _diagram(kind: str, text: _Text) -> dict[str, Any]:
    if kind == "triangle":
        return {"type": kind, "nodes": [text.words(2, 4) for _ in range(3)],
                "center": text.words(1, 1)}
    if kind in ("cycle", "flow"):
        return {"type": kind, "nodes": [text.words(1, 3) for _ in range(4)]}
    if kind == "hub":
        return {"type": kind, "center": text.words(1, 1),
                "nodes": [text.words(1, 3) for _ in range(5)]}
    if kind == "shift":
        return {"type": kind, "pairs": [[text.words(1, 3), text.words(1, 3)] for _ in range(3)]}
    if kind == "quadrants":
        return {"type": kind, "cells": [{"heading": text.words(1, 3),
                                          "bullets": [text.words(2, 5) for _ in range(2)]}
                                         for _ in range(4)]}
    return {"type": kind, "events": [{"when": str(1980 + 8 * i), "label": text.words(2, 4)}
                                     for i in range(4)]}


def _slide(n: int, text: _Text) -> dict[str, Any]:
    """Slide ``n`` (0-based) of the synthetic deck."""
    kind = KINDS[n % len(KINDS)]
    title = text.words(3, 7)
    if kind == "section":
        return {"section": text.words(2, 5), "subtitle": text.words(3, 6)}
    slide: dict[str, Any]
    if kind == "bullets":
        items: list[Any] = [text.marked(6, 14) for _ in range(3)]
        items.append({"text": text.marked(4, 9), "items": [text.words(4, 9) for _ in range(2)]})
        slide = {"title": title, "bullets": items}
    elif kind == "columns":
        slide = {"title": title, "columns": [
            {"heading": text.words(2, 4), "bullets": [text.words(4, 9) for _ in range(3)],
             "label": text.words(1, 2)} for _ in range(2)]}
    elif kind == "quote":
        slide = {"quote": text.words(14, 28), "by": text.words(2, 3),
                 "context": text.words(4, 8), "source": text.words(3, 6)}
    elif kind == "statement":
        slide = {"title": title, "statement": f"US$ {text.number(1, 99)} billion",
                 "caption": text.words(5, 10)}
    elif kind == "table":
        header = ["", *[text.words(1, 1) for _ in range(3)]]
        rows = [[text.words(1, 2), *[text.number(0, 2) for _ in range(3)]] for _ in range(5)]
        slide = {"title": title, "table": {"header": header, "rows": rows,
                                           "number_format": "{:.2f}"}}
    elif kind == "image":
        slide = {"title": title, "image": f"images/picture{n // len(KINDS) % 50}.png",
                 "alt": text.words(3, 6), "caption": text.words(4, 8)}
    elif kind == "chart":
        slide = {"title": title, "chart": chart_spec(n // len(KINDS)),
                 "text": [text.words(3, 6), text.words(3, 6)], "source": text.words(3, 6)}
    else:
        slide = {"title": title,
                 "diagram": _diagram(DIAGRAMS[n // len(KINDS) % len(DIAGRAMS)], text)}
    slide["notes"] = " ".join(text.words(8, 16) + "." for _ in range(3))
    return slide


def synthetic(count: int, seed: int = 7) -> dict[str, Any]:
    """A deck of ``count`` slides (plus the title slide) as plain data."""
    text = _Text(seed)
    return {
        "deck": {"title": "Synthetic benchmark deck", "subtitle": "Every kind of slide",
                 "author": "Benchmark", "date": "2024-01-01", "footer": "{title} · {date}"},
        "slides": [_slide(n, text) for n in range(count)],
    }


def write_images(folder: Path, count: int = 50) -> None:
    """Small distinct PNG pictures (50 at most: a deck reuses its pictures)."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        path = folder / f"picture{i}.png"
        if path.exists():
            continue
        image = Image.new("RGB", (480, 300), (40 + 4 * i, 90, 160 - 2 * i))
        draw = ImageDraw.Draw(image)
        for k in range(6):
            draw.rectangle((30 + 70 * k, 250 - 30 * k - i, 80 + 70 * k, 270), fill=(230, 180, 60))
        image.save(path, optimize=False)


# --- YAML ---------------------------------------------------------------------------------

def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _yaml(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item and not _flat(item):
                lines.append(f"{pad}{key}:")
                lines.extend(_yaml(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_inline(item)}")
        return lines
    for item in value:
        if isinstance(item, (dict, list)) and item and not _flat(item):
            inner = _yaml(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
        else:
            lines.append(f"{pad}- {_inline(item)}")
    return lines


def _flat(value: Any) -> bool:
    """Short lists of scalars are written inline, as people write them."""
    return isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value) \
        and len(value) <= 6 and sum(len(str(v)) for v in value) < 80


def _inline(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def write_yaml(deck: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(_yaml(deck, 0)) + "\n", encoding="utf-8")


# --- Markdown for pandoc ----------------------------------------------------------------

def _md(text: Any) -> str:
    """deckgen's inline marks are Markdown's, except ==highlight==."""
    return str(text).replace("==", "**").replace("\n", " ")


def _md_bullets(items: list[Any], depth: int = 0) -> list[str]:
    out: list[str] = []
    pad = "  " * depth
    for item in items:
        if isinstance(item, list):
            out.extend(_md_bullets(item, depth + 1))
        elif isinstance(item, dict):
            out.append(f"{pad}- {_md(item['text'])}")
            out.extend(_md_bullets(item.get("items") or [], depth + 1))
        else:
            out.append(f"{pad}- {_md(item)}")
    return out


def _md_table(header: list[Any], rows: list[list[Any]]) -> list[str]:
    cells = [[("" if c is None else _md(c)) for c in header]]
    cells += [[("" if c is None else _md(c)) for c in row] for row in rows]
    width = max(len(r) for r in cells)
    cells = [r + [""] * (width - len(r)) for r in cells]
    lines = ["| " + " | ".join(c or " " for c in cells[0]) + " |",
             "|" + "|".join("---" for _ in range(width)) + "|"]
    lines += ["| " + " | ".join(c or " " for c in row) + " |" for row in cells[1:]]
    return lines


def _md_diagram(diagram: dict[str, Any]) -> list[str]:
    """pandoc has no diagrams; their words become a list."""
    if "pairs" in diagram:
        return [f"- {_md(a)} → {_md(b)}" for a, b in diagram["pairs"]]
    if "cells" in diagram:
        out = []
        for cell in diagram["cells"]:
            out.append(f"- **{_md(cell['heading'])}**")
            bullets = cell.get("bullets") or []
            out += [f"  - {_md(b)}" for b in ([bullets] if isinstance(bullets, str) else bullets)]
        return out
    if "events" in diagram:
        return [f"- {_md(e['when'])}: {_md(e['label'])}" for e in diagram["events"]]
    head = [f"- **{_md(diagram['center'])}**"] if diagram.get("center") else []
    return head + [f"- {_md(n)}" for n in diagram.get("nodes", [])]


def _md_slide(slide: dict[str, Any], chart_png: str | None, base: Path) -> list[str]:
    if "section" in slide:
        out = [f"# {_md(slide['section'])}", ""]
        return out + ([_md(slide["subtitle"]), ""] if slide.get("subtitle") else [])
    title = slide.get("title")
    out = [f"## {_md(title)}" if title else "---", ""]
    if "bullets" in slide:
        out += _md_bullets(slide["bullets"])
    elif "columns" in slide:
        out.append(":::::: {.columns}")
        for column in slide["columns"]:
            out += ["::: {.column}", f"**{_md(column.get('heading') or '')}**", ""]
            out += _md_bullets(column.get("bullets") or [])
            out += ["", f"*{_md(column['label'])}*" if column.get("label") else "", ":::"]
        out.append("::::::")
    elif "quote" in slide:
        out.append(f"> {_md(slide['quote'])}")
        if slide.get("by"):
            out += [">", f"> — {_md(slide['by'])}"]
        if slide.get("context"):
            out += ["", _md(slide["context"])]
    elif "statement" in slide:
        out.append(f"**{_md(slide['statement'])}**")
        if slide.get("caption"):
            out += ["", _md(slide["caption"])]
    elif "table" in slide:
        table = slide["table"]
        header, rows = table.get("header"), table.get("rows")
        if table.get("data"):
            with open(base / table["data"], encoding="utf-8") as handle:
                read = list(csv.reader(handle))
            header, rows = read[0], read[1:]
        out += _md_table(header or [], rows or [])
    elif "image" in slide:
        out.append(f"![{_md(slide.get('alt', ''))}]({(base / slide['image']).as_posix()})")
        if slide.get("caption"):
            out += ["", _md(slide["caption"])]
    elif "chart" in slide:
        out.append(f"![{_md(slide.get('alt') or slide['title'])}]({chart_png})")
        text = slide.get("text") or []
        out += ["", *[f"- {_md(t)}" for t in ([text] if isinstance(text, str) else text)]]
    elif "diagram" in slide:
        out += _md_diagram(slide["diagram"])
    if slide.get("source"):
        source = slide["source"]
        out += ["", *[f"*{_md(s)}*" for s in ([source] if isinstance(source, str) else source)]]
    if slide.get("notes"):
        out += ["", "::: notes", _md(slide["notes"]), ":::"]
    return out + [""]


def write_markdown(deck: dict[str, Any], bases: list[Path], chart_pngs: list[str],
                   path: Path) -> None:
    """The deck as a pandoc Markdown slide show (level-2 headings are slides).

    ``bases[i]`` is the folder slide i's paths are relative to; ``chart_pngs``
    are the pictures of the deck's charts, in order.
    """
    meta = deck["deck"]
    lines = ["---", f"title: {json.dumps(_md(meta['title']), ensure_ascii=False)}"]
    for key in ("subtitle", "author", "date"):
        if meta.get(key):
            lines.append(f"{key}: {json.dumps(_md(meta[key]), ensure_ascii=False)}")
    lines += ["---", ""]
    charts = iter(chart_pngs)
    for slide, base in zip(deck["slides"], bases, strict=True):
        if slide.get("hidden") in (True, "true"):
            continue
        png = next(charts) if "chart" in slide else None
        lines += _md_slide(slide, png, base)
    path.write_text("\n".join(lines), encoding="utf-8")


def write_json(deck: dict[str, Any], bases: list[Path], chart_pngs: list[str],
               path: Path) -> None:
    """The slides for the python-pptx baseline, paths made absolute, tables read."""
    slides = []
    charts = iter(chart_pngs)
    for slide, base in zip(deck["slides"], bases, strict=True):
        if slide.get("hidden") in (True, "true"):
            continue
        item = json.loads(json.dumps(slide, ensure_ascii=False))
        if "image" in item:
            item["image"] = str((base / item["image"]).resolve())
        if "chart" in item:
            item["chart_png"] = next(charts)
        table = item.get("table")
        if table and table.get("data"):
            with open(base / table["data"], encoding="utf-8") as handle:
                read = list(csv.reader(handle))
            table["header"], table["rows"] = read[0], read[1:]
        slides.append(item)
    path.write_text(json.dumps({"deck": deck["deck"], "slides": slides}, ensure_ascii=False),
                    encoding="utf-8")


def chart_key(spec: dict[str, Any]) -> str:
    """A short stable name for a chart's data, so equal charts share one PNG."""
    return f"{zlib.crc32(json.dumps(spec, sort_keys=True).encode()):08x}"
