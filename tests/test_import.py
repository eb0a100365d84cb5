"""``deckgen import``: decks built by deckgen, PowerPoint-style decks and Markdown decks.

The round trip builds every test deck and the lecture, imports the .pptx,
builds the imported folder and compares both files with python-pptx: slide
count, titles, every text with its outline level, table cells, notes and every
chart's numbers.  Each deck goes round twice: as written (charts as pictures,
unless it says otherwise) and with ``charts: native``, so its charts carry
their numbers through the file; tests/data/import-charts holds every chart
type deckgen draws natively.  Text that was part of a drawing (a diagram's
boxes) comes back as the alt text of the picture that replaces the drawing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

ROOT = Path(__file__).resolve().parent.parent
DECKS = sorted([ROOT / "tests/decks/spec/deck.yaml", ROOT / "tests/decks/spec-theme/deck.yaml",
                *(ROOT / "tests/decks/real").glob("*/deck.yaml"),
                ROOT / "content/lecture/deck.yaml"])
CHARTS = ROOT / "tests/data/import-charts/deck.yaml"
WITH_CHARTS = {"markdown-talk": 1, "lecture": 3, "import-charts": 12}  # native charts at least
CHROME = {"Footer", "Slide Number", "Quote mark"}


def deckgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "deckgen"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def outline(path: Path) -> list[dict]:
    """What a reader sees of each slide: title, texts with levels, tables, notes, alt texts."""
    slides = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        texts, tables, alts = [], [], []
        for shape in slide.shapes:
            if shape.name in CHROME or shape == slide.shapes.title:
                continue
            if shape.has_text_frame:
                texts.extend((p.text, p.level) for p in shape.text_frame.paragraphs
                             if p.text.strip())
            if getattr(shape, "has_table", False) and shape.has_table:
                tables.append([[c.text for c in row.cells] for row in shape.table.rows])
            descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
            if descr:
                alts.append(descr[0])
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"title": title, "texts": texts, "tables": tables, "notes": notes,
                       "alts": alts})
    return slides


def assert_same(before: list[dict], after: list[dict]) -> None:
    assert len(after) == len(before), "slide count changed"
    for number, (a, b) in enumerate(zip(before, after, strict=True), start=1):
        where = f"slide {number} ({a['title']!r})"
        assert b["title"] == a["title"], where
        assert b["tables"] == a["tables"], where
        assert b["notes"].strip() == a["notes"].strip(), where
        # A drawing comes back as a picture with its text as alt text; paragraphs beside
        # a picture come back as its one caption (the import reports both).
        alts = " ".join(b["alts"])
        joined = " ".join(t for t, _ in b["texts"])
        missing = [t for t in a["texts"] if t not in b["texts"]
                   and not all(w in alts for w in t[0].split()) and t[0] not in joined]
        assert not missing, f"{where}: texts lost {missing}"
        kept = [t for t in a["texts"] if t in b["texts"]]
        assert [t for t in b["texts"] if t in kept] == kept, f"{where}: order changed"


def charts(path: Path) -> list[tuple[int, str, list]]:
    """Every native chart's numbers as python-pptx reads them: per slide, the chart type,
    the categories and each series' name, values and (for XY charts) x values, the axis
    titles, the values' number format and how many points carry their own label."""
    found = []
    for number, slide in enumerate(Presentation(str(path)).slides, start=1):
        for shape in slide.shapes:
            if not getattr(shape, "has_chart", False) or not shape.has_chart:
                continue
            chart = shape.chart
            plots = [(list(plot.categories),
                      [(s.name, list(s.values), [float(v) for v in s._element.xpath(
                          "./c:xVal//c:v/text()")]) for s in plot.series])
                     for plot in chart.plots]
            titles = ["".join(t.xpath(".//a:t/text()")) for t in
                      chart._chartSpace.xpath("./c:chart/c:plotArea/*/c:title")]
            formats = [s._element.xpath("./c:val//c:formatCode/text() | ./c:yVal//c:formatCode"
                                        "/text()") for plot in chart.plots for s in plot.series]
            labels = [len(s._element.xpath("./c:dLbls/c:dLbl")) for plot in chart.plots
                      for s in plot.series]
            found.append((number, chart.chart_type.name, [plots, titles, formats, labels]))
    return found


def grouped(path: Path) -> list[int]:
    """The slides that hold a group of shapes (deckgen draws a diagram as one)."""
    return [number for number, slide in enumerate(Presentation(str(path)).slides, start=1)
            if any(shape.shape_type == MSO_SHAPE_TYPE.GROUP for shape in slide.shapes)]


def native(deck: Path, into: Path) -> Path:
    """A copy of the deck's folder whose deck block asks for native charts."""
    import re
    import shutil

    shutil.copytree(deck.parent, into, symlinks=True)
    copy = into / deck.name
    text = copy.read_text(encoding="utf-8")
    if not re.search(r"^  charts: native$", text, re.MULTILINE):
        text, count = re.subn(r"^deck:\n(\s+)", r"deck:\n\1charts: native\n\1", text, count=1,
                              flags=re.MULTILINE)
        assert count == 1, "the deck block was not found"
    copy.write_text(text, encoding="utf-8")
    return copy


ROUNDS = [pytest.param(deck, "as-written", id=f"{deck.parent.name}-as-written")
          for deck in DECKS] + [pytest.param(deck, "native", id=f"{deck.parent.name}-native")
                                for deck in [*DECKS, CHARTS]]


@pytest.mark.parametrize(("deck", "charts_as"), ROUNDS)
def test_round_trip(deck: Path, charts_as: str, tmp_path: Path) -> None:
    if charts_as == "native":
        deck = native(deck, tmp_path / "source")
    first = tmp_path / "first.pptx"
    done = deckgen("build", str(deck), "-o", str(first))
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "imported"
    done = deckgen("import", str(first), "-o", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    assert deck.parent.name != "lecture" or len(grouped(first)) >= 5  # its diagrams
    for number in grouped(first):  # a diagram comes back as a picture, and says so
        assert f"slide {number}: a group of shapes has no equivalent in the format: imported " \
               "as a picture rendered by LibreOffice, its text kept as the alt text" \
               in done.stdout, done.stdout
    assert (folder / "deck.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=")
    done = deckgen("check", "--strict", str(folder / "deck.yaml"))
    assert done.returncode == 0, done.stderr
    second = tmp_path / "second.pptx"
    done = deckgen("build", str(folder / "deck.yaml"), "-o", str(second))
    assert done.returncode == 0, done.stderr
    assert_same(outline(first), outline(second))
    before, after = charts(first), charts(second)
    if charts_as == "native" and deck.parent.name in WITH_CHARTS:
        assert len(before) >= WITH_CHARTS[deck.parent.name], "charts were not built natively"
    assert after == before


def test_every_native_chart_type_is_in_the_round_trip() -> None:
    """The chart deck of the round trip draws each type deckgen can draw natively."""
    import yaml

    from deckgen.ooxml.charts import _TYPES

    slides = yaml.safe_load(CHARTS.read_text(encoding="utf-8"))["slides"]
    kinds = {s["chart"]["type"] for s in slides}
    assert kinds == set(_TYPES)
    scatters = [s["chart"] for s in slides if s["chart"]["type"] == "scatter"]
    assert {len(c["series"]) for c in scatters} == {1, 2}  # x and y, and against categories
    assert any(c["categories"][0].replace(".", "").isdigit() for c in scatters)
    assert any(not c["categories"][0].isdigit() for c in scatters if len(c["series"]) == 1)


# --- Markdown decks -------------------------------------------------------------------------

MARP = """---
marp: true
title: Faster Builds
author: Ada Lovelace
paginate: true
---

# Faster Builds

How we cut CI time in half

---

## Why it matters

- Builds took **40 minutes**
  - Most of it *waiting*
    - on ~~network~~ caches
- See [the report](https://example.com/report)

<!-- Speak slowly here. -->

---

<!-- _class: lead -->

## Results

| stage | before | after |
|---|---|---|
| compile | 12 | 5.50 |

---

## The pipeline

![Pipeline diagram](pics/chart.png)

---

## Code

```python
def build():
    return 1
```

---

> Simplicity is prerequisite for reliability.
> — Edsger Dijkstra

---

![bg](pics/chart.png)

## Over a picture

Big things happen

<style>
section { color: red; }
</style>
"""

PANDOC = """---
title: Research Funding
author: [A. Speaker, B. Writer]
date: 2024-03-01
---

# Beginnings

## Early years

- Funding was *small*
- Grew **fourfold**
    1. first step
    2. second step

::: notes
Say that funding grew fourfold.
:::

## Two views

:::: columns
::: column
### Left
- one
:::
::: column
### Right
- three
:::
::::

# Today

## Numbers

| year | amount |
|------|--------|
| 2010 | 1.50 |

## A photo

![A chart of growth](pics/chart.png)

## Links

Read [the paper](https://example.org/paper), `code` and ~~old~~ new.
"""

SLIDEV = """---
theme: seriph
title: Slidev Talk
---

# Slidev Talk

Presented with Slidev

---
layout: section
---

# Part One

---

# Two columns

::left::

- alpha

::right::

- gamma

---

# Component

<Tweet id="20" />

- a point

<!--
Presenter notes for the component slide.
-->
"""

REVEAL = """# Reveal Deck

---

## First

- one
  - one a

Note: These are the notes
for the first slide.

---

## Third

<div class="fragment">Raw html block</div>

1. alpha
2. beta
"""


def words(text: str) -> set[str]:
    import re

    return {w for w in re.findall(r"[A-Za-z0-9]+", text) if len(w) > 1}


def pptx_words(path: Path) -> set[str]:
    found: set[str] = set()
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                found |= words(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                found |= words(" ".join(c.text for r in shape.table.rows for c in r.cells))
            found |= words(" ".join(shape._element.xpath("./*[1]/p:cNvPr/@descr")))
        if slide.has_notes_slide:
            found |= words(slide.notes_slide.notes_text_frame.text)
    return found


def markdown_deck(tmp_path: Path, text: str) -> Path:
    from PIL import Image

    (tmp_path / "src" / "pics").mkdir(parents=True)
    Image.new("RGB", (320, 200), (30, 90, 200)).save(tmp_path / "src" / "pics" / "chart.png")
    source = tmp_path / "src" / "talk.md"
    source.write_text(text, encoding="utf-8")
    return source


MARKDOWN = {"marp": MARP, "pandoc": PANDOC, "slidev": SLIDEV, "reveal": REVEAL}
MARKUP_WORDS = {"marp", "true", "paginate", "lead", "class", "python", "bg", "png", "pics",
                "chart", "layout", "section", "seriph", "theme", "left", "right", "notes",
                "columns", "column", "https", "com", "org", "example", "report", "paper", "Note",
                "title", "author", "date", "Tweet", "id", "20", "style", "color", "red", "div",
                "fragment"}


@pytest.mark.parametrize("flavour", sorted(MARKDOWN))
def test_markdown_import_keeps_all_text(flavour: str, tmp_path: Path) -> None:
    source = markdown_deck(tmp_path, MARKDOWN[flavour])
    folder = tmp_path / "deck"
    done = deckgen("import", str(source), "-o", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "out.pptx"
    done = deckgen("build", "--strict", str(folder / "deck.yaml"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    expected = words(MARKDOWN[flavour]) - MARKUP_WORDS
    missing = expected - pptx_words(out)
    assert not missing, f"text lost: {sorted(missing)}"


def test_markdown_structure(tmp_path: Path) -> None:
    """Levels, numbering, tables, quotes, columns, pictures, notes and marks land in place."""
    import yaml

    folder = tmp_path / "deck"
    done = deckgen("import", str(markdown_deck(tmp_path, PANDOC)), "-o", str(folder))
    assert done.returncode == 0, done.stderr
    first = yaml.safe_load((folder / "sections/01-beginnings.yaml").read_text(encoding="utf-8"))
    assert first[0] == {"section": "Beginnings"}
    assert first[1]["bullets"] == ["Funding was *small*", "Grew **fourfold**",
                                   ["first step", "second step"]]
    assert first[1]["notes"] == "Say that funding grew fourfold."
    assert first[2]["columns"] == [{"heading": "Left", "bullets": ["one"]},
                                   {"heading": "Right", "bullets": ["three"]}]
    second = yaml.safe_load((folder / "sections/02-today.yaml").read_text(encoding="utf-8"))
    assert second[1]["table"] == {"header": ["year", "amount"], "rows": [["2010", "1.50"]]}
    assert second[2]["image"] == "../images/slide-06.png"
    assert (folder / "images/slide-06.png").is_file()
    assert second[3]["bullets"] == [
        "Read [the paper](https://example.org/paper), `code` and ~~old~~ new."]
    deck = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))["deck"]
    assert deck["author"] == "A. Speaker, B. Writer" and deck["date"] == "2024-03-01"

    folder = tmp_path / "marp"
    done = deckgen("import", str(markdown_deck(tmp_path / "m", MARP)), "-o", str(folder))
    assert done.returncode == 0, done.stderr
    assert "slide 7: CSS has no equivalent; kept in the notes" in done.stdout
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    slides = yaml.safe_load(text)["slides"]
    quote = next(s for s in slides if s.get("kind") == "quote")
    assert quote["by"] == "Edsger Dijkstra"
    assert slides[-1]["background"].startswith("images/")
    code = next(s for s in slides if s.get("title") == "Code")
    if code.get("kind") == "code":  # the format has code slides: the code is kept exactly
        assert code["code"] == "def build():\n    return 1\n"
        assert code["language"] == "python"
    else:
        assert "python code block has no slide kind yet; kept in the notes" in done.stdout
        assert "def build():\n    return 1" in code["notes"]


# --- the command ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "spec.pptx"
    done = deckgen("build", str(ROOT / "tests/decks/real/code-talk/deck.yaml"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_existing_folder_is_refused_without_force(built: Path, tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text("mine\n", encoding="utf-8")
    done = deckgen("import", str(built), "-o", str(folder), "--no-render")
    assert done.returncode == 1 and "already exists" in done.stderr
    assert (folder / "deck.yaml").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in folder.iterdir()) == ["deck.yaml"]
    done = deckgen("import", str(built), "-o", str(folder), "--force", "--no-render")
    assert done.returncode == 0, done.stderr
    assert (folder / "deck.yaml").read_text(encoding="utf-8").startswith("# yaml-language")


def test_symlinks_in_the_folder_are_not_written_through(built: Path, tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    outside = tmp_path / "outside"
    outside.mkdir()
    folder.mkdir()
    (folder / "images").symlink_to(outside)
    (folder / "deck.yaml").symlink_to(outside / "victim.yaml")
    done = deckgen("import", str(built), "-o", str(folder), "--force", "--no-render")
    assert done.returncode == 1 and "symbolic link" in done.stderr
    assert list(outside.iterdir()) == []
    assert "Traceback" not in done.stderr


def hostile_pptx(tmp_path: Path, name: str, change: dict[str, bytes]) -> Path:
    import zipfile

    from pptx import Presentation as New

    plain = tmp_path / "plain.pptx"
    prs = New()
    prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = "Hello"
    prs.save(str(plain))
    target = tmp_path / name
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, change.get(item.filename, src.read(item.filename)))
        for extra, data in change.items():
            if extra not in src.namelist():
                dst.writestr(extra, data)
    return target


@pytest.mark.parametrize("case", ["doctype", "bomb", "not-a-zip", "markdown-too-big", "bad-utf8"])
def test_hostile_sources_are_clear_errors(case: str, tmp_path: Path) -> None:
    if case == "doctype":
        source = hostile_pptx(tmp_path, "x.pptx", {"ppt/slides/slide1.xml": (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><p:sld/>')})
    elif case == "bomb":
        source = hostile_pptx(tmp_path, "x.pptx", {"ppt/media/big.bin": b"\0" * 60_000_000})
    elif case == "not-a-zip":
        source = tmp_path / "x.pptx"
        source.write_bytes(b"not a zip at all")
    elif case == "markdown-too-big":
        source = tmp_path / "x.md"
        source.write_bytes(b"# a\n" * (3 * 1024 * 1024))
    else:
        source = tmp_path / "x.md"
        source.write_bytes(b"# caf\xe9\n")
    folder = tmp_path / "deck"
    done = deckgen("import", str(source), "-o", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error:" in done.stderr and "Traceback" not in done.stderr
    assert not folder.exists()


def test_many_slides_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "many.md"
    source.write_text("\n---\n".join(f"# Slide {i}\n\n- point" for i in range(1500)),
                      encoding="utf-8")
    done = deckgen("import", str(source), "-o", str(tmp_path / "deck"))
    assert done.returncode == 1 and "at most 1,000" in done.stderr
    assert not (tmp_path / "deck").exists()


def test_markdown_pictures_outside_the_folder_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    source = tmp_path / "src" / "talk.md"
    source.parent.mkdir()
    source.write_text("# T\n\n---\n\n## A\n\n![x](../secret.png)\n\n![y](/etc/passwd)\n",
                      encoding="utf-8")
    folder = tmp_path / "deck"
    done = deckgen("import", str(source), "-o", str(folder))
    assert "outside the deck's folder" in done.stdout
    assert not (folder / "images").exists()


def test_hidden_slides_sections_and_native_charts(tmp_path: Path) -> None:
    """A PowerPoint-made deck: layouts, hidden slide, numbered list, a native chart's data."""
    from pptx import Presentation as New
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    prs = New()
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "Quarterly Review"
    cover.placeholders[1].text = "Finance team"
    section = prs.slides.add_slide(prs.slide_layouts[2])
    section.shapes.title.text = "Results"
    bullets = prs.slides.add_slide(prs.slide_layouts[1])
    bullets.shapes.title.text = "Steps"
    frame = bullets.placeholders[1].text_frame
    frame.text = "Plan"
    para = frame.add_paragraph()
    para.text = "Detail"
    para.level = 1
    bullets._element.set("show", "0")
    bullets.notes_slide.notes_text_frame.text = "Hidden for now"
    chart_slide = prs.slides.add_slide(prs.slide_layouts[5])
    chart_slide.shapes.title.text = "Revenue"
    data = CategoryChartData()
    data.categories = ["Q1", "Q2", "Q3"]
    data.add_series("2024", (1.5, 2.25, 3))
    chart_slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2),
                                 Inches(6), Inches(4), data)
    two = prs.slides.add_slide(prs.slide_layouts[3])
    two.shapes.title.text = "Compare"
    two.placeholders[1].text = "left side"
    two.placeholders[2].text = "right side"
    source = tmp_path / "review.pptx"
    prs.save(str(source))
    folder = tmp_path / "deck"
    done = deckgen("import", str(source), "-o", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    import yaml

    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    deck = yaml.safe_load(text)
    assert deck["deck"]["title"] == "Quarterly Review"
    assert deck["deck"]["subtitle"] == "Finance team"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml"))
    assert files == ["deck.yaml", "sections/01-results.yaml"]
    slides = yaml.safe_load((folder / files[1]).read_text(encoding="utf-8"))
    assert slides[0] == {"section": "Results"}
    assert slides[1]["hidden"] is True and slides[1]["bullets"] == ["Plan", ["Detail"]]
    assert slides[2]["chart"]["type"] == "bar"
    csv_text = (folder / "data" / "slide-04.csv").read_text(encoding="utf-8")
    assert csv_text == "category,2024\nQ1,1.5\nQ2,2.25\nQ3,3\n"
    assert slides[3]["columns"] == [{"bullets": ["left side"]}, {"bullets": ["right side"]}]


def test_powerpoint_charts_keep_their_numbers_and_say_what_changed(tmp_path: Path) -> None:
    """Charts deckgen did not write: a unit in the number format, axis titles, number
    categories, a 100% stack and an XY chart of two series come back with their numbers,
    and what deckgen draws differently is reported."""
    import csv

    import yaml
    from pptx import Presentation as New
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    prs = New()
    box = (Inches(1), Inches(1.5), Inches(8), Inches(5))
    first = prs.slides.add_slide(prs.slide_layouts[5])
    first.shapes.title.text = "Distance"
    data = CategoryChartData(number_format='#,##0.0" km"')
    data.categories = [2019, 2020, 2021]
    data.add_series("Walked", (1.5, 2.25, 3.0))
    chart = first.shapes.add_chart(XL_CHART_TYPE.COLUMN_STACKED_100, *box, data).chart
    chart.value_axis.axis_title.text_frame.text = "Distance"
    chart.category_axis.axis_title.text_frame.text = "Year"
    second = prs.slides.add_slide(prs.slide_layouts[5])
    second.shapes.title.text = "Points"
    xy = XyChartData()
    for name, points in (("Trial", [(1, 2.5), (2, 4.0), (3.5, 5.5)]), ("Other", [(1, 1)])):
        series = xy.add_series(name)
        for x, y in points:
            series.add_data_point(x, y)
    second.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *box, xy)
    source = tmp_path / "charts.pptx"
    prs.save(str(source))
    folder = tmp_path / "deck"
    done = deckgen("import", str(source), "-o", str(folder), "--no-render")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "slide 1: a 100% stacked column chart is drawn as stacked-bar" in done.stdout
    assert "slide 2: 'Chart 2': 1 more XY series left out (a scatter holds one)" in done.stdout
    slides = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))["slides"]
    assert slides[0]["chart"] == {"type": "stacked-bar", "data": "data/slide-01.csv",
                                  "native": True, "unit": "km", "x_label": "Year",
                                  "y_label": "Distance"}
    rows = list(csv.reader((folder / "data/slide-01.csv").open(encoding="utf-8")))
    assert rows == [["category", "Walked"], ["2019", "1.5"], ["2020", "2.25"], ["2021", "3"]]
    assert slides[1]["chart"]["type"] == "scatter"
    rows = list(csv.reader((folder / "data/slide-02.csv").open(encoding="utf-8")))
    assert rows == [["category", "Trial"], ["1", "2.5"], ["2", "4"], ["3.5", "5.5"]]
    out = tmp_path / "rebuilt.pptx"
    done = deckgen("build", "--strict", str(folder / "deck.yaml"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    rebuilt = [shape.chart for slide in Presentation(str(out)).slides for shape in slide.shapes
               if getattr(shape, "has_chart", False) and shape.has_chart]
    assert list(rebuilt[0].plots[0].categories) == ["2019", "2020", "2021"]
    assert list(rebuilt[0].plots[0].series[0].values) == [1.5, 2.25, 3.0]
    trial = rebuilt[1].plots[0].series[0]
    assert [float(v) for v in trial._element.xpath("./c:xVal//c:v/text()")] == [1, 2, 3.5]
    assert list(trial.values) == [2.5, 4.0, 5.5]


def test_powerpoint_made_slides_get_their_kinds(tmp_path: Path) -> None:
    """A deck made in PowerPoint's way: a big sentence, a quotation with its author,
    numbered points, nesting by margins alone, a table with its header, a described
    picture, a link and marks each come back as the kind and text a person would write."""
    import yaml
    from lxml import etree
    from PIL import Image
    from pptx import Presentation as New
    from pptx.util import Inches, Pt

    prs = New()
    title_only = prs.slide_layouts[5]

    def titled(text: str) -> object:
        slide = prs.slides.add_slide(title_only)
        slide.shapes.title.text = text
        return slide

    def text_box(slide: object, lines: list[str], size: int = 20) -> object:
        frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(3)).text_frame
        for index, line in enumerate(lines):
            para = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            para.text = line
            para.runs[0].font.size = Pt(size)
        return frame

    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "Field Notes"
    cover.placeholders[1].text = "A season on the river"
    big = titled("")
    text_box(big, ["Measure before you cut."], size=40)
    quote = titled("")
    text_box(quote, ["\u201cThe river is everywhere at once.\u201d", "\u2014 Hermann Hesse"])
    steps = titled("Steps")
    frame = text_box(steps, ["Sample", "Dry", "Weigh"])
    for para in frame.paragraphs:
        para._p.get_or_add_pPr().insert(0, etree.fromstring(
            '<a:buAutoNum xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'type="arabicPeriod"/>'))
    nested = titled("Margins")
    frame = text_box(nested, ["Banks", "Left bank", "Right bank"])
    for para, margin in zip(frame.paragraphs, (342900, 685800, 685800), strict=True):
        para._p.get_or_add_pPr().set("marL", str(margin))
        para._p.get_or_add_pPr().insert(0, etree.fromstring(
            '<a:buChar xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'char="\u2022"/>'))
    table_slide = titled("Catch")
    table = table_slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, row in enumerate([["Fish", "Count"], ["Trout", "12"], ["Pike", "3"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    picture_slide = titled("The weir")
    png = tmp_path / "weir.png"
    Image.new("RGB", (400, 300), (20, 90, 60)).save(png)
    picture = picture_slide.shapes.add_picture(str(png), Inches(2), Inches(2), Inches(4))
    picture._element.xpath("./p:nvPicPr/p:cNvPr")[0].set("descr", "The weir at low water")
    marks_slide = prs.slides.add_slide(prs.slide_layouts[1])
    marks_slide.shapes.title.text = "Reading"
    para = marks_slide.placeholders[1].text_frame.paragraphs[0]
    for text, style in (("See ", None), ("the log", "link"), (", ", None), ("dry", "bold"),
                        (" and ", None), ("wet", "italic"), (" and ", None), ("old", "strike"),
                        (" in ", None), ("notes.csv", "code")):
        run = para.add_run()
        run.text = text
        if style == "link":
            run.hyperlink.address = "https://example.org/log"
        elif style == "bold":
            run.font.bold = True
        elif style == "italic":
            run.font.italic = True
        elif style == "strike":
            run.font._rPr.set("strike", "sngStrike")
        elif style == "code":
            run.font.name = "Courier New"
    marks_slide.notes_slide.notes_text_frame.text = "Mention the flood."
    for slide in prs.slides:  # PowerPoint's Header & Footer: the layout's footer placeholder
        footer = next(p for p in slide.slide_layout.placeholders
                      if p.placeholder_format.type.name == "FOOTER")
        slide.shapes.clone_placeholder(footer)
        slide.placeholders[footer.placeholder_format.idx].text = "Field Notes \u00b7 2025"
    source = tmp_path / "field.pptx"
    prs.save(str(source))
    folder = tmp_path / "deck"
    done = deckgen("import", str(source), "-o", str(folder), "--no-render")
    assert done.returncode == 0, done.stdout + done.stderr
    data = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))
    assert data["deck"]["title"] == "Field Notes"
    assert data["deck"]["footer"] == "Field Notes \u00b7 2025"
    slides = data["slides"]
    assert slides[0]["statement"] == "Measure before you cut."
    assert (slides[1]["kind"], slides[1]["by"]) == ("quote", "Hermann Hesse")
    assert slides[1]["quote"] == "The river is everywhere at once."  # the slide draws marks
    assert slides[2]["bullets"] == ["Sample", "Dry", "Weigh"] and slides[2]["numbered"]
    assert slides[3]["bullets"] == ["Banks", ["Left bank", "Right bank"]]
    assert slides[4]["table"] == {"header": ["Fish", "Count"],
                                  "rows": [["Trout", "12"], ["Pike", "3"]]}
    assert slides[5]["alt"] == "The weir at low water"
    assert (folder / slides[5]["image"]).is_file()
    assert slides[6]["bullets"] == ["See [the log](https://example.org/log), **dry** and "
                                    "*wet* and ~~old~~ in `notes.csv`"]
    assert slides[6]["notes"] == "Mention the flood."
    done = deckgen("check", "--strict", str(folder / "deck.yaml"))
    assert done.returncode == 0, done.stderr


def test_a_split_listing_is_rejoined() -> None:
    """Continuation slides of one numbered listing become one code slide again; the blank
    line lost at the break comes back from the numbering, and other slides stay apart."""
    from deckgen.app.importer import rejoined
    from deckgen.source.outline import Code, OutlineSlide, Span

    def part(n: int, total: int, text: str, first: int, title: str = "Schema") -> OutlineSlide:
        return OutlineSlide(number=n, title=(Span(f"{title} ({n}/{total})"),),
                            blocks=(Code("", text, numbers=True, first=first),),
                            lost=(f"lost {n}",))

    slides = [part(1, 2, "a\nb\n", 1), part(2, 2, "c\n", 4), part(1, 2, "x\n", 1, "Other")]
    joined = rejoined(slides)
    assert len(joined) == 2 and joined[1] is slides[2]  # "Other (1/2)" has no part 2
    whole = joined[0]
    assert whole.title == (Span("Schema"),)
    assert whole.blocks == (Code("", "a\nb\n\nc\n", numbers=True, first=1, parts=2),)
    assert whole.lost == ("lost 1", "lost 2")
