"""Themes are data: complete, readable and visibly different."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import inherited_look, write
from deckgen.errors import DeckError
from deckgen.model.colours import contrast
from deckgen.model.themes import available, load_theme

THEMES = sorted(available())


def test_at_least_three_designed_themes_plus_the_lecture_one() -> None:
    assert {"scholar", "keynote", "contrast", "lecture"} <= set(THEMES)
    looks = {(load_theme(n, Path(".")).colors.background, load_theme(n, Path(".")).colors.accent)
             for n in THEMES}
    assert len(looks) == len(THEMES)  # no two themes look alike


@pytest.mark.parametrize("name", THEMES)
def test_theme_colours_are_readable(name: str) -> None:
    c = load_theme(name, Path(".")).colors
    assert contrast(c.text, c.background) >= 7, "body text"
    assert contrast(c.title, c.background) >= 4.5, "titles"
    assert contrast(c.muted, c.background) >= 4.5, "sources and captions"
    assert contrast(c.muted, c.surface) >= 4.5, "text on panels"
    assert contrast(c.text, c.surface) >= 7, "text on panels"
    assert contrast(c.on_accent, c.accent) >= 4.5, "labels on the accent colour"
    assert contrast(c.section_text, c.section_background) >= 4.5, "section slides"
    assert contrast(c.accent, c.background) >= 3, "accent figures (large text)"
    assert contrast(c.highlight, c.background) >= 4.5, "highlighted words"
    if name == "contrast":
        for colour in (c.title, c.muted, c.accent, *c.palette):
            assert contrast(colour, c.background) >= 7, colour


def test_extends_cycle_and_bad_keys_are_located(tmp_path: Path) -> None:
    write(tmp_path, "name: a\nextends: b.yaml\n", "a.yaml")
    write(tmp_path, "name: b\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(DeckError) as caught:
        load_theme("a.yaml", tmp_path)
    assert "theme extends cycle" in caught.value.problems.items[0].message
    write(tmp_path, """
        name: c
        extends: default
        colors:
          accent: "red"
          acent: "#FF0000"
    """, "c.yaml")
    with pytest.raises(DeckError) as caught:
        load_theme("c.yaml", tmp_path)
    got = sorted((p.where.line, p.message) for p in caught.value.problems)
    assert got == [
        (4, "theme key 'colors.accent': 'red' is not a colour; write it as #RRGGBB"),
        (5, "unknown theme key 'colors.acent'"),
    ]
    write(tmp_path, "name: d\ncolors: {text: '#000000'}\n", "d.yaml")
    with pytest.raises(DeckError) as caught:
        load_theme("d.yaml", tmp_path)
    assert any("theme is missing 'fonts'" in p.message for p in caught.value.problems)


# --- text reads on every ground: every kind, dark, light and picture backgrounds -----------

@pytest.mark.parametrize("name", THEMES)
def test_text_sets_links_and_scrims_are_readable(name: str) -> None:
    c = load_theme(name, Path(".")).colors
    least = 7 if name == "contrast" else 4.5
    for role in ("text", "muted", "accent", "link"):
        assert contrast(getattr(c.on_dark, role), c.scrim_dark) >= least, f"on_dark.{role}"
        assert contrast(getattr(c.on_light, role), c.scrim_light) >= least, f"on_light.{role}"
    assert contrast(c.accent, c.background) >= 4.5, "links on the slide"
    assert contrast(c.accent, c.surface) >= 4.5, "links on panels and columns"


A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
KINDS_DECK = """
deck: {{title: "Every kind on {ground}", footer: "{{title}} · [site](https://example.org)",
       title_slide: false}}
slides:
  - {{kind: title, title: "Cover ==marked==", subtitle: "with [a link](https://example.org)",
     background: {bg}}}
  - {{section: "A section", subtitle: "its subtitle", background: {bg}}}
  - title: "Bullets with [a link](https://example.org) and ==a mark=="
    bullets: ["one **two** [three](https://example.org)", ["nested ==four=="]]
    source: "A source line"
    background: {bg}
  - title: "Columns"
    columns:
      - {{heading: "Left", bullets: ["a [link](https://example.org)"], label: "Tag"}}
      - {{heading: "Right", text: "a paragraph"}}
    background: {bg}
  - {{quote: "A quotation that says [something](https://example.org)", by: "Someone",
     context: "Somewhere", background: {bg}}}
  - {{statement: "A statement", caption: "its caption", background: {bg}}}
  - title: "Chart"
    chart: {{type: bar, categories: [a, b], series: [{{name: s, values: [1, 2]}}]}}
    text: ["side ==panel==", "[link](https://example.org)"]
    background: {bg}
  - title: "Table"
    table: {{header: [k, v], rows: [[a, 1], [b, 2]]}}
    caption: "a caption with [a link](https://example.org)"
    background: {bg}
  - title: "Diagram"
    diagram: {{type: timeline, events: [{{when: "1", label: "one"}}, {{when: "2", label: "two"}}]}}
    background: {bg}
  - {{kind: closing, title: "Thanks", subtitle: "[example.org](https://example.org)",
     background: {bg}}}
"""


def _pictures(folder: Path) -> dict[str, str]:
    """A dark and a light gradient and a busy texture, as a photo would be."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    t = np.linspace(0, 1, 270)[:, None, None]
    made = {
        "dark-photo": (np.array([10, 14, 40]) * (1 - t) + np.array([90, 60, 40]) * t),
        "light-photo": (np.array([250, 248, 240]) * (1 - t) + np.array([200, 210, 220]) * t),
        "busy-photo": Image.fromarray((rng.random((18, 32)) * 255).astype(np.uint8)).resize(
            (480, 270), Image.BICUBIC),
    }
    out = {}
    for key, value in made.items():
        image = value.convert("RGB") if isinstance(value, Image.Image) else Image.fromarray(
            np.repeat(value, 480, axis=1).astype(np.uint8))
        image.save(folder / f"{key}.png")
        out[key] = f"{key}.png"
    return out


def _fill(element) -> tuple[str, float] | None:  # noqa: ANN001 - an lxml element
    if element is None:
        return None
    solid = element.find(f"{A}solidFill")
    colour = solid.find(f"{A}srgbClr") if solid is not None else None
    if colour is None:
        return None
    alpha = colour.find(f"{A}alpha")
    return "#" + colour.get("val"), (int(alpha.get("val")) / 100000 if alpha is not None else 1)


def _box(shape) -> tuple[float, float, float, float]:  # noqa: ANN001
    return shape.left / 12700, shape.top / 12700, shape.width / 12700, shape.height / 12700


def _grounds(slide, picture, width: float):  # noqa: ANN001, ANN202
    """What lies under a point of the slide: a flat colour, or the picture's pixels."""
    import numpy as np

    p = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
    bg = slide._element.find(f".//{p}bg")
    flat = _fill(bg.find(f"{p}bgPr")) if bg is not None else None
    layers = []  # (box, colour, opacity) in drawing order
    for shape in slide.shapes:
        sp_pr = shape._element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}spPr")
        fill = _fill(sp_pr) if sp_pr is not None else None
        if fill and shape.shape_type != 17:  # text boxes' fills are their own
            layers.append((_box(shape), *fill, shape))

    def under(box, owner):  # noqa: ANN001, ANN202
        cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
        veils, solid = [], None
        for (x, y, w, h), colour, opacity, shape in layers:
            if shape._element is owner._element:
                break
            if x <= cx <= x + w and y <= cy <= y + h:
                if opacity >= 1:
                    solid, veils = colour, []
                else:
                    veils.append((colour, opacity))
        if solid:
            pixels = np.array([[int(solid[i:i + 2], 16) for i in (1, 3, 5)]], dtype=float)
        elif picture is not None:
            s = picture.shape[1] / width
            pixels = picture[int(box[1] * s):int((box[1] + box[3]) * s) + 1,
                             int(box[0] * s):int((box[0] + box[2]) * s) + 1].reshape(-1, 3)
        else:
            return flat[0]
        for colour, opacity in veils:
            rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
            pixels = pixels * (1 - opacity) + rgb * opacity
        return pixels

    return under


def _luminances(pixels):  # noqa: ANN001, ANN202
    import numpy as np

    s = pixels / 255.0
    linear = np.where(s <= 0.03928, s / 12.92, ((s + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def _worst(colour: str, ground) -> float:  # noqa: ANN001
    """Contrast of ``colour`` against the part of its ground nearest to it in lightness."""
    import numpy as np

    from deckgen.model.colours import luminance

    if isinstance(ground, str):
        return contrast(colour, ground)
    low, high = np.percentile(_luminances(ground), [5, 95])
    text = luminance(colour)
    if low <= text <= high:
        return 1.0
    near = high if text > high else low
    return (max(text, near) + 0.05) / (min(text, near) + 0.05)


def _runs(shape):  # noqa: ANN001, ANN202
    """(colour, size in points, what) of every run and bullet of a shape or its cells."""
    cells = [(c, c._tc) for row in shape.table.rows for c in row.cells] if shape.has_table \
        else [(None, shape._element)] if shape.has_text_frame else []
    for cell, element in cells:
        fill = _fill(element.find(f"{A}tcPr")) if cell is not None and \
            element.find(f"{A}tcPr") is not None else None
        for para in element.iter(f"{A}p"):
            # a placeholder's run leaves to its layout and master what it does not state
            level = int(para.find(f"{A}pPr").get("lvl", "0")) \
                if para.find(f"{A}pPr") is not None else 0
            look = inherited_look(shape, level) if cell is None and shape.is_placeholder \
                else None
            for r_pr in para.iter(f"{A}rPr"):
                got = _fill(r_pr) or ((look.colour, 1.0) if look and look.colour else None)
                size = int(r_pr.get("sz")) / 100 if r_pr.get("sz") else (
                    look.size if look and look.size else 18.0)
                if got and r_pr.getparent().find(f"{A}t") is not None \
                        and r_pr.getparent().findtext(f"{A}t").strip():
                    yield got[0], size, r_pr.getparent().findtext(f"{A}t"), fill
            bullet = para.find(f"{A}pPr/{A}buClr")
            if bullet is not None and para.find(f"{A}pPr/{A}buChar") is not None:
                first = para.find(f".//{A}rPr")
                size = int(first.get("sz")) / 100 if first is not None and first.get("sz") \
                    else (look.size if look and look.size else 18.0)
                yield "#" + bullet.find(f"{A}srgbClr").get("val"), size, "bullet", fill


GROUNDS = ["dark", "light", "mid", "dark-photo", "light-photo", "busy-photo"]
COLOURS = {"dark": '"#0E1116"', "light": '"#F7F7F2"', "mid": '"#7F7F7F"'}


@pytest.mark.parametrize("ground", GROUNDS)
@pytest.mark.parametrize("name", THEMES)
def test_every_kind_reads_on_dark_light_and_picture_grounds(tmp_path: Path, name: str,
                                                            ground: str) -> None:
    """Every run, link, mark and bullet of every kind reaches 4.5:1 (3:1 from 24 pt) against
    what is behind it, read back from the written file."""
    import numpy as np
    from PIL import Image

    from conftest import build_ok

    pictures = _pictures(tmp_path)
    bg = COLOURS.get(ground) or pictures[ground]
    deck = write(tmp_path, KINDS_DECK.format(ground=ground, bg=bg))
    _, prs = build_ok(deck, theme=name)
    picture = None
    if ground in pictures:
        picture = np.asarray(Image.open(tmp_path / pictures[ground]).convert("RGB"),
                             dtype=float)
    faint = []
    for number, slide in enumerate(prs.slides, 1):
        under = _grounds(slide, picture, 960)
        for shape in slide.shapes:
            if shape.top + shape.height <= 0:
                continue  # a title kept above the slide for screen readers: never drawn
            for colour, size, text, cell_fill in _runs(shape):
                own = _fill(shape._element.find(
                    "{http://schemas.openxmlformats.org/presentationml/2006/main}spPr")) \
                    if shape.shape_type != 17 and not shape.has_table and shape.is_placeholder \
                    is False else None
                behind = cell_fill[0] if cell_fill else (
                    own[0] if own and own[1] >= 1 else under(_box(shape), shape))
                need = 3.0 if size >= 24 else 4.5
                got = _worst(colour, behind)
                if got < need:
                    faint.append(f"slide {number} {shape.name} {text!r}: {colour} {got:.2f}:1")
    assert not faint, "\n".join(faint)
