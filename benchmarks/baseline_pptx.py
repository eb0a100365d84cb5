"""Baseline: a plain python-pptx script building the same slides.

What someone would write by hand without deckgen: a title-only layout, text
boxes for text, a table, pictures for images and (already drawn) charts,
rounded boxes for diagrams, a footer and slide number on each slide, and the
speaker notes.  No text fitting, no themes.  Run as
``python baseline_pptx.py SLIDES.json OUT.pptx``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches, Pt


def words(value: object) -> str:
    return str(value).replace("**", "").replace("==", "")


def add_bullets(frame, items, level: int = 0, first: list | None = None) -> None:  # noqa: ANN001
    first = first if first is not None else [True]
    for item in items:
        if isinstance(item, list):
            add_bullets(frame, item, level + 1, first)
            continue
        text = item["text"] if isinstance(item, dict) else item
        p = frame.paragraphs[0] if first[0] else frame.add_paragraph()
        first[0] = False
        p.text = words(text)
        p.level = level
        p.font.size = Pt(20 - 2 * level)
        if isinstance(item, dict):
            add_bullets(frame, item.get("items") or [], level + 1, first)


def text_box(slide, left, top, width, height, text, size=20):  # noqa: ANN001, ANN201
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = words(text)
    for p in frame.paragraphs:
        p.font.size = Pt(size)
    return box


def diagram_labels(diagram: dict) -> list[str]:
    if "pairs" in diagram:
        return [f"{a} → {b}" for a, b in diagram["pairs"]]
    if "cells" in diagram:
        return [c["heading"] for c in diagram["cells"]]
    if "events" in diagram:
        return [f"{e['when']}: {e['label']}" for e in diagram["events"]]
    return ([diagram["center"]] if diagram.get("center") else []) + diagram.get("nodes", [])


def body(slide, item: dict) -> None:  # noqa: ANN001
    if "bullets" in item:
        box = text_box(slide, 0.7, 1.6, 11.9, 5.0, "")
        add_bullets(box.text_frame, item["bullets"])
    elif "columns" in item:
        width = 11.9 / len(item["columns"])
        for i, column in enumerate(item["columns"]):
            box = text_box(slide, 0.7 + i * width, 1.6, width - 0.2, 5.0,
                           column.get("heading") or "", 22)
            add_bullets(box.text_frame, column.get("bullets") or [], 0, [False])
    elif "quote" in item:
        text_box(slide, 1.5, 2.0, 10.3, 3.0, f"“{item['quote']}”", 28)
        text_box(slide, 1.5, 5.2, 10.3, 0.6, item.get("by") or "", 18)
    elif "statement" in item:
        text_box(slide, 1.0, 2.5, 11.3, 1.5, item["statement"], 54)
        text_box(slide, 1.0, 4.2, 11.3, 0.8, item.get("caption") or "", 18)
    elif "table" in item:
        header, rows = item["table"].get("header") or [], item["table"].get("rows") or []
        cells = [header, *rows] if header else rows
        cols = max(len(r) for r in cells)
        shape = slide.shapes.add_table(len(cells), cols, Inches(0.7), Inches(1.6),
                                       Inches(11.9), Inches(0.4 * len(cells)))
        for r, row in enumerate(cells):
            for c, value in enumerate(row):
                shape.table.cell(r, c).text = "" if value is None else words(value)
    elif "image" in item:
        slide.shapes.add_picture(item["image"], Inches(2.5), Inches(1.6), height=Inches(4.8))
    elif "chart" in item:
        slide.shapes.add_picture(item["chart_png"], Inches(0.7), Inches(1.6), Inches(8.5))
        text = item.get("text") or []
        text_box(slide, 9.4, 1.6, 3.2, 4.0, "\n".join([text] if isinstance(text, str) else text))
    elif "diagram" in item:
        labels = diagram_labels(item["diagram"])
        width = 11.9 / max(len(labels), 1)
        for i, label in enumerate(labels):
            shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE,
                                           Inches(0.7 + i * width), Inches(3.0),
                                           Inches(width - 0.2), Inches(1.5))
            shape.text_frame.text = words(label)


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    title_only, title_layout = prs.slide_layouts[5], prs.slide_layouts[0]
    meta = data["deck"]
    cover = prs.slides.add_slide(title_layout)
    cover.shapes.title.text = words(meta["title"])
    cover.placeholders[1].text = words(meta.get("subtitle") or "")
    for number, item in enumerate(data["slides"], start=2):
        slide = prs.slides.add_slide(title_only)
        slide.shapes.title.text = words(item.get("title") or item.get("section") or "")
        body(slide, item)
        text_box(slide, 0.7, 7.0, 8.0, 0.4, f"{meta['title']} · {meta.get('date', '')}", 10)
        text_box(slide, 12.0, 7.0, 0.8, 0.4, str(number), 10)
        if item.get("notes"):
            slide.notes_slide.notes_text_frame.text = words(item["notes"])
    prs.save(sys.argv[2])


if __name__ == "__main__":
    main()
