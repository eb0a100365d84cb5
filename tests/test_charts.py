"""Charts: every type built into a real deck and reopened, drawn in the theme,
checked with located errors, cached, drawn in parallel and byte-for-byte stable."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from deckgen import figures
from deckgen.app.pipeline import Options, build
from deckgen.cli import main
from deckgen.figures import cache, draw
from deckgen.figures.types import TYPES
from deckgen.layout import charts
from deckgen.layout.charts import describe
from deckgen.layout.charts.job import ChartJob, DataSeries
from deckgen.model.colours import contrast
from deckgen.model.themes import available, load_theme

THEMES = ("default", "scholar", "keynote", "contrast", "lecture")
MPL_BLUE = "#1F77B4"  # matplotlib's default first colour

# One slide per chart type, plus the spec's examples; built once for the module.
ALL_TYPES = """
deck:
  title: "Charts"
  theme: THEME
slides:
  - title: "bar"
    chart:
      type: bar
      categories: ["USA", "South Korea", "Europe", "Japan", "China"]
      series:
        - name: "Patent filing growth 2003-2009"
          values: [6, 5, 4, 1, 26]
      unit: "%"
      labels: true
      highlight: "China"
      x_label: "Region"
      y_label: "Growth"
  - title: "barh"
    chart:
      type: barh
      categories: ["Ministry of Science and Technology", "Chinese Academy of Sciences",
                   "National Natural Science Foundation of China", "Ministry of Education"]
      series: [{name: "Budget", values: [30.5, 12.25, 18, 9]}]
      unit: "US$ bn"
      labels: true
  - title: "stacked-bar"
    chart:
      type: stacked-bar
      categories: ["2000", "2004", "2008", "2012"]
      series:
        - {name: "Basic research", values: [5, 6, 5, 5]}
        - {name: "Applied research", values: [17, 20, 12, 11]}
        - {name: "Experimental development", values: [78, 74, 83, 84]}
      unit: "%"
      labels: true
  - title: "line"
    chart:
      type: line
      categories: ["2008", "2009", "2010", "2011", "2012", "2013"]
      series:
        - {name: "China", values: [1.47, 1.7, 1.76, 1.84, 1.98, 2.08]}
        - {name: "EU", values: [1.9, 1.9, 1.9, 1.9, 2.0, null]}
      unit: "%"
      labels: true
      highlight: "China"
  - title: "area"
    chart:
      type: area
      categories: ["1995", "2000", "2005", "2010", "2015"]
      series: [{name: "Researchers", values: [0.5, 0.7, 1.1, 1.2, 1.6]}]
      unit: "million"
  - title: "pie"
    chart:
      type: pie
      categories: ["Enterprises", "Research institutes", "Universities", "Other"]
      series: [{name: "R&D performers", values: [76, 15, 7.5, 1.5]}]
      unit: "%"
      labels: true
  - title: "donut"
    chart:
      type: donut
      categories: ["Enterprises", "Research institutes", "Universities", "Other"]
      series: [{name: "R&D performers", values: [76, 15, 7.5, 1.5]}]
      unit: "%"
      labels: true
      highlight: "Universities"
  - title: "scatter"
    chart:
      type: scatter
      categories: ["USA", "South Korea", "Europe", "Japan", "China"]
      series:
        - {name: "R&D intensity", values: [2.8, 4.0, 2.0, 3.4, 2.0]}
        - {name: "Patents per million", values: [900, 3200, 300, 2100, 400]}
      labels: true
  - title: "heatmap"
    chart:
      type: heatmap
      center: 1.0
      rows: ["Brazil", "China", "India"]
      columns: ["Brazil", "China", "India"]
      values:
        - [null, 0.52, 1.4]
        - [0.43, null, 2.1]
        - [0.9, 1.0, null]
  - title: "US$ 10 vs US$ 64"
    chart:
      type: bar
      categories: ["US$ 10 vs US$ 64", "两张皮"]
      series: [{name: "Cost", values: [10, 64]}]
      unit: "US$"
      labels: true
    text: ["1,400+ centres by 2013", "up from 24 in 1997"]
    source: "Ministry of Commerce, Beijing, 2014"
"""
TYPE_SLIDES = {t: i + 1 for i, t in enumerate(
    ["bar", "barh", "stacked-bar", "line", "area", "pie", "donut", "scatter", "heatmap"])}


def write(folder: Path, text: str, name: str = "deck.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def chart_deck(folder: Path, chart: str, extra: str = "") -> Path:
    """A deck whose one slide holds ``chart`` (YAML under ``chart:``, any indentation)."""
    body = textwrap.indent(textwrap.dedent(chart).strip("\n"), " " * 6)
    return write(folder, 'deck:\n  title: "T"\nslides:\n  - title: "Chart"\n    chart:\n'
                 + body + "\n" + extra)


def problems(deck: Path) -> list[str]:
    """Problems as the CLI prints them, run from the deck's folder."""
    cwd = Path.cwd()
    os.chdir(deck.parent)
    try:
        result = build(Path(deck.name), Options(output=Path("out.pptx")))
        return [p.format() for p in result.problems]
    finally:
        os.chdir(cwd)


def line_of(deck: Path, needle: str, nth: int = 0) -> int:
    lines = [i for i, text in enumerate(deck.read_text().splitlines(), 1) if needle in text]
    return lines[nth]


def pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == 13]


def descr(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")


def image_of(shape) -> Image.Image:
    return Image.open(io.BytesIO(shape.image.blob))


def job_for(kind: str, categories, series, theme: str = "default", width: float = 600,
            height: float = 340, **kw) -> ChartJob:
    return ChartJob(type=kind, categories=tuple(categories),
                    series=tuple(DataSeries(n, tuple(v)) for n, v in series),
                    style=charts.style_of(load_theme(theme, Path("."))),
                    width=width, height=height, **kw)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The all-types deck built once in the default theme, reopened."""
    folder = tmp_path_factory.mktemp("types")
    deck = write(folder, ALL_TYPES.replace("THEME", "default"))
    result = build(deck, Options(output=folder / "out.pptx"))
    assert result.ok, [p.format() for p in result.problems]
    return Presentation(str(folder / "out.pptx"))


# --- every type, built and reopened ------------------------------------------------------


@pytest.mark.parametrize("kind", list(TYPE_SLIDES))
def test_each_type_builds_a_picture_at_its_box_aspect(built, kind: str) -> None:
    slide = built.slides[TYPE_SLIDES[kind]]
    (pic,) = pictures(slide)
    image = image_of(pic)
    assert image.format == "PNG"
    box_ratio = pic.width / pic.height
    assert abs(image.width / image.height - box_ratio) < 0.005 * box_ratio  # never stretched
    dpi = image.width / Emu(pic.width).inches
    assert dpi >= 200
    assert descr(pic), "a chart always has a description"


@pytest.mark.parametrize("kind, words", [
    ("bar", ["bar chart", "Patent filing growth 2003-2009 (%)", "Highest China, 26%",
             "lowest Japan, 1%", "China is highlighted"]),
    ("barh", ["horizontal bar chart", "Highest Ministry of Science and Technology, 30.50 US$ bn"]),
    ("stacked-bar", ["stacked bar chart", "Basic research", "Experimental development"]),
    ("line", ["line chart", "From 1.47% in 2008 to 2.08% in 2013"]),
    ("area", ["area chart", "1.6 million"]),
    ("pie", ["pie chart", "Enterprises 76.0% (76%)"]),
    ("donut", ["donut chart", "Universities is highlighted"]),
    ("scatter", ["scatter chart of Patents per million against R&D intensity",
                 "Highest Patents per million: South Korea, 3,200"]),
    ("heatmap", ["heatmap of 3 rows", "from 0.43 (China, Brazil) to 2.10 (China, India)",
                 "3 cells are blank"]),
])
def test_alt_text_is_generated_from_the_data(built, kind: str, words: list[str]) -> None:
    (pic,) = pictures(built.slides[TYPE_SLIDES[kind]])
    text = descr(pic)
    for word in words:
        assert word in text, text


def test_alt_key_overrides_the_generated_text(tmp_path: Path) -> None:
    deck = chart_deck(tmp_path, """
        type: bar
        categories: ["a", "b"]
        series: [{values: [1, 2]}]
        alt: "Two bars, b twice a"
    """)
    result = build(deck, Options(output=tmp_path / "o.pptx"))
    assert result.ok
    (pic,) = pictures(Presentation(str(tmp_path / "o.pptx")).slides[1])
    assert descr(pic) == "Two bars, b twice a"


def test_side_panel_sits_beside_the_chart_and_source_below(built) -> None:
    slide = built.slides[10]
    (pic,) = pictures(slide)
    panel = next(s for s in slide.shapes if s.name == "Side panel")
    source = next(s for s in slide.shapes if s.name == "Source")
    assert pic.left + pic.width <= panel.left  # side by side, no overlap
    assert pic.top + pic.height <= source.top
    assert "两张皮" in descr(pic) and "US$ 10 vs US$ 64" in descr(pic)


def test_spec_section_3_examples_build(tmp_path: Path) -> None:
    write(tmp_path, "Region,Patent filing growth 2003-2009\nUSA,6\nSouth Korea,5\n"
                    "Europe,4\nJapan,1\nChina,26\n", "data/patents.csv")
    deck = write(tmp_path, """
        deck:
          title: "Spec section 3"
        slides:
          - title: "Foreign R&D Centres in China"
            chart:
              type: bar
              categories: ["1997", "2013"]
              series: [{name: "Foreign R&D centres", values: [24, 1400]}]
            text: ["1,400+ centres by 2013", "up from 24 in 1997"]
            source: "Ministry of Commerce, Beijing, 2014"
          - title: "Patents"
            chart:
              type: bar
              categories: ["USA", "South Korea", "Europe", "Japan", "China"]
              series:
                - name: "Patent filing growth 2003-2009"
                  values: [6, 5, 4, 1, 26]
              unit: "%"
              labels: true
              highlight: "China"
              x_label: "..."
              y_label: "..."
          - title: "Patents from CSV"
            chart:
              type: bar
              data: data/patents.csv
              unit: "%"
              labels: true
              highlight: "China"
              x_label: "..."
              y_label: "..."
          - title: "Relative Citation Rates"
            chart:
              type: heatmap
              rows: ["Brazil", "China"]
              columns: ["Brazil", "China"]
              values: [[null, 0.52], [0.43, null]]
              center: 1.0
    """)
    result = build(deck, Options(output=tmp_path / "spec.pptx"))
    assert result.ok, [p.format() for p in result.problems]
    prs = Presentation(str(tmp_path / "spec.pptx"))
    inline, from_csv = pictures(prs.slides[2])[0], pictures(prs.slides[3])[0]
    assert inline.image.blob == from_csv.image.blob  # the CSV means exactly the inline data
    assert "Foreign R&D centres" in descr(pictures(prs.slides[1])[0])


# --- how the pictures look -----------------------------------------------------------------


def _colours(image: Image.Image) -> dict[tuple[int, int, int], int]:
    rgba = image.convert("RGBA")
    return {c[:3]: n for n, c in rgba.getcolors(rgba.width * rgba.height) if c[3] == 255}


def _near(counts: dict, colour: str, tolerance: int = 6) -> int:
    want = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return sum(n for c, n in counts.items()
               if max(abs(a - b) for a, b in zip(c, want, strict=True)) <= tolerance)


@pytest.mark.parametrize("theme", THEMES)
def test_highlight_draws_accent_and_mutes_the_rest(theme: str) -> None:
    job = job_for("bar", ["a", "b", "c"], [("s", [3, 5, 4])], theme, highlight="b")
    counts = _colours(Image.open(io.BytesIO(draw.draw_png(job))))
    style = job.style
    assert _near(counts, style.accent) > 2000
    others = [c for c in style.palette if not any(  # colours that text may also use
        _same(c, t) for t in (style.accent, style.text, style.muted))]
    assert others and all(_near(counts, c) < 50 for c in others)
    if style.palette[0].upper() != style.accent.upper():
        assert _near(counts, style.palette[0]) < 50


@pytest.mark.parametrize("theme", THEMES)
def test_palette_not_matplotlib_defaults_on_the_theme_background(theme: str) -> None:
    job = job_for("bar", ["a", "b"], [("x", [1, 2]), ("y", [2, 1])], theme)
    image = Image.open(io.BytesIO(draw.draw_png(job))).convert("RGBA")
    counts = _colours(image)
    assert _near(counts, job.style.palette[0]) > 1000 and _near(counts, job.style.palette[1]) > 1000
    assert _near(counts, MPL_BLUE, 3) == 0
    assert "#{:02X}{:02X}{:02X}".format(*image.getpixel((2, 2))[:3]) == job.style.background


def test_chart_takes_the_slide_background_or_lets_a_picture_show_through(tmp_path) -> None:
    Image.new("RGB", (32, 18), "#336699").save(tmp_path / "bg.png")
    chart = '{type: bar, categories: [a, b], series: [{values: [1, 2]}]}'
    deck = write(tmp_path, f"""
        deck: {{title: T, theme: keynote}}
        slides:
          - {{title: "Own colour", background: "#fdf6e3", chart: {chart}}}
          - {{title: "Picture", background: bg.png, chart: {chart}}}
          - {{title: "Theme", chart: {chart}}}
    """)
    result = build(deck, Options(output=tmp_path / "o.pptx"))
    assert result.ok, [p.format() for p in result.problems]
    slides = Presentation(str(tmp_path / "o.pptx")).slides
    corners = [image_of(pictures(slides[i])[-1]).convert("RGBA").getpixel((1, 1))
               for i in (1, 2, 3)]
    assert corners[0] == (0xFD, 0xF6, 0xE3, 255)
    assert corners[1][3] == 0
    assert corners[2] == (0x15, 0x18, 0x1E, 255)  # keynote's background


def _outside(fig) -> list[str]:
    """Texts drawn (partly) outside the figure: clipped labels."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    ticks = {id(t.label1) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
             for t in axis.get_major_ticks()}
    tight = fig.get_tightbbox(renderer)
    bad = []
    if tight.x0 < -0.01 or tight.y0 < -0.01 or tight.x1 * fig.dpi > width + 1 or (
            tight.y1 * fig.dpi > height + 1):
        bad.append(f"tight bbox {tight}")
    for text in fig.findobj(Text):
        if id(text) in ticks or not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            bad.append(text.get_text())
    return bad


LONG = ["Ministry of Science and Technology of the People's Republic",
        "Chinese Academy of Sciences", "National Natural Science Foundation",
        "Ministry of Education", "Other", "Provincial governments"]


def _stress_job(kind: str, width: float, height: float, theme: str = "default") -> ChartJob:
    values = [30.5, 12.25, 18, 9, 2, 4]
    series = [("Budget 2012", values), ("Budget 2013", [v * 1.1 for v in values])]
    if kind in ("pie", "donut"):
        series = series[:1]
    if kind == "heatmap":
        series = [(name, [None if i == j else 0.5 + i * 0.2 + j * 0.1 for j in range(6)])
                  for i, name in enumerate(LONG)]
    return job_for(kind, LONG, series, theme, width, height, unit="%", labels=True,
                   x_label="An axis label", y_label="Another axis label", highlight=LONG[1],
                   center=1.0 if kind == "heatmap" else None)


@pytest.mark.parametrize("kind", list(TYPES))
@pytest.mark.parametrize("size", [(864, 362), (560, 340)])
def test_no_label_is_clipped_even_with_long_names(kind: str, size: tuple[int, int]) -> None:
    job = _stress_job(kind, *size)
    with draw.drawn(job) as fig:
        assert _outside(fig) == []
        ax = fig.axes[0]
        names = [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
        long_ones = [t for t in names if "Ministry of Science" in t.get_text().replace("\n", " ")]
        for t in long_ones:  # long names are wrapped or turned, never left running on
            assert "\n" in t.get_text() or t.get_rotation() != 0


@pytest.mark.parametrize("kind", list(TYPES))
def test_text_is_never_mathtext_and_uses_the_theme_fonts(kind: str) -> None:
    from matplotlib.font_manager import findfont
    from matplotlib.text import Text

    job = job_for(kind, ["US$ 10 vs US$ 64", "两张皮", "$x^2$"],
                  [("US$ 10 vs US$ 64", [1, 2, 3])] * (2 if kind == "scatter" else 1),
                  "scholar", labels=True, unit="$")
    if kind == "heatmap":
        job = job_for(kind, ["US$ 10", "$x$"], [("US$ 64", [1, 2]), ("两张皮", [2, None])],
                      "scholar")
    with draw.drawn(job) as fig:
        texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
        assert texts
        for t in texts:
            assert not t.get_parse_math() and not t.get_usetex()
        dollars = [t for t in texts if "$" in t.get_text()]
        assert dollars, "the dollar signs reach the figure as written"
        assert findfont(texts[0].get_fontproperties()) == job.style.font
        family = texts[0].get_fontfamily()
        assert family[1] == draw._family(job.style.east_asian)  # CJK falls back to the theme's


def _same(a: str, b: str) -> bool:
    """Equal colours, up to the 256 steps of a colour map."""
    return max(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) for i in (1, 3, 5)) <= 2


def test_heatmap_diverges_around_center_from_theme_colours() -> None:
    from matplotlib.collections import QuadMesh
    from matplotlib.colors import to_hex

    job = job_for("heatmap", ["a", "b", "c"],
                  [("x", [None, 1.0, 2.0]), ("y", [0.0, 1.5, None])], "scholar", center=1.0)
    with draw.drawn(job) as fig:
        mesh = next(c for c in fig.axes[0].collections if isinstance(c, QuadMesh))
        faces = mesh.get_facecolors()
        hexes = [to_hex(f).upper() for f in faces]
        assert faces[0][3] == 0  # null: blank
        assert _same(hexes[1], job.style.surface)  # the centre gets the neutral colour
        assert _same(hexes[2], job.style.accent)  # the far end of the scale
        assert _same(hexes[3], job.style.palette[0])  # the other end: a palette colour unlike it
        labels = [t for t in fig.axes[0].texts if t.get_text()]
        assert sorted(t.get_text() for t in labels) == ["0.0", "1.0", "1.5", "2.0"]
        for t in labels:  # readable on its cell
            x, y = t.get_position()
            cell = hexes[int(y) * 3 + int(x)]
            assert contrast(to_hex(t.get_color()).upper(), cell) >= 4.5


def test_png_bytes_are_deterministic_and_sized_to_the_box() -> None:
    job = job_for("line", ["2010", "2011", "2012"], [("a", [1, 2, 3])], width=500, height=300)
    first, second = draw.draw_png(job), draw.draw_png(job)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.size == job.pixels
    assert b"Software" not in first and b"matplotlib" not in first.lower()


# --- cache and parallel drawing ------------------------------------------------------------


def test_draw_all_uses_a_pool_for_several_and_the_cache_after(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))
    jobs = [job_for("bar", ["a", "b"], [("s", [1, n])], width=300, height=200)
            for n in (2, 3, 4)]
    same = job_for("bar", ["a", "b"], [("s", [1, 2])], width=300, height=200)
    report = figures.draw_all([*jobs, same], workers=2)
    assert report.drawn == 3 and report.cached == 0  # the duplicate is drawn once
    assert os.getpid() not in report.pids and len(report.pids) >= 1
    pngs = report.pictures
    assert same.key() == jobs[0].key() and len(pngs) == 3
    for job in jobs:
        assert Image.open(io.BytesIO(pngs[job.key()])).size == job.pixels
        assert cache.path_for(job.key()).read_bytes() == pngs[job.key()]
    again = [job_for("bar", ["a", "b"], [("s", [1, n])], width=300, height=200) for n in (2, 3, 4)]
    report = figures.draw_all(again, workers=2)
    assert (report.drawn, report.cached, report.pids) == (0, 3, set())
    assert report.pictures == pngs


def test_a_single_missing_chart_is_drawn_in_process(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))
    job = job_for("pie", ["a", "b"], [("s", [1, 2])], width=300, height=200)
    report = figures.draw_all([job])
    assert report.pids == {os.getpid()} and report.drawn == 1


def test_cache_key_changes_with_everything_that_changes_pixels() -> None:
    base = job_for("bar", ["a", "b"], [("s", [1, 2])])
    variants = [
        job_for("bar", ["a", "b"], [("s", [1, 3])]),
        job_for("bar", ["a", "c"], [("s", [1, 2])]),
        job_for("bar", ["a", "b"], [("s", [1, 2])], theme="keynote"),
        job_for("bar", ["a", "b"], [("s", [1, 2])], width=601),
        job_for("bar", ["a", "b"], [("s", [1, 2])], dpi=300),
        job_for("bar", ["a", "b"], [("s", [1, 2])], unit="%"),
        job_for("barh", ["a", "b"], [("s", [1, 2])]),
    ]
    keys = {base.key(), *(v.key() for v in variants)}
    assert len(keys) == len(variants) + 1
    assert job_for("bar", ["a", "b"], [("s", [1, 2])]).key() == base.key()


def test_a_damaged_cache_entry_is_drawn_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))
    job = job_for("bar", ["a"], [("s", [1])], width=200, height=150)
    cache.put(job.key(), b"\x89PNG\r\n\x1a\n truncated")
    report = figures.draw_all([job])
    assert report.drawn == 1
    assert cache.get(job.key()) == report.pictures[job.key()]


SECOND_BUILD = """
import json, sys
from deckgen.app.pipeline import Options, build
from pathlib import Path
deck, out = Path(sys.argv[1]), Path(sys.argv[2])
check = build(deck, Options(write=False))
light = "matplotlib" not in sys.modules and "deckgen.figures.draw" not in sys.modules
result = build(deck, Options(output=out))
print(json.dumps({"ok": check.ok and result.ok, "check_light": light,
                  "drew": "deckgen.figures.draw" in sys.modules,
                  "mpl": "matplotlib" in sys.modules}))
"""


def test_rebuilding_an_unchanged_deck_draws_nothing_and_imports_no_matplotlib(tmp_path) -> None:
    deck = write(tmp_path, ALL_TYPES.replace("THEME", "lecture"))
    env = {**os.environ, "DECKGEN_CACHE": str(tmp_path / "cache")}

    def run(out: str) -> dict:
        done = subprocess.run([sys.executable, "-c", SECOND_BUILD, str(deck), str(tmp_path / out)],
                              capture_output=True, text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    first = run("first.pptx")
    # The pictures are drawn by a process of their own (deckgen.figures.drawer); they are
    # counted in the cache below.
    assert first["ok"] and first["check_light"]
    pngs = sorted((tmp_path / "cache" / "charts").rglob("*.png"))
    stamps = [p.stat().st_mtime_ns for p in pngs]
    assert len(pngs) == len(TYPE_SLIDES) + 1
    second = run("second.pptx")
    assert second == {"ok": True, "check_light": True, "drew": False, "mpl": False}
    assert (tmp_path / "first.pptx").read_bytes() == (tmp_path / "second.pptx").read_bytes()
    assert [p.stat().st_mtime_ns for p in pngs] == stamps  # nothing redrawn or rewritten


# --- located errors ------------------------------------------------------------------------


def test_series_length_mismatch_names_series_counts_and_line(tmp_path: Path) -> None:
    deck = chart_deck(tmp_path, """
        type: bar
        categories: ["USA", "South Korea", "Europe", "Japan", "China"]
        series:
          - name: "Growth"
            values: [6, 5, 4, 1]
    """)
    line = line_of(deck, "values:")
    assert problems(deck) == [
        f"deck.yaml:{line}:19: error: slide 2 chart.series[0].values (\"Growth\") has 4 values, "
        "categories has 5 (hint: give every series one value per category (null for a gap))"]


def test_every_chart_problem_of_a_deck_is_reported(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck: {title: T}
        slides:
          - title: "One"
            chart: {type: pie, categories: [a, b], series: [{values: [1, -2]}]}
          - title: "Two"
            chart: {type: bar, categories: [a, b], series: [{values: [1, 2]}], highlight: c}
    """)
    found = problems(deck)
    text = deck.read_text().splitlines()
    assert len(found) == 2
    assert found[0].startswith(f"deck.yaml:4:{text[3].index('-2') + 1}: error: 'b' is negative")
    assert found[1].startswith(f"deck.yaml:6:{text[5].index('c}') + 1}: error: "
                               "slide 3 chart.highlight 'c' names no category")


@pytest.mark.parametrize("chart, token, message", [
    ("{type: pie, categories: [a, b], series: [{values: [1, null]}]}", "null",
     "'b' has no value; a pie chart cannot show a gap (hint: give a number (0 for nothing))"),
    ("{type: donut, categories: [a, b], series: [{values: [3, -1]}]}", "-1",
     "'b' is negative (-1); a donut chart shows parts of a whole"),
    ("{type: pie, categories: [a], series: [{values: [1]}, {values: [2]}]}", "[{values",
     "a pie chart takes exactly one series; this one has 2 series"),
    ("{type: pie, categories: [a, b], series: [{values: [0, 0]}]}", "[0, 0]",
     "a pie chart has nothing to show: the values add up to 0"),
    ("{type: scatter, categories: [a], series: [{values: [1]}, {values: [1]}, {values: [1]}]}",
     "[{values", "a scatter chart takes one series (values against the categories) or two"),
    ("{type: bar, categories: [a, b], series: [{values: [1, 2]}], highlight: Chna}", "Chna",
     "slide 2 chart.highlight 'Chna' names no category or series (hint: known: a, b)"),
    ("{type: bar, categories: [China, b], series: [{values: [1, 2]}], highlight: Chna}", "Chna",
     "slide 2 chart.highlight 'Chna' names no category or series (hint: did you mean 'China'?)"),
    ("{type: line, categories: [a], series: [{values: [1]}], highlight: b}", "b}",
     "slide 2 chart.highlight 'b' names no category or series"),
    ("{type: heatmap, rows: [a, b], columns: [x, y], values: [[1, 2], [3]]}", "[3]",
     'heatmap values row 2 ("b") has 1 cells, columns has 2 (hint: write null for a blank cell)'),
    ("{type: heatmap, rows: [a, b], columns: [x], values: [[1]]}", "[[1]]",
     "heatmap values has 1 rows, rows has 2 names"),
    ("{type: heatmap, rows: [a], columns: [x], values: [[1]], highlight: y}", "y}",
     "slide 2 chart.highlight 'y' names no row or column"),
    ("{type: heatmap, rows: [a], columns: [x]}", "{type", "a heatmap needs 'values'"),
    ("{type: heatmap, categories: [a], series: [{values: [1]}]}", "[a]",
     "slide 2 chart.categories does not belong to a heatmap chart"),
    ("{type: bar, rows: [a], categories: [a], series: [{values: [1]}]}", "[a]",
     "slide 2 chart.rows does not belong to a bar chart"),
    ("{type: bar, categories: [a], series: [{values: [1]}], center: 1}", "1}",
     "slide 2 chart.center is for heatmaps"),
    ("{type: bar, data: d.csv, categories: [a], series: [{values: [1]}]}", "d.csv",
     "slide 2 chart has both 'data' and inline 'categories'; give one of them"),
    ("{type: bar, categories: [a]}", "{type", "slide 2 chart needs 'series' (or data: FILE.csv)"),
    ("{type: donut, categories: [" + ", ".join(f"c{i}" for i in range(25)) + "], series: "
     "[{values: [" + ", ".join("1" for _ in range(25)) + "]}]}", "[c0",
     "a donut chart shows at most 24 categories; this one has 25"),
    ("{type: bar, categories: [], series: [{values: []}]}", "[]",
     "slide 2 chart.categories is empty"),
])
def test_chart_errors_are_located(tmp_path: Path, chart: str, token: str, message: str) -> None:
    line = f"    chart: {chart}"
    deck = write(tmp_path, f'deck: {{title: T}}\nslides:\n  - title: "C"\n{line}\n')
    found = problems(deck)
    assert found, "expected an error"
    assert found[0].startswith(f"deck.yaml:4:{line.index(token) + 1}: error: {message}"), found


def test_inline_text_and_non_finite_values_are_refused_with_their_line(tmp_path: Path) -> None:
    deck = chart_deck(tmp_path, """
        type: bar
        categories: [a, b, c]
        series:
          - values: [1, abc, .inf]
    """)
    found = problems(deck)
    line = line_of(deck, "abc")
    text = deck.read_text().splitlines()[line - 1]
    assert found[0].startswith(f"deck.yaml:{line}:{text.index('abc') + 1}: error: ")
    assert "'abc' is not a plain number" in found[0]
    assert found[1].startswith(f"deck.yaml:{line}:{text.index('.inf') + 1}: error: ")
    assert "'.inf' is not a plain number" in found[1]


def test_csv_errors_point_at_the_csv_cell(tmp_path: Path) -> None:
    write(tmp_path, "Year,China,USA\n2000,1,2\n\n2001,n/a,3\n2002,1e999,26%\n", "d.csv")
    deck = chart_deck(tmp_path, "type: line\ndata: d.csv\n")
    assert problems(deck) == [
        "d.csv:4:6: error: CSV cell 'n/a' is not a number (hint: leave the cell empty for a gap)",
        "d.csv:5:12: error: CSV cell '26%' is not a number "
        "(hint: write the bare number and set the chart's unit:)",
    ]
    write(tmp_path, "Year,China\n2000,1\n2002,1e999\n", "d.csv")
    assert problems(deck) == ["d.csv:3:6: error: '2002' of 'China' is not a finite number"]


def test_csv_shape_errors_and_missing_files_are_located(tmp_path: Path) -> None:
    write(tmp_path, "Year,China,USA\n2000,1,2\n2001,3\n", "d.csv")
    deck = chart_deck(tmp_path, "type: bar\ndata: d.csv\n")
    assert problems(deck)[0].startswith("d.csv:3:1: error: CSV row has 2 cells, the header has 3")
    write(tmp_path, "Year\n2000\n", "d.csv")
    assert problems(deck)[0].startswith("d.csv:1:1: error: a chart's CSV needs a first column")
    deck = chart_deck(tmp_path, "type: bar\ndata: nowhere.csv\n")
    found = problems(deck)
    assert found[0].startswith(f"deck.yaml:{line_of(deck, 'nowhere')}:13: error: "), found
    write(tmp_path, "Share,a\nx,1\ny,-1\n", "p.csv")
    deck = chart_deck(tmp_path, "type: pie\ndata: p.csv\n")
    assert problems(deck) == ["p.csv:3:3: error: 'y' of 'a' is negative (-1); a pie chart shows "
                              "parts of a whole (hint: use a bar chart for values below zero)"]


def test_csv_heatmap_reads_rows_columns_and_blank_cells(tmp_path: Path) -> None:
    write(tmp_path, ",Brazil,China\nBrazil,,0.52\nChina,0.43,\n", "c.csv")
    deck = chart_deck(tmp_path, "type: heatmap\ndata: c.csv\ncenter: 1\n")
    result = build(deck, Options(output=tmp_path / "o.pptx"))
    assert result.ok, [p.format() for p in result.problems]
    (pic,) = pictures(Presentation(str(tmp_path / "o.pptx")).slides[1])
    assert "2 cells are blank" in descr(pic) and "from 0.43 (China, Brazil)" in descr(pic)


def test_cli_build_exits_1_and_prints_the_located_error(tmp_path: Path) -> None:
    deck = chart_deck(tmp_path, """
        type: bar
        categories: [a, b]
        series: [{name: "S", values: [1, 2, 3]}]
    """)
    runner = CliRunner()
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        outcome = runner.invoke(main, ["build", "deck.yaml", "-o", "out.pptx"])
    finally:
        os.chdir(cwd)
    assert outcome.exit_code == 1
    line = line_of(deck, "series:")
    col = deck.read_text().splitlines()[line - 1].index("[1, 2, 3]") + 1
    assert (f"deck.yaml:{line}:{col}: error: "
            "slide 2 chart.series[0].values (\"S\") has 3 values, "
            "categories has 2") in outcome.output
    assert "Traceback" not in outcome.output
    assert not (tmp_path / "out.pptx").exists()


def test_chart_types_table_matches_the_model() -> None:
    from deckgen.model.charts import CHART_TYPES

    assert tuple(TYPES) == tuple(CHART_TYPES)  # one drawing per type the model accepts
    assert set(available()) >= set(THEMES)
    for name, module in TYPES.items():
        assert CHART_TYPES[name].noun and callable(module.draw)


def test_alt_text_for_many_categories_names_the_span() -> None:
    years = [str(y) for y in range(2000, 2014)]
    job = job_for("line", years, [("GERD", [float(i) for i in range(14)])], unit="%")
    text = describe.describe(job)
    assert "for 14 categories from 2000 to 2013" in text
    assert "From 0% in 2000 to 13% in 2013; highest 2013, 13%; lowest 2000, 0%." in text
    small = job_for("bar", ["a", "b"], [("share", [0.0012, 0.0004])])
    assert "Highest a, 0.0012; lowest b, 0.0004." in describe.describe(small)


def _shown_names(fig) -> list:
    """Boxes of the category names drawn on either axis (empty names are not drawn)."""
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    return [t.get_window_extent(renderer) for t in ax.get_xticklabels() + ax.get_yticklabels()
            if t.get_visible() and t.get_text().strip() and not t.get_text()[0].isdigit()]


@pytest.mark.parametrize("kind", ["line", "area", "bar", "barh"])
def test_hundreds_of_long_names_are_thinned_with_bounded_work(kind: str, monkeypatch) -> None:
    """A series of 400 long names is named every k-th, each name clear of the next, and
    fitting them costs a few wraps per name: trying every step of thinning re-wrapped
    every name each time (a million wraps and 15 s for 2,000 names), and a bar chart
    on its side drew all 2,000 names on top of each other."""
    count = 400
    names = [f"Category number {i} with a rather long descriptive name" for i in range(count)]
    job = job_for(kind, names, [("Value", [float(i % 37) for i in range(count)])])
    wraps = 0
    real = draw.Painter.wrap

    def counted(self, text: str, width: float, size=None) -> str:  # noqa: ANN001
        nonlocal wraps
        wraps += 1
        return real(self, text, width, size)

    monkeypatch.setattr(draw.Painter, "wrap", counted)
    with draw.drawn(job) as fig:
        boxes = _shown_names(fig)
        assert _outside(fig) == []
    assert wraps < 4 * count, wraps
    assert 2 <= len(boxes) < count / 4
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert not a.overlaps(b), (a, b)
